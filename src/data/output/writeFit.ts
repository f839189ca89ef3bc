/**
 * Write a fit's files (scenario YAML, fit.json, fit.md) into a folder atomically: everything is written into a
 * temporary sibling folder that is then renamed into place, so an interrupted fit leaves no half-written output.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FitResult } from "../fit/types.js";
import { fitReportMarkdown } from "./reportMd.js";
import { scenarioYaml } from "./scenarioYaml.js";

export interface WrittenFit {
  folder: string;
  files: string[];
}

export async function writeFitOutput(fit: FitResult, folder: string): Promise<WrittenFit> {
  const target = path.resolve(folder);
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const temp = path.join(parent, `.${path.basename(target)}.tmp-${suffix}`);
  const old = path.join(parent, `.${path.basename(target)}.old-tmp-${suffix}`);
  const files: [string, string][] = [
    [fit.scenarioFile, scenarioYaml(fit)],
    ["fit.json", JSON.stringify(fit, jsonReplacer, 2) + "\n"],
    ["fit.md", fitReportMarkdown(fit)],
  ];
  try {
    await mkdir(temp);
    for (const [name, text] of files) await writeFile(path.join(temp, name), text, "utf8");
    // Move any previous output aside, move the new one in, then drop the old one.
    let hadOld = false;
    try {
      await rename(target, old);
      hadOld = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    await rename(temp, target);
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return { folder: target, files: files.map(([name]) => path.join(target, name)) };
}

/** Infinity and NaN are not JSON: write them as null. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}
