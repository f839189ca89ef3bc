import { DOUBLE_ZERO } from "../engine/layout.js";
import type { Staffing } from "./types.js";

const WEEK = 10080;

/** Rostered head count at each minute-of-week boundary: [weekMinute, count] steps over one week, sorted. */
export function weeklyRoster(staffing: Staffing): { minute: number; count: number }[] {
  if (staffing.schedule === undefined) return [{ minute: 0, count: staffing.agents ?? 0 }];
  const delta = new Map<number, number>();
  const add = (minute: number, d: number) => {
    const m = ((minute % WEEK) + WEEK) % WEEK;
    delta.set(m, (delta.get(m) ?? 0) + d);
  };
  let wrapped = 0;
  for (const shift of staffing.schedule) {
    for (const day of shift.days) {
      const start = day * 1440 + shift.startMinute;
      const end = start + shift.durationMinutes;
      add(start, shift.agents);
      add(end, -shift.agents);
      // A shift that reaches Sunday midnight has its end counted at minute 0: start it there too (on duty only if it
      // runs past midnight, when the end comes later).
      if (end >= WEEK) wrapped += shift.agents;
    }
  }
  const minutes = [...delta.keys()].sort((a, b) => a - b);
  const steps: { minute: number; count: number }[] = [];
  let count = wrapped;
  if (!delta.has(0)) steps.push({ minute: 0, count });
  for (const m of minutes) {
    count += delta.get(m)!;
    steps.push({ minute: m, count });
  }
  return steps;
}

/** Walks the weekly roster's steps in run time, week after week: `count` holds until `nextStep`. */
class RosterCursor {
  count: number;
  nextStep: number;
  private k = 0;
  private weekStart: number;

  constructor(
    private readonly roster: { minute: number; count: number }[],
    startMinuteOfWeek: number,
  ) {
    this.count = roster[0]!.count;
    this.weekStart = Math.floor(startMinuteOfWeek / WEEK) * WEEK - startMinuteOfWeek;
    this.nextStep = this.weekStart; // the roster's first step is at minute 0
    while (this.nextStep <= 0) this.advance();
  }

  advance(): void {
    this.count = this.roster[this.k]!.count;
    this.k++;
    if (this.k === this.roster.length) {
      this.k = 0;
      this.weekStart += WEEK;
    }
    this.nextStep = this.weekStart + this.roster[this.k]!.minute;
  }
}

/**
 * A tier's agents over the run, one step at a time: from `time` on, `available` agents are on duty out of `rostered`
 * on the roster (what is paid). Shrinkage turns a roster r into r x (1 - shrinkage) available agents; the fraction is
 * honoured by keeping one more agent for that share of each hour, so capacity is right on average.
 *
 * Steps are made as the run reaches them rather than stored: a year at hourly steps is some 9,000 per tier, and
 * building them in one loop at the start of every replication made V8 compile that loop in every worker thread.
 */
export class StaffingSteps {
  time = DOUBLE_ZERO;
  available = 0;
  rostered = 0;
  private readonly keep: number;
  private readonly roster: RosterCursor;
  private nextHour: number;
  /** Start of the next piece between boundaries (roster steps, hour marks, the horizon). */
  private pieceStart = 0;
  /** A fractional piece offers two steps: the extra agent's arrival, then (this one) its leaving. */
  private hasLeaving = false;
  private leavingTime = DOUBLE_ZERO;
  private leavingAvailable = 0;
  private offerTime = DOUBLE_ZERO;
  private offerAvailable = 0;
  private offerRostered = 0;
  /** The last step offered, held back until the next offer shows whether it replaces it (same time). */
  private heldTime = DOUBLE_ZERO;
  private heldAvailable = 0;
  private heldRostered = 0;

  constructor(
    staffing: Staffing,
    startMinuteOfWeek: number,
    private readonly horizonMinutes: number,
  ) {
    const roster = weeklyRoster(staffing);
    this.keep = 1 - staffing.shrinkage;
    this.roster = new RosterCursor(roster, startMinuteOfWeek);
    // Where shrinkage leaves a fraction, every hour is a boundary too.
    const fractional = roster.some((s) => Math.abs(s.count * this.keep - Math.round(s.count * this.keep)) > 1e-9);
    this.nextHour = fractional ? Math.ceil(startMinuteOfWeek / 60) * 60 - startMinuteOfWeek : Infinity;
    if (this.nextHour <= 0) this.nextHour += 60;
    this.offer();
    this.hold();
  }

  /**
   * Move to the next step; the first call gives the step at time 0. Steps go on past the horizon, where the caller
   * stops: the run's last step takes no path of its own, which V8 would meet only at the end of the first replication
   * and recompile the event loop for.
   */
  next(): void {
    for (;;) {
      this.offer();
      // Past the horizon nothing is merged: the step held is final (and under a constant roster the search ends).
      if (this.offerTime < this.horizonMinutes) {
        // A step that changes nothing is dropped; a second step at one time replaces the first.
        if (this.heldAvailable === this.offerAvailable && this.heldRostered === this.offerRostered) continue;
        if (this.heldTime === this.offerTime) {
          this.heldAvailable = this.offerAvailable;
          this.heldRostered = this.offerRostered;
          continue;
        }
      }
      this.time = this.heldTime;
      this.available = this.heldAvailable;
      this.rostered = this.heldRostered;
      this.hold();
      return;
    }
  }

  private hold(): void {
    this.heldTime = this.offerTime;
    this.heldAvailable = this.offerAvailable;
    this.heldRostered = this.offerRostered;
  }

  private offer(): void {
    if (this.hasLeaving) {
      this.hasLeaving = false;
      this.offerTime = this.leavingTime;
      this.offerAvailable = this.leavingAvailable;
      return;
    }
    const t = this.pieceStart;
    const steps = this.roster;
    const horizon = this.horizonMinutes;
    let next = Math.min(steps.nextStep, this.nextHour);
    if (t < horizon && next > horizon) next = horizon;
    const count = steps.count;
    const exact = count * this.keep;
    const whole = Math.floor(exact + 1e-9);
    const fraction = exact - whole;
    this.offerTime = t;
    this.offerRostered = count;
    if (fraction > 1e-9) {
      // One more agent for the first `fraction` of the hour that starts here (or of the piece up to the next boundary).
      this.offerAvailable = whole + 1;
      this.hasLeaving = true;
      this.leavingTime = t + fraction * (next - t);
      this.leavingAvailable = whole;
    } else {
      this.offerAvailable = whole;
    }
    this.pieceStart = next;
    if (next === steps.nextStep) steps.advance();
    if (next === this.nextHour) this.nextHour += 60;
  }
}

/**
 * Rostered agents integrated over [from, to) of the run: agent-minutes paid. Whole weeks count as one week's total, so
 * the cost is that of one week's steps whatever the horizon: a replication ends with this, and a loop over a year's
 * steps was long enough for V8 to compile it in every worker thread.
 */
export function rosteredAgentMinutes(staffing: Staffing, startMinuteOfWeek: number, from: number, to: number): number {
  const roster = weeklyRoster(staffing);
  const week = agentMinutesInWeekBefore(roster, WEEK);
  // Agent-minutes from week minute 0 of week 0 up to `minute` (>= 0), weeks repeating.
  const before = (minute: number) => {
    const weeks = Math.floor(minute / WEEK);
    return weeks * week + agentMinutesInWeekBefore(roster, minute - weeks * WEEK);
  };
  return before(startMinuteOfWeek + to) - before(startMinuteOfWeek + from);
}

/** Agent-minutes on the weekly roster from week minute 0 up to `minute` (0 to WEEK). */
function agentMinutesInWeekBefore(roster: { minute: number; count: number }[], minute: number): number {
  let total = 0;
  for (let k = 0; k < roster.length && roster[k]!.minute < minute; k++) {
    const end = k + 1 < roster.length ? roster[k + 1]!.minute : WEEK;
    total += roster[k]!.count * (Math.min(minute, end) - roster[k]!.minute);
  }
  return total;
}
