import { describe, expect, it } from "vitest";
import { rosteredAgentMinutes, weeklyRoster } from "../../src/model/staffing.js";
import type { Staffing } from "../../src/model/types.js";
import { staffingStepsOf } from "../helpers.js";

const shift = (days: number[], startMinute: number, durationMinutes: number, agents: number) => ({ name: "s", days, startMinute, durationMinutes, agents });

describe("weekly rosters", () => {
  it("a Sunday shift ending at 24:00 leaves nobody on Monday night", () => {
    const staffing: Staffing = { schedule: [shift([6], 20 * 60, 4 * 60, 4)], shrinkage: 0, costPerHour: 0 };
    const roster = weeklyRoster(staffing);
    expect(roster.every((s) => s.count >= 0)).toBe(true);
    expect(roster.find((s) => s.minute === 0)!.count).toBe(0);
    expect(roster.find((s) => s.minute === 6 * 1440 + 20 * 60)!.count).toBe(4);
  });

  it("a shift across Sunday midnight is on duty at the start of the week until it ends", () => {
    const staffing: Staffing = { schedule: [shift([6], 22 * 60, 9 * 60, 2)], shrinkage: 0, costPerHour: 0 };
    const roster = weeklyRoster(staffing);
    expect(roster[0]).toEqual({ minute: 0, count: 2 });
    expect(roster.find((s) => s.minute === 7 * 60)!.count).toBe(0);
    expect(rosteredAgentMinutes(staffing, 0, 0, 10080)).toBe(2 * 9 * 60);
  });

  it("shrinkage keeps capacity right on average through a part-time extra agent", () => {
    const staffing: Staffing = { agents: 9, shrinkage: 0.3, costPerHour: 10 };
    const steps = staffingStepsOf(staffing, 0, 1440);
    let available = 0;
    for (let i = 0; i < steps.length; i++) available += steps[i]!.available * ((i + 1 < steps.length ? steps[i + 1]!.time : 1440) - steps[i]!.time);
    expect(available / 1440).toBeCloseTo(6.3, 9);
    expect(rosteredAgentMinutes(staffing, 0, 0, 1440)).toBe(9 * 1440);
  });
});
