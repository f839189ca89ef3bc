/**
 * Simulated against observed: the same figures (arrivals, abandonment, waits, time to resolve, highest tier reached)
 * computed the same way from the log's tickets and from the simulated tickets of each replication, per hour of day,
 * per day and overall. Simulated figures are means over replications with Student-t 95% intervals.
 */
import type { TicketRow } from "../../model/desk.js";
import { TIERS, type Tier } from "../../model/types.js";
import { estimate } from "../../stats/confidence.js";
import type { TicketRecord } from "../tickets/record.js";

/** The figures of a replay, in report order. `hourly` and `daily` tables carry the first four. */
export const REPLAY_METRICS = [
  "arrivals",
  "abandonment",
  "wait.L1.mean",
  "resolveTime.mean",
  "wait.L1.p90",
  "wait.L2.mean",
  "wait.L3.mean",
  "resolveTime.p50",
  "resolveTime.p90",
  "highestTier.L1",
  "highestTier.L2",
  "highestTier.L3",
] as const;
export type ReplayMetric = (typeof REPLAY_METRICS)[number];
export const TABLE_METRICS = ["arrivals", "abandonment", "wait.L1.mean", "resolveTime.mean"] as const satisfies readonly ReplayMetric[];
export type TableMetric = (typeof TABLE_METRICS)[number];

export const METRIC_UNITS: Record<ReplayMetric, "tickets" | "share" | "minutes"> = {
  arrivals: "tickets",
  abandonment: "share",
  "wait.L1.mean": "minutes",
  "resolveTime.mean": "minutes",
  "wait.L1.p90": "minutes",
  "wait.L2.mean": "minutes",
  "wait.L3.mean": "minutes",
  "resolveTime.p50": "minutes",
  "resolveTime.p90": "minutes",
  "highestTier.L1": "share",
  "highestTier.L2": "share",
  "highestTier.L3": "share",
};

export const METRIC_TEXT: Record<ReplayMetric, string> = {
  arrivals: "arrivals",
  abandonment: "abandonment (share of arrivals)",
  "wait.L1.mean": "wait at L1, mean (answered)",
  "resolveTime.mean": "time to resolve, mean",
  "wait.L1.p90": "wait at L1, 90th pct",
  "wait.L2.mean": "wait at L2, mean",
  "wait.L3.mean": "wait at L3, mean",
  "resolveTime.p50": "time to resolve, median",
  "resolveTime.p90": "time to resolve, 90th pct",
  "highestTier.L1": "highest tier reached: L1",
  "highestTier.L2": "highest tier reached: L2",
  "highestTier.L3": "highest tier reached: L3",
};

/** One figure, observed against simulated. `observed` is null where the log does not show it. */
export interface Figure {
  observed: number | null;
  /** Tickets the observed figure is computed over. */
  observedN: number;
  simulated: number | null;
  ci95: [number | null, number | null];
  /** (simulated - observed) / observed, where both exist and observed is not 0. */
  relativeDifference: number | null;
}

export interface TableRow {
  /** "08" (hour of day 08:00-09:00) or "1999-01-04" (a day). */
  key: string;
  label: string;
  figures: Record<TableMetric, Figure>;
}

/** Accumulators for one set of tickets in one bucket. */
class Bucket {
  arrivals = 0;
  abandoned = 0;
  waitSum = 0;
  waitN = 0;
  resolveSum = 0;
  resolveN = 0;
}

/** Everything counted over one set of tickets (the log's, or one replication's). */
class Tally {
  readonly hours = Array.from({ length: 24 }, () => new Bucket());
  readonly days: Bucket[];
  readonly all = new Bucket();
  readonly waits: Record<Tier, number[]> = { L1: [], L2: [], L3: [] };
  readonly resolve: number[] = [];
  readonly levels: Record<Tier, number> = { L1: 0, L2: 0, L3: 0 };

  constructor(days: number) {
    this.days = Array.from({ length: days }, () => new Bucket());
  }

  private buckets(minute: number): Bucket[] {
    const day = Math.floor(minute / 1440);
    const hour = Math.floor((minute - day * 1440) / 60);
    const out = [this.all, this.hours[hour]!];
    const d = this.days[day];
    if (d) out.push(d);
    return out;
  }

  add(minute: number, abandoned: boolean, waitL1: number | undefined, resolve: number | undefined): void {
    for (const b of this.buckets(minute)) {
      b.arrivals++;
      if (abandoned) b.abandoned++;
      if (waitL1 !== undefined) {
        b.waitSum += waitL1;
        b.waitN++;
      }
      if (resolve !== undefined) {
        b.resolveSum += resolve;
        b.resolveN++;
      }
    }
    if (waitL1 !== undefined) this.waits.L1.push(waitL1);
    if (resolve !== undefined) this.resolve.push(resolve);
  }
}

function quantile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(s.length - 1, lo + 1)]! - s[lo]!) * (pos - lo);
}

const mean = (values: number[]) => (values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length);

function bucketValue(b: Bucket, metric: TableMetric): number {
  switch (metric) {
    case "arrivals":
      return b.arrivals;
    case "abandonment":
      return b.arrivals > 0 ? b.abandoned / b.arrivals : NaN;
    case "wait.L1.mean":
      return b.waitN > 0 ? b.waitSum / b.waitN : NaN;
    case "resolveTime.mean":
      return b.resolveN > 0 ? b.resolveSum / b.resolveN : NaN;
  }
}

function bucketN(b: Bucket, metric: TableMetric): number {
  return metric === "wait.L1.mean" ? b.waitN : metric === "resolveTime.mean" ? b.resolveN : b.arrivals;
}

function overallValue(t: Tally, metric: ReplayMetric): number {
  switch (metric) {
    case "arrivals":
    case "abandonment":
    case "wait.L1.mean":
    case "resolveTime.mean":
      return bucketValue(t.all, metric);
    case "wait.L1.p90":
      return quantile(t.waits.L1, 0.9);
    case "wait.L2.mean":
      return mean(t.waits.L2);
    case "wait.L3.mean":
      return mean(t.waits.L3);
    case "resolveTime.p50":
      return quantile(t.resolve, 0.5);
    case "resolveTime.p90":
      return quantile(t.resolve, 0.9);
    case "highestTier.L1":
    case "highestTier.L2":
    case "highestTier.L3": {
      const total = t.levels.L1 + t.levels.L2 + t.levels.L3;
      return total > 0 ? t.levels[metric.slice(12) as Tier] / total : NaN;
    }
  }
}

function overallN(t: Tally, metric: ReplayMetric): number {
  switch (metric) {
    case "wait.L1.p90":
      return t.waits.L1.length;
    case "wait.L2.mean":
      return t.waits.L2.length;
    case "wait.L3.mean":
      return t.waits.L3.length;
    case "resolveTime.p50":
    case "resolveTime.p90":
      return t.resolve.length;
    case "highestTier.L1":
    case "highestTier.L2":
    case "highestTier.L3":
      return t.levels.L1 + t.levels.L2 + t.levels.L3;
    default:
      return bucketN(t.all, metric);
  }
}

/** What the log shows, so that a figure it cannot show is reported as unknown rather than as zero. */
export interface ObservedAvailability {
  abandonment: boolean;
  waits: boolean;
  resolve: boolean;
  tiers: boolean;
}

/** The observed tally of a trace's tickets (local arrival minutes from the replay start, in trace order). */
export function observedTally(tickets: TicketRecord[], arrivalMinutes: ArrayLike<number>, days: number): Tally {
  const t = new Tally(days);
  tickets.forEach((ticket, i) => {
    const wait = ticket.waitMinutes.L1;
    const done = ticket.outcome === "served" ? (ticket.resolvedMinute ?? ticket.closedMinute) : undefined;
    const resolve = done !== undefined && done >= ticket.arrivalMinute ? done - ticket.arrivalMinute : undefined;
    t.add(arrivalMinutes[i]!, ticket.outcome === "abandoned", wait, resolve);
    for (const tier of ["L2", "L3"] as const) {
      const w = ticket.waitMinutes[tier];
      if (w !== undefined) t.waits[tier].push(w);
    }
    if (ticket.highestTier) t.levels[ticket.highestTier]++;
  });
  return t;
}

/**
 * The highest tier a simulated ticket reached (or, still open at the end, the tier it needs): the simulator's
 * counterpart of a log's highest tier. Abandoned tickets only ever waited at L1.
 */
export function highestTierReached(row: TicketRow): Tier | undefined {
  if (!(TIERS as readonly string[]).includes(row.level)) return undefined; // a flat pool has no tiers
  if (row.outcome === "abandoned") return "L1";
  if (row.outcome === "in-system") return row.articleUsed ? "L1" : (row.level as Tier);
  const resolvedAt = TIERS.indexOf(row.resolvedBy as Tier);
  const reached = Math.max(resolvedAt < 0 ? 0 : resolvedAt, row.bouncedBack ? 1 : 0);
  return TIERS[reached];
}

/** The tally of one replication's ticket rows (backlog tickets, with negative ids, left out). */
export function simulatedTally(rows: TicketRow[], days: number, flat: boolean): Tally {
  const t = new Tally(days);
  for (const r of rows) {
    if (r.id < 0) continue;
    const resolved = r.outcome === "resolved";
    t.add(r.arrivalMinute, r.outcome === "abandoned", resolved ? r.waitMinutes[0] : undefined, resolved ? r.endMinute - r.arrivalMinute : undefined);
    if (flat) continue;
    const tier = highestTierReached(r);
    if (tier) t.levels[tier]++;
    if (resolved) {
      const reached = tier ? TIERS.indexOf(tier) : 0;
      if (reached >= 1 && Number.isFinite(r.waitMinutes[1]!)) t.waits.L2.push(r.waitMinutes[1]!);
      if (reached >= 2 && Number.isFinite(r.waitMinutes[2]!)) t.waits.L3.push(r.waitMinutes[2]!);
    }
  }
  return t;
}

function available(metric: ReplayMetric, a: ObservedAvailability): boolean {
  if (metric === "abandonment") return a.abandonment;
  if (metric.startsWith("wait.")) return a.waits;
  if (metric.startsWith("resolveTime.")) return a.resolve;
  if (metric.startsWith("highestTier.")) return a.tiers;
  return true;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(10)) : null);

function figure(observed: number, observedN: number, simulated: number[], show: boolean, share: boolean): Figure {
  const e = estimate(simulated);
  // Counts, shares and times cannot be negative (nor shares above 1): the t-interval is clipped to what is possible.
  e.ci95 = [Math.max(0, e.ci95[0]), share ? Math.min(1, e.ci95[1]) : e.ci95[1]];
  const obs = show ? finite(observed) : null;
  const sim = finite(e.mean);
  return {
    observed: obs,
    observedN: show ? observedN : 0,
    simulated: sim,
    ci95: [finite(e.ci95[0]), finite(e.ci95[1])],
    relativeDifference: obs !== null && sim !== null && obs !== 0 ? finite((sim - obs) / obs) : null,
  };
}

export interface Comparison {
  overall: Record<ReplayMetric, Figure>;
  hourly: TableRow[];
  daily: TableRow[];
}

/** Put the observed tally beside the replications' tallies. `dates[d]` names day d of the replay. */
export function compareTallies(observed: Tally, simulated: Tally[], dates: string[], availability: ObservedAvailability): Comparison {
  const overall = {} as Record<ReplayMetric, Figure>;
  for (const metric of REPLAY_METRICS) {
    overall[metric] = figure(
      overallValue(observed, metric),
      overallN(observed, metric),
      simulated.map((s) => overallValue(s, metric)),
      available(metric, availability),
      METRIC_UNITS[metric] === "share",
    );
  }
  const row = (key: string, label: string, pick: (t: Tally) => Bucket): TableRow => {
    const figures = {} as Record<TableMetric, Figure>;
    for (const metric of TABLE_METRICS) {
      const b = pick(observed);
      figures[metric] = figure(
        bucketValue(b, metric),
        bucketN(b, metric),
        simulated.map((s) => bucketValue(pick(s), metric)),
        available(metric, availability),
        METRIC_UNITS[metric] === "share",
      );
    }
    return { key, label, figures };
  };
  const hh = (h: number) => String(h).padStart(2, "0");
  const hourly = Array.from({ length: 24 }, (_, h) => row(hh(h), `${hh(h)}:00-${h === 23 ? "24" : hh(h + 1)}:00`, (t) => t.hours[h]!));
  const daily = dates.map((date, d) => row(date, date, (t) => t.days[d]!));
  return { overall, hourly, daily };
}

export type { Tally };
