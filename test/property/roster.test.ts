/**
 * The weekly roster (src/model/staffing.ts) against a brute-force count: at every quarter hour of the week, the agents
 * rostered are the sum over shifts on duty then, and never negative.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { staffingTimeline, weeklyRoster } from "../../src/model/staffing.js";
import type { Shift, Staffing } from "../../src/model/types.js";
import { runs } from "./arbitraries.js";

const WEEK = 10080;

const shiftArb = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }).map((d) => d.sort((a, b) => a - b)),
    start: fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
    duration: fc.integer({ min: 1, max: 96 }).map((q) => q * 15),
    agents: fc.integer({ min: 0, max: 5 }),
  })
  .map((s): Shift => ({ name: "s", days: s.days, startMinute: s.start, durationMinutes: s.duration, agents: s.agents }));

/** Agents on duty at minute-of-week m, by definition: shifts started on one of their days, not yet ended. */
function bruteForce(schedule: Shift[], m: number): number {
  let n = 0;
  for (const s of schedule) {
    for (const d of s.days) {
      const start = d * 1440 + s.startMinute;
      const end = start + s.durationMinutes;
      if ((m >= start && m < end) || (m + WEEK >= start && m + WEEK < end)) n += s.agents;
    }
  }
  return n;
}

function rosterAt(steps: { minute: number; count: number }[], m: number): number {
  let count = steps[0]!.count;
  for (const step of steps) if (step.minute <= m) count = step.count;
  return count;
}

const staffing = (schedule: Shift[]): Staffing => ({ schedule, shrinkage: 0, costPerHour: 0 });

describe("weekly roster", () => {
  // Regression: a shift ending exactly at Sunday 24:00 (Sun 16:00-24:00, or "16:00" to "00:00") used to put its end
  // (-agents) at minute 0 of the week without counting it as on duty there: the roster was negative all week.
  it("a shift ending at Sunday 24:00 is on duty Sunday evening only, never negative", () => {
    const sunday: Shift = { name: "late", days: [6], startMinute: 16 * 60, durationMinutes: 8 * 60, agents: 3 };
    const steps = weeklyRoster(staffing([sunday]));
    for (let m = 0; m < WEEK; m += 15) expect(rosterAt(steps, m), `minute ${m}`).toBe(bruteForce([sunday], m));
    const timeline = staffingTimeline(staffing([sunday]), 0, WEEK);
    expect(Math.min(...timeline.available)).toBeGreaterThanOrEqual(0);
  });

  it("random rosters (shifts over midnight and over Sunday 24:00 included) match the brute-force count", () => {
    fc.assert(
      fc.property(fc.array(shiftArb, { minLength: 1, maxLength: 4 }), (schedule) => {
        const steps = weeklyRoster(staffing(schedule));
        for (const step of steps) expect(step.count).toBeGreaterThanOrEqual(0);
        for (let m = 0; m < WEEK; m += 15) expect(rosterAt(steps, m), `minute ${m}`).toBe(bruteForce(schedule, m));
      }),
      runs(300),
    );
  });
});
