/** Confidence intervals for the proportions and rates a fit reports. */
import { chiSquareQuantile } from "./special.js";

export interface Proportion {
  successes: number;
  trials: number;
  /** successes / trials; NaN when there are no trials. */
  share: number;
  /** Wilson score 95% interval: well behaved near 0 and 1 and for small counts, unlike the Wald interval. */
  ci95: [number, number];
}

export function wilson(successes: number, trials: number, z = 1.959964): Proportion {
  if (trials <= 0) return { successes, trials, share: NaN, ci95: [NaN, NaN] };
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { successes, trials, share: p, ci95: [Math.max(0, centre - half), Math.min(1, centre + half)] };
}

/**
 * 95% interval of an exponential rate estimated as events / exposure (also right-censored data):
 * events are then Poisson given the exposure, so the chi-square (Garwood) bounds apply.
 */
export function poissonRateInterval(events: number, exposure: number): [number, number] {
  if (!(exposure > 0)) return [NaN, NaN];
  const lower = events > 0 ? chiSquareQuantile(0.025, 2 * events) / (2 * exposure) : 0;
  const upper = chiSquareQuantile(0.975, 2 * events + 2) / (2 * exposure);
  return [lower, upper];
}
