import type { Uniform } from "../engine/random.js";
import type { ArrivalsConfig } from "./types.js";

const HOURS_PER_WEEK = 168;

/**
 * Non-homogeneous Poisson arrivals with a rate constant within each hour of the week.
 * Generated exactly by inverting the integrated rate (an Exp(1) amount of "rate mass" per gap), so a short peak is
 * never skipped and no candidate is thrown away as thinning would.
 */
export class ArrivalProcess {
  private readonly ratePerMinute: Float64Array;
  private readonly weekMass: number;
  private readonly trace: Float64Array | undefined;
  /** The rate when it is the same in every hour of the week (a homogeneous process: no walk over hours). */
  private readonly constantRate: number | undefined;
  private traceIndex = 0;
  /** Index in the trace of the arrival last returned by next(), or -1 for a generated one. */
  lastTraceIndex = -1;

  constructor(
    config: ArrivalsConfig,
    private readonly startMinuteOfWeek: number,
    private readonly uniform: Uniform,
  ) {
    this.trace = config.traceMinutes;
    this.ratePerMinute = new Float64Array(HOURS_PER_WEEK);
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      this.ratePerMinute[h] = config.ratePerMinute * config.hourOfDay[h % 24]! * config.dayOfWeek[Math.floor(h / 24)]!;
    }
    this.weekMass = this.ratePerMinute.reduce((s, r) => s + r * 60, 0);
    const r0 = this.ratePerMinute[0]!;
    this.constantRate = r0 > 0 && this.ratePerMinute.every((r) => r === r0) ? r0 : undefined;
  }

  /** Rate in tickets per minute at run time t (minutes from the run start). */
  rateAt(t: number): number {
    return this.ratePerMinute[hourOfWeek(t + this.startMinuteOfWeek)]!;
  }

  /** The first arrival strictly after run time t; Infinity when there are no more. */
  next(t: number): number {
    if (this.trace) {
      const trace = this.trace;
      while (this.traceIndex < trace.length && trace[this.traceIndex]! < t) this.traceIndex++;
      if (this.traceIndex >= trace.length) return Infinity;
      this.lastTraceIndex = this.traceIndex;
      return trace[this.traceIndex++]!;
    }
    if (this.weekMass <= 0) return Infinity;
    let mass = -Math.log(1 - this.uniform());
    if (this.constantRate !== undefined) return t + mass / this.constantRate;
    // Whole weeks first, so that long quiet stretches cost nothing.
    if (mass >= this.weekMass) {
      const weeks = Math.floor(mass / this.weekMass);
      mass -= weeks * this.weekMass;
      t += weeks * 10080;
    }
    let weekMinute = t + this.startMinuteOfWeek;
    for (;;) {
      const hour = hourOfWeek(weekMinute);
      const rate = this.ratePerMinute[hour]!;
      const hourEnd = Math.floor(weekMinute / 60) * 60 + 60;
      const span = hourEnd - weekMinute;
      if (rate * span > mass) return weekMinute + mass / rate - this.startMinuteOfWeek;
      mass -= rate * span;
      weekMinute = hourEnd;
    }
  }
}

export function hourOfWeek(weekMinute: number): number {
  const h = Math.floor(weekMinute / 60) % HOURS_PER_WEEK;
  return h < 0 ? h + HOURS_PER_WEEK : h;
}

/** Expected number of arrivals in run time [from, to): for checks and for sizing. */
export function expectedArrivals(config: ArrivalsConfig, startMinuteOfWeek: number, from: number, to: number): number {
  let total = 0;
  let t = from;
  while (t < to) {
    const w = t + startMinuteOfWeek;
    const hour = hourOfWeek(w);
    const end = Math.min(to, Math.floor(w / 60) * 60 + 60 - startMinuteOfWeek);
    total += config.ratePerMinute * config.hourOfDay[hour % 24]! * config.dayOfWeek[Math.floor(hour / 24)]! * (end - t);
    t = end;
  }
  return total;
}
