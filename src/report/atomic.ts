import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Write a whole report folder so that it appears complete or not at all: files go to a temporary sibling folder,
 * which then replaces the old one by rename. An interrupted run leaves the previous report (or none), never half.
 */
export async function writeFolderAtomically(folder: string, files: Map<string, string | Uint8Array>): Promise<void> {
  const parent = dirname(folder);
  await mkdir(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const temporary = join(parent, `.${basename(folder)}.tmp-${stamp}`);
  const previous = join(parent, `.${basename(folder)}.old-${stamp}`);
  try {
    for (const [name, content] of files) {
      const path = join(temporary, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
    }
    let hadPrevious = false;
    try {
      await rename(folder, previous);
      hadPrevious = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    await rename(temporary, folder);
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
