import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { intervalStaffing, laggedRates, weeklyRates } from "../../src/analytic/intervalStaffing.js";
import { requiredAgents } from "../../src/analytic/staffing.js";
import { tierDemand } from "../../src/analytic/tierDemand.js";
import type { Scenario } from "../../src/model/types.js";

const exp = (mean: number) => ({ dist: "exp" as const, mean });

/** A small tiered desk: two categories, 200 tickets/h, flat over the week unless a profile is given. */
function desk(profile: { hourOfDay?: number[]; dayOfWeek?: number[] } = {}): Scenario {
  return {
    name: "small-desk",
    description: "built in the test",
    seed: 1,
    structure: "tiered",
    horizonMinutes: 10080,
    warmupMinutes: 0,
    replications: 2,
    startMinuteOfWeek: 0,
    serviceLevelTargetMinutes: 20 / 60,
    arrivals: {
      ratePerMinute: 100 / 30,
      hourOfDay: profile.hourOfDay ?? new Array(24).fill(1),
      dayOfWeek: profile.dayOfWeek ?? new Array(7).fill(1),
    },
    backlog: [0, 0, 0],
    categories: [
      {
        name: "password",
        share: 0.6,
        levelShares: [0.9, 0.1, 0],
        handleTime: [exp(2), { dist: "fixed", value: 10 }, exp(60)],
        problems: { count: 10, zipfExponent: 1 },
      },
      {
        name: "network",
        share: 0.4,
        levelShares: [0.5, 0.3, 0.2],
        handleTime: [{ dist: "uniform", min: 2, max: 6 }, exp(20), { dist: "gamma", mean: 90, cv: 0.5 }],
        problems: { count: 10, zipfExponent: 1 },
      },
    ],
    priorities: [{ name: "P3", share: 1 }],
    channels: [{ name: "email", share: 1 }],
    tiers: [
      { agents: 10, shrinkage: 0.3, costPerHour: 30, handoffTime: { dist: "fixed", value: 1 } },
      { agents: 5, shrinkage: 0.2, costPerHour: 50, handoffTime: { dist: "fixed", value: 2 } },
      { agents: 2, shrinkage: 0, costPerHour: 90 },
    ],
    reopen: { rate: 0, delay: exp(1440) },
    wrongEscalation: { rate: 0, reviewTime: exp(5) },
    knowledge: {
      enabled: false,
      documentRate: 0,
      documentDelayMinutes: 0,
      l1Success: 0,
      l1HandleFactor: 1,
      rootCauseFixRate: 0,
      fixDelayMinutes: 0,
      novelty: 0,
    },
    flat: { agents: 15, shrinkage: 0.25, costPerHour: 40, skillFactor: [1, 1.5, 2] },
  };
}

describe("tier demand", () => {
  it("splits arrivals and handle time by the escalation shares", () => {
    const scenario = desk();
    const l1 = tierDemand(scenario, "L1");
    expect(l1.arrivalShare).toBeCloseTo(1, 12);
    // 0.6 x 2 + 0.4 x 4 = 2.8 minutes handling, plus 1 minute of notes on the 0.6 x 0.1 + 0.4 x 0.5 = 0.26 escalated.
    expect(l1.handleMinutes).toBeCloseTo(2.8 + 0.26, 12);
    expect(l1.handoffMinutes).toBeCloseTo(0.26, 12);
    expect(l1.shrinkage).toBe(0.3);

    const l2 = tierDemand(scenario, "L2");
    expect(l2.arrivalShare).toBeCloseTo(0.26, 12);
    // (0.06 x 10 + 0.2 x 20 + 0.08 x 2 minutes of notes to L3) / 0.26
    expect(l2.handleMinutes).toBeCloseTo((0.6 + 4 + 0.16) / 0.26, 12);

    const l3 = tierDemand(scenario, "L3");
    expect(l3.arrivalShare).toBeCloseTo(0.08, 12);
    expect(l3.handleMinutes).toBeCloseTo(90, 12);

    const pool = tierDemand(scenario, "pool");
    // 0.6 (0.9 x 2 + 0.1 x 10 x 1.5) + 0.4 (0.5 x 4 + 0.3 x 20 x 1.5 + 0.2 x 90 x 2)
    expect(pool.handleMinutes).toBeCloseTo(0.6 * (1.8 + 1.5) + 0.4 * (2 + 9 + 36), 12);
    expect(pool.shrinkage).toBe(0.25);
  });
});

describe("weekly rates and the lag", () => {
  it("multiplies the base rate by the hour-of-day and day-of-week profiles, Monday first", () => {
    const hourOfDay = new Array(24).fill(1);
    hourOfDay[10] = 2;
    const dayOfWeek = [1, 1, 1, 1, 1, 0.5, 0];
    const rates = weeklyRates(desk({ hourOfDay, dayOfWeek }).arrivals);
    expect(rates.length).toBe(168);
    expect(rates[10]).toBeCloseTo((2 * 100) / 30, 12); // Monday 10:00
    expect(rates[5 * 24 + 10]).toBeCloseTo(100 / 30, 12); // Saturday 10:00
    expect(rates[6 * 24 + 3]).toBe(0); // Sunday
  });

  it("shifts the rates back by the lag, circularly, averaging across hour boundaries", () => {
    const rates = Float64Array.from({ length: 168 }, (_, i) => i);
    expect(Array.from(laggedRates(rates, 0))).toEqual(Array.from(rates));
    const hour = laggedRates(rates, 60);
    expect(hour[0]).toBeCloseTo(167, 12); // Monday 00:00 looks back to Sunday 23:00
    expect(hour[5]).toBeCloseTo(4, 12);
    const half = laggedRates(rates, 30);
    expect(half[0]).toBeCloseTo((167 + 0) / 2, 12);
    expect(half[10]).toBeCloseTo(9.5, 12);
    const week = laggedRates(rates, 10080 + 60);
    expect(week[3]).toBeCloseTo(2, 12);
  });
});

describe("per-interval staffing (SIPP)", () => {
  it("a flat profile gives the same agents in every interval: the stationary answer", () => {
    const scenario = desk();
    const table = intervalStaffing(scenario);
    expect(table.intervals.length).toBe(168);
    const demand = tierDemand(scenario, "L1");
    const stationary = requiredAgents(
      { ratePerMinute: 100 / 30, handleMinutes: demand.handleMinutes },
      { targetMinutes: 20 / 60, serviceLevel: 0.8 },
    )!.agents;
    for (const row of table.intervals) {
      expect(row.agents).toBe(stationary);
      expect(row.rostered).toBe(Math.ceil(stationary / 0.7 - 1e-9));
      expect(row.ratePerHour).toBeCloseTo(200, 9);
      expect(row.serviceLevel).toBeGreaterThanOrEqual(0.8);
    }
    expect(table.agentHours).toBe(168 * stationary);
  });

  it("the textbook queue on a flat week needs 14 agents every hour, 20 rostered at 30% shrinkage", () => {
    const scenario = desk();
    scenario.categories = [{ ...scenario.categories[0]!, share: 1, levelShares: [1, 0, 0], handleTime: [exp(3), exp(3), exp(3)] }];
    const table = intervalStaffing(scenario, { shrinkage: 0.3 });
    expect(new Set(table.intervals.map((r) => r.agents))).toEqual(new Set([14]));
    expect(new Set(table.intervals.map((r) => r.rostered))).toEqual(new Set([20]));
  });

  it("a peak hour needs more agents, a closed day none", () => {
    const hourOfDay = new Array(24).fill(1);
    hourOfDay[10] = 3;
    const dayOfWeek = [1, 1, 1, 1, 1, 1, 0];
    const table = intervalStaffing(desk({ hourOfDay, dayOfWeek }));
    const at = (day: number, hour: number) => table.intervals[day * 24 + hour]!;
    expect(at(2, 10).agents).toBeGreaterThan(at(2, 9).agents);
    expect(at(2, 10).ratePerHour).toBeCloseTo(600, 9);
    expect(at(2, 9).agents).toBe(at(2, 11).agents);
    expect(at(6, 10).agents).toBe(0);
    expect(at(6, 10).rostered).toBe(0);
  });

  it("lagged SIPP carries the peak into the next hour, L2 sized on its own share and handle time", () => {
    const hourOfDay = new Array(24).fill(1);
    hourOfDay[10] = 3;
    const scenario = desk({ hourOfDay });
    const plain = intervalStaffing(scenario, { group: "L2" });
    const lagged = intervalStaffing(scenario, { group: "L2", lag: true });
    const l2 = tierDemand(scenario, "L2");
    expect(plain.handleMinutes).toBeCloseTo(l2.handleMinutes, 12);
    expect(plain.intervals[10]!.ratePerHour).toBeCloseTo(600 * 0.26, 9);
    // Lag = L2's mean handle time (about 18.3 min): 11:00 sees the last 18.3 minutes of the 10:00 peak.
    const share = l2.handleMinutes / 60;
    expect(lagged.intervals[11]!.ratePerHour).toBeCloseTo(200 * 0.26 * (1 + 2 * share), 9);
    expect(lagged.intervals[10]!.ratePerHour).toBeCloseTo(200 * 0.26 * (3 - 2 * share), 9);
    expect(lagged.intervals[11]!.agents).toBeGreaterThan(plain.intervals[11]!.agents);
    expect(lagged.lag).toBe(true);
    expect(plain.shrinkage).toBe(0.2);
  });

  it("a flat scenario is staffed as one pool", () => {
    const scenario = { ...desk(), structure: "flat" as const };
    const table = intervalStaffing(scenario);
    expect(table.group).toBe("pool");
    expect(table.shrinkage).toBe(0.25);
  });

  it("an impossible load is an input error naming the interval", () => {
    const hourOfDay = new Array(24).fill(1);
    hourOfDay[9] = 1e6;
    expect(() => intervalStaffing(desk({ hourOfDay }))).toThrow(InputError);
    expect(() => intervalStaffing(desk({ hourOfDay }))).toThrow(/Mon 09:00: L1 would need more than 10000 agents/);
  });
});
