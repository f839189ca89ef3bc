/**
 * The CLI on bad input: exit code 2, every problem naming file:line:col (or the option), and never a stack trace.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, ensureBuilt } from "./built.js";

const tmp = mkdtempSync(join(tmpdir(), "tiersim-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => ensureBuilt(), 180_000);

function tiersim(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60_000, cwd: tmp });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function noStack(text: string): void {
  expect(text, "a stack trace").not.toMatch(/^\s+at .+[:(]\d+/m);
  expect(text).not.toMatch(/node:internal|\/dist\/[\w/]+\.js:\d+/);
}

const BAD: Record<string, string> = {
  "syntax.yaml": "name: x\narrivals: [\n",
  "types.yaml": "name: x\narrivals: { rate: 10/h }\ncategories: { a: { share: 1.5, level: { L1: 1 }, handleTime: { L1: { dist: exp, mean: 5 } } } }\ntiers: { L1: { agents: -1 } }\n",
  "unknown.yaml": "name: x\narrivals: { rate: 10/h, burst: 2 }\ncategories: { a: { share: 1, level: { L1: 1 }, handleTime: { L1: { dist: exp, mean: 5 } } } }\ntiers: { L1: { agents: 2 } }\n",
  "nan.yaml": "name: x\narrivals: { rate: .nan }\ncategories: { a: { share: 1, level: { L1: 1 }, handleTime: { L1: { dist: exp, mean: 5 } } } }\ntiers: { L1: { agents: 2 } }\n",
  "absurd.yaml": "name: x\nrun: { horizon: 1000w }\narrivals: { rate: 1000000000/h }\ncategories: { a: { share: 1, level: { L1: 1 }, handleTime: { L1: { dist: exp, mean: 5 } } } }\ntiers: { L1: { agents: 2 } }\n",
  "proto.yaml": "name: x\n__proto__: { polluted: 1 }\n",
  "tag.yaml": "name: !!js/function 'function () {}'\n",
  "deep.yaml": "name: " + "[".repeat(20_000) + "\n",
  "dupkey.yaml": "name: a\nname: b\n",
};
const NO_POSITION: Record<string, string> = {
  "empty.yaml": "",
  "binary.yaml": "\u0000\u0001\u0002",
};

describe("the CLI on bad input", () => {
  beforeAll(() => {
    for (const [name, text] of Object.entries({ ...BAD, ...NO_POSITION })) writeFileSync(join(tmp, name), text);
  });

  for (const name of Object.keys(BAD)) {
    it(`run ${name}: exit 2, file:line:col, no stack trace`, () => {
      const r = tiersim(["run", name, "--workers", "1"]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: ${name.replace(".", "\\.")}:\\d+:\\d+`, "m"));
      expect(r.stdout).toBe("");
      noStack(r.stderr);
    });
  }

  for (const name of Object.keys(NO_POSITION)) {
    it(`run ${name}: exit 2, naming the file, no stack trace`, () => {
      const r = tiersim(["run", name]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: ${name.replace(".", "\\.")}: `, "m"));
      noStack(r.stderr);
    });
  }

  it("validate on broken scenarios: exit 2, every problem with file:line:col, the good one OK", () => {
    writeFileSync(join(tmp, "good.yaml"), "name: g\narrivals: { rate: 10/h }\ncategories: { a: { share: 1, level: { L1: 1 }, handleTime: { L1: { dist: exp, mean: 5 } } } }\ntiers: { L1: { agents: 2 } }\n");
    const r = tiersim(["validate", ...Object.keys(BAD), "good.yaml"]);
    expect(r.code).toBe(2);
    for (const name of Object.keys(BAD)) expect(r.stdout).toMatch(new RegExp(`^FAILED ${name.replace(".", "\\.")}: \\d+ problems?\\n  ${name.replace(".", "\\.")}:\\d+:\\d+`, "m"));
    expect(r.stdout).toMatch(/^OK good\.yaml: /m);
    noStack(r.stdout + r.stderr);
  });

  it("validate --json on a broken scenario: JSON on stdout, exit 2", () => {
    const r = tiersim(["validate", "types.yaml", "--json"]);
    expect(r.code).toBe(2);
    const [report] = JSON.parse(r.stdout) as { file: string; ok: boolean; problems: string[] }[];
    expect(report!.ok).toBe(false);
    expect(report!.problems[0]).toMatch(/^types\.yaml:3:\d+ categories\.a\.share/);
  });

  it("a missing file, a folder and bad options: exit 2, a message, no stack", () => {
    for (const args of [
      ["run", "missing.yaml"],
      ["run", "."],
      ["run", "types.yaml", "--set", "__proto__.polluted=1"],
      ["run", "types.yaml", "--set", "noequals"],
      ["run", "good.yaml", "--workers", "abc"],
      ["run", "good.yaml", "--set", "run.replications=1000000"],
      ["frobnicate"],
      ["run"],
    ]) {
      const r = tiersim(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.length, args.join(" ")).toBeGreaterThan(0);
      noStack(r.stderr);
    }
  });

  it("the limit message says how to raise it, and raising it as said is accepted", () => {
    const r = tiersim(["validate", "good.yaml", "--set", "run.replications=20000"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/run\.replications: 20,000 replications, over the limit of 10,000; .* --set run\.limits\.replications=20000/);
    // One limit can bring others along (20,000 replications of 28 days is also a lot of hourly series): follow all.
    const advice = [...r.stdout.matchAll(/--set (run\.limits\.\w+=\S+)/g)].flatMap((m) => ["--set", m[1]!]);
    const ok = tiersim(["validate", "good.yaml", "--set", "run.replications=20000", ...advice]);
    expect(ok.code, ok.stdout).toBe(0);
  });

  it("stdout closed early (`tiersim ... --json | head -c 10`) ends quietly", async () => {
    const child = spawn(process.execPath, [CLI, "validate", "good.yaml", "good.yaml", "good.yaml", "--json"], { cwd: tmp, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect([0, 2]).toContain(code);
    noStack(stderr);
  });
});
