import { describe, it } from "vitest";
import { loadScenario } from "../../src/model/load.js";
import { simulate } from "../../src/experiment/simulate.js";
import { expectInsideInterval } from "../helpers.js";

// The benchmark scenarios of `npm run bench`, at a size a test can afford, against their exact values: a change that
// makes the simulator faster but wrong fails here, not in a benchmark nobody reads.
describe("benchmark scenarios at small size", () => {
  it("mmc: M/M/10 at 0.9/min, mean 10 min: mean wait 6.687 min, P(wait) 0.6687", async () => {
    const r = await simulate(await loadScenario("bench/mmc.yaml", ["run.horizon=8w", "run.replications=12"]), { workers: 1 });
    const values = (k: string) => r.replications.map((x) => x.metrics[k]!);
    expectInsideInterval(values("wait.L1.mean"), 6.687, "mmc mean wait");
    expectInsideInterval(values("waitProbability"), 0.6687, "mmc P(wait)");
  });

  it("tiers: the three-tier Jackson network: mean waits 1.071, 23.633, 22.710 min", async () => {
    const r = await simulate(await loadScenario("bench/tiers.yaml", ["run.horizon=8w", "run.replications=12"]), { workers: 1 });
    const values = (k: string) => r.replications.map((x) => x.metrics[k]!);
    expectInsideInterval(values("wait.L1.mean"), 1.071, "tiers wait L1");
    expectInsideInterval(values("wait.L2.mean"), 23.633, "tiers wait L2");
    expectInsideInterval(values("wait.L3.mean"), 22.71, "tiers wait L3");
  });
});
