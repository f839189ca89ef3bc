import { describe, expect, it } from "vitest";
import { requiredAgents } from "../../src/analytic/staffing.js";
import { InputError } from "../../src/errors.js";
import { optimize } from "../../src/experiment/optimize.js";
import { optimizeMarkdown, optimizeText } from "../../src/experiment/optimizeReport.js";
import { applyStaffing, staffingCost, staffingVariables } from "../../src/experiment/optimizeStaffing.js";
import { simulate } from "../../src/experiment/simulate.js";
import { checkTargets, parseTargets, scenarioMetricKeys } from "../../src/experiment/targets.js";
import { loadScenario } from "../../src/model/load.js";
import type { Scenario } from "../../src/model/types.js";

const THREE_TIER = "test/fixtures/scenarios/optimize-three-tier.yaml";

/** The scenario with its horizon cut to the warm-up plus one week: quicker, and still a whole week measured. */
async function scenarioFor(file: string, overrides: string[] = []): Promise<Scenario> {
  const s = await loadScenario(file, overrides);
  return { ...s, horizonMinutes: Math.min(s.horizonMinutes, s.warmupMinutes + 7 * 1440) };
}

describe("optimize, one tier: agrees with Erlang C", () => {
  it("100 calls / 30 min, AHT 3 min, 80% in 20 s: 14 agents", async () => {
    // Erlang C: 13 agents give 79.56% and 14 give 88.84%. The simulation can only accept 13 if the lower bound of its
    // interval reaches 80%, which its true value (below 80%) makes all but impossible: 13 ends "unsure" or "missed".
    // 14 is far enough above 80% (8.8 points, against a half-width well under a point over 8 weeks) that its lower
    // bound clears 80% at the first 4 replications, so the interval never forces 15: the answer is exactly 14.
    const scenario = await loadScenario("scenarios/erlang-c.yaml"); // 8 weeks, 10 replications at most
    const erlang = requiredAgents({ ratePerMinute: 100 / 30, handleMinutes: 3 }, { targetMinutes: 1 / 3, serviceLevel: 0.8 });
    expect(erlang?.agents).toBe(14);
    const targets = parseTargets(["serviceLevel>=0.8"], scenarioMetricKeys(scenario));
    const result = await optimize(scenario, { targets, workers: 1 });
    expect(result.status).toBe("optimal");
    expect(result.chosen?.staffing).toEqual({ L1: 14 });
    expect(result.variables[0]).toMatchObject({ name: "L1", kind: "agents", start: 14 });
    const thirteen = result.candidates.find((c) => c.label === "L1 13")!;
    expect(thirteen.met).toBe(false);
    expect(thirteen.checks[0]!.status).not.toBe("met");
    // The candidate table and the chosen figures reach the reports.
    expect(optimizeText(result)).toMatch(/Staffing: L1 14/);
    expect(optimizeMarkdown(result)).toMatch(/## Candidates tried/);
    expect(result.chosen!.checks[0]!.bound).toBeGreaterThanOrEqual(0.8);
  });
});

describe("optimize, three tiers with head counts", () => {
  it("meets every target; one agent fewer in any tier, or moved to a tier where it costs less, misses one", async () => {
    const scenario = await scenarioFor(THREE_TIER);
    const targets = parseTargets(["serviceLevel>=0.8", "wait.L2.p90<=20m", "wait.L3.p90<=1h"], scenarioMetricKeys(scenario));
    const result = await optimize(scenario, { targets, workers: 1 });
    expect(result.status).toBe("optimal");
    const chosen = result.chosen!;
    expect(chosen.checks.every((c) => c.met)).toBe(true);
    const staffing = chosen.staffing as Record<string, number>;
    expect(Object.keys(staffing)).toEqual(["L1", "L2", "L3"]);

    // Recompute the chosen staffing's figures independently: the same replications give the same intervals.
    const chosenScenario = applyStaffing(scenario, result.variables, result.variables.map((v) => v.chosen!));
    const again = await simulate(chosenScenario, { replications: chosen.replications, workers: 1 });
    expect(checkTargets(targets, again.summary.metrics).every((c) => c.met)).toBe(true);
    expect(again.summary.metrics["cost.total"]!.mean).toBeCloseTo(chosen.cost, 6);

    for (const [i, variable] of result.variables.entries()) {
      const fewer = result.variables.map((v) => v.chosen!);
      fewer[i]! -= 1;
      const label = result.variables.map((v, j) => `${v.name} ${fewer[j]}`).join(", ");
      const tried = result.candidates.find((c) => c.label === label);
      // The optimizer tried it (or it is below the tier's stability floor) and found a target missed.
      if (fewer[i]! >= variable.min) {
        expect(tried, `${label} was tried`).toBeDefined();
        expect(tried!.met).toBe(false);
      }
      const replications = tried && tried.replications > 0 ? tried.replications : result.settings.maxReplications;
      const run = await simulate(applyStaffing(scenario, result.variables, fewer), { replications, workers: 1 });
      const checks = checkTargets(targets, run.summary.metrics);
      expect(checks.some((c) => !c.met), `${label} should miss a target`).toBe(true);
    }

    // Nor does moving one agent from one tier to another where it costs less (the exchange phase tried each).
    let cheaperMoves = 0;
    for (const [from, source] of result.variables.entries()) {
      for (const [to, target] of result.variables.entries()) {
        const moved = result.variables.map((v) => v.chosen!);
        moved[from]! -= 1;
        moved[to]! += 1;
        if (from === to || moved[from]! < source.min || moved[to]! > target.max) continue;
        if (staffingCost(applyStaffing(scenario, result.variables, moved)).cost >= chosen.cost) continue;
        cheaperMoves++;
        const label = result.variables.map((v, j) => `${v.name} ${moved[j]}`).join(", ");
        const tried = result.candidates.find((c) => c.label === label);
        expect(tried, `${label} was tried`).toBeDefined();
        expect(tried!.met, `${label} meets every target at a lower cost`).toBe(false);
      }
    }
    expect(cheaperMoves).toBeGreaterThan(0);
  });

  it("gives the same answer, candidates and figures on 1 or 2 worker threads", async () => {
    const scenario = await scenarioFor(THREE_TIER);
    const targets = parseTargets(["serviceLevel>=0.85", "wait.L2.p90<=30m"]);
    const one = await optimize(scenario, { targets, workers: 1 });
    const two = await optimize(scenario, { targets, workers: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it("the cost it minimizes is the simulator's cost.total", async () => {
    const scenario = await loadScenario(THREE_TIER, ["run.replications=2"]);
    const run = await simulate(scenario, { workers: 1 });
    expect(staffingCost(scenario).cost).toBeCloseTo(run.summary.metrics["cost.total"]!.mean!, 6);
  });
});

describe("optimize: targets that cannot be met get a clear answer, not a hang", () => {
  it("a service level beyond reach with --max-agents", async () => {
    const scenario = await scenarioFor("scenarios/erlang-c.yaml");
    const targets = parseTargets(["serviceLevel>=0.999"], scenarioMetricKeys(scenario));
    const result = await optimize(scenario, { targets, maxAgents: 15, workers: 1 });
    expect(result.status).toBe("infeasible");
    expect(result.chosen).toBeNull();
    expect(result.unreachable).toHaveLength(1);
    const u = result.unreachable[0]!;
    expect(u.target).toBe("serviceLevel>=0.999");
    expect(u.at).toBe("L1 15");
    expect(u.best.mean!).toBeGreaterThan(0.9);
    expect(u.best.mean!).toBeLessThan(0.97); // Erlang C: 94.15% with 15 agents
    expect(optimizeText(result)).toMatch(/No staffing meets every target: cannot be met: serviceLevel>=0.999/);
    expect(optimizeText(result)).toMatch(/Best reached: 9\d\.\d% \(/);
    expect(result.candidates.length).toBeLessThanOrEqual(2);
  });

  it("a target on a metric no staffing changes", async () => {
    const scenario = await scenarioFor(THREE_TIER);
    const targets = parseTargets(["serviceLevel>=0.8", "escalationRate.L1<=0.1"], scenarioMetricKeys(scenario));
    const result = await optimize(scenario, { targets, workers: 1 });
    expect(result.status).toBe("infeasible");
    expect(result.unreachable.map((u) => u.target)).toEqual(["escalationRate.L1<=0.1"]);
    expect(result.unreachable[0]!.reason).toMatch(/staffing barely changes escalationRate\.L1/);
    expect(result.unreachable[0]!.best.mean!).toBeGreaterThan(0.25);
  });

  it("a budget that the cheapest staffing meeting the other targets exceeds", async () => {
    const scenario = await scenarioFor(THREE_TIER);
    const targets = parseTargets(["serviceLevel>=0.8", "cost.total<=1000"], scenarioMetricKeys(scenario));
    const result = await optimize(scenario, { targets, workers: 1 });
    expect(result.status).toBe("infeasible");
    expect(result.unreachable.map((u) => u.target)).toEqual(["cost.total<=1000"]);
    expect(result.unreachable[0]!.reason).toMatch(/cheapest staffing that meets the other targets/);
    expect(result.chosen).not.toBeNull();
  });

  it("the iteration cap stops the search", async () => {
    // No analytic rule for abandonment: the search starts from square-root staffing, several agents short.
    const scenario = await scenarioFor(THREE_TIER);
    const targets = parseTargets(["abandonment<=0.5%"], scenarioMetricKeys(scenario));
    const result = await optimize(scenario, { targets, workers: 1, maxIterations: 1, groups: ["L1"] });
    expect(result.iterations).toBe(1);
    expect(result.status).toBe("limit");
    expect(result.chosen).toBeNull();
    expect(result.message).toMatch(/raise --max-iterations/);
    const free = await optimize(scenario, { targets, workers: 1, groups: ["L1"] });
    expect(free.status).toBe("optimal");
    expect(free.iterations).toBeGreaterThan(1);
  });

  it("says which phase the iteration cap cut short: lowering, or moving an agent to where it costs less", async () => {
    const scenario = await scenarioFor(THREE_TIER);
    const targets = parseTargets(["serviceLevel>=0.8", "wait.L2.p90<=20m", "wait.L3.p90<=1h"], scenarioMetricKeys(scenario));
    const free = await optimize(scenario, { targets, workers: 1 });
    // Candidates record the moves made before them: the first exchange came after this many.
    const lowered = Math.min(...free.candidates.filter((c) => c.phase === "exchange").map((c) => c.step));
    const atExchange = await optimize(scenario, { targets, workers: 1, maxIterations: lowered });
    expect(atExchange.status).toBe("limit");
    expect(atExchange.iterations).toBe(lowered);
    expect(atExchange.message).toMatch(/before trying to move an agent to where it costs less/);
    expect(atExchange.chosen!.checks.every((c) => c.met)).toBe(true);
    expect(atExchange.candidates.some((c) => c.phase === "exchange")).toBe(false);
    const inLowering = await optimize(scenario, { targets, workers: 1, maxIterations: lowered - 1 });
    expect(inLowering.status).toBe("limit");
    expect(inLowering.message).toMatch(/^stopped lowering after/);
  });

  it("bad options are input errors", async () => {
    const scenario = await scenarioFor(THREE_TIER);
    const targets = parseTargets(["serviceLevel>=0.8"]);
    await expect(optimize(scenario, { targets: [] })).rejects.toThrow(InputError);
    await expect(optimize(scenario, { targets, maxReplications: 1 })).rejects.toThrow(/--replications/);
    await expect(optimize(scenario, { targets, maxAgents: 2 })).rejects.toThrow(/needs at least \d+ agents to keep up/);
    expect(() => staffingVariables(scenario, targets, { maxAgents: 50, groups: ["pool"] })).toThrow(/pool is not staffed/);
  });
});

describe("optimize, schedules", () => {
  it("shifts a tier's schedule by a common offset, or sizes each shift with perShift", async () => {
    const scenario = await scenarioFor("scenarios/tiered-baseline.yaml");
    const targets = parseTargets(["serviceLevel>=0.8", "wait.L2.p90<=4h"]);
    const common = staffingVariables(scenario, targets, { maxAgents: 200 });
    expect(common.map((v) => [v.name, v.kind])).toEqual([
      ["L1", "offset"],
      ["L2", "offset"],
      ["L3", "offset"],
    ]);
    const l1 = common[0]!;
    const shifted = applyStaffing(scenario, common, [2, 0, 0]);
    expect(shifted.tiers[0].schedule!.map((s) => s.agents)).toEqual(scenario.tiers[0].schedule!.map((s) => s.agents + 2));
    expect(l1.max).toBe(200 - Math.max(...scenario.tiers[0].schedule!.map((s) => s.agents)));
    const perShift = staffingVariables(scenario, targets, { maxAgents: 200, perShift: true });
    expect(perShift.map((v) => v.name)).toContain("L1.early");
    expect(perShift.filter((v) => v.group === "L2")).toHaveLength(3);
  });
});
