import type { TopLevelSpec } from "vega-lite";
import type { SimulationResult } from "../experiment/simulate.js";
import { TIERSIM_VERSION } from "../version.js";
import { runCharts, type ReportChart } from "./charts/index.js";
import { comparisonDifferencesChart, comparisonMetricsChart, type ComparisonInput } from "./charts/comparison.js";
import { comparisonReportHtml, runReportHtml, type HtmlChart } from "./html.js";
import { compileSpec, renderVegaSvg, withoutHoverLayers } from "./render.js";

export type { ComparisonInput, ComparisonMetric, ComparisonEstimate } from "./charts/comparison.js";

/** A chart rendered: its static SVG and its compiled Vega spec (the live view of report.html). */
export interface RenderedChart extends ReportChart, HtmlChart {}

/** Render charts to SVG (without hover-only layers) and compile their interactive Vega specs. */
export async function renderCharts(charts: ReportChart[]): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const chart of charts) {
    const svg = await renderVegaSvg(compileSpec(withoutHoverLayers(chart.spec)));
    out.push({ ...chart, svg, vega: compileSpec(chart.spec) });
  }
  return out;
}

/**
 * A spec as JSON for people and tools: indented, but each inline data row on one line (a chart's data can be
 * thousands of rows).
 */
export function specJson(spec: TopLevelSpec): string {
  const rows: unknown[][] = [];
  const swap = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(swap);
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "values" && Array.isArray(v)) {
        rows.push(v);
        out[k] = `\u0000values${rows.length - 1}\u0000`;
      } else out[k] = swap(v);
    }
    return out;
  };
  const text = JSON.stringify(swap(spec), null, 2);
  return (
    text.replace(/^( *)"values": "\\u0000values(\d+)\\u0000"/gm, (_m, indent: string, i: string) => {
      const values = rows[Number(i)]!;
      if (values.length === 0) return `${indent}"values": []`;
      return `${indent}"values": [\n${values.map((r) => `${indent}  ${JSON.stringify(r)}`).join(",\n")}\n${indent}]`;
    }) + "\n"
  );
}

/** charts/<name>.svg and charts/<name>.vl.json for each chart. */
export function chartFiles(charts: RenderedChart[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const c of charts) {
    files.set(`charts/${c.name}.svg`, c.svg);
    files.set(`charts/${c.name}.vl.json`, specJson(c.spec));
  }
  return files;
}

export interface RunReportOptions {
  /** Worker threads used, for the manifest. */
  workers?: number;
  /** The command line, for the manifest. */
  command?: string[];
}

/** A run's charts (SVG and Vega-Lite) and its self-contained report.html, keyed by path inside the report folder. */
export async function runReportFiles(result: SimulationResult, options: RunReportOptions = {}): Promise<Map<string, string>> {
  const charts = await renderCharts(runCharts(result));
  const files = chartFiles(charts);
  files.set(
    "report.html",
    runReportHtml(result, charts, {
      tiersimVersion: TIERSIM_VERSION,
      nodeVersion: process.version,
      createdAt: new Date().toISOString(),
      seed: result.summary.seed,
      replications: result.summary.replications,
      scenarioFile: result.scenario.source,
      workers: options.workers,
      command: options.command,
    }),
  );
  return files;
}

/**
 * Charts for a comparison of scenarios: the key metrics side by side with 95% intervals (charts/compare-metrics.*)
 * and the paired differences against the first scenario (charts/compare-differences.*, when there are two or more
 * scenarios and differences are given), plus a self-contained report.html showing them with a table of the figures.
 * Keys are paths inside the comparison's report folder.
 */
export async function comparisonCharts(input: ComparisonInput): Promise<Map<string, string>> {
  const specs = [comparisonMetricsChart(input), comparisonDifferencesChart(input)].filter((c): c is ReportChart => c !== undefined);
  const charts = await renderCharts(specs);
  const files = chartFiles(charts);
  files.set("report.html", comparisonReportHtml(input, charts));
  return files;
}
