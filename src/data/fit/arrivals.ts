/**
 * The arrival profile a scenario uses: rate(t) = rate x hourOfDay[h] x dayOfWeek[d]. Fitted to the 168 hour-of-week
 * counts of a window by Poisson maximum likelihood (iterative proportional fitting with exposure: how many times
 * each hour of the week occurs in the window), which makes the fitted day and hour totals equal the observed ones.
 */
import { dayOfWeek, HOURS_PER_WEEK, hourOfWeek } from "../time/calendar.js";

export interface ArrivalProfileFit {
  /** Window the profile was fitted on (local day numbers, inclusive). */
  fromDay: number;
  toDay: number;
  arrivals: number;
  /** Base rate, per hour: the mean rate over a week. */
  ratePerHour: number;
  /** 24 multipliers with mean 1. */
  hourOfDay: number[];
  /** 7 multipliers with mean 1, Monday first. */
  dayOfWeek: number[];
  /** Arrivals in each hour of the week (Monday 00-01 first) over the window. */
  observed: number[];
  /** How many times each hour of the week occurs in the window. */
  exposureHours: number[];
  /** Expected arrivals in each hour of the week under the fit (same exposure). */
  fitted: number[];
  /** Weekdays absent from the window, whose multipliers come from `borrowedWeekdayShares`. */
  unobservedDays: number[];
  quality: ProfileQuality;
}

export interface ProfileQuality {
  totalObserved: number;
  totalFitted: number;
  /** sum |observed - fitted| / sum observed over the hours of the week with exposure. */
  relativeAbsoluteError: number;
  /** Pearson chi-square of observed against fitted counts, and its degrees of freedom (cells - 30 parameters). */
  pearsonChiSquare: number;
  degreesOfFreedom: number;
  /** chi-square / dof: about 1 for a separable Poisson profile; larger when weekday and hour interact or days vary. */
  dispersion: number;
}

/**
 * Fit on the arrivals (local minutes) that fall in [fromDay, toDay]. `weekdayShares` (7, e.g. from the window
 * analysis) supply the relative level of weekdays the window does not contain. `missingDays` (local day numbers,
 * e.g. busy weekdays with no arrival at all: a hole in the extract) add no exposure.
 */
export function fitArrivalProfile(
  localMinutes: ArrayLike<number>,
  fromDay: number,
  toDay: number,
  weekdayShares?: number[],
  missingDays: ReadonlySet<number> = new Set(),
): ArrivalProfileFit {
  const observed = new Array<number>(HOURS_PER_WEEK).fill(0);
  const exposure = new Array<number>(HOURS_PER_WEEK).fill(0);
  for (let d = fromDay; d <= toDay; d++) {
    if (missingDays.has(d)) continue;
    for (let h = 0; h < 24; h++) exposure[dayOfWeek(d) * 24 + h]!++;
  }
  let arrivals = 0;
  const lo = fromDay * 1440;
  const hi = (toDay + 1) * 1440;
  for (let i = 0; i < localMinutes.length; i++) {
    const m = localMinutes[i]!;
    if (m < lo || m >= hi) continue;
    observed[hourOfWeek(m)]!++;
    arrivals++;
  }
  const dayObserved = [0, 1, 2, 3, 4, 5, 6].map((d) => exposure[d * 24]! > 0);
  // Raking: a[h] and b[d] such that expected counts a[h] b[d] e[d,h] match the hour and day margins.
  const a = new Array<number>(24).fill(1);
  const b = new Array<number>(7).fill(1);
  for (let iteration = 0; iteration < 500; iteration++) {
    let change = 0;
    for (let h = 0; h < 24; h++) {
      let num = 0;
      let den = 0;
      for (let d = 0; d < 7; d++) {
        num += observed[d * 24 + h]!;
        den += b[d]! * exposure[d * 24 + h]!;
      }
      const next = den > 0 ? num / den : 0;
      change = Math.max(change, Math.abs(next - a[h]!) / Math.max(1e-12, a[h]!));
      a[h] = next;
    }
    for (let d = 0; d < 7; d++) {
      if (!dayObserved[d]) continue;
      let num = 0;
      let den = 0;
      for (let h = 0; h < 24; h++) {
        num += observed[d * 24 + h]!;
        den += a[h]! * exposure[d * 24 + h]!;
      }
      const next = den > 0 ? num / den : 0;
      change = Math.max(change, Math.abs(next - b[d]!) / Math.max(1e-12, b[d]!));
      b[d] = next;
    }
    if (change < 1e-10) break;
  }
  const unobservedDays = [0, 1, 2, 3, 4, 5, 6].filter((d) => !dayObserved[d]);
  if (unobservedDays.length > 0) {
    // Scale the borrowed shares to the observed days' level; without shares, assume the observed days' mean.
    const observedDays = [0, 1, 2, 3, 4, 5, 6].filter((d) => dayObserved[d]);
    const meanB = observedDays.reduce((s, d) => s + b[d]!, 0) / Math.max(1, observedDays.length);
    const shareSum = weekdayShares ? observedDays.reduce((s, d) => s + weekdayShares[d]!, 0) : 0;
    for (const d of unobservedDays)
      b[d] = weekdayShares && shareSum > 0 ? (weekdayShares[d]! * observedDays.reduce((s, o) => s + b[o]!, 0)) / shareSum : meanB;
  }
  const meanA = a.reduce((s, x) => s + x, 0) / 24;
  const meanB = b.reduce((s, x) => s + x, 0) / 7;
  const ratePerHour = meanA * meanB;
  const hourOfDay = a.map((x) => (meanA > 0 ? x / meanA : 1));
  const dayOfWeekMultipliers = b.map((x) => (meanB > 0 ? x / meanB : 1));
  const fitted = observed.map((_, i) => ratePerHour * hourOfDay[i % 24]! * dayOfWeekMultipliers[Math.floor(i / 24)]! * exposure[i]!);
  return {
    fromDay,
    toDay,
    arrivals,
    ratePerHour,
    hourOfDay,
    dayOfWeek: dayOfWeekMultipliers,
    observed,
    exposureHours: exposure,
    fitted,
    unobservedDays,
    quality: quality(observed, fitted, exposure),
  };
}

function quality(observed: number[], fitted: number[], exposure: number[]): ProfileQuality {
  let totalObserved = 0;
  let totalFitted = 0;
  let absolute = 0;
  let chi = 0;
  let cells = 0;
  for (let i = 0; i < observed.length; i++) {
    if (exposure[i] === 0) continue;
    totalObserved += observed[i]!;
    totalFitted += fitted[i]!;
    absolute += Math.abs(observed[i]! - fitted[i]!);
    if (fitted[i]! > 0) {
      chi += (observed[i]! - fitted[i]!) ** 2 / fitted[i]!;
      cells++;
    }
  }
  const degreesOfFreedom = Math.max(1, cells - 30);
  return {
    totalObserved,
    totalFitted,
    relativeAbsoluteError: totalObserved > 0 ? absolute / totalObserved : 0,
    pearsonChiSquare: chi,
    degreesOfFreedom,
    dispersion: chi / degreesOfFreedom,
  };
}
