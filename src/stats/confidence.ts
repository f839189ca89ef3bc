import { mean, sampleStandardDeviation } from "simple-statistics";
import { studentTQuantile } from "./studentT.js";

/** A mean over replications with its Student-t 95% confidence interval. */
export interface Estimate {
  mean: number;
  ci95: [number, number];
  /** Half-width of the interval. */
  halfWidth: number;
  n: number;
}

/**
 * Mean and 95% interval of per-replication values. Values that are NaN (a metric undefined in a replication, such as
 * a wait at a tier nobody reached) are left out; with fewer than two values left the interval is [mean, mean] when the
 * replications agree, or as wide as their spread otherwise is unknown: NaN.
 */
export function estimate(values: ArrayLike<number>): Estimate {
  const xs = Array.from(values).filter((v) => !Number.isNaN(v));
  if (xs.length === 0) return { mean: NaN, ci95: [NaN, NaN], halfWidth: NaN, n: 0 };
  const m = mean(xs);
  if (xs.length === 1) return { mean: m, ci95: [NaN, NaN], halfWidth: NaN, n: 1 };
  if (xs.some((x) => !Number.isFinite(x))) return { mean: m, ci95: [m, m], halfWidth: NaN, n: xs.length };
  const sd = sampleStandardDeviation(xs);
  const halfWidth = studentTQuantile(0.975, xs.length - 1) * (sd / Math.sqrt(xs.length));
  return { mean: m, ci95: [m - halfWidth, m + halfWidth], halfWidth, n: xs.length };
}
