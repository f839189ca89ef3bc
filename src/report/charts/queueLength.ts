import type { TopLevelSpec } from "vega-lite";
import type { SimulationResult } from "../../experiment/simulate.js";
import { formatDuration } from "../../model/units.js";
import { CHART_WIDTH, themed, tierColor } from "../render.js";
import { activeTiers, runDayAxis, sig, warmupLayers, weekTime, type ReportChart } from "./common.js";

/** Longest series drawn hour by hour; longer runs are drawn in blocks of several hours (means of the hourly figures). */
const MAX_POINTS = 2000;

export interface QueuePoint {
  /** Time since the run started, in days (the end of the hour or block the figure describes). */
  day: number;
  mean: number;
  p10: number;
  p90: number;
  when: string;
}

/** One tier's queue over the run: mean across replications with the 10th-90th percentile band, hour by hour. */
export function queueSeries(result: SimulationResult, tier: string): QueuePoint[] {
  const { series, scenario } = result;
  const width = series.columns.length;
  const c = series.columns.indexOf(`queue.${tier}`);
  if (c < 0) return [];
  const block = Math.max(1, Math.ceil(series.hours / MAX_POINTS));
  const rows: QueuePoint[] = [];
  for (let from = 0; from < series.hours; from += block) {
    const to = Math.min(series.hours, from + block);
    let mean = 0;
    let p10 = 0;
    let p90 = 0;
    for (let h = from; h < to; h++) {
      mean += series.mean[h * width + c]!;
      p10 += series.p10[h * width + c]!;
      p90 += series.p90[h * width + c]!;
    }
    const n = to - from;
    rows.push({ day: sig(to / 24, 6)!, mean: sig(mean / n)!, p10: sig(p10 / n)!, p90: sig(p90 / n)!, when: weekTime(scenario.startMinuteOfWeek, to * 60) });
  }
  return rows;
}

/** Queue length over the run per tier, mean across replications with the p10-p90 band; warm-up shaded. */
export function queueLengthChart(result: SimulationResult): ReportChart | undefined {
  const tiers = activeTiers(result).filter((t) => result.series.columns.includes(`queue.${t}`));
  if (tiers.length === 0) return undefined;
  const horizonDays = result.series.hours / 24;
  const warmupDays = result.scenario.warmupMinutes / 1440;
  const axis = runDayAxis(result);
  const panels = tiers.map((tier, i) => {
    const last = i === tiers.length - 1;
    const x = {
      field: "day",
      type: "quantitative" as const,
      title: last ? axis.title : null,
      scale: { domain: [0, sig(horizonDays, 6)!], nice: false, zero: true },
      axis: { values: axis.values, ...(axis.labelExpr ? { labelExpr: axis.labelExpr } : {}), grid: true },
    };
    const color = tierColor(tier);
    const warmup = warmupLayers(result, x, CHART_WIDTH);
    return {
      title: { text: `${tier} queue`, color, fontSize: 13, anchor: "start" as const, offset: 6 },
      width: CHART_WIDTH,
      height: 120,
      layer: [
        ...warmup,
        {
          data: { values: queueSeries(result, tier) },
          layer: [
            {
              mark: { type: "area" as const, color, opacity: 0.25 },
              encoding: { x, y: { field: "p10", type: "quantitative" as const, title: "tickets waiting" }, y2: { field: "p90" } },
            },
            {
              mark: { type: "line" as const, color, strokeWidth: 1.6 },
              encoding: { x, y: { field: "mean", type: "quantitative" as const, title: "tickets waiting" } },
            },
            {
              name: `hover-queue-${tier}`,
              mark: { type: "rule" as const, color, opacity: 0, strokeWidth: 4 },
              encoding: {
                x,
                y: { field: "p10", type: "quantitative" as const, title: "tickets waiting" },
                y2: { field: "p90" },
                tooltip: [
                  { field: "when", type: "nominal" as const, title: "hour ending" },
                  { field: "mean", type: "quantitative" as const, title: "mean tickets waiting", format: ",.1f" },
                  { field: "p10", type: "quantitative" as const, title: "10th percentile", format: ",.1f" },
                  { field: "p90", type: "quantitative" as const, title: "90th percentile", format: ",.1f" },
                ],
              },
            },
          ],
        },
      ],
    };
  });
  const spec = {
    title: {
      text: "Queue length over the run, per tier",
      subtitle: `Tickets waiting at the end of each hour. Line: mean of ${result.summary.replications} replications; band: 10th to 90th percentile across them.`,
    },
    vconcat: panels,
    spacing: 18,
  } as TopLevelSpec;
  const wu = warmupDays > 0 ? ` The grey strip is the warm-up (${formatDuration(result.scenario.warmupMinutes)}), left out of every figure.` : "";
  return {
    name: "queue-length",
    title: "Queue length over the run",
    caption:
      `Tickets waiting in each tier's queue, hour by hour. The line is the mean across replications, the shaded band the range ` +
      `between the 10th and 90th percentile: in 8 replications out of 10 the queue was inside it. Each tier has its own vertical scale.${wu}`,
    spec: themed(spec),
  };
}
