/**
 * Service targets such as "serviceLevel>=0.8", "wait.L2.p90<=4h" or "abandonment<=5%", and how to check them against
 * a mean with its 95% confidence interval: a target is met with confidence when the interval's conservative bound
 * meets it (the lower bound for >=, the upper bound for <=).
 */
import { InputError } from "../errors.js";
import type { Scenario } from "../model/types.js";
import { simulateReplication } from "../model/desk.js";
import { parseDuration } from "../model/units.js";
import { formatValue } from "../report/format.js";
import { estimate } from "../stats/confidence.js";
import { finiteOrNull, type MetricSummary } from "./summary.js";
import { metricUnit } from "./units.js";

export type TargetOp = ">=" | "<=";

export interface Target {
  /** As the user wrote it. */
  text: string;
  metric: string;
  op: TargetOp;
  /** In the metric's own unit: a share in [0, 1], minutes, currency, tickets. */
  value: number;
  unit: string;
}

/** met: the conservative bound meets the target; missed: even the optimistic bound fails; unsure: the interval straddles. */
export type TargetStatus = "met" | "missed" | "unsure";

export interface TargetCheck {
  target: string;
  metric: string;
  mean: number | null;
  ci95: [number | null, number | null];
  /** The conservative bound: the lower end of the interval for >=, the upper end for <=. */
  bound: number | null;
  status: TargetStatus;
  /** True only when the status is "met". */
  met: boolean;
}

/** A mean with its interval, as summary.json writes it (null for a figure that is not defined). */
export interface IntervalLike {
  mean: number | null;
  ci95: [number | null, number | null];
}

const OPERATORS: [string, TargetOp][] = [
  [">=", ">="],
  ["=>", ">="],
  ["≥", ">="],
  ["<=", "<="],
  ["=<", "<="],
  ["≤", "<="],
  [">", ">="],
  ["<", "<="],
];

export const TARGET_EXPECTED = 'a target such as "serviceLevel>=0.8", "abandonment<=5%" or "wait.L2.p90<=4h"';

/**
 * Parse one target. With `knownKeys` (the metric keys the scenario produces), an unknown metric is an InputError naming
 * the nearest keys. Strict and non-strict comparisons mean the same here (an interval estimate cannot tell them apart).
 */
export function parseTarget(text: string, knownKeys?: readonly string[], option = "--target"): Target {
  const raw = String(text).trim();
  let found: { index: number; symbol: string; op: TargetOp } | undefined;
  for (const [symbol, op] of OPERATORS) {
    const index = raw.indexOf(symbol);
    if (index > 0 && (found === undefined || index < found.index)) found = { index, symbol, op };
  }
  if (!found) throw new InputError(`${option} ${raw}: expected ${TARGET_EXPECTED}`);
  const metric = raw.slice(0, found.index).trim();
  const valueText = raw.slice(found.index + found.symbol.length).trim();
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(metric)) throw new InputError(`${option} ${raw}: "${metric}" is not a metric key; expected ${TARGET_EXPECTED}`);
  if (knownKeys && !knownKeys.includes(metric)) {
    throw new InputError(`${option} ${raw}: unknown metric "${metric}"${suggestionText(metric, knownKeys)}`);
  }
  const unit = metricUnit(metric);
  const value = parseTargetValue(valueText, unit);
  if (value === undefined) {
    throw new InputError(`${option} ${raw}: expected ${expectedValue(unit)} after ${found.op}, got ${JSON.stringify(valueText)}`);
  }
  return { text: raw, metric, op: found.op, value, unit };
}

/** Parse several targets, reporting every problem at once. */
export function parseTargets(texts: readonly string[], knownKeys?: readonly string[], option = "--target"): Target[] {
  const problems: string[] = [];
  const targets: Target[] = [];
  for (const text of texts) {
    try {
      targets.push(parseTarget(text, knownKeys, option));
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return targets;
}

function parseTargetValue(text: string, unit: string): number | undefined {
  if (text === "") return undefined;
  if (unit === "share") {
    const percent = /^(-?\d+(?:\.\d+)?|-?\.\d+)\s*%$/.exec(text);
    const value = percent ? Number(percent[1]) / 100 : Number(text);
    return Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
  }
  if (unit === "minutes") return parseDuration(text);
  const value = Number(text.replace(/_/g, ""));
  return Number.isFinite(value) ? value : undefined;
}

function expectedValue(unit: string): string {
  switch (unit) {
    case "share":
      return "a share between 0 and 1 or a percentage (0.8, 80%)";
    case "minutes":
      return 'a duration ("90s", "15m", "4h") or a number of minutes';
    default:
      return "a number";
  }
}

/** Check a target against a mean and its 95% interval. */
export function checkTarget(target: Target, figure: IntervalLike | undefined): TargetCheck {
  const mean = figure?.mean ?? null;
  const ci95: [number | null, number | null] = figure ? [figure.ci95[0], figure.ci95[1]] : [null, null];
  const [low, high] = ci95;
  const conservative = target.op === ">=" ? low : high;
  const optimistic = target.op === ">=" ? high : low;
  const meets = (x: number) => (target.op === ">=" ? x >= target.value : x <= target.value);
  let status: TargetStatus;
  if (conservative !== null && meets(conservative)) status = "met";
  else if (optimistic !== null && !meets(optimistic)) status = "missed";
  else if (conservative === null && optimistic === null && mean !== null && !meets(mean)) status = "missed";
  else status = "unsure";
  return { target: target.text, metric: target.metric, mean, ci95, bound: conservative, status, met: status === "met" };
}

/** Check every target; all met when each is. */
export function checkTargets(targets: readonly Target[], metrics: Record<string, IntervalLike | undefined>): TargetCheck[] {
  return targets.map((t) => checkTarget(t, metrics[t.metric]));
}

/** "serviceLevel >= 80.0%" */
export function describeTarget(target: Target): string {
  return `${target.metric} ${target.op === ">=" ? ">=" : "<="} ${formatValue(target.value, target.unit)}`;
}

/**
 * The metric keys a scenario produces, found by simulating one replication over an hour (the set of keys depends on
 * the scenario's structure, tiers, priorities and options, never on the outcome).
 */
export function scenarioMetricKeys(scenario: Scenario): string[] {
  const probe: Scenario = { ...scenario, horizonMinutes: 60, warmupMinutes: 0, backlog: [0, 0, 0] };
  if (probe.arrivals.traceMinutes) probe.arrivals = { ...probe.arrivals, traceMinutes: new Float64Array(0) };
  return Object.keys(simulateReplication(probe, 0).metrics);
}

/** Validate a metric key against the keys a scenario produces; the error lists near matches. */
export function checkMetricKey(key: string, knownKeys: readonly string[], option: string): void {
  if (!knownKeys.includes(key)) throw new InputError(`${option} ${key}: unknown metric${suggestionText(key, knownKeys)}`);
}

function suggestionText(key: string, knownKeys: readonly string[]): string {
  const near = nearMatches(key, knownKeys);
  return near.length > 0 ? `; did you mean ${near.map((k) => `"${k}"`).join(", ")}?` : `; the scenario's metrics are: ${knownKeys.join(", ")}`;
}

/** Keys close to a misspelt one: same letters ignoring case, a shared prefix, or a small edit distance. */
export function nearMatches(key: string, knownKeys: readonly string[], limit = 5): string[] {
  const lower = key.toLowerCase();
  const scored = knownKeys.map((k) => {
    const kl = k.toLowerCase();
    let score = editDistance(lower, kl);
    if (kl === lower) score = 0;
    else if (kl.startsWith(lower) || lower.startsWith(kl)) score = Math.min(score, 1 + Math.abs(kl.length - lower.length) / 10);
    return { k, score };
  });
  const threshold = Math.max(2, Math.floor(key.length / 3));
  return scored
    .filter((s) => s.score <= threshold)
    .sort((a, b) => a.score - b.score || a.k.localeCompare(b.k))
    .slice(0, limit)
    .map((s) => s.k);
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/**
 * How a metric moves when agents are added: +1 up, -1 down, 0 unknown or barely (FCR, escalation rates, arrivals).
 * Used to tell targets that staffing can reach from those it works against (a budget, a minimum utilization).
 */
export function staffingDirection(metric: string): 1 | -1 | 0 {
  if (/^(serviceLevel|slaAttainment|flr)\b/.test(metric) || metric === "tickets.resolved") return 1;
  if (/^(cost|agents)\b/.test(metric)) return 1;
  if (/^(wait|waitProbability|resolveTime|abandonment|utilization|queueLength)\b/.test(metric)) return -1;
  if (metric === "tickets.abandoned" || metric === "tickets.inSystem") return -1;
  return 0;
}

/** Whether adding agents helps a target (+1), hurts it (-1) or neither as far as we know (0). */
export function staffingHelps(target: Target): 1 | -1 | 0 {
  const d = staffingDirection(target.metric);
  return (target.op === ">=" ? d : -d) as 1 | -1 | 0;
}

/**
 * How far a figure is from a target, relative to the target (positive: short of it; zero or negative: meets it).
 * Used to rank violated targets and the effect of a move on them.
 */
export function shortfall(target: Target, value: number | null): number {
  if (value === null || !Number.isFinite(value)) return Infinity;
  const scale = Math.max(Math.abs(target.value), target.unit === "share" ? 0.01 : 1e-9);
  return (target.op === ">=" ? target.value - value : value - target.value) / scale;
}

/** Mean and 95% interval of each metric over per-replication figures, keys in first-seen order (as summary.json). */
export function summarizeMetrics(replications: readonly Record<string, number>[]): Record<string, MetricSummary> {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of replications) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const out: Record<string, MetricSummary> = {};
  for (const key of keys) {
    const e = estimate(replications.map((r) => r[key] ?? NaN));
    out[key] = { mean: finiteOrNull(e.mean), ci95: [finiteOrNull(e.ci95[0]), finiteOrNull(e.ci95[1])], unit: metricUnit(key) };
  }
  return out;
}
