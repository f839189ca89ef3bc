/**
 * The files of a replay: replay.json (everything, machine-readable), replay.md (for people), replay-hourly.csv and
 * replay-daily.csv (observed and simulated side by side), charts/, and with observed staffing the schedule replayed
 * (staffing.yaml). Written into place atomically.
 */
import { resolve } from "node:path";
import { csvLine } from "../../report/csv.js";
import { formatValue, markdownTable, textTable } from "../../report/format.js";
import { writeFolderAtomically } from "../../report/atomic.js";
import { TIERS } from "../../model/types.js";
import { formatDuration } from "../../model/units.js";
import { METRIC_TEXT, METRIC_UNITS, REPLAY_METRICS, TABLE_METRICS, type Figure, type ReplayMetric, type TableMetric, type TableRow } from "./compare.js";
import type { ReplayResult } from "./run.js";
import { schedulesYaml } from "./staffing.js";

const jsonSafe = (_key: string, value: unknown): unknown => (typeof value === "number" && !Number.isFinite(value) ? null : value);

export function replayJson(result: ReplayResult): string {
  return JSON.stringify(result, jsonSafe, 2) + "\n";
}

const SHORT: Record<TableMetric, string> = {
  arrivals: "arrivals",
  abandonment: "abandonment",
  "wait.L1.mean": "wait L1",
  "resolveTime.mean": "time to resolve",
};

/** The table metrics worth a column: those observed somewhere, plus arrivals. */
function shownMetrics(result: ReplayResult): TableMetric[] {
  return TABLE_METRICS.filter((m) => m === "arrivals" || result.comparison.overall[m].observed !== null);
}

function value(x: number | null, unit: string): string {
  return x === null ? "n/a" : formatValue(x, unit);
}

function difference(f: Figure, unit: string): string {
  if (f.observed === null || f.simulated === null) return "";
  if (unit === "share") {
    const points = 100 * (f.simulated - f.observed);
    return `${points >= 0 ? "+" : ""}${points.toFixed(1)} pts`;
  }
  if (f.relativeDifference === null) return "";
  return `${f.relativeDifference >= 0 ? "+" : ""}${(100 * f.relativeDifference).toFixed(0)}%`;
}

function interval(f: Figure, unit: string): string {
  const [lo, hi] = f.ci95;
  return lo === null || hi === null ? "" : `${formatValue(lo, unit)} .. ${formatValue(hi, unit)}`;
}

/** Overall figures: metric, observed, simulated, 95% interval, difference. */
function overallRows(result: ReplayResult): string[][] {
  const o = result.comparison.overall;
  const flat = result.structure === "flat";
  return REPLAY_METRICS.filter((m) => {
    if (m === "arrivals") return true;
    if (flat && m.startsWith("highestTier.")) return false;
    // Tiers nobody reaches in the log or the simulation are left out (a call center's L2 and L3).
    if (/^(wait|highestTier)\.L[23]/.test(m)) return (o[m].observed ?? 0) > 0 || (o[m].simulated ?? 0) > 0;
    return o[m].observed !== null || o[m].simulated !== null;
  }).map((m) => {
    const unit = METRIC_UNITS[m];
    return [METRIC_TEXT[m], value(o[m].observed, unit), value(o[m].simulated, unit), interval(o[m], unit), difference(o[m], unit)];
  });
}

function tableCells(row: TableRow, metrics: TableMetric[]): string[] {
  return [row.label, ...metrics.flatMap((m) => (m === "arrivals" ? [String(row.figures.arrivals.observed ?? 0)] : [value(row.figures[m].observed, METRIC_UNITS[m]), value(row.figures[m].simulated, METRIC_UNITS[m])]))];
}

function tableHeader(first: string, metrics: TableMetric[]): string[] {
  return [first, ...metrics.flatMap((m) => (m === "arrivals" ? ["arrivals"] : [`${SHORT[m]} obs`, `${SHORT[m]} sim`]))];
}

function describeUse(result: ReplayResult): string[] {
  const u = result.use;
  const lines: string[] = [];
  if (u.fields.length === 0) lines.push("Only the arrival times come from the log; every ticket's category, priority, channel, level, handle times and patience are drawn from the scenario.");
  for (const n of u.names) {
    const unknown = n.unknown > 0 ? `; ${n.unknown.toLocaleString("en-US")} with a value the scenario does not have (drawn instead: ${n.unknownValues.slice(0, 5).map((v) => `${v.name} ${v.tickets}`).join(", ")})` : "";
    const missing = n.missing > 0 ? `; ${n.missing.toLocaleString("en-US")} with none in the log (drawn)` : "";
    lines.push(`${n.field}: ${n.matched.toLocaleString("en-US")} tickets matched by name${unknown}${missing}.`);
  }
  if (u.levels) lines.push(`levels (highest tier reached in the log): ${TIERS.map((t) => `${t} ${u.levels!.fromLog[t].toLocaleString("en-US")}`).join(", ")}; ${u.levels.drawn.toLocaleString("en-US")} without a tier (drawn).`);
  if (u.handleTimes) lines.push(`handle times from the log: ${TIERS.map((t) => `${t} ${u.handleTimes![t].toLocaleString("en-US")}`).join(", ")} tickets; the others are drawn.`);
  if (u.patience)
    lines.push(
      `patience: ${u.patience.exact.toLocaleString("en-US")} abandoned contacts keep their real time in queue; ${u.patience.conditional.toLocaleString("en-US")} answered ones get their real wait plus a draw from the channel's patience beyond it; ${u.patience.drawn.toLocaleString("en-US")} drawn.`,
    );
  return lines;
}

function header(result: ReplayResult): string[] {
  const p = result.period;
  return [
    `Replay of ${result.log.path} (mapping ${result.log.mapping}) on scenario ${result.scenario}`,
    `${p.from}..${p.to} (${p.days} days, starting ${result.start}): ${result.tickets.toLocaleString("en-US")} tickets replayed` +
      (result.leftOut > 0 ? `, ${result.leftOut.toLocaleString("en-US")} of the period left out (phantoms, contacts that never reached the desk)` : "") +
      `; ${result.replications} replications, drain ${formatDuration(result.drainMinutes)} after the last day`,
    `Staffing: ${result.staffing.note}`,
  ];
}

/** The readable summary `tiersim replay` prints: the overall comparison and the hourly table. */
export function replayText(result: ReplayResult, out?: string): string {
  const metrics = shownMetrics(result);
  const lines = [...header(result), ""];
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  if (result.warnings.length > 0) lines.push("");
  lines.push(textTable(["overall", "observed", "simulated", "95% interval", "difference"], overallRows(result)), "");
  const hourly = result.comparison.hourly.filter((r) => (r.figures.arrivals.observed ?? 0) > 0);
  lines.push("By hour of day (hours with arrivals):", textTable(tableHeader("hour", metrics), hourly.map((r) => tableCells(r, metrics))));
  if (out) lines.push("", `Written to ${out}/ (replay.json, replay.md, replay-hourly.csv, replay-daily.csv, charts/${result.staffing.schedules ? ", staffing.yaml" : ""})`);
  return lines.join("\n") + "\n";
}

export function replayMarkdown(result: ReplayResult, chartNames: string[] = []): string {
  const metrics = shownMetrics(result);
  const md = markdownTable;
  const L: string[] = [`# Replay: ${result.scenario} on ${result.log.path}`, "", ...header(result).slice(1).map((l) => `${l}  `), ""];
  L.push(
    "The simulator was driven by the log's real arrival times; staffing, routing and everything not taken from the log come from the scenario. " +
      "Observed figures are computed from the log's tickets the same way as the simulated ones from the simulated tickets: abandonment over all replayed arrivals, " +
      "waits over answered tickets, time to resolve from arrival to resolution over resolved tickets. Simulated figures are means over replications with 95% intervals.",
    "",
  );
  L.push("## What came from the log", "", ...describeUse(result).map((l) => `- ${l}`), "");
  if (result.warnings.length > 0) L.push("## Warnings", "", ...result.warnings.map((w) => `- ${w}`), "");
  L.push("## Overall", "", md(["figure", "observed", "simulated", "95% interval", "difference"], overallRows(result)), "");
  for (const name of chartNames) L.push(`![${name}](charts/${name}.svg)`, "");
  const hourly = result.comparison.hourly.filter((r) => (r.figures.arrivals.observed ?? 0) > 0);
  L.push("## By hour of day", "", "Hours of the desk clock in which tickets arrived (all days of the period together).", "", md(tableHeader("hour", metrics), hourly.map((r) => tableCells(r, metrics))), "");
  L.push("## By day", "", md(tableHeader("day", metrics), result.comparison.daily.map((r) => tableCells(r, metrics))), "");
  if (result.staffing.schedules) L.push("## Staffing replayed", "", "The observed head count as a scenario schedule: `staffing.yaml` beside this file.", "");
  return L.join("\n");
}

/** observed and simulated (with the interval) side by side for every table metric: one row per hour or per day. */
export function replayTableCsv(rows: TableRow[], first: "hour" | "date"): string {
  const cols: string[] = [first, "label"];
  for (const m of TABLE_METRICS) cols.push(`${m}.observed`, `${m}.observedN`, `${m}.simulated`, `${m}.ci95.lo`, `${m}.ci95.hi`);
  let text = csvLine(cols);
  for (const r of rows) {
    const cells: unknown[] = [r.key, r.label];
    for (const m of TABLE_METRICS) {
      const f = r.figures[m];
      cells.push(f.observed, f.observedN, f.simulated, f.ci95[0], f.ci95[1]);
    }
    text += csvLine(cells);
  }
  return text;
}

export interface WrittenReplay {
  folder: string;
  files: string[];
  warnings: string[];
}

/** Write the replay folder atomically (everything appears at once, or the previous folder stays). */
export async function writeReplayOutput(result: ReplayResult, folder: string, options: { charts?: boolean } = {}): Promise<WrittenReplay> {
  const files = new Map<string, string>();
  const warnings: string[] = [];
  let chartNames: string[] = [];
  if (options.charts ?? true) {
    const { replayCharts } = await import("../../report/charts/replay.js");
    const { chartFiles } = await import("../../report/charts/files.js");
    const charts = replayCharts(result);
    const rendered = await chartFiles(charts);
    chartNames = charts.map((c) => c.name).filter((n) => rendered.files.has(`charts/${n}.svg`));
    for (const [name, text] of rendered.files) files.set(name, text);
    warnings.push(...rendered.warnings);
  }
  files.set("replay.json", replayJson(result));
  files.set("replay.md", replayMarkdown(result, chartNames));
  files.set("replay-hourly.csv", replayTableCsv(result.comparison.hourly, "hour"));
  files.set("replay-daily.csv", replayTableCsv(result.comparison.daily, "date"));
  if (result.staffing.schedules) {
    files.set(
      "staffing.yaml",
      `# Staffing observed in ${result.log.path} over ${result.period.from}..${result.period.to}, as one-hour shifts.\n# ${result.staffing.note}\n` + schedulesYaml(result.staffing.schedules, result.staffing.costPerHour),
    );
  }
  const target = resolve(folder);
  await writeFolderAtomically(target, files);
  return { folder: target, files: [...files.keys()].sort(), warnings };
}

export type { ReplayMetric };
