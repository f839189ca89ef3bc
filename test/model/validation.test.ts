import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { loadScenario } from "../../src/model/load.js";
import { simulate } from "../../src/experiment/simulate.js";
import type { SimulationResult } from "../../src/experiment/simulate.js";
import { expectInsideInterval } from "../helpers.js";

/** Per-replication values of a metric. */
const values = (r: SimulationResult, key: string) => r.replications.map((x) => x.metrics[key]!);

describe("agreement with queueing theory (exact values inside the simulated 99% interval)", () => {
  it("Erlang C: 100 calls/30 min, AHT 3 min, 14 agents", async () => {
    const r = await simulate(await loadScenario("scenarios/erlang-c.yaml"), { workers: 1 });
    expectInsideInterval(values(r, "waitProbability"), 0.1741, "P(wait)");
    expectInsideInterval(values(r, "serviceLevel"), 0.8884, "service level within 20 s");
    expectInsideInterval(values(r, "wait.L1.mean"), 7.84 / 60, "mean wait");
    expectInsideInterval(values(r, "utilization.L1"), (100 / 30) * 3 / 14, "occupancy");
    expect(r.summary.metrics["abandonment"]!.mean).toBe(0);
  });

  it("Erlang A: the same with patience of mean 5 min and 13 agents", async () => {
    const r = await simulate(await loadScenario("scenarios/erlang-a.yaml"), { workers: 1 });
    expectInsideInterval(values(r, "abandonment"), 0.025, "P(abandon)");
    expectInsideInterval(values(r, "waitProbability"), 0.2258, "P(wait)");
  });

  it("a three-tier Jackson network", async () => {
    const r = await simulate(await loadScenario("test/fixtures/scenarios/three-tier.yaml"), { workers: 1 });
    expectInsideInterval(values(r, "wait.L1.mean"), 1.96, "wait L1");
    expectInsideInterval(values(r, "wait.L2.mean"), 15.28, "wait L2");
    expectInsideInterval(values(r, "wait.L3.mean"), 129.4, "wait L3");
    expectInsideInterval(values(r, "resolvedShare.L1"), 0.7, "resolved at L1");
    expectInsideInterval(values(r, "escalationRate.L1"), 0.3, "escalation L1");
    expectInsideInterval(values(r, "escalationRate.L2"), 0.2, "escalation L2");
  });

  it("Little's law holds exactly per tier when every ticket finishes: queue area = sum of waits", async () => {
    // Poisson arrivals for six weeks, then none, so that the desk drains and no wait is cut off by the horizon.
    const scenario = await loadScenario("test/fixtures/scenarios/three-tier.yaml", ["run.horizon=8w", "run.warmup=0"]);
    const u = seedrandom.alea("little");
    const times: number[] = [];
    for (let t = -Math.log(1 - u()) * 3; t < 6 * 10080; t += -Math.log(1 - u()) * 3) times.push(t);
    scenario.arrivals.traceMinutes = Float64Array.from(times);
    const rep = (await simulate(scenario, { workers: 1, replications: 2 })).replications[0]!;
    expect(rep.metrics["tickets.inSystem"]).toBe(0);
    const span = scenario.horizonMinutes;
    for (const tier of ["L1", "L2", "L3"]) {
      const lambda = rep.metrics[`handled.${tier}`]! / span;
      const lq = rep.metrics[`queueLength.${tier}`]!;
      const wq = rep.metrics[`wait.${tier}.mean`]!;
      expect(lq, tier).toBeGreaterThan(0);
      expect(Math.abs(lq - lambda * wq) / lq, tier).toBeLessThan(1e-9);
    }
  });

  it("conserves tickets in every replication", async () => {
    const r = await simulate(await loadScenario("scenarios/tiered-baseline.yaml", ["run.replications=3", "run.horizon=7d"]), { workers: 1 });
    for (const rep of r.replications) {
      const m = rep.metrics;
      expect(m["tickets.arrived"]).toBe(m["tickets.resolved"]! + m["tickets.abandoned"]! + m["tickets.inSystem"]!);
      expect(m["tickets.arrived"]).toBeGreaterThan(0);
    }
  });
});
