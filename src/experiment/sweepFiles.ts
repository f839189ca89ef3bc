/** The files of a sweep folder (sweep.csv, sweep.json, charts) and its terminal table. */
import { formatValue, textTable } from "../report/format.js";
import { chartFiles } from "../report/charts/files.js";
import { sweepCsv, sweepJson, type SweepOutput } from "./sweep.js";
import { sweepCharts } from "./sweepChart.js";
import { checkMetricKey } from "./targets.js";

/** The metric to chart: the one asked for (checked against the sweep's metrics), else serviceLevel, else the first. */
export function chartMetric(output: SweepOutput, asked: string | undefined): string {
  const keys = Object.keys(output.units);
  if (asked !== undefined) {
    checkMetricKey(asked, keys, "--metric");
    return asked;
  }
  return keys.includes("serviceLevel") ? "serviceLevel" : keys[0] ?? "serviceLevel";
}

export interface SweepFiles {
  files: Map<string, string>;
  /** Charts whose SVG could not be rendered (their Vega-Lite spec is still written). */
  warnings: string[];
}

/**
 * The whole-sweep folder: sweep.csv, sweep.json, charts/sweep.vl.json and .svg (and the heatmap for two parameters).
 * A shard's folder holds sweep.json only: its CSV and charts would be partial.
 */
export async function sweepFiles(output: SweepOutput, metric: string): Promise<SweepFiles> {
  const files = new Map<string, string>();
  const warnings: string[] = [];
  files.set("sweep.json", sweepJson(output));
  if (output.shard) return { files, warnings };
  files.set("sweep.csv", sweepCsv(output));
  const charts = await chartFiles(sweepCharts(output, metric));
  for (const [name, content] of charts.files) files.set(name, content);
  warnings.push(...charts.warnings);
  return { files, warnings };
}

/** The chosen metric per grid point, as a table (the first `limit` points). */
export function sweepText(output: SweepOutput, metric: string, out: string, limit = 60): string {
  const unit = output.units[metric] ?? "count";
  const rows = output.results.slice(0, limit).map((r) => {
    const m = r.metrics[metric];
    const lo = m?.ci95[0] ?? null;
    const hi = m?.ci95[1] ?? null;
    return [
      ...output.parameters.map((p) => String(r.values[p.path])),
      formatValue(m?.mean ?? null, unit),
      lo === null || hi === null ? "" : `${formatValue(lo, unit)} .. ${formatValue(hi, unit)}`,
    ];
  });
  const shardNote = output.shard ? `, shard ${output.shard.index}/${output.shard.count} (${output.results.length} of the ${output.points} points)` : "";
  const more = output.results.length > limit ? `\n... ${output.results.length - limit} more points in sweep.${output.shard ? "json" : "csv"}` : "";
  const files = output.shard
    ? `Shard written to ${out}/sweep.json; combine all ${output.shard.count} shards with: tiersim merge <shard folders> --out <folder>`
    : `Written to ${out}/ (sweep.csv, sweep.json, charts/)`;
  return (
    `${output.scenario}: sweep of ${output.points} points x ${output.replications} replications${shardNote}, ${metric} with 95% intervals\n\n` +
    textTable([...output.parameters.map((p) => p.path), metric, "95% interval"], rows) +
    more +
    `\n\n${files}\n`
  );
}
