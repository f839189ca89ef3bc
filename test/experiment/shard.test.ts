import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeShards, parseShard, shardPoints, type ShardInput } from "../../src/experiment/shard.js";
import { planSweep, readSweepOutput, runSweep, sweepCsv, sweepJson, type SweepOutput, type SweepPlan } from "../../src/experiment/sweep.js";
import { sweepFiles } from "../../src/experiment/sweepFiles.js";
import { writeFolderAtomically } from "../../src/report/atomic.js";
import { problemsOf } from "../helpers.js";


/** A sweep output as read back from its sweep.json. */
function reread(output: SweepOutput, source: string): ShardInput {
  return { source, output: JSON.parse(sweepJson(output)) as SweepOutput };
}

describe("--shard", () => {
  it("k/n, 1-based", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    expect(parseShard(" 1 / 1 ")).toEqual({ index: 1, count: 1 });
    expect(problemsOf(() => parseShard("0/3"))[0]).toMatch(/^--shard 0\/3: shard 0 does not exist/);
    expect(problemsOf(() => parseShard("4/3"))[0]).toMatch(/shard 4 does not exist/);
    expect(problemsOf(() => parseShard("2"))[0]).toMatch(/expected k\/n/);
    expect(problemsOf(() => parseShard("1/0"))[0]).toMatch(/must be >= 1/);
  });

  it("auto/n takes JOB_COMPLETION_INDEX (0-based) from a Kubernetes Indexed Job", () => {
    expect(parseShard("auto/3", { JOB_COMPLETION_INDEX: "0" })).toEqual({ index: 1, count: 3 });
    expect(parseShard("auto/3", { JOB_COMPLETION_INDEX: "2" })).toEqual({ index: 3, count: 3 });
    expect(problemsOf(() => parseShard("auto/3", {}))[0]).toMatch(/JOB_COMPLETION_INDEX is not set/);
    expect(problemsOf(() => parseShard("auto/3", { JOB_COMPLETION_INDEX: "3" }))[0]).toMatch(/only 3 shards \(0 to 2\)/);
    expect(problemsOf(() => parseShard("auto/3", { JOB_COMPLETION_INDEX: "x" }))[0]).toMatch(/must be a whole number/);
  });

  it("assigns points round robin: disjoint, and together the whole grid", () => {
    const parts = [1, 2, 3].map((index) => shardPoints(10, { index, count: 3 }));
    expect(parts).toEqual([[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]);
    expect(shardPoints(2, { index: 3, count: 3 })).toEqual([]);
  });
});

describe("sharded sweep and merge", () => {
  const overrides = ["run.horizon=12h", "run.warmup=1h", "run.replications=3"];
  const varies = ["tiers.L1.agents=12..15", "run.serviceLevelTarget=20s,1m"];
  let plan: SweepPlan;
  let whole: SweepOutput;
  let shards: ShardInput[];
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tiersim-shard-"));
    plan = await planSweep("scenarios/erlang-c.yaml", overrides, varies);
    whole = await runSweep(plan, { workers: 2 });
    shards = [];
    for (const index of [1, 2, 3]) {
      // Each shard as a separate machine would run it: its own plan, one worker.
      const own = await planSweep("scenarios/erlang-c.yaml", overrides, varies);
      const out = await runSweep(own, { shard: { index, count: 3 }, workers: 1 });
      const folder = join(dir, `shard-${index}`);
      await writeFolderAtomically(folder, (await sweepFiles(out, "serviceLevel")).files);
      shards.push(await readSweepOutput(folder));
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a shard holds its points with a shard marker and the grid definition, sweep.json only", async () => {
    const s2 = shards[1]!.output;
    expect(s2.shard).toEqual({ index: 2, count: 3, assignment: "round-robin" });
    expect(s2.results.map((r) => r.point)).toEqual([1, 4, 7]);
    expect(s2.parameters.map((p) => p.path)).toEqual(["tiers.L1.agents", "run.serviceLevelTarget"]);
    expect(s2.points).toBe(8);
    // Same seeds as in the unsharded run: the same figures for the same point.
    expect(s2.results[1]).toEqual(JSON.parse(JSON.stringify(whole.results[4])));
    await expect(readFile(join(dir, "shard-2", "sweep.csv"))).rejects.toThrow();
  });

  it("merging the shards, in any order, is byte-identical to the unsharded run", async () => {
    const merged = mergeShards([shards[2]!, shards[0]!, shards[1]!]);
    expect(sweepJson(merged)).toBe(sweepJson(whole));
    expect(sweepCsv(merged)).toBe(sweepCsv(whole));
    const a = (await sweepFiles(merged, "serviceLevel")).files;
    const b = (await sweepFiles(whole, "serviceLevel")).files;
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [name, content] of a) expect(content, name).toBe(b.get(name));
  });

  it("refuses a missing shard, a duplicate, a whole sweep, and shards of another grid or scenario", async () => {
    expect(problemsOf(() => mergeShards([shards[0]!, shards[2]!]))).toEqual(["missing shard 2/3: all 3 shards are needed (have 1, 3)"]);
    expect(problemsOf(() => mergeShards([shards[0]!, shards[1]!, shards[1]!, shards[2]!]))[0]).toMatch(/^shard 2\/3 given twice: /);
    expect(problemsOf(() => mergeShards([reread(whole, "whole/sweep.json"), ...shards]))[0]).toBe(
      "whole/sweep.json: not a shard (no shard marker): it is already a whole sweep",
    );

    const otherGrid = await runSweep(await planSweep("scenarios/erlang-c.yaml", overrides, ["tiers.L1.agents=12..16", "run.serviceLevelTarget=20s,1m"]), {
      shard: { index: 2, count: 3 },
      workers: 1,
    });
    const mixed = problemsOf(() => mergeShards([shards[0]!, reread(otherGrid, "other/sweep.json"), shards[2]!]));
    expect(mixed.join("\n")).toMatch(/other\/sweep\.json: not a shard of the same sweep as .*: parameters differs/);
    expect(mixed.join("\n")).toMatch(/points differs/);

    const otherScenario = await runSweep(await planSweep("scenarios/erlang-c.yaml", [...overrides, "arrivals.rate=90/30m"], varies), {
      shard: { index: 2, count: 3 },
      workers: 1,
    });
    expect(problemsOf(() => mergeShards([shards[0]!, reread(otherScenario, "rate/sweep.json"), shards[2]!])).join("\n")).toMatch(/scenarioHash differs/);

    const fourWay = await runSweep(plan, { shard: { index: 2, count: 4 }, workers: 1 });
    expect(problemsOf(() => mergeShards([shards[0]!, reread(fourWay, "four/sweep.json"), shards[2]!])).join("\n")).toMatch(/split into 4 shards, but .* into 3/);

    const truncated = reread(shards[1]!.output, "cut/sweep.json");
    truncated.output.results.pop();
    expect(problemsOf(() => mergeShards([shards[0]!, truncated, shards[2]!]))[0]).toMatch(/should hold 3 grid points, it holds 2/);

    await expect(readSweepOutput(join(dir, "nothing-here"))).rejects.toThrow(/no sweep\.json there/);
  });
});
