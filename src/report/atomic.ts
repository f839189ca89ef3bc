import { existsSync, rmSync } from "node:fs";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Write a whole report folder so that it appears complete or not at all: files go to a temporary sibling folder,
 * which then replaces the old one by rename. An interrupted run leaves the previous report (or none), never half:
 * killed outright (SIGKILL, power cut) at worst a hidden `.<name>.tmp-*` folder is left beside it, which the next
 * write of that folder removes; on Ctrl-C or SIGTERM the CLI calls abandonPendingWrites, which leaves nothing behind.
 */
export async function writeFolderAtomically(folder: string, files: Map<string, string | Uint8Array>): Promise<void> {
  if (abandoning) throw new Interrupted();
  const parent = dirname(folder);
  await mkdir(parent, { recursive: true });
  await removeStaleSiblings(folder);
  const stamp = `${process.pid}-${Date.now()}-${++writes}`;
  const temporary = join(parent, `.${basename(folder)}.tmp-${stamp}`);
  const previous = join(parent, `.${basename(folder)}.old-${stamp}`);
  const entry: PendingWrite = { temporary, done: Promise.resolve() };
  entry.done = (async () => {
    try {
      for (const [name, content] of files) {
        // Once a signal handler abandons the writes, the next step stops; the catch removes the temporary folder.
        if (abandoning) throw new Interrupted();
        const path = join(temporary, name);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, content);
      }
      if (abandoning) throw new Interrupted();
      // From here the two renames run to the end even when interrupted: a handler waits for them (microseconds).
      await swapIn(folder, temporary, previous);
    } catch (error) {
      await rm(temporary, { recursive: true, force: true });
      throw error;
    }
  })();
  pending.add(entry);
  try {
    await entry.done;
  } finally {
    pending.delete(entry);
  }
}

/**
 * What a write killed outright left beside `folder`: its temporary folder, and (killed between the two renames of
 * swapIn, a window of microseconds) the previous report moved aside, which goes back if nothing took its place.
 * Only folders of processes no longer running are touched; the process id is in the name.
 */
export async function removeStaleSiblings(folder: string): Promise<void> {
  const parent = dirname(folder);
  const name = basename(folder);
  for (const entry of await readdir(parent)) {
    const match = /^\.(.+)\.(tmp|old)-(\d+)-\d+-\d+$/.exec(entry);
    if (match === null || match[1] !== name || isRunning(Number(match[3]))) continue;
    const path = join(parent, entry);
    if (match[2] === "old" && !existsSync(folder)) await rename(path, folder);
    else await rm(path, { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // it exists, under another user
  }
}

/** The complete temporary folder takes the place of the old one; if that fails, the old one is put back. */
async function swapIn(folder: string, temporary: string, previous: string): Promise<void> {
  let hadPrevious = false;
  try {
    await rename(folder, previous);
    hadPrevious = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  try {
    await rename(temporary, folder);
  } catch (error) {
    if (hadPrevious) await rename(previous, folder);
    throw error;
  }
  if (hadPrevious) await rm(previous, { recursive: true, force: true });
}

/** A write stopped by abandonPendingWrites (Ctrl-C, SIGTERM). */
export class Interrupted extends Error {
  constructor() {
    super("interrupted: the report was not written");
    this.name = "Interrupted";
  }
}

interface PendingWrite {
  temporary: string;
  done: Promise<void>;
}

// Writes in progress in this process, for a signal handler to finish or undo (see abandonPendingWrites).
const pending = new Set<PendingWrite>();
let abandoning = false;
let writes = 0;

/**
 * For a signal handler (src/cli/main.ts): stop every report being written so that each folder is left complete or as
 * it was. A write still filling its temporary folder stops at its next file and removes that folder; a write already
 * in its final swap finishes it. Resolves when all have settled, or after `timeoutMs`, removing what is left.
 */
export async function abandonPendingWrites(timeoutMs = 5000): Promise<void> {
  abandoning = true;
  const settled = Promise.all([...pending].map((entry) => entry.done.catch(() => undefined)));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  removeTemporaryFoldersNow();
}

/** Remove the temporary folders of unfinished writes at once (synchronously): for a second Ctrl-C. */
export function removeTemporaryFoldersNow(): void {
  abandoning = true;
  for (const entry of pending) rmSync(entry.temporary, { recursive: true, force: true, maxRetries: 3 });
}
