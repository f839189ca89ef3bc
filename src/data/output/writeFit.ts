/**
 * Write a fit's files (scenario YAML, fit.json, fit.md, charts) into a folder in one piece (writeFolderAtomically), so
 * an interrupted fit leaves no half-written output.
 */
import path from "node:path";
import { writeFolderAtomically } from "../../report/atomic.js";
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
  const files = new Map<string, string>([
    [fit.scenarioFile, scenarioYaml(fit)],
    ["fit.json", JSON.stringify(fit, jsonReplacer, 2) + "\n"],
    ["fit.md", fitReportMarkdown(fit)],
  ]);
  const chartWarnings: string[] = [];
  if (options.charts && !fit.window.judged) chartWarnings.push(`no charts: too few arrivals (${fit.ticketsInWindow}) or days to chart a fit`);
  else if (options.charts) {
    // Loaded only when asked for: rendering pulls in Vega.
    const { fitCharts } = await import("../../report/charts/fit.js");
    const { chartFiles } = await import("../../report/charts/files.js");
    const charts = await chartFiles(fitCharts(fit));
    for (const [name, text] of charts.files) files.set(name, text);
    chartWarnings.push(...charts.warnings);
  }
  await writeFolderAtomically(target, files);
  const written: WrittenFit = { folder: target, files: [...files.keys()].map((name) => path.join(target, name)) };
  if (chartWarnings.length > 0) written.chartWarnings = chartWarnings;
  return written;
}

/** Infinity and NaN are not JSON: write them as null. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}
