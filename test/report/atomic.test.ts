/**
 * A write killed outright (SIGKILL) leaves a hidden `.<name>.tmp-<pid>-...` folder beside the report; the next write of
 * that report removes it, and touches nothing of a process still running or of another report.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { removeStaleSiblings, writeFolderAtomically } from "../../src/report/atomic.js";

const tmp = mkdtempSync(join(tmpdir(), "tiersim-atomic-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The id of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  expect(r.status).toBe(0);
  return r.pid!;
}

function leftover(parent: string, name: string, content: string): void {
  mkdirSync(join(parent, name));
  writeFileSync(join(parent, name, "summary.json"), content);
}

it("the next write removes what a killed write left beside the report, and only that", async () => {
  const parent = join(tmp, "stale");
  mkdirSync(parent);
  const dead = deadPid();
  leftover(parent, `.report.tmp-${dead}-1700000000000-1`, "half");
  leftover(parent, `.report.old-${dead}-1700000000000-2`, "previous");
  leftover(parent, `.report.tmp-${process.ppid}-1700000000000-3`, "another run, still going");
  leftover(parent, `.other.tmp-${dead}-1700000000000-4`, "another report's");
  await writeFolderAtomically(join(parent, "report"), new Map([["summary.json", "new"]]));
  expect(readdirSync(parent).sort()).toEqual([`.other.tmp-${dead}-1700000000000-4`, `.report.tmp-${process.ppid}-1700000000000-3`, "report"]);
  expect(readFileSync(join(parent, "report", "summary.json"), "utf8")).toBe("new");
});

it("a previous report moved aside by a killed write comes back if nothing took its place", async () => {
  const parent = join(tmp, "aside");
  mkdirSync(parent);
  leftover(parent, `.report.old-${deadPid()}-1700000000000-1`, "previous");
  await removeStaleSiblings(join(parent, "other")); // another report's write leaves it
  expect(readdirSync(parent)).toHaveLength(1);
  await removeStaleSiblings(join(parent, "report"));
  expect(readdirSync(parent)).toEqual(["report"]);
  expect(readFileSync(join(parent, "report", "summary.json"), "utf8")).toBe("previous");
});
