import type { Comparison, ComparedMetric } from "../experiment/compare.js";
import type { ComparisonInput } from "./charts/comparison.js";
import { formatDuration } from "../model/units.js";
import { formatValue, markdownTable, textTable } from "./format.js";
import { metricLabel } from "./runFiles.js";

/** The figures a comparison leads with, in this order, where every scenario has them. */
export const KEY_COMPARISON_METRICS = [
  "serviceLevel",
  "abandonment",
  "fcr",
  "wait.L1.mean",
  "resolveTime.mean",
  "resolveTime.p90",
  "cost.total",
  "cost.perTicket",
  "tickets.resolved",
  "lastWeek.escalationRate.L1",
  "lastWeek.fcr",
];

export function keyComparedMetrics(c: Comparison): ComparedMetric[] {
  const byKey = new Map(c.metrics.map((m) => [m.key, m]));
  return KEY_COMPARISON_METRICS.map((k) => byKey.get(k)).filter((m): m is ComparedMetric => m !== undefined && m.values.every((v) => v !== null));
}

function cell(m: ComparedMetric, i: number): string {
  const v = m.values[i];
  if (!v) return "-";
  const interval = v.ci95[0] === null ? "" : ` (${formatValue(v.ci95[0], m.unit, v.mean)} to ${formatValue(v.ci95[1], m.unit, v.mean)})`;
  return `${formatValue(v.mean, m.unit)}${interval}`;
}

function differenceCell(m: ComparedMetric, i: number): string {
  const d = m.differences[i];
  if (!d) return "-";
  // A difference of shares is in percentage points, not a percentage of a percentage.
  const magnitude = (x: number) => (m.unit === "share" ? `${(x * 100).toFixed(2)} pp` : formatValue(x, m.unit, d.mean));
  const signed = (x: number | null) => (x === null ? "n/a" : `${x > 0 ? "+" : x < 0 ? "-" : ""}${magnitude(Math.abs(x))}`);
  if (d.verdict === "no difference") return "no difference";
  return `${signed(d.mean)} (${signed(d.ci95[0])} to ${signed(d.ci95[1])}): ${d.verdict}`;
}

export function comparisonText(c: Comparison, metrics = keyComparedMetrics(c)): string {
  const names = c.scenarios.map((s) => s.name);
  const header = ["metric", ...names, ...names.slice(1).map((n) => `${n} - ${names[0]}`)];
  const rows = metrics.map((m) => [metricLabel(m.key), ...names.map((_, i) => cell(m, i)), ...names.slice(1).map((_, i) => differenceCell(m, i + 1))]);
  return textTable(header, rows);
}

export function comparisonMarkdown(c: Comparison): string {
  const names = c.scenarios.map((s) => s.name);
  const header = ["metric", ...names, ...names.slice(1).map((n) => `${n} - ${names[0]}`)];
  const row = (m: ComparedMetric) => [`${metricLabel(m.key)} (\`${m.key}\`)`, ...names.map((_, i) => cell(m, i)), ...names.slice(1).map((_, i) => differenceCell(m, i + 1))];
  return [
    `# Comparison: ${names.join(" vs ")}`,
    "",
    `${c.replications} replications of ${formatDuration(c.horizonMinutes)} each (warm-up ${formatDuration(c.warmupMinutes)}), ` +
      `seed ${c.seed} for every scenario: replication r of each scenario sees the same tickets (common random numbers), ` +
      `so differences are paired replication by replication. Intervals are 95% (Student t). ` +
      `"better"/"worse" means the paired interval excludes zero; otherwise there is no significant difference.`,
    "",
    "## Key figures",
    "",
    markdownTable(header, keyComparedMetrics(c).map(row)),
    "",
    "## Every metric",
    "",
    markdownTable(header, c.metrics.map(row)),
    "",
  ].join("\n");
}

/** What the comparison charts and report.html show: the key metrics every scenario has, with their differences. */
export function comparisonChartInput(c: Comparison): ComparisonInput {
  const names = c.scenarios.map((s) => s.name);
  return {
    names,
    title: names.join(" vs "),
    description:
      `${c.replications} paired replications of ${formatDuration(c.horizonMinutes)} each on common random numbers (seed ${c.seed}): ` +
      `every scenario saw the same tickets, so the differences are measured replication by replication.`,
    metrics: keyComparedMetrics(c).map((m) => ({
      key: m.key,
      label: metricLabel(m.key),
      unit: m.unit,
      values: m.values.map((v) => v ?? { mean: null, ci95: [null, null] }),
      differences: m.differences.map((d) => d ?? { mean: null, ci95: [null, null] }),
    })),
  };
}
