import type { Uniform } from "../engine/random.js";
import type { ArrivalsConfig } from "./types.js";
import { DOUBLE_ZERO } from "../engine/layout.js";

const HOURS_PER_WEEK = 168;

/**
 * Non-homogeneous Poisson arrivals with a rate constant within each hour of the week.
 * Generated exactly by inverting the integrated rate (an Exp(1) amount of "rate mass" per gap), so a short peak is
 * never skipped and no candidate is thrown away as thinning would.
 */
export class ArrivalProcess {
  private readonly ratePerMinute: Float64Array;
  private readonly weekMass: number = DOUBLE_ZERO;
  private readonly trace: Float64Array | undefined;
  /** The rate when it is the same in every hour of the week (a homogeneous process: no walk over hours), else 0. */
  private readonly constantRate: number = DOUBLE_ZERO;
  private traceIndex = 0;
  /** Run time of the next arrival, in minutes from the run start: 0 until the first advance(). */
  nextMinute = DOUBLE_ZERO;
  /** Index in the trace of the arrival at `nextMinute`, or -1 for a generated one. */
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
    this.constantRate = r0 > 0 && this.ratePerMinute.every((r) => r === r0) ? r0 : 0;
  }

  /**
   * Move `nextMinute` on to the following arrival (Infinity when there are no more). The result goes to a field, not
   * a return value, and the start is the previous arrival, not an argument: a number passed across a call the
   * compiler does not inline costs an allocation, once per ticket.
   */
  advance(): void {
    const rate = this.constantRate;
    // The common homogeneous case stays small enough for the compiler to inline into the event loop.
    if (rate > 0 && this.trace === undefined) this.nextMinute -= Math.log(1 - this.uniform.next()) / rate;
    else if (this.trace !== undefined) this.advanceInTrace();
    else this.advanceVarying();
  }

  private advanceInTrace(): void {
    const trace = this.trace!;
    const t = this.nextMinute;
    while (this.traceIndex < trace.length && trace[this.traceIndex]! < t) this.traceIndex++;
    if (this.traceIndex >= trace.length) {
      this.nextMinute = Infinity;
      return;
    }
    this.lastTraceIndex = this.traceIndex;
    this.nextMinute = trace[this.traceIndex++]!;
  }

  private advanceVarying(): void {
    if (this.weekMass <= 0) {
      this.nextMinute = Infinity;
      return;
    }
    let t = this.nextMinute;
    let mass = -Math.log(1 - this.uniform.next());
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
      if (rate * span > mass) {
        this.nextMinute = weekMinute + mass / rate - this.startMinuteOfWeek;
        return;
      }
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
