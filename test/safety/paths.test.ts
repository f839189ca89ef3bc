/**
 * Paths in scenarios (today: `extends`) are resolved relative to the scenario file, not the working folder; a missing
 * file is named with the path it was looked for at; only regular files are read (no FIFO, no /dev/zero); cycles end.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadScenario } from "../../src/model/load.js";

const tmp = mkdtempSync(join(tmpdir(), "tiersim-paths-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const parent = `name: parent
arrivals: { rate: 10/h }
categories:
  a: { share: 1, level: { L1: 1 }, handleTime: { L1: { dist: exp, mean: 5m } } }
tiers:
  L1: { agents: 2 }
`;

function write(path: string, text: string): string {
  const file = join(tmp, path);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function problems(file: string): Promise<string[]> {
  try {
    await loadScenario(file);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error("expected the scenario to be refused");
}

describe("paths in scenarios", () => {
  write("base/parent.yaml", parent);
  const child = write("desks/child.yaml", "extends: ../base/parent.yaml\nname: child\ntiers: { L1: { agents: 5 } }\n");

  it("extends is relative to the scenario file, whatever the working folder", async () => {
    const s = await loadScenario(child);
    expect(s.name).toBe("child");
    expect(s.tiers[0].agents).toBe(5);
    // The same file named relative to the working folder (the test runs from the repository root).
    expect((await loadScenario(relative(process.cwd(), child))).name).toBe("child");
  });

  it("an absolute extends path is used as it is", async () => {
    const abs = write("elsewhere/abs.yaml", `extends: ${join(tmp, "base/parent.yaml")}\nname: abs\n`);
    expect((await loadScenario(abs)).name).toBe("abs");
  });

  it("a missing parent is named with its resolved path and the line of extends", async () => {
    const file = write("desks/missing.yaml", "name: m\nextends: ../base/nope.yaml\n");
    expect(await problems(file)).toEqual([`${file}:2:10 extends: no such scenario file ${join(tmp, "base/nope.yaml")}`]);
  });

  it("a problem in the parent is located in the parent file", async () => {
    write("base/broken.yaml", parent.replace("agents: 2", "agents: -2"));
    const file = write("desks/of-broken.yaml", "extends: ../base/broken.yaml\nname: c\n");
    expect((await problems(file))[0]).toBe(`${join(tmp, "base/broken.yaml")}:6:17 tiers.L1.agents: expected a whole number >= 0, got -2`);
  });

  it("a cycle of extends ends with a message", async () => {
    write("cycle/a.yaml", "extends: b.yaml\nname: a\n");
    const b = write("cycle/b.yaml", "extends: a.yaml\nname: b\n");
    expect((await problems(b))[0]).toMatch(/extends: more than \d+ levels of extends \(a cycle\?\)/);
  });

  it("only a regular file can be extended: not a folder, not a FIFO", async () => {
    mkdirSync(join(tmp, "folder.yaml"), { recursive: true });
    expect((await problems(write("x/folder.yaml", "extends: ../folder.yaml\nname: f\n")))[0]).toMatch(/extends: .*folder\.yaml is a folder, not a scenario file/);
    execFileSync("mkfifo", [join(tmp, "fifo.yaml")]);
    expect((await problems(write("x/fifo.yaml", "extends: ../fifo.yaml\nname: f\n")))[0]).toMatch(/extends: .*fifo\.yaml is not a regular file/);
  });

  it("only a scenario file (.yaml, .yml, .json) can be extended: not /dev/zero, not any file at all", async () => {
    const secret = join(tmp, "secret.txt");
    writeFileSync(secret, "password: hunter2\n");
    for (const target of ["/dev/zero", secret, "/etc/passwd"]) {
      const found = await problems(write("x/any.yaml", `name: a\nextends: ${target}\n`));
      expect(found).toEqual([`${join(tmp, "x/any.yaml")}:2:10 extends: ${target} is not a scenario file (expected a .yaml, .yml or .json file)`]);
    }
    // The extension is what counts, in any case.
    writeFileSync(join(tmp, "x/upper.YML"), "name: u\n");
    expect(await problems(write("x/of-upper.yaml", "extends: upper.YML\n"))).not.toContainEqual(expect.stringMatching(/not a scenario file/));
  });
});
