/**
 * The worker pool must end, one way or the other: a worker thread that goes away without answering is a failed run,
 * not a wait forever. Tested on a copy of dist/ whose worker script does nothing (as a half-built or corrupted
 * install would), with a time limit.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "./built.js";

const tmp = mkdtempSync(join(tmpdir(), "tiersim-pool-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("worker pool", () => {
  beforeAll(() => {
    ensureBuilt();
    cpSync("dist", join(tmp, "dist"), { recursive: true });
    symlinkSync(resolve("node_modules"), join(tmp, "node_modules"));
    writeFileSync(join(tmp, "package.json"), '{ "type": "module" }\n');
    writeFileSync(join(tmp, "dist/experiment/worker.js"), "// a worker that never answers and exits cleanly\n");
    writeFileSync(
      join(tmp, "main.mjs"),
      `import { parseScenario } from "./dist/model/load.js";
import { simulate } from "./dist/experiment/simulate.js";
const s = parseScenario("name: p\\narrivals: { rate: 10/h }\\ncategories: { a: { share: 1, level: { L1: 1 }, handleTime: { L1: { dist: exp, mean: 5m } } } }\\ntiers: { L1: { agents: 2 } }\\nrun: { horizon: 1d, warmup: 0 }\\n", "p.yaml");
try {
  await simulate(s, { workers: 2, replications: 4 });
  console.log("resolved");
} catch (error) {
  console.log("rejected: " + error.message);
}
`,
    );
  }, 180_000);

  // Regression: a worker that exited with code 0 without answering (an empty or half-built worker.js) used to leave
  // the pool's promise pending for ever (Node then exited with code 13 and no message, or a long-lived process hung).
  it("a worker that exits without answering makes the run fail with a message, promptly", () => {
    const r = spawnSync(process.execPath, [join(tmp, "main.mjs")], { encoding: "utf8", timeout: 20_000, cwd: tmp });
    expect(r.signal, "still waiting after 20 s").toBeNull();
    expect(r.stdout).toMatch(/^rejected: /);
  }, 60_000);
});
