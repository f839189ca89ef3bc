import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/model/load.js";
import { simulate } from "../../src/experiment/simulate.js";
import { WorkerPool } from "../../src/experiment/pool.js";

describe("determinism", () => {
  it("the same seed gives a byte-identical summary.json with 1 worker and with 2", async () => {
    const s = await loadScenario("scenarios/tiered-baseline.yaml", ["run.horizon=5d", "run.replications=4"]);
    const one = await simulate(s, { workers: 1 });
    const two = await simulate(s, { workers: 2 });
    expect(JSON.stringify(two.summary, null, 2)).toBe(JSON.stringify(one.summary, null, 2));
    expect(one.summary.metrics["tickets.arrived"]!.mean).toBeGreaterThan(1000);
  });

  it("a pool started ahead gives the same results as none, series included, batch after batch", async () => {
    const s = await loadScenario("scenarios/flat-pool.yaml", ["run.horizon=3d", "run.replications=3"]);
    const pool = new WorkerPool(2).start();
    try {
      const warm = await simulate(s, { workers: 2, pool });
      const inline = await simulate(s, { workers: 1 });
      expect(JSON.stringify(warm.summary)).toBe(JSON.stringify(inline.summary));
      expect(Array.from(warm.replications[2]!.timeseries.values)).toEqual(Array.from(inline.replications[2]!.timeseries.values));
      // A started pool serves later batches too (an optimizer's candidates).
      const again = await simulate(s, { workers: 2, pool });
      expect(JSON.stringify(again.summary)).toBe(JSON.stringify(inline.summary));
    } finally {
      await pool.close();
    }
  });

  it("a different seed gives different tickets", async () => {
    const a = await simulate(await loadScenario("scenarios/erlang-c.yaml", ["run.horizon=1d", "run.warmup=0", "run.replications=2"]), { workers: 1 });
    const b = await simulate(await loadScenario("scenarios/erlang-c.yaml", ["run.horizon=1d", "run.warmup=0", "run.replications=2", "seed=8"]), { workers: 1 });
    expect(a.summary.metrics["wait.L1.mean"]!.mean).not.toBe(b.summary.metrics["wait.L1.mean"]!.mean);
  });
});
