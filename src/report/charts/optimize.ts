import type { TopLevelSpec } from "vega-lite";
import type { OptimizeResult } from "../../experiment/optimize.js";
import { formatValue } from "../format.js";
import { CHART_WIDTH, OTHER_COLORS, themed } from "../render.js";
import { sig, type ReportChart } from "./common.js";

/** Every staffing the optimizer simulated: its cost against each target's metric, with the target and the choice. */
export function optimizeChart(result: OptimizeResult): ReportChart | undefined {
  const rows = result.candidates.flatMap((c) =>
    c.checks
      .filter((k) => k.mean !== null)
      .map((k) => {
        const target = result.targets.find((t) => t.text === k.target)!;
        return {
          target: k.target,
          cost: Math.round(c.cost),
          mean: sig(k.mean)!,
          lo: sig(k.ci95[0] ?? k.mean)!,
          hi: sig(k.ci95[1] ?? k.mean)!,
          goal: target.value,
          outcome: result.chosen && c.label === result.chosen.label ? "chosen" : c.met ? "meets every target" : "misses a target",
          staffing: c.label,
          value: `${formatValue(k.mean, target.unit)} (${formatValue(k.ci95[0], target.unit)} to ${formatValue(k.ci95[1], target.unit)})`,
          replications: c.replications,
        };
      }),
  );
  if (rows.length === 0) return undefined;
  const outcomes = ["misses a target", "meets every target", "chosen"];
  const spec: TopLevelSpec = themed({
    title: { text: "The search: every staffing simulated", subtitle: "Cost against each target's metric, 95% intervals; the red line is the target" },
    data: { values: rows },
    facet: { row: { field: "target", type: "nominal", title: null, header: { labelAngle: 0, labelAlign: "left", labelAnchor: "start", labelOrient: "top" } } },
    resolve: { scale: { y: "independent" } },
    spec: {
      width: CHART_WIDTH,
      height: 160,
      layer: [
        {
          mark: { type: "rule", strokeWidth: 1 },
          encoding: {
            x: { field: "cost", type: "quantitative", title: "cost over the measured period (currency units, log scale)", scale: { type: "log" } },
            y: { field: "lo", type: "quantitative", title: "metric value", scale: { zero: false } },
            y2: { field: "hi" },
            color: { field: "outcome", type: "nominal", scale: { domain: outcomes, range: ["#999999", "#0072B2", "#009E73"] }, title: null },
          },
        },
        {
          mark: { type: "point", filled: true, size: 50 },
          encoding: {
            x: { field: "cost", type: "quantitative" },
            y: { field: "mean", type: "quantitative" },
            color: { field: "outcome", type: "nominal", scale: { domain: outcomes, range: ["#999999", "#0072B2", "#009E73"] }, title: null, legend: { orient: "top" } },
            size: { condition: { test: "datum.outcome === 'chosen'", value: 160 }, value: 50 },
            tooltip: [
              { field: "staffing", title: "staffing" },
              { field: "cost", title: "cost", format: "," },
              { field: "value", title: "value (95% interval)" },
              { field: "replications", title: "replications" },
            ],
          },
        },
        {
          mark: { type: "rule", color: OTHER_COLORS.target, strokeDash: [5, 3] },
          encoding: { y: { aggregate: "max", field: "goal", type: "quantitative" } },
        },
      ],
    },
  } as TopLevelSpec);
  return {
    name: "optimize-candidates",
    title: "Every staffing the optimizer simulated",
    caption: "Each point is a staffing tried, at its cost; a target is met when the whole interval is on the right side of the red line.",
    spec,
  };
}
