/**
 * The CLI's worker threads compile in place (src/experiment/workerCompilation.ts), a V8 setting the CLI makes before
 * it starts them: the built CLI must still give the same summary on two threads as on one. (That a one-thread run is
 * not slowed by it is a matter of speed, measured by `npm run bench`, not tested here.)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CLI, ensureBuilt } from "../safety/built.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "tiersim-workers-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => ensureBuilt(), 180_000);

function summary(workers: number): { metrics: Record<string, unknown> } {
  const args = [CLI, "run", join(ROOT, "scenarios/kcs.yaml"), "--horizon", "2w", "-r", "4", "-w", String(workers), "--no-report", "--json", "--out", join(tmp, `w${workers}`)];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { metrics: Record<string, unknown> };
}

it("the built CLI gives the same summary on two worker threads as on one", () => {
  const one = summary(1);
  const two = summary(2);
  expect(Object.keys(one.metrics).length).toBeGreaterThan(20);
  expect(two.metrics).toEqual(one.metrics);
});
