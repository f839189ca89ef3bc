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
  /** Charts that could not be rendered to SVG (their Vega-Lite spec is written), or why there are none. */
  chartWarnings?: string[];
}

export interface WriteFitOptions {
  /**
   * Also write charts/fit-arrivals and charts/fit-handle-time (.vl.json and .svg): observed against fitted arrivals
   * by hour, fitted against empirical handle-time CDFs. Left out when the log is too small to judge (its charts would
   * be noise). Default false (the CLI turns it on).
   */
  charts?: boolean;
}

export async function writeFitOutput(fit: FitResult, folder: string, options: WriteFitOptions = {}): Promise<WrittenFit> {
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
  const chartWarnings: string[] = [];
  if (options.charts && !fit.window.judged) chartWarnings.push(`no charts: too few arrivals (${fit.ticketsInWindow}) or days to chart a fit`);
  else if (options.charts) {
    // Loaded only when asked for: rendering pulls in Vega.
    const { fitCharts } = await import("../../report/charts/fit.js");
    const { chartFiles } = await import("../../report/charts/fitFiles.js");
    const charts = await chartFiles(fitCharts(fit));
    for (const [name, text] of charts.files) files.push([name, text]);
    chartWarnings.push(...charts.warnings);
  }
  try {
    await mkdir(temp);
    for (const [name, text] of files) {
      await mkdir(path.dirname(path.join(temp, name)), { recursive: true });
      await writeFile(path.join(temp, name), text, "utf8");
    }
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
  const written: WrittenFit = { folder: target, files: files.map(([name]) => path.join(target, name)) };
  if (chartWarnings.length > 0) written.chartWarnings = chartWarnings;
  return written;
}

/** Infinity and NaN are not JSON: write them as null. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}
