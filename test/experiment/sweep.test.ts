import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { planSweep, runSweep, sweepCsv, sweepJson } from "../../src/experiment/sweep.js";
import { sweepCharts } from "../../src/experiment/sweepChart.js";
import { chartMetric, sweepFiles, sweepText } from "../../src/experiment/sweepFiles.js";
import { gridIndexes, gridSize, parseGrid, parseVary, pointOverrides, pointValues } from "../../src/experiment/sweepGrid.js";
import { simulate } from "../../src/experiment/simulate.js";
import { loadScenario } from "../../src/model/load.js";
import { problemsOf } from "../helpers.js";


async function rejection(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error("expected an InputError");
}

describe("sweep grid: --vary", () => {
  it("ranges include both ends", () => {
    expect(parseVary("tiers.L1.agents=6..14")).toMatchObject({ path: "tiers.L1.agents", spec: "6..14", values: [6, 7, 8, 9, 10, 11, 12, 13, 14] });
    expect(parseVary("x=3..3").values).toEqual([3]);
  });

  it("ranges with a step, decimals without rounding noise", () => {
    expect(parseVary("knowledge.documentRate=0..1:0.25").values).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(parseVary("knowledge.documentRate=0..0.3:0.1").values).toEqual([0, 0.1, 0.2, 0.3]);
    expect(parseVary("tiers.L1.agents=10..20:4").values).toEqual([10, 14, 18]);
    expect(parseVary("x=-1..1").values).toEqual([-1, 0, 1]);
  });

  it("lists are YAML scalars, as --set reads them; the override keeps the text", () => {
    const p = parseVary("run.serviceLevelTarget=20s, 30s,1m");
    expect(p.values).toEqual(["20s", "30s", "1m"]);
    expect(parseVary("knowledge.enabled=true,false").values).toEqual([true, false]);
    expect(parseVary("knowledge.documentRate=0,0.25,0.5").values).toEqual([0, 0.25, 0.5]);
    expect(parseVary("tiers.L1.agents=12").values).toEqual([12]);
    expect(pointOverrides([p], 1)).toEqual(["run.serviceLevelTarget=30s"]);
  });

  it("bad values name the option and say what was expected", () => {
    expect(problemsOf(() => parseVary("tiers.L1.agents"))[0]).toMatch(/^--vary tiers\.L1\.agents: expected path=values/);
    expect(problemsOf(() => parseVary("tiers.L1.agents=14..6"))[0]).toMatch(/^--vary tiers\.L1\.agents=14\.\.6: the range runs from 14 down to 6/);
    expect(problemsOf(() => parseVary("x=1..5:0"))[0]).toMatch(/the step must be a number > 0/);
    expect(problemsOf(() => parseVary("x=1..y"))[0]).toMatch(/"1\.\.y" is not a range/);
    expect(problemsOf(() => parseVary("x=1,,2"))[0]).toMatch(/an empty value in the list/);
    expect(problemsOf(() => parseVary("x=1,2,1"))[0]).toMatch(/the value 1 is listed twice/);
    expect(problemsOf(() => parseVary("x=[1,2]"))[0]).toMatch(/"\[1" is not a valid value/);
    expect(problemsOf(() => parseVary("x={a: 1}"))[0]).toMatch(/"\{a: 1\}" is not a single value/);
    expect(problemsOf(() => parseVary("tiers.__proto__.x=1"))[0]).toMatch(/"__proto__" is not a field name/);
    expect(problemsOf(() => parseGrid(["a=1..3", "a=4"]))[0]).toMatch(/--vary a: varied twice/);
    expect(problemsOf(() => parseGrid([]))[0]).toMatch(/give at least one parameter/);
  });

  it("guards the grid size, naming the limit and --max-points", () => {
    const problems = problemsOf(() => parseGrid(["a=1..200", "b=0..1:0.01"]));
    expect(problems[0]).toBe("--vary: the grid has 20200 points (200 x 101), over the limit of 10000; narrow the ranges, or raise the limit deliberately with --max-points 20200");
    expect(parseGrid(["a=1..200", "b=0..1:0.01"], 20200)).toHaveLength(2);
    // A single huge range is refused before it is expanded.
    expect(problemsOf(() => parseVary("a=0..1e12"))[0]).toMatch(/over the limit of 10000 grid points/);
  });

  it("numbers grid points row-major, the first parameter slowest", () => {
    const grid = parseGrid(["a=1..3", "b=x,y"]);
    expect(gridSize(grid)).toBe(6);
    expect([0, 1, 2, 5].map((p) => gridIndexes(grid, p))).toEqual([[0, 0], [0, 1], [1, 0], [2, 1]]);
    expect(pointValues(grid, 3)).toEqual({ a: 2, b: "y" });
    expect(pointOverrides(grid, 3)).toEqual(["a=2", "b=y"]);
  });
});

describe("planSweep: every grid point is validated like --set", () => {
  it("names the --vary option in scenario errors", async () => {
    const problems = await rejection(planSweep("scenarios/erlang-c.yaml", [], ["tiers.L1.agents=a,b,14"]));
    expect(problems).toEqual([
      '--vary tiers.L1.agents=a tiers.L1.agents: expected a whole number >= 0, got "a"',
      '--vary tiers.L1.agents=b tiers.L1.agents: expected a whole number >= 0, got "b"',
    ]);
    const typo = await rejection(planSweep("scenarios/erlang-c.yaml", [], ["tiers.L1.agnts=12..14"]));
    expect(typo).toHaveLength(1); // once, not once per value
    expect(typo[0]).toMatch(/^--vary tiers\.L1\.agnts=12 tiers\.L1\.agnts: unknown field "agnts"/);
    expect((await rejection(planSweep("scenarios/erlang-c.yaml", ["tiers.L1.agents=3"], ["tiers.L1.agents=12..14"])))[0]).toMatch(
      /--vary tiers\.L1\.agents: also given by --set/,
    );
  });
});

describe("runSweep", () => {
  const overrides = ["run.horizon=1d", "run.warmup=2h", "run.replications=3"];

  it("one row per point, the same figures as a run of that point (same seeds), CSV and JSON", async () => {
    const plan = await planSweep("scenarios/erlang-c.yaml", overrides, ["tiers.L1.agents=13..15", "run.serviceLevelTarget=20s,1m"]);
    expect(plan.points).toBe(6);
    let last = 0;
    const output = await runSweep(plan, { workers: 2, onProgress: (done, total) => {
      expect(total).toBe(18);
      last = done;
    } });
    expect(last).toBe(18);
    expect(output.results.map((r) => r.point)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(output.results[3]!.values).toEqual({ "tiers.L1.agents": 14, "run.serviceLevelTarget": "1m" });
    expect(output.shard).toBeUndefined();

    const single = await simulate(await loadScenario("scenarios/erlang-c.yaml", [...overrides, "tiers.L1.agents=14", "run.serviceLevelTarget=1m"]), { workers: 1 });
    expect(output.results[3]!.metrics["serviceLevel"]).toEqual({ mean: single.summary.metrics["serviceLevel"]!.mean, ci95: single.summary.metrics["serviceLevel"]!.ci95 });

    const csv = sweepCsv(output).trimEnd().split("\n");
    expect(csv).toHaveLength(7);
    const header = csv[0]!.split(",");
    expect(header.slice(0, 2)).toEqual(["tiers.L1.agents", "run.serviceLevelTarget"]);
    expect(header).toEqual(expect.arrayContaining(["serviceLevel", "serviceLevel.ci95Low", "serviceLevel.ci95High", "wait.L1.p90"]));
    expect(csv[4]!.startsWith("14,1m,")).toBe(true);
    const json = JSON.parse(sweepJson(output));
    expect(json).toMatchObject({ kind: "tiersim-sweep", scenario: "erlang-c", points: 6, replications: 3, seed: 7 });
    expect(json.units.serviceLevel).toBe("share");
    expect(sweepJson(output)).not.toMatch(/"(created|time|date|workers|file)"/);

    // Service level rises with agents at each target time (common random numbers make this near certain).
    const sl = (p: number) => output.results[p]!.metrics["serviceLevel"]!.mean!;
    expect(sl(0)).toBeLessThan(sl(2));
    expect(sl(2)).toBeLessThan(sl(4));

    expect(chartMetric(output, undefined)).toBe("serviceLevel");
    expect(() => chartMetric(output, "servicelevel")).toThrow(/did you mean "serviceLevel"/);
    const { files, warnings } = await sweepFiles(output, "wait.L1.mean");
    expect([...files.keys()]).toEqual(expect.arrayContaining(["sweep.csv", "sweep.json", "charts/sweep.vl.json", "charts/sweep-heatmap.vl.json"]));
    if (warnings.length === 0) expect(files.get("charts/sweep.svg")).toMatch(/^<svg/);
    expect(sweepText(output, "serviceLevel", "out")).toMatch(/sweep of 6 points x 3 replications/);
  });

  it("charts: a line per value of the second parameter, a heatmap for two, panels for more", async () => {
    const plan = await planSweep("scenarios/erlang-c.yaml", ["run.horizon=4h", "run.warmup=1h", "run.replications=2"], ["tiers.L1.agents=13..14"]);
    const one = await runSweep(plan, { workers: 1 });
    const charts = sweepCharts(one, "serviceLevel");
    expect(charts.map((c) => c.name)).toEqual(["sweep"]);
    const spec = charts[0]!.spec as { layer: { encoding: { x: { field: string; type: string } } }[] };
    expect(spec.layer[0]!.encoding.x).toMatchObject({ field: "x", type: "quantitative" });

    const plan3 = await planSweep("scenarios/erlang-c.yaml", ["run.horizon=4h", "run.warmup=1h", "run.replications=2"], [
      "tiers.L1.agents=13..14",
      "run.serviceLevelTarget=20s,1m",
      "tiers.L1.costPerHour=20,30",
    ]);
    const three = await runSweep(plan3, { workers: 1 });
    const charts3 = sweepCharts(three, "serviceLevel");
    expect(charts3.map((c) => c.name)).toEqual(["sweep"]);
    expect(JSON.stringify(charts3[0]!.spec)).toMatch(/"facet"/);
  });
});
