import { estimate } from "../stats/confidence.js";
import type { Scenario } from "../model/types.js";
import { TIERSIM_VERSION } from "../version.js";
import { runJobs, type PoolOptions } from "./pool.js";
import { collect, type SimulationResult } from "./simulate.js";
import { finiteOrNull } from "./summary.js";
import { higherIsBetter, metricUnit } from "./units.js";

export type Verdict = "better" | "worse" | "higher" | "lower" | "no significant difference" | "no difference";

export interface Interval {
  mean: number | null;
  ci95: [number | null, number | null];
}

export interface PairedDifference extends Interval {
  verdict: Verdict;
}

export interface ComparedMetric {
  key: string;
  unit: string;
  /** Per scenario, in the order given; null where a scenario has no such metric (e.g. wait.L2 in a flat pool). */
  values: (Interval | null)[];
  /** Paired difference of each scenario to the first (null for the first itself, or where either lacks the metric). */
  differences: (PairedDifference | null)[];
}

/** comparison.json */
export interface Comparison {
  scenarios: { name: string; file: string | undefined; structure: Scenario["structure"] }[];
  seed: number;
  replications: number;
  horizonMinutes: number;
  warmupMinutes: number;
  tiersimVersion: string;
  metrics: ComparedMetric[];
}

export interface CompareOptions extends PoolOptions {
  replications?: number;
}

/**
 * Run scenarios on common random numbers (the first one's seed and the same replication indexes, so replication r
 * of every scenario sees the very same tickets) and compare each to the first by paired differences.
 */
export async function compareScenarios(scenarios: Scenario[], options: CompareOptions = {}): Promise<{ comparison: Comparison; results: SimulationResult[] }> {
  const first = scenarios[0]!;
  const replications = options.replications ?? first.replications;
  const aligned = scenarios.map((s) => ({ ...s, seed: first.seed, replications }));
  const jobs = aligned.flatMap((scenario) =>
    Array.from({ length: replications }, (_, replication) => ({ scenario, replication, recordTickets: false })),
  );
  const all = await runJobs(jobs, options);
  const results = aligned.map((s, i) => collect(s, all.slice(i * replications, (i + 1) * replications)));
  return { comparison: compareResults(results), results };
}

export function compareResults(results: SimulationResult[]): Comparison {
  const first = results[0]!;
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const k of Object.keys(r.summary.metrics)) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const metrics = keys.map((key): ComparedMetric => {
    const perReplication = results.map((r) => (key in r.summary.metrics ? r.replications.map((x) => x.metrics[key] ?? NaN) : undefined));
    const values = results.map((r) => {
      const m = r.summary.metrics[key];
      return m ? { mean: m.mean, ci95: m.ci95 } : null;
    });
    const base = perReplication[0];
    const differences = perReplication.map((xs, i) => {
      if (i === 0 || xs === undefined || base === undefined) return null;
      return pairedDifference(key, base, xs);
    });
    return { key, unit: metricUnit(key), values, differences };
  });
  return {
    scenarios: results.map((r) => ({ name: r.scenario.name, file: r.scenario.source, structure: r.scenario.structure })),
    seed: first.scenario.seed,
    replications: first.summary.replications,
    horizonMinutes: first.scenario.horizonMinutes,
    warmupMinutes: first.scenario.warmupMinutes,
    tiersimVersion: TIERSIM_VERSION,
    metrics,
  };
}

/** Mean and 95% interval of the replication-by-replication differences (other - base), and what they say. */
export function pairedDifference(key: string, base: number[], other: number[]): PairedDifference {
  const d: number[] = [];
  for (let r = 0; r < Math.min(base.length, other.length); r++) {
    const diff = other[r]! - base[r]!;
    if (Number.isFinite(diff)) d.push(diff);
  }
  const e = estimate(d);
  return { mean: finiteOrNull(e.mean), ci95: [finiteOrNull(e.ci95[0]), finiteOrNull(e.ci95[1])], verdict: verdict(key, d, e.ci95) };
}

function verdict(key: string, diffs: number[], ci: [number, number]): Verdict {
  if (diffs.length > 0 && diffs.every((x) => x === 0)) return "no difference";
  if (!(ci[0] > 0) && !(ci[1] < 0)) return "no significant difference";
  const higher = ci[0] > 0;
  const better = higherIsBetter(key);
  if (better === undefined) return higher ? "higher" : "lower";
  return higher === better ? "better" : "worse";
}
