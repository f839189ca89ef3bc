import type { TopLevelSpec } from "vega-lite";
import type { SimulationResult } from "../../experiment/simulate.js";
import { formatValue } from "../format.js";
import { CHART_WIDTH, themed, tierColorScale } from "../render.js";
import { activeTiers, sig, type ReportChart } from "./common.js";

/** Share label with its interval, compact: "81.2% (79.0-83.1%)". */
export function shareWithInterval(mean: number | null, lo: number | null, hi: number | null): string {
  const m = formatValue(mean, "share");
  if (lo === null || hi === null || lo === hi) return m;
  return `${m} (${formatValue(lo, "share").replace("%", "")}–${formatValue(hi, "share")})`;
}

/** Utilization per tier with its 95% interval. */
export function utilizationChart(result: SimulationResult): ReportChart | undefined {
  const tiers = activeTiers(result);
  const rows = tiers.flatMap((tier) => {
    const m = result.summary.metrics[`utilization.${tier}`];
    if (!m || m.mean === null) return [];
    const agents = result.summary.metrics[`agents.${tier}`]?.mean ?? null;
    const [lo, hi] = m.ci95;
    return [
      {
        tier,
        mean: sig(m.mean)!,
        lo: sig(lo ?? m.mean)!,
        hi: sig(hi ?? m.mean)!,
        label: shareWithInterval(m.mean, lo, hi),
        agents: agents === null ? "n/a" : formatValue(agents, "count"),
        shrinkage: formatValue(tierShrinkage(result, tier), "share"),
      },
    ];
  });
  if (rows.length === 0) return undefined;
  const x = (field: string) => ({
    field,
    type: "quantitative" as const,
    title: "utilization (% of available agent time)",
    scale: { domain: [0, 1] },
    axis: { format: ".0%", values: [0, 0.2, 0.4, 0.6, 0.8, 1] },
  });
  const y = { field: "tier", type: "nominal" as const, title: null, sort: tiers, axis: { labelFontSize: 13, labelFontWeight: "bold" as const } };
  const spec: TopLevelSpec = {
    title: {
      text: "How busy agents were",
      subtitle: "Busy time / available time (rostered time minus shrinkage), mean with 95% interval",
    },
    data: { values: rows },
    width: CHART_WIDTH - 140,
    height: { step: 44 },
    encoding: { y },
    layer: [
      {
        mark: { type: "bar", height: { band: 0.6 }, opacity: 0.9 },
        encoding: {
          x: x("mean"),
          color: { field: "tier", type: "nominal", scale: tierColorScale(tiers), legend: null },
          tooltip: [
            { field: "tier", type: "nominal", title: "tier" },
            { field: "label", type: "nominal", title: "utilization (95% interval)" },
            { field: "agents", type: "nominal", title: "agents available on average" },
            { field: "shrinkage", type: "nominal", title: "shrinkage" },
          ],
        },
      },
      {
        mark: { type: "errorbar", ticks: { size: 14 }, thickness: 1.5, color: "#222" },
        encoding: { x: x("lo"), x2: { field: "hi" } },
      },
      {
        mark: { type: "text", align: "left", baseline: "middle", dx: 9, fontSize: 12 },
        encoding: { x: x("hi"), text: { field: "label", type: "nominal" } },
      },
    ],
  };
  return {
    name: "utilization",
    title: "Utilization per tier",
    caption:
      "Share of the time agents were available (on shift, after shrinkage) that they spent working tickets; the black bars are 95% intervals. " +
      "The closer a tier is to 100%, the less spare capacity it has to absorb a surge of tickets, and the faster its queue grows when one comes.",
    spec: themed(spec),
  };
}

export function tierShrinkage(result: SimulationResult, tier: string): number {
  const s = result.scenario;
  if (tier === "pool") return s.flat.shrinkage;
  const i = result.tierNames.indexOf(tier);
  return s.tiers[i as 0 | 1 | 2]?.shrinkage ?? NaN;
}
