import type { TopLevelSpec } from "vega-lite";
import type { SimulationResult } from "../../experiment/simulate.js";
import { CHART_WIDTH, OTHER_COLORS, themed, tierColorScale } from "../render.js";
import { activeTiers, durationLabelExpr, humanDuration, durationTicks, sig, symlogPosition, type ReportChart } from "./common.js";

export interface CdfPoint {
  tier: string;
  /** Wait in minutes. */
  wait: number;
  /** Share of the tier's answered tickets that waited at most `wait`. */
  share: number;
  waitText: string;
}

/**
 * The empirical CDF of a sketch, thinned to what a chart can show: a point is kept when the share has risen by 0.2
 * points or the wait by 10% since the last kept one (the sketch itself is only 1% accurate in the wait).
 */
export function thinCdf(points: { value: number; share: number }[]): { value: number; share: number }[] {
  const out: { value: number; share: number }[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const last = out[out.length - 1];
    if (!last || i === points.length - 1 || p.share - last.share >= 0.002 || p.value >= last.value * 1.1) out.push(p);
  }
  return out;
}

/** Wait-time distribution per tier as a CDF, with the service-level target as a rule. */
export function waitCdfChart(result: SimulationResult): ReportChart | undefined {
  const tiers = activeTiers(result).filter((t) => (result.histograms[`wait.${t}`]?.count ?? 0) > 0);
  if (tiers.length === 0) return undefined;
  const rows: CdfPoint[] = [];
  let max = 0;
  for (const tier of tiers) {
    const h = result.histograms[`wait.${tier}`]!;
    max = Math.max(max, h.max);
    for (const p of thinCdf(h.cdf())) {
      rows.push({ tier, wait: sig(p.value)!, share: sig(p.share)!, waitText: humanDuration(p.value) });
    }
  }
  const target = result.scenario.serviceLevelTargetMinutes;
  const firstTier = tiers[0]!;
  max = Math.max(max, target * 1.5, 1);
  const ticks = durationTicks(0, max, symlogPosition, 9, [target]);
  const x = {
    field: "wait",
    type: "quantitative" as const,
    title: "wait before an agent picks the ticket up (log scale beyond 1 minute)",
    scale: { type: "symlog" as const, constant: 1, domain: [0, sig(max)!], nice: false },
    axis: { values: ticks, labelExpr: durationLabelExpr(), grid: true },
  };
  const y = { field: "share", type: "quantitative" as const, title: "share of tickets picked up (%)", scale: { domain: [0, 1] }, axis: { format: ".0%" } };
  const spec: TopLevelSpec = {
    title: {
      text: "How long tickets wait for an agent",
      subtitle: `Share of tickets picked up within a given wait, per tier (${result.summary.replications} replications pooled)`,
    },
    width: CHART_WIDTH,
    height: 300,
    layer: [
      {
        data: { values: rows },
        mark: { type: "line", interpolate: "linear" },
        encoding: {
          x,
          y,
          color: {
            field: "tier",
            type: "nominal",
            scale: tierColorScale(tiers),
            legend: { title: "tier", orient: "bottom-right", fillColor: "white", padding: 6 },
          },
        },
      },
      {
        name: "hover-cdf",
        data: { values: rows },
        mark: { type: "point", filled: true, size: 70, opacity: 0 },
        encoding: {
          x,
          y,
          tooltip: [
            { field: "tier", type: "nominal", title: "tier" },
            { field: "waitText", type: "nominal", title: "waited at most" },
            { field: "share", type: "quantitative", title: "share of tickets", format: ".1%" },
          ],
        },
      },
      {
        data: { values: [{ target, label: `service-level target (${firstTier}): ${humanDuration(target)}` }] },
        layer: [
          {
            mark: { type: "rule", color: OTHER_COLORS.target, strokeDash: [6, 4], strokeWidth: 2 },
            encoding: {
              x: { ...x, field: "target" },
              tooltip: { field: "label", type: "nominal" },
            },
          },
          {
            mark: { type: "text", align: "left", baseline: "bottom", dx: 5, dy: -4, color: OTHER_COLORS.target, fontWeight: "bold" },
            encoding: { x: { ...x, field: "target" }, y: { datum: 0, type: "quantitative", title: y.title, scale: y.scale, axis: y.axis }, text: { field: "label", type: "nominal" } },
          },
        ],
      },
    ],
  };
  return {
    name: "wait-cdf",
    title: "Wait-time distribution per tier",
    caption:
      `Each curve shows what share of the tickets answered at a tier had waited at most a given time before an agent picked them up. ` +
      `The red dashed line is the service-level target (${humanDuration(target)} at ${firstTier}); the higher a curve is where it crosses the line, the better. ` +
      `Customers who hung up are not on these curves, which is why the service level (it counts them as misses) can be lower.`,
    spec: themed(spec),
  };
}
