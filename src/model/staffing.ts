import type { Staffing } from "./types.js";

const WEEK = 10080;

/**
 * Agents available over the run, piecewise constant: at times[i] the count becomes available[i], with rostered[i]
 * agents on the roster (what is paid). Shrinkage turns a roster r into r x (1 - shrinkage) available agents; the
 * fraction is honoured by keeping one more agent for that share of each hour, so capacity is right on average.
 */
export interface StaffingTimeline {
  times: Float64Array;
  available: Int32Array;
  rostered: Float64Array;
}

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

export function staffingTimeline(staffing: Staffing, startMinuteOfWeek: number, horizonMinutes: number): StaffingTimeline {
  const roster = weeklyRoster(staffing);
  const keep = 1 - staffing.shrinkage;
  const times: number[] = [];
  const available: number[] = [];
  const rostered: number[] = [];
  const push = (t: number, a: number, r: number) => {
    const n = times.length;
    if (n > 0 && available[n - 1] === a && rostered[n - 1] === r) return;
    if (n > 0 && times[n - 1] === t) {
      available[n - 1] = a;
      rostered[n - 1] = r;
      return;
    }
    times.push(t);
    available.push(a);
    rostered.push(r);
  };
  const rosterAt = (weekMinute: number) => {
    const m = ((weekMinute % WEEK) + WEEK) % WEEK;
    let count = roster[0]!.count;
    for (const step of roster) {
      if (step.minute <= m) count = step.count;
      else break;
    }
    return count;
  };
  // Boundaries: roster steps and, where shrinkage leaves a fraction, every hour.
  const boundaries = new Set<number>();
  for (let week = Math.floor(startMinuteOfWeek / WEEK) * WEEK; week < startMinuteOfWeek + horizonMinutes + WEEK; week += WEEK) {
    for (const step of roster) boundaries.add(week + step.minute - startMinuteOfWeek);
  }
  const fractional = roster.some((s) => Math.abs(s.count * keep - Math.round(s.count * keep)) > 1e-9);
  if (fractional) {
    const firstHour = Math.ceil(startMinuteOfWeek / 60) * 60 - startMinuteOfWeek;
    for (let t = firstHour; t < horizonMinutes; t += 60) boundaries.add(t);
  }
  boundaries.add(0);
  const sorted = [...boundaries].filter((t) => t >= 0 && t < horizonMinutes).sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i]!;
    const r = rosterAt(t + startMinuteOfWeek);
    const exact = r * keep;
    const whole = Math.floor(exact + 1e-9);
    const fraction = exact - whole;
    if (fraction > 1e-9) {
      // One more agent for the first `fraction` of the hour that starts here (or of the piece up to the next boundary).
      const next = i + 1 < sorted.length ? sorted[i + 1]! : horizonMinutes;
      const span = next - t;
      push(t, whole + 1, r);
      push(t + fraction * span, whole, r);
    } else {
      push(t, whole, r);
    }
  }
  return { times: Float64Array.from(times), available: Int32Array.from(available), rostered: Float64Array.from(rostered) };
}

/** Integral of rostered agents over [from, to): agent-minutes paid. */
export function rosteredAgentMinutes(timeline: StaffingTimeline, from: number, to: number): number {
  let total = 0;
  for (let i = 0; i < timeline.times.length; i++) {
    const start = Math.max(from, timeline.times[i]!);
    const end = Math.min(to, i + 1 < timeline.times.length ? timeline.times[i + 1]! : Infinity);
    if (end > start) total += timeline.rostered[i]! * (end - start);
  }
  return total;
}
