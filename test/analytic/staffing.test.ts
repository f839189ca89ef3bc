import { describe, expect, it } from "vitest";
import { queuePerformance } from "../../src/analytic/performance.js";
import { meetsTarget, requiredAgents, rosteredAgents, squareRootStaffing } from "../../src/analytic/staffing.js";

const QUEUE = { ratePerMinute: 100 / 30, handleMinutes: 3 };
const TARGET = { targetMinutes: 20 / 60, serviceLevel: 0.8 };

describe("required agents", () => {
  it("Erlang C: 14 agents for 80% in 20 s, 20 rostered with 30% shrinkage", () => {
    const result = requiredAgents(QUEUE, TARGET)!;
    expect(result.agents).toBe(14);
    expect(rosteredAgents(result.agents, 0.3)).toBe(20);
    expect(Math.abs(result.performance.serviceLevel - 0.8884)).toBeLessThan(5e-5);
  });

  it("Erlang A: 13 agents with a 5-minute mean patience", () => {
    expect(requiredAgents({ ...QUEUE, patienceMinutes: 5 }, TARGET)!.agents).toBe(13);
  });

  it("an abandonment cap and an occupancy cap add agents", () => {
    // P(abandon) is 0.0140 at 14 and 0.0075 at 15.
    expect(requiredAgents({ ...QUEUE, patienceMinutes: 5 }, { ...TARGET, maxAbandon: 0.01 })!.agents).toBe(15);
    // 10 Erlangs at most 70% busy: ceil(10 / 0.7) = 15.
    expect(requiredAgents(QUEUE, { ...TARGET, maxOccupancy: 0.7 })!.agents).toBe(15);
    // Exactly met caps count as met: 10 Erlangs at 80% is 12.5 -> 13, and 10 / 0.5 = 20 exactly.
    expect(requiredAgents(QUEUE, { ...TARGET, serviceLevel: 0, maxOccupancy: 0.5 })!.agents).toBe(20);
  });

  it("is the smallest feasible head count across many loads", () => {
    for (const load of [0.05, 0.7, 3, 9.9, 47, 130, 999]) {
      for (const patienceMinutes of [undefined, 0.5, 6]) {
        for (const serviceLevel of [0.5, 0.8, 0.95]) {
          const queue = { ratePerMinute: load / 4, handleMinutes: 4, patienceMinutes };
          const target = { targetMinutes: 0.5, serviceLevel };
          const result = requiredAgents(queue, target)!;
          expect(meetsTarget(queuePerformance(result.agents, queue, 0.5), target)).toBe(true);
          if (result.agents > 1) expect(meetsTarget(queuePerformance(result.agents - 1, queue, 0.5), target)).toBe(false);
        }
      }
    }
  });

  it("handles thousands of agents", () => {
    const result = requiredAgents({ ratePerMinute: 1500, handleMinutes: 3 }, TARGET)!;
    expect(result.agents).toBeGreaterThan(4500);
    expect(result.agents).toBeLessThan(4600);
    const withPatience = requiredAgents({ ratePerMinute: 1500, handleMinutes: 3, patienceMinutes: 2 }, TARGET)!;
    expect(withPatience.agents).toBeLessThanOrEqual(result.agents);
  });

  it("gives up above the cap, and needs nobody for no load", () => {
    expect(requiredAgents(QUEUE, { ...TARGET, maxAgents: 12 })).toBeUndefined();
    expect(requiredAgents({ ratePerMinute: 1e6, handleMinutes: 3 }, TARGET)).toBeUndefined();
    expect(requiredAgents({ ratePerMinute: 0, handleMinutes: 3 }, TARGET)!.agents).toBe(0);
  });
});

describe("square-root staffing and shrinkage", () => {
  it("c = R + beta sqrt(R), rounded up", () => {
    expect(squareRootStaffing(10, 1.2)).toBe(14); // 10 + 3.79
    expect(squareRootStaffing(100, 1)).toBe(110);
    expect(squareRootStaffing(0, 1)).toBe(0);
    // A starting point close to the exact answer.
    expect(Math.abs(squareRootStaffing(10, 1.2) - requiredAgents(QUEUE, TARGET)!.agents)).toBeLessThanOrEqual(1);
  });

  it("rostered = ceil(agents / (1 - shrinkage)), immune to binary rounding", () => {
    expect(rosteredAgents(14, 0.3)).toBe(20);
    expect(rosteredAgents(7, 0.3)).toBe(10);
    expect(rosteredAgents(15, 0.3)).toBe(22);
    expect(rosteredAgents(10, 0)).toBe(10);
    expect(rosteredAgents(0, 0.3)).toBe(0);
    expect(() => rosteredAgents(10, 1)).toThrow(RangeError);
  });
});
