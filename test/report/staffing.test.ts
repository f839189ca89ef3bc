import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/model/load.js";
import { intervalStaffing } from "../../src/analytic/intervalStaffing.js";
import { staffingChart } from "../../src/report/charts/staffing.js";
import { renderSvg } from "../../src/report/render.js";
import { schemaErrors, svgTexts } from "./fixture.js";

describe("per-interval staffing chart", () => {
  it("is a valid Vega-Lite spec drawing needed against rostered agents over the week", async () => {
    const scenario = await loadScenario("scenarios/tiered-baseline.yaml");
    const staffing = intervalStaffing(scenario, { group: "L2" });
    const chart = staffingChart(scenario, staffing);
    expect(schemaErrors(chart.spec)).toEqual([]);
    const values = (chart.spec as { data: { values: { series: string; agents: number; hour: number }[] } }).data.values;
    const needed = values.filter((v) => v.series.startsWith("needed"));
    const roster = values.filter((v) => v.series.startsWith("on the"));
    expect(needed).toHaveLength(168);
    expect(roster).toHaveLength(168);
    // Monday 10:00: the day and evening L2 shifts overlap nowhere yet, 24 agents on the day shift.
    expect(roster.find((v) => v.hour === 10)!.agents).toBe(24);
    // Sunday 03:00: no L2 shift at all.
    expect(roster.find((v) => v.hour === 6 * 24 + 3)!.agents).toBe(0);
    const svg = await renderSvg(chart.spec);
    expect(svgTexts(svg)).toContain("L2 agents needed over the week");
  });
});

describe("optimizer chart", () => {
  it("plots every candidate against each target, valid Vega-Lite, with the chosen one marked", async () => {
    const { optimize } = await import("../../src/experiment/optimize.js");
    const { parseTargets } = await import("../../src/experiment/targets.js");
    const { optimizeChart } = await import("../../src/report/charts/optimize.js");
    const scenario = await loadScenario("scenarios/erlang-c.yaml", ["run.horizon=2d", "run.warmup=2h", "run.replications=4"]);
    const result = await optimize(scenario, { targets: parseTargets(["serviceLevel>=0.8", "abandonment<=0.05"]), workers: 1 });
    const chart = optimizeChart(result)!;
    expect(schemaErrors(chart.spec)).toEqual([]);
    const values = (chart.spec as { data: { values: { outcome: string; target: string }[] } }).data.values;
    expect(values.filter((v) => v.outcome === "chosen").map((v) => v.target).sort()).toEqual(["abandonment<=0.05", "serviceLevel>=0.8"]);
    expect(values.length).toBe(result.candidates.filter((c) => c.checks.length > 0).length * 2);
    expect(svgTexts(await renderSvg(chart.spec))).toContain("The search: every staffing simulated");
  });
});
