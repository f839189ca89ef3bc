/**
 * Tests that spawn the CLI or use worker threads run the compiled code in dist/. CI builds it (`npm ci` runs
 * `prepare`); locally, this rebuilds when any source file is newer than the build, under a lock so that test files
 * running in parallel do not compile over each other.
 */
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;
export const CLI = join(ROOT, "dist/cli/main.js");
const STAMP = join(ROOT, "dist/experiment/worker.js");
const LOCK = join(ROOT, "dist/.build-lock");

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function fresh(): boolean {
  return existsSync(CLI) && existsSync(STAMP) && Math.min(statSync(CLI).mtimeMs, statSync(STAMP).mtimeMs) >= newestSource(join(ROOT, "src"));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Make sure dist/ holds a build at least as new as src/. */
export function ensureBuilt(): void {
  if (fresh()) return;
  mkdirSync(join(ROOT, "dist"), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building; a lock older than two minutes is a leftover.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error("timed out waiting for another build of dist/");
      sleep(200);
    }
  }
  try {
    if (fresh()) return;
    try {
      execSync("npx tsc -p tsconfig.json", { cwd: ROOT, stdio: "pipe" });
    } catch {
      // tsc still emits when a file elsewhere has a type error; what matters here is that the files exist.
    }
    if (!existsSync(CLI) || !existsSync(STAMP)) throw new Error("`npx tsc -p tsconfig.json` did not produce dist/cli/main.js");
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
