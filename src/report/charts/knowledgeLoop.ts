import type { TopLevelSpec } from "vega-lite";
import { dailySeries } from "../../experiment/aggregate.js";
import type { SimulationResult } from "../../experiment/simulate.js";
import { CHART_WIDTH, OTHER_COLORS, themed, tierColor } from "../render.js";
import { activeTiers, runDayAxis, sig, warmupLayers, weekTime, type ReportChart } from "./common.js";

interface RateRow {
  /** Middle of the day on the run's time axis (days since the start). */
  t: number;
  day: string;
  series: string;
  value: number;
}

interface CountRow {
  t: number;
  day: string;
  series: string;
  value: number;
}

/** FCR and escalation rates per day (and, with the knowledge loop on, articles in force and root causes fixed). */
export function knowledgeLoopChart(result: SimulationResult): ReportChart | undefined {
  const daily = dailySeries(result.series, result.tierNames);
  if (daily.length === 0) return undefined;
  const tiers = activeTiers(result);
  const knowledge = result.scenario.knowledge.enabled;
  const horizonDays = result.series.hours / 24;
  const dayLabel = (d: number) => `day ${d + 1} (${weekTime(result.scenario.startMinuteOfWeek, d * 1440).slice(0, 3)})`;

  const FCR = "first-contact resolution";
  const escalationName = (i: number) => `escalated from ${result.tierNames[i]} to ${result.tierNames[i + 1]}`;
  const escalating = result.tierNames.slice(0, -1).filter((t, i) => tiers.includes(result.tierNames[i + 1]!) && tiers.includes(t));
  const rateSeries = [FCR, ...escalating.map((t) => escalationName(result.tierNames.indexOf(t)))];
  const rateColors = [OTHER_COLORS.ink, ...escalating.map(tierColor)];

  const rates: RateRow[] = [];
  const counts: CountRow[] = [];
  for (const r of daily) {
    const t = sig(Math.min(r.day + 0.5, horizonDays), 6)!;
    const day = dayLabel(r.day);
    if (Number.isFinite(r.fcr)) rates.push({ t, day, series: FCR, value: sig(r.fcr)! });
    for (const tier of escalating) {
      const v = r.escalationRate[tier];
      if (v !== undefined && Number.isFinite(v)) rates.push({ t, day, series: escalationName(result.tierNames.indexOf(tier)), value: sig(v)! });
    }
    if (knowledge) {
      counts.push({ t, day, series: "articles in force", value: sig(r.articlesInForce)! });
      counts.push({ t, day, series: "root causes fixed (cumulative)", value: sig(r.problemsFixed)! });
    }
  }
  // Without escalation or knowledge loop there is nothing to watch change (a one-tier desk resolves everything first time).
  if (rates.length === 0 || (escalating.length === 0 && !knowledge)) return undefined;

  const axis = runDayAxis(result);
  const x = {
    field: "t",
    type: "quantitative" as const,
    title: axis.title,
    scale: { domain: [0, sig(horizonDays, 6)!], nice: false },
    axis: { values: axis.values, ...(axis.labelExpr ? { labelExpr: axis.labelExpr } : {}), grid: true },
  };
  const warmupLayer = warmupLayers(result, x, CHART_WIDTH);
  const tooltip = [
    { field: "day", type: "nominal" as const, title: "day" },
    { field: "series", type: "nominal" as const, title: "figure" },
  ];
  const ratePanel = {
    width: CHART_WIDTH,
    height: 220,
    layer: [
      ...warmupLayer,
      {
        data: { values: rates },
        mark: { type: "line" as const, point: { size: 28, filled: true } },
        encoding: {
          x,
          y: { field: "value", type: "quantitative" as const, title: "share of tickets (%)", scale: { domain: [0, 1] }, axis: { format: ".0%" } },
          color: {
            field: "series",
            type: "nominal" as const,
            scale: { domain: rateSeries, range: rateColors },
            legend: { title: null, orient: "top" as const, direction: "horizontal" as const, symbolType: "stroke" },
          },
          tooltip: [...tooltip, { field: "value", type: "quantitative" as const, title: "value", format: ".1%" }],
        },
      },
    ],
  };
  const panels: object[] = [ratePanel];
  if (knowledge) {
    panels.push({
      width: CHART_WIDTH,
      height: 130,
      layer: [
        ...warmupLayer,
        {
          data: { values: counts },
          mark: { type: "line" as const, point: { size: 20, filled: true } },
          encoding: {
            x,
            y: { field: "value", type: "quantitative" as const, title: "count (end of day)" },
            color: {
              field: "series",
              type: "nominal" as const,
              scale: { domain: ["articles in force", "root causes fixed (cumulative)"], range: [OTHER_COLORS.ink, OTHER_COLORS.secondary] },
              legend: { title: null, orient: "top" as const, direction: "horizontal" as const, symbolType: "stroke" },
            },
            strokeDash: {
              field: "series",
              type: "nominal" as const,
              scale: { domain: ["articles in force", "root causes fixed (cumulative)"], range: [[1, 0], [6, 3]] },
              legend: { title: null, orient: "top" as const, direction: "horizontal" as const, symbolType: "stroke" },
            },
            tooltip: [...tooltip, { field: "value", type: "quantitative" as const, title: "value", format: ",.0f" }],
          },
        },
      ],
    });
  }
  const title = knowledge ? "The knowledge loop: resolution and escalation per day" : "First-contact resolution and escalation per day";
  const spec = {
    title: {
      text: title,
      subtitle: `Daily figures, mean of ${result.summary.replications} replications${knowledge ? "; below, the knowledge base growing" : ""}`,
    },
    vconcat: panels,
    spacing: 16,
    resolve: { scale: { color: "independent", strokeDash: "independent" } },
  } as TopLevelSpec;
  return {
    name: "knowledge-loop",
    title: knowledge ? "The knowledge loop over time" : "Resolution and escalation over time",
    caption: knowledge
      ? "With the knowledge loop on, each L2/L3 resolution may be documented as an article that lets L1 solve the next ticket of that problem, " +
        "and L3 fixes remove problems altogether: escalation should fall and first-contact resolution rise day by day, towards a floor set by brand-new problems."
      : "The knowledge loop is off in this scenario, so these rates should stay level apart from the weekly pattern; " +
        "switch knowledge.enabled on to see escalation fall as articles accumulate.",
    spec: themed(spec),
  };
}
