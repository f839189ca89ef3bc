/**
 * The weekly roster (src/model/staffing.ts) against a brute-force count: at every quarter hour of the week, the agents
 * rostered are the sum over shifts on duty then, and never negative. The run's staffing steps and the agent-minutes
 * paid follow from it, whatever minute of the week the run starts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rosteredAgentMinutes, weeklyRoster } from "../../src/model/staffing.js";
import type { Shift, Staffing } from "../../src/model/types.js";
import { staffingStepsOf } from "../helpers.js";
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
    const run = staffingStepsOf(staffing([sunday]), 0, WEEK);
    expect(Math.min(...run.map((s) => s.available))).toBeGreaterThanOrEqual(0);
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

  it("a run's staffing steps follow the roster from any start, and keep capacity right in every hour", () => {
    fc.assert(
      fc.property(
        fc.array(shiftArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(0, 0.1, 0.25, 0.3),
        fc.integer({ min: 0, max: WEEK - 1 }),
        fc.integer({ min: 1, max: 3 * WEEK }),
        (schedule, shrinkage, startMinuteOfWeek, horizonMinutes) => {
          const s = { schedule, shrinkage, costPerHour: 0 };
          const byMinute = Int32Array.from({ length: WEEK }, (_, m) => bruteForce(schedule, m));
          const rosterAt = (runMinute: number) => byMinute[(startMinuteOfWeek + runMinute) % WEEK]!;
          const steps = staffingStepsOf(s, startMinuteOfWeek, horizonMinutes);
          expect(steps[0]!.time).toBe(0);
          for (let i = 1; i < steps.length; i++) {
            expect(steps[i]!.time).toBeGreaterThan(steps[i - 1]!.time);
            expect(steps[i]!.time).toBeLessThan(horizonMinutes);
            const same = steps[i]!.available === steps[i - 1]!.available && steps[i]!.rostered === steps[i - 1]!.rostered;
            expect(same, `step ${i} changes nothing`).toBe(false);
          }
          // Minute by minute (every boundary but the extra agent's leaving is on a whole minute): the roster as the
          // brute force counts it, and available agents within one of roster x (1 - shrinkage).
          const availableMinutes = new Float64Array(horizonMinutes);
          let k = 0;
          const wrong: string[] = [];
          for (let m = 0; m < horizonMinutes && wrong.length < 3; m++) {
            while (k + 1 < steps.length && steps[k + 1]!.time <= m) k++;
            const roster = rosterAt(m);
            if (steps[k]!.rostered !== roster) wrong.push(`minute ${m}: rostered ${steps[k]!.rostered}, roster ${roster}`);
            if (!(Math.abs(steps[k]!.available - roster * (1 - shrinkage)) < 1)) wrong.push(`minute ${m}: ${steps[k]!.available} available of ${roster}`);
          }
          expect(wrong).toEqual([]);
          // Over a clock hour with one roster count, the extra agent makes the available agent-minutes exact.
          for (let i = 0; i < steps.length; i++) {
            const end = i + 1 < steps.length ? steps[i + 1]!.time : horizonMinutes;
            for (let m = Math.ceil(steps[i]!.time); m < end; m++) availableMinutes[m] = steps[i]!.available;
            if (!Number.isInteger(steps[i]!.time) && steps[i]!.time > 0) {
              // the piece before this step covers the fraction of the minute it starts in
              const m = Math.floor(steps[i]!.time);
              availableMinutes[m] = steps[i - 1]!.available * (steps[i]!.time - m) + steps[i]!.available * (Math.min(end, m + 1) - steps[i]!.time);
            }
          }
          for (let hour = Math.ceil(startMinuteOfWeek / 60) * 60 - startMinuteOfWeek; hour + 60 <= horizonMinutes; hour += 60) {
            const roster = rosterAt(hour);
            let constant = true;
            let sum = 0;
            for (let m = hour; m < hour + 60; m++) {
              if (rosterAt(m) !== roster) constant = false;
              sum += availableMinutes[m]!;
            }
            if (constant && Math.abs(sum - roster * (1 - shrinkage) * 60) > 1e-6) wrong.push(`hour at ${hour}: ${sum} agent-minutes`);
          }
          expect(wrong).toEqual([]);
          // Agent-minutes paid over any window: the brute-force count summed minute by minute.
          const from = Math.floor(horizonMinutes / 3);
          let paid = 0;
          for (let m = from; m < horizonMinutes; m++) paid += rosterAt(m);
          expect(rosteredAgentMinutes(s, startMinuteOfWeek, from, horizonMinutes)).toBe(paid);
        },
      ),
      runs(60),
    );
  });
});
