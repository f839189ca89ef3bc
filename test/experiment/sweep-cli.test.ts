import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import mergeCommand from "../../src/cli/commands/merge.js";
import optimizeCommand from "../../src/cli/commands/optimize.js";
import sweepCommand from "../../src/cli/commands/sweep.js";
import { InputError } from "../../src/errors.js";
import { runCommand } from "../helpers.js";

const run = runCommand;

describe("tiersim sweep / merge on disk", () => {
  let dir: string;
  const common = ["scenarios/erlang-c.yaml", "--vary", "tiers.L1.agents=12..14", "--vary", "run.serviceLevelTarget=20s,1m", "-r", "2", "--horizon", "8h", "--warmup", "1h", "-w", "1"];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tiersim-sweep-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("three shards merged give byte-identical sweep.csv and sweep.json", async () => {
    const whole = await run(sweepCommand, ["sweep", ...common, "--out", join(dir, "whole")]);
    expect(whole.error).toBeUndefined();
    expect(whole.stdout).toMatch(/sweep of 6 points x 2 replications/);
    for (const k of [1, 2, 3]) {
      const shard = await run(sweepCommand, ["sweep", ...common, "--shard", `${k}/3`, "--out", join(dir, `s${k}`), "--json"]);
      expect(shard.error).toBeUndefined();
      expect(JSON.parse(shard.stdout).shard).toMatchObject({ index: k, count: 3 });
      expect(await readdir(join(dir, `s${k}`))).toEqual(["sweep.json"]);
    }
    const merged = await run(mergeCommand, ["merge", join(dir, "s2"), join(dir, "s3"), join(dir, "s1"), "--out", join(dir, "merged")]);
    expect(merged.error).toBeUndefined();
    for (const file of ["sweep.csv", "sweep.json", "charts/sweep.vl.json", "charts/sweep-heatmap.vl.json"]) {
      expect(await readFile(join(dir, "merged", file), "utf8"), file).toBe(await readFile(join(dir, "whole", file), "utf8"));
    }
    const missing = await run(mergeCommand, ["merge", join(dir, "s1"), join(dir, "s3"), "--out", join(dir, "bad")]);
    expect(missing.error).toBeInstanceOf(InputError);
    expect(missing.error!.message).toMatch(/missing shard 2\/3/);
    await expect(readdir(join(dir, "bad"))).rejects.toThrow(); // nothing half-written
  });

  it("bad input is an InputError naming the option", async () => {
    const huge = await run(sweepCommand, ["sweep", "scenarios/erlang-c.yaml", "--vary", "tiers.L1.agents=1..101", "--vary", "run.serviceLevelTarget=1..100", "--out", join(dir, "x")]);
    expect(huge.error).toBeInstanceOf(InputError);
    expect(huge.error!.message).toMatch(/over the limit of 10000; .* --max-points 10100/);
    const metric = await run(sweepCommand, ["sweep", "scenarios/erlang-c.yaml", "--vary", "tiers.L1.agents=12", "--metric", "wait.L1.p91", "--out", join(dir, "x")]);
    expect(metric.error!.message).toMatch(/--metric wait\.L1\.p91: unknown metric; did you mean "wait\.L1\.p90"/);
    const shard = await run(sweepCommand, ["sweep", "scenarios/erlang-c.yaml", "--vary", "tiers.L1.agents=12", "--shard", "auto/2", "--out", join(dir, "x")]);
    expect(shard.error!.message).toMatch(/JOB_COMPLETION_INDEX/);
  });
});

describe("tiersim optimize", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tiersim-optimize-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes optimize.json and optimize.md, prints JSON with --json", async () => {
    const out = join(dir, "opt");
    const r = await run(optimizeCommand, ["optimize", "scenarios/erlang-c.yaml", "-t", "serviceLevel>=0.8", "--horizon", "8d", "--json", "-w", "1", "--out", out]);
    expect(r.error).toBeUndefined();
    const json = JSON.parse(r.stdout);
    expect(json.status).toBe("optimal");
    expect(json.chosen.staffing).toEqual({ L1: 14 });
    expect(json.settings).toMatchObject({ horizonMinutes: 8 * 1440, initialReplications: 4, maxReplications: 10 });
    expect(JSON.parse(await readFile(join(out, "optimize.json"), "utf8")).chosen.staffing).toEqual({ L1: 14 });
    expect(await readFile(join(out, "optimize.md"), "utf8")).toMatch(/tiersim run scenarios\/erlang-c\.yaml --set tiers\.L1\.agents=14/);
  });

  it("a typo in a target lists near matches; infeasible targets exit with code 1", async () => {
    const typo = await run(optimizeCommand, ["optimize", "scenarios/erlang-c.yaml", "-t", "servicelevel>=0.8", "--out", join(dir, "x")]);
    expect(typo.error).toBeInstanceOf(InputError);
    expect(typo.error!.message).toMatch(/did you mean "serviceLevel"/);
    const before = process.exitCode;
    const r = await run(optimizeCommand, ["optimize", "scenarios/erlang-c.yaml", "-t", "serviceLevel>=0.999", "--max-agents", "15", "--horizon", "8d", "-w", "1", "--out", join(dir, "inf")]);
    expect(r.error).toBeUndefined();
    expect(r.stdout).toMatch(/No staffing meets every target/);
    expect(process.exitCode).toBe(1);
    process.exitCode = before;
  });
});
