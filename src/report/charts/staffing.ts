import type { TopLevelSpec } from "vega-lite";
import type { IntervalStaffing } from "../../analytic/intervalStaffing.js";
import { weeklyRoster } from "../../model/staffing.js";
import type { Scenario } from "../../model/types.js";
import { CHART_WIDTH, OTHER_COLORS, themed, tierColor } from "../render.js";
import type { ReportChart } from "./common.js";

/** The rostered head count in each hour of the week (its largest value within the hour). */
function rosterByHour(scenario: Scenario, group: string): number[] | undefined {
  const staffing = group === "pool" ? scenario.flat : scenario.tiers[["L1", "L2", "L3"].indexOf(group)];
  if (!staffing) return undefined;
  const steps = weeklyRoster(staffing);
  return Array.from({ length: 168 }, (_, h) => {
    let count = 0;
    for (const s of steps) {
      if (s.minute < (h + 1) * 60 && (steps.find((n) => n.minute > s.minute)?.minute ?? 10080) > h * 60) count = Math.max(count, s.count);
    }
    return count;
  });
}

/** Agents needed hour by hour over the week (Erlang C per interval) against the roster the scenario has. */
export function staffingChart(scenario: Scenario, staffing: IntervalStaffing): ReportChart {
  const roster = rosterByHour(scenario, staffing.group);
  const rows = staffing.intervals.flatMap((r, i) => {
    const hour = r.day * 24 + r.hour;
    const when = `${r.dayName} ${String(r.hour).padStart(2, "0")}:00`;
    const out = [{ hour, when, series: "needed on the roster (with shrinkage)", agents: r.rostered, rate: Math.round(r.ratePerHour * 10) / 10 }];
    if (roster) out.push({ hour, when, series: "on the scenario's roster", agents: roster[i]!, rate: Math.round(r.ratePerHour * 10) / 10 });
    return out;
  });
  const target = `${Math.round(staffing.serviceLevel * 100)}% within ${staffing.targetMinutes < 1 ? `${Math.round(staffing.targetMinutes * 60)} s` : `${Math.round(staffing.targetMinutes)} min`}`;
  const spec: TopLevelSpec = themed({
    title: {
      text: `${staffing.group} agents needed over the week`,
      subtitle: `Erlang C per hour${staffing.lag ? " (lagged)" : ""}: ${target}, occupancy at most ${Math.round(staffing.maxOccupancy * 100)}%, shrinkage ${Math.round(staffing.shrinkage * 100)}%`,
    },
    width: CHART_WIDTH,
    height: 260,
    data: { values: rows },
    mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
    encoding: {
      x: {
        field: "hour",
        type: "quantitative",
        title: "hour of the week (Monday 00:00 = 0)",
        scale: { domain: [0, 168] },
        axis: { values: [0, 24, 48, 72, 96, 120, 144, 168], labelExpr: "['Mon','Tue','Wed','Thu','Fri','Sat','Sun','Mon'][datum.value / 24]" },
      },
      y: { field: "agents", type: "quantitative", title: "agents (rostered head count)" },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: ["needed on the roster (with shrinkage)", "on the scenario's roster"], range: [tierColor(staffing.group), OTHER_COLORS.target] },
        legend: { orient: "top" },
      },
      strokeDash: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: ["needed on the roster (with shrinkage)", "on the scenario's roster"], range: [[1, 0], [5, 3]] },
        legend: { orient: "top" },
      },
      tooltip: [
        { field: "when", title: "hour" },
        { field: "series", title: "line" },
        { field: "agents", title: "agents" },
        { field: "rate", title: "tickets per hour" },
      ],
    },
  });
  return {
    name: `staffing-${staffing.group}`,
    title: `${staffing.group} staffing by hour of the week`,
    caption: "Where the solid line is above the dashed one, the roster is short of what the target needs in that hour.",
    spec,
  };
}
