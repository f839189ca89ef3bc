import type { SimulationResult } from "../experiment/simulate.js";
import { dailySeries } from "../experiment/aggregate.js";
import type { Summary } from "../experiment/summary.js";
import { DAY_NAMES, formatDuration } from "../model/units.js";
import { TIERSIM_VERSION } from "../version.js";
import { csvLine } from "./csv.js";
import { formatValue, formatWithInterval, markdownTable } from "./format.js";

/** The figures shown first, in the terminal table and at the top of summary.md. */
export function keyMetricKeys(summary: Summary, tierNames: string[]): string[] {
  const keys = [
    "serviceLevel",
    "abandonment",
    "fcr",
    "flr",
    ...tierNames.flatMap((t) => [`escalationRate.${t}`]),
    ...tierNames.flatMap((t) => [`wait.${t}.mean`, `wait.${t}.p90`]),
    "resolveTime.mean",
    "resolveTime.p90",
    ...tierNames.map((t) => `utilization.${t}`),
    "cost.total",
    "cost.perTicket",
    "tickets.arrived",
    "tickets.resolved",
    "tickets.abandoned",
    "tickets.inSystem",
  ];
  return keys.filter((k) => summary.metrics[k] !== undefined);
}

export const METRIC_LABELS: Record<string, string> = {
  serviceLevel: "service level",
  abandonment: "abandonment",
  fcr: "first-contact resolution",
  flr: "first-level resolution",
  "resolveTime.mean": "time to resolve, mean",
  "resolveTime.p90": "time to resolve, 90th pct",
  "cost.total": "cost, total",
  "cost.perTicket": "cost per resolved ticket",
  "tickets.arrived": "tickets arrived",
  "tickets.resolved": "tickets resolved",
  "tickets.abandoned": "tickets abandoned",
  "tickets.inSystem": "tickets still open at the end",
};

export function metricLabel(key: string): string {
  if (METRIC_LABELS[key]) return METRIC_LABELS[key]!;
  if (key.startsWith("lastWeek.")) return key === "lastWeek.arrivals" ? "tickets in the last week" : `${metricLabel(key.slice(9))}, last week`;
  let m = /^wait\.(\w+)\.(mean|p\d+)$/.exec(key);
  if (m) return `wait at ${m[1]}, ${m[2] === "mean" ? "mean" : `${m[2]!.slice(1)}th pct`}`;
  m = /^escalationRate\.(\w+)$/.exec(key);
  if (m) return `escalation rate ${m[1]}`;
  m = /^utilization\.(\w+)$/.exec(key);
  if (m) return `utilization ${m[1]}`;
  return key;
}

export function summaryMarkdown(result: SimulationResult): string {
  const { summary, scenario } = result;
  const keys = keyMetricKeys(summary, result.tierNames);
  const rows = keys.map((k) => {
    const m = summary.metrics[k]!;
    return [metricLabel(k), `\`${k}\``, formatValue(m.mean, m.unit), m.ci95[0] === null ? "" : `${formatValue(m.ci95[0], m.unit, m.mean)} to ${formatValue(m.ci95[1], m.unit, m.mean)}`];
  });
  const all = Object.entries(summary.metrics).map(([k, m]) => [`\`${k}\``, formatWithInterval(m), m.unit]);
  return [
    `# ${scenario.name}`,
    "",
    scenario.description ? `${scenario.description.trim()}\n` : "",
    `${summary.structure} desk, ${summary.replications} replications of ${formatDuration(summary.horizonMinutes)} ` +
      `(first ${formatDuration(summary.warmupMinutes)} of each discarded as warm-up), seed ${summary.seed}, tiersim ${summary.tiersimVersion}. ` +
      `Every figure is the mean over replications with its 95% confidence interval (Student t).`,
    "",
    "## Key figures",
    "",
    markdownTable(["metric", "key", "mean", "95% interval"], rows),
    "",
    "## All metrics",
    "",
    markdownTable(["key", "mean (95% interval)", "unit"], all),
    "",
  ].join("\n");
}

export function timeseriesCsv(result: SimulationResult): string {
  const { series, scenario } = result;
  const width = series.columns.length;
  const banded = series.columns.filter((c) => c.startsWith("queue.") || c.startsWith("inService."));
  const header = ["hour", "weekday", "hourOfDay", ...series.columns, ...banded.flatMap((c) => [`${c}.p10`, `${c}.p90`])];
  let out = csvLine(header);
  for (let h = 0; h < series.hours; h++) {
    const weekMinute = scenario.startMinuteOfWeek + h * series.bucketMinutes;
    const day = Math.floor(weekMinute / 1440) % 7;
    const row: unknown[] = [(h * series.bucketMinutes) / 60, DAY_NAMES[day], Math.floor((weekMinute % 1440) / 60)];
    for (let c = 0; c < width; c++) row.push(series.mean[h * width + c]!);
    for (const name of banded) {
      const c = series.columns.indexOf(name);
      row.push(series.p10[h * width + c]!, series.p90[h * width + c]!);
    }
    out += csvLine(row);
  }
  return out;
}

export function dailyCsv(result: SimulationResult): string {
  const rows = dailySeries(result.series, result.tierNames);
  const escTiers = result.tierNames.slice(0, -1);
  let out = csvLine(["day", "arrivals", ...escTiers.map((t) => `escalationRate.${t}`), "fcr", "flr", "articlesInForce", "problemsFixed", "ticketsAvoided"]);
  for (const r of rows) {
    out += csvLine([r.day, r.arrivals, ...escTiers.map((t) => r.escalationRate[t]), r.fcr, r.flr, r.articlesInForce, r.problemsFixed, r.ticketsAvoided]);
  }
  return out;
}

export function ticketsCsv(result: SimulationResult): string {
  const tiers = result.tierNames;
  let out = csvLine([
    "replication", "id", "arrivalMinute", "category", "priority", "channel", "level", "problem", "outcome", "resolvedBy",
    "endMinute", ...tiers.map((t) => `waitMinutes.${t}`), "fcr", "escalated", "reopened", "bouncedBack", "articleUsed",
  ]);
  for (const t of result.tickets ?? []) {
    out += csvLine([
      t.replication, t.id, t.arrivalMinute, t.category, t.priority, t.channel, t.level, t.problem, t.outcome, t.resolvedBy,
      t.endMinute, ...t.waitMinutes, t.fcr, t.escalated, t.reopened, t.bouncedBack, t.articleUsed,
    ]);
  }
  return out;
}

export interface Manifest {
  tiersimVersion: string;
  nodeVersion: string;
  createdAt: string;
  command: string[];
  scenarioFile: string | undefined;
  seed: number;
  replications: number;
  workers: number;
  /** The scenario as resolved: every default filled in, every duration in minutes. */
  scenario: unknown;
}

export function manifest(result: SimulationResult, workers: number, command: string[]): Manifest {
  const { arrivals, ...rest } = result.scenario;
  return {
    tiersimVersion: TIERSIM_VERSION,
    nodeVersion: process.version,
    createdAt: new Date().toISOString(),
    command,
    scenarioFile: result.scenario.source,
    seed: result.scenario.seed,
    replications: result.summary.replications,
    workers,
    scenario: { ...rest, arrivals: { ...arrivals, traceMinutes: arrivals.traceMinutes ? `${arrivals.traceMinutes.length} timestamps` : undefined } },
  };
}
