import { estimate } from "../stats/confidence.js";
import type { Scenario } from "../model/types.js";
import type { ReplicationResult } from "../model/desk.js";
import { TIERSIM_VERSION } from "../version.js";
import { metricUnit } from "./units.js";

export interface MetricSummary {
  mean: number | null;
  ci95: [number | null, number | null];
  unit: string;
}

/** summary.json, in the shape DESIGN.md fixes. */
export interface Summary {
  scenario: string;
  structure: Scenario["structure"];
  seed: number;
  replications: number;
  horizonMinutes: number;
  warmupMinutes: number;
  tiersimVersion: string;
  metrics: Record<string, MetricSummary>;
}

/** JSON has no NaN or Infinity: an undefined figure is null. Rounded to 10 significant digits for stable output. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(10)) : null;
}

/**
 * The t interval does not know a metric's range: keep a share's interval within [0, 1] and every other one above 0
 * (every tiersim metric is a share, a time, a count or a cost).
 */
export function clampToRange([lo, hi]: [number, number], unit: string): [number, number] {
  return unit === "share" ? [Math.max(0, lo), Math.min(1, hi)] : [Math.max(0, lo), hi];
}

export function summarize(scenario: Scenario, results: ReplicationResult[]): Summary {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const k of Object.keys(r.metrics)) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const metrics: Record<string, MetricSummary> = {};
  for (const key of keys) {
    const e = estimate(results.map((r) => r.metrics[key] ?? NaN));
    const unit = metricUnit(key);
    const [lo, hi] = clampToRange(e.ci95, unit);
    metrics[key] = { mean: finiteOrNull(e.mean), ci95: [finiteOrNull(lo), finiteOrNull(hi)], unit };
  }
  return {
    scenario: scenario.name,
    structure: scenario.structure,
    seed: scenario.seed,
    replications: results.length,
    horizonMinutes: scenario.horizonMinutes,
    warmupMinutes: scenario.warmupMinutes,
    tiersimVersion: TIERSIM_VERSION,
    metrics,
  };
}
