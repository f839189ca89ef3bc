import { describe, expect, it } from "vitest";
import { loadScenario, parseScenario } from "../../src/model/load.js";
import { simulateReplication } from "../../src/model/desk.js";
import { simulate } from "../../src/experiment/simulate.js";
import { compareScenarios } from "../../src/experiment/compare.js";
import { studentTQuantile } from "../../src/stats/studentT.js";
import { expectInsideInterval } from "../helpers.js";

const ticketKey = (t: { id: number; arrivalMinute: number; category: string; priority: string; channel: string; level: string; problem: number }) =>
  `${t.id}|${t.arrivalMinute}|${t.category}|${t.priority}|${t.channel}|${t.level}|${t.problem}`;

describe("common random numbers", () => {
  it("tiered and flat structures, and other head counts, see the very same tickets", async () => {
    const short = ["run.horizon=3d", "run.warmup=0"];
    const tiered = await loadScenario("scenarios/tiered-baseline.yaml", short);
    const flat = await loadScenario("scenarios/flat-pool.yaml", short);
    const bigger = await loadScenario("scenarios/tiered-baseline.yaml", [...short, "tiers.L2.schedule.0.agents=40"]);
    const streams = [tiered, flat, bigger].map((s) =>
      simulateReplication(s, 2, { recordTickets: true })
        .tickets!.map(ticketKey)
        .sort(),
    );
    expect(streams[0]!.length).toBeGreaterThan(2000);
    expect(streams[1]).toEqual(streams[0]);
    expect(streams[2]).toEqual(streams[0]);
  });

  it("a scenario compared with itself shows no difference at all", async () => {
    const s = await loadScenario("scenarios/erlang-a.yaml", ["run.horizon=1w", "run.replications=4"]);
    const { comparison } = await compareScenarios([s, s], { workers: 1 });
    for (const m of comparison.metrics) {
      const d = m.differences[1]!;
      if (d.mean === null) continue;
      expect(d.mean, m.key).toBe(0);
      expect(d.verdict, m.key).toBe("no difference");
    }
  });

  it("paired intervals are narrower than unpaired ones on the same pair", async () => {
    const a = await loadScenario("scenarios/erlang-c.yaml", ["run.horizon=1w", "run.replications=10"]);
    const b = await loadScenario("scenarios/erlang-c.yaml", ["run.horizon=1w", "run.replications=10", "tiers.L1.agents=15"]);
    const { comparison, results } = await compareScenarios([a, b], { workers: 1 });
    const t = studentTQuantile(0.975, 9);
    for (const key of ["wait.L1.mean", "serviceLevel", "utilization.L1"]) {
      const m = comparison.metrics.find((x) => x.key === key)!;
      const paired = (m.differences[1]!.ci95[1]! - m.differences[1]!.ci95[0]!) / 2;
      // Unpaired: the two samples' standard errors combined as if independent (Welch).
      const se = results.map((r) => {
        const xs = r.replications.map((x) => x.metrics[key]!);
        const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
        return xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1) / xs.length;
      });
      const unpaired = t * Math.sqrt(se[0]! + se[1]!);
      expect(paired, key).toBeLessThan(unpaired);
      expect(m.differences[1]!.verdict, key).toBe(key === "utilization.L1" ? "lower" : "better");
    }
  });
});

describe("flat structure", () => {
  it("a flat pool with skill factors of 1 and one exponential handle time is M/M/c: Erlang C mean wait", async () => {
    const r = await simulate(await loadScenario("test/fixtures/scenarios/mmc-flat.yaml"), { workers: 1 });
    const values = (k: string) => r.replications.map((x) => x.metrics[k]!);
    expectInsideInterval(values("wait.pool.mean"), 6.687, "M/M/10 mean wait");
    expectInsideInterval(values("waitProbability"), 0.6687, "M/M/10 P(wait)");
    expect(r.summary.metrics["fcr"]!.mean).toBe(1);
    expect(Object.keys(r.summary.metrics).some((k) => k.includes(".L1"))).toBe(false);
  });

  it("skill factors slow generalists down on hard tickets", async () => {
    const base = await loadScenario("test/fixtures/scenarios/mmc-flat.yaml", ["run.horizon=1w", "run.replications=3", "flat.agents=14"]);
    const slow = await loadScenario("test/fixtures/scenarios/mmc-flat.yaml", ["run.horizon=1w", "run.replications=3", "flat.agents=14", "flat.skillFactor.L3=3"]);
    const { comparison, results } = await compareScenarios([base, slow], { workers: 1 });
    const util = comparison.metrics.find((m) => m.key === "utilization.pool")!;
    // Utilization = offered load / agents: 0.9/min x 10 min / 14; with 10% of tickets taking 3x, the load rises by 20%.
    const perReplication = (i: number) => results[i]!.replications.map((r) => r.metrics["utilization.pool"]!);
    expectInsideInterval(perReplication(0), 9 / 14, "utilization, skill 1");
    expectInsideInterval(perReplication(1), 10.8 / 14, "utilization, L3 skill 3");
    expect(util.differences[1]!.verdict).toBe("higher");
  });
});

describe("knowledge-feedback loop", () => {
  it("with instant, always-applicable articles the L1 escalation rate falls to the novelty floor the catalogue predicts", async () => {
    const s = await loadScenario("test/fixtures/scenarios/learning.yaml");
    const r = await simulate(s, { workers: 1 });
    // Above-L1 share: 0.5 x 0.4 + 0.5 x 0.5 = 0.45. Once every catalogue problem is documented (10 problems each,
    // the rarest seen above L1 about 0.34/h x 0.8 x 0.45 x ... within the first days), only new problems escalate:
    // novelty x 0.45 = 0.09.
    const lastWeek = r.replications.map((x) => x.metrics["lastWeek.escalationRate.L1"]!);
    expectInsideInterval(lastWeek, 0.2 * 0.45, "last-week L1 escalation");
    const whole = r.summary.metrics["escalationRate.L1"]!.mean!;
    expect(whole).toBeGreaterThan(0.09);
    expect(r.summary.metrics["knowledge.articles"]!.mean).toBe(20);
  });

  it("with root-cause fixes on, arrivals fall", async () => {
    // No articles: with them, tickets of documented problems stop reaching L3, where root causes get fixed.
    const s = await loadScenario("test/fixtures/scenarios/learning.yaml", ["knowledge.documentRate=0", "knowledge.rootCauseFixRate=1", "knowledge.fixDelay=1d", "run.replications=3"]);
    const r = await simulate(s, { workers: 1 });
    for (const rep of r.replications) {
      const firstWeek = Array.from({ length: 168 }, (_, h) => rep.timeseries.values[h * rep.timeseries.columns.length]!).reduce((a, b) => a + b, 0);
      // Every catalogue problem has L3-level tickets, so all 20 get fixed within the first weeks: then only new
      // problems (novelty 20%) arrive, a Poisson count of mean 0.2 x 12/h x 168 h; 4 standard deviations either side.
      const floor = 0.2 * 12 * 168;
      expect(firstWeek).toBeLessThan(12 * 168);
      expect(Math.abs(rep.metrics["lastWeek.arrivals"]! - floor)).toBeLessThan(4 * Math.sqrt(floor));
      expect(rep.metrics["knowledge.problemsFixed"]!).toBe(20);
      expect(rep.metrics["knowledge.ticketsAvoided"]!).toBeGreaterThan(0);
    }
  });

  it("switched off, or on with nothing ever documented or fixed, the desk behaves exactly as without it", () => {
    const text = (knowledge: string) => `name: k
seed: 3
run: { horizon: 3d, warmup: 0, replications: 2 }
arrivals: { rate: 10/h }
categories: { a: { share: 1, level: { L1: 0.5, L2: 0.4, L3: 0.1 } } }
handleTime: { L1: { dist: exp, mean: 5m }, L2: { dist: exp, mean: 20m }, L3: { dist: exp, mean: 60m } }
tiers: { L1: { agents: 2 }, L2: { agents: 2 }, L3: { agents: 1 } }
${knowledge}`;
    const none = simulateReplication(parseScenario(text(""), "k.yaml"), 0).metrics;
    const off = simulateReplication(parseScenario(text("knowledge: { enabled: false, documentRate: 1, l1Success: 1 }"), "k.yaml"), 0).metrics;
    const idle = simulateReplication(parseScenario(text("knowledge: { enabled: true, documentRate: 0, rootCauseFixRate: 0 }"), "k.yaml"), 0).metrics;
    expect(off).toEqual(none);
    for (const [k, v] of Object.entries(none)) expect(idle[k], k).toEqual(v);
  });
});
