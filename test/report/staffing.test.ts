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
