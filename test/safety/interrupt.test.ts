/**
 * Ctrl-C (SIGINT), SIGTERM or a crash (SIGKILL) at any moment of `tiersim run` leaves the report folder either absent,
 * or the previous complete report, or the new complete one; never half a report. After SIGINT/SIGTERM no temporary
 * folder is left behind either. The built CLI is spawned and killed before, during and after writing.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, ensureBuilt } from "./built.js";

const tmp = mkdtempSync(join(tmpdir(), "tiersim-interrupt-"));
const scenario = join(tmp, "desk.yaml");
// About a second of simulation, and a tickets.csv of a few MB, so that writing takes a moment too.
writeFileSync(
  scenario,
  readFileSync("scenarios/tiered-baseline.yaml", "utf8").replace("horizon: 28d", "horizon: 14d").replace("replications: 20", "replications: 3"),
);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ARGS = (out: string, seed: number) => [CLI, "run", scenario, "--out", out, "--workers", "1", "--no-report", "--tickets", "--seed", String(seed)];

/** Files of a complete report, from an uninterrupted run. */
let reference: string[] = [];

function listing(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(folder.length + 1))
    .sort();
}

type State = { kind: "absent" } | { kind: "complete"; summary: string };

/** The report folder is absent, or complete: every file of a complete report present and readable. */
function inspect(out: string): State {
  if (!existsSync(out)) return { kind: "absent" };
  expect(listing(out), `${out} is not a complete report`).toEqual(reference);
  const summary = readFileSync(join(out, "summary.json"), "utf8");
  expect(() => JSON.parse(summary)).not.toThrow();
  JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  for (const csv of reference.filter((f) => f.endsWith(".csv"))) expect(readFileSync(join(out, csv), "utf8").split("\n").length, csv).toBeGreaterThan(1);
  return { kind: "complete", summary };
}

function leftovers(parent: string, name: string): string[] {
  return readdirSync(parent).filter((f) => f.startsWith(`.${name}.tmp-`) || f.startsWith(`.${name}.old-`));
}

/** Run to the end: the reference report (and its summary). */
function runToEnd(out: string, seed: number): string {
  const r = spawnSync(process.execPath, ARGS(out, seed), { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(join(out, "summary.json"), "utf8");
}

interface Kill {
  signal: NodeJS.Signals;
  /** Milliseconds after the start, or "writing": as soon as the temporary folder appears. */
  at: number | "writing";
}

async function runAndKill(out: string, seed: number, kill: Kill): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const parent = join(out, "..");
  const child = spawn(process.execPath, ARGS(out, seed), { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const send = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(kill.signal);
  };
  let watcher: ReturnType<typeof watch> | undefined;
  if (kill.at === "writing") {
    watcher = watch(parent, (_event, file) => {
      if (file && String(file).includes(".tmp-")) send();
    });
  } else {
    setTimeout(send, kill.at);
  }
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
  watcher?.close();
  return { code, signal, stderr };
}

describe("interrupted runs", () => {
  let previous = "";
  let fullRunMs = 0;

  beforeAll(() => {
    ensureBuilt();
    const out = join(tmp, "reference");
    const started = Date.now();
    previous = runToEnd(out, 1);
    fullRunMs = Date.now() - started;
    reference = listing(out);
    expect(reference).toContain("summary.json");
    expect(reference).toContain("tickets.csv");
  }, 180_000);

  const moments = (signal: NodeJS.Signals): Kill[] => [
    { signal, at: 0 },
    { signal, at: 150 },
    { signal, at: "writing" },
    ...[0.5, 0.9, 1.0, 1.1, 1.5, 2.5].map((f) => ({ signal, at: -f })), // negative: a share of the full run's time
  ];

  for (const signal of ["SIGINT", "SIGTERM", "SIGKILL"] as NodeJS.Signals[]) {
    it(`${signal} at any moment leaves the previous report, the new one, or none${signal === "SIGKILL" ? "" : ", and no temporary folder"}`, async () => {
      const outcomes: string[] = [];
      for (const [i, moment] of moments(signal).entries()) {
        // (each moment: a previous complete report, then a run with another seed, killed)
        const parent = join(tmp, `${signal}-${i}`);
        const out = join(parent, "report");
        cpSync(join(tmp, "reference"), out, { recursive: true }); // a previous complete report
        const at = typeof moment.at === "number" && moment.at < 0 ? Math.round(-moment.at * fullRunMs) : moment.at;
        const { code, signal: died, stderr } = await runAndKill(out, 2, { signal, at });
        const state = inspect(out);
        if (state.kind === "complete") expect([previous, "new"]).toContain(state.summary === previous ? previous : "new");
        expect(stderr, "a stack trace on stderr").not.toMatch(/\n\s+at /);
        if (signal !== "SIGKILL") {
          expect(leftovers(parent, "report"), `temporary folders left after ${signal} at ${at}`).toEqual([]);
          // Exited by the handler (130/143), or finished first (0), or killed before Node had even set the handler up.
          const expected = code === null ? died === signal : [0, signal === "SIGINT" ? 130 : 143].includes(code);
          expect(expected, `exit after ${signal} at ${at}: code ${code}, signal ${died}, ${stderr}`).toBe(true);
        }
        const left = leftovers(parent, "report").length;
        outcomes.push(`${at}: ${state.kind === "absent" ? "absent" : state.summary === previous ? "previous" : "new"} (exit ${code ?? died}${left ? `, ${left} temporary left` : ""})`);
      }
      if (process.env.TIERSIM_TEST_VERBOSE) console.log(signal, fullRunMs, outcomes);
      // The moments span the run: some runs were stopped, some had finished.
      expect(outcomes.some((o) => o.includes("previous"))).toBe(true);
    }, 180_000);
  }

  it("a first report interrupted while writing leaves no report at all (not half of one)", async () => {
    const parent = join(tmp, "first");
    const out = join(parent, "report");
    mkdirSync(parent);
    const { code } = await runAndKill(out, 3, { signal: "SIGINT", at: "writing" });
    const state = inspect(out);
    expect(state.kind === "absent" || code === 0).toBe(true);
    expect(leftovers(parent, "report")).toEqual([]);
  }, 60_000);
});
