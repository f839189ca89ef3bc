import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/model/load.js";
import { simulate } from "../../src/experiment/simulate.js";

describe("determinism", () => {
  it("the same seed gives a byte-identical summary.json with 1 worker and with 2", async () => {
    const s = await loadScenario("scenarios/tiered-baseline.yaml", ["run.horizon=5d", "run.replications=4"]);
    const one = await simulate(s, { workers: 1 });
    const two = await simulate(s, { workers: 2 });
    expect(JSON.stringify(two.summary, null, 2)).toBe(JSON.stringify(one.summary, null, 2));
    expect(one.summary.metrics["tickets.arrived"]!.mean).toBeGreaterThan(1000);
  });

  it("a different seed gives different tickets", async () => {
    const a = await simulate(await loadScenario("scenarios/erlang-c.yaml", ["run.horizon=1d", "run.warmup=0", "run.replications=2"]), { workers: 1 });
    const b = await simulate(await loadScenario("scenarios/erlang-c.yaml", ["run.horizon=1d", "run.warmup=0", "run.replications=2", "seed=8"]), { workers: 1 });
    expect(a.summary.metrics["wait.L1.mean"]!.mean).not.toBe(b.summary.metrics["wait.L1.mean"]!.mean);
  });
});
