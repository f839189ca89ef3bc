import type { TopLevelSpec } from "vega-lite";
import type { SimulationResult } from "../../experiment/simulate.js";
import { formatValue } from "../format.js";
import { CHART_WIDTH, themed, tierColorScale } from "../render.js";
import { activeTiers, measuredDays, sig, withInterval, type ReportChart } from "./common.js";

/** Mean over replications of a figure computed from each replication's metrics. */
function meanOver(result: SimulationResult, f: (m: Record<string, number>) => number): number {
  const values = result.replications.map((r) => f(r.metrics)).filter(Number.isFinite);
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** Where the money goes: staff cost per tier, and what one resolved ticket costs, split by tier. */
export function costChart(result: SimulationResult): ReportChart | undefined {
  const tiers = activeTiers(result).filter((t) => result.summary.metrics[`cost.${t}`]?.mean != null);
  if (tiers.length === 0) return undefined;
  const total = result.summary.metrics["cost.total"]?.mean ?? tiers.reduce((s, t) => s + (result.summary.metrics[`cost.${t}`]!.mean ?? 0), 0);
  const days = measuredDays(result);
  const byTier = tiers.map((tier) => {
    const m = result.summary.metrics[`cost.${tier}`]!;
    const share = total > 0 ? m.mean! / total : NaN;
    return {
      tier,
      cost: sig(m.mean, 6)!,
      lo: sig(m.ci95[0] ?? m.mean, 6)!,
      hi: sig(m.ci95[1] ?? m.mean, 6)!,
      label: `${formatValue(m.mean, "currency")} (${formatValue(share, "share")})`,
      detail: withInterval(m),
    };
  });
  const perTicket = result.summary.metrics["cost.perTicket"];
  let cumulative = 0;
  const perTicketRows = tiers.map((tier) => {
    const v = meanOver(result, (m) => (m["tickets.resolved"]! > 0 ? (m[`cost.${tier}`] ?? NaN) / m["tickets.resolved"]! : NaN));
    const from = cumulative;
    cumulative += Number.isFinite(v) ? v : 0;
    return { tier, what: "per resolved ticket", from: sig(from)!, to: sig(cumulative)!, mid: sig((from + cumulative) / 2)!, value: sig(v)!, text: formatValue(v, "currency"), short: `${tier} ${formatValue(v, "currency")}` };
  });
  const totalPerTicket = perTicket?.mean ?? cumulative;

  const y = { field: "tier", type: "nominal" as const, title: null, sort: tiers, axis: { labelFontSize: 13, labelFontWeight: "bold" as const } };
  const color = { field: "tier", type: "nominal" as const, scale: tierColorScale(tiers), legend: null };
  const maxCost = Math.max(...byTier.map((r) => r.hi));
  const costX = (field: string) => ({
    field,
    type: "quantitative" as const,
    title: `staff cost over the ${days} measured days (currency units)`,
    axis: { format: ",.0f", tickCount: 5 },
    scale: { domain: [0, sig(maxCost * 1.02, 6)!] },
  });
  const ticketX = (field: string) => ({
    field,
    type: "quantitative" as const,
    title: "cost per resolved ticket (currency units), split by tier",
    scale: { domain: [0, sig(Math.max(totalPerTicket, cumulative) * 1.02, 6)!] },
  });
  const ticketY = { field: "what", type: "nominal" as const, title: null, axis: { labelFontSize: 12 } };
  const spec = {
    title: {
      text: "Where the money goes",
      subtitle: `Staff cost (paid agent-hours on the roster x cost per hour) over the ${days} measured days, mean of ${result.summary.replications} replications`,
    },
    vconcat: [
      {
        title: { text: "Staff cost per tier (and its share of the total)", fontSize: 13, anchor: "start", offset: 6 },
        data: { values: byTier },
        width: CHART_WIDTH - 160,
        height: { step: 40 },
        encoding: { y },
        layer: [
          {
            mark: { type: "bar", height: { band: 0.6 }, opacity: 0.9 },
            encoding: {
              x: costX("cost"),
              color,
              tooltip: [
                { field: "tier", type: "nominal", title: "tier" },
                { field: "detail", type: "nominal", title: "staff cost" },
                { field: "label", type: "nominal", title: "share of total" },
              ],
            },
          },
          { mark: { type: "errorbar", ticks: { size: 12 }, color: "#222" }, encoding: { x: costX("lo"), x2: { field: "hi" } } },
          { mark: { type: "text", align: "left", baseline: "middle", dx: 8 }, encoding: { x: costX("hi"), text: { field: "label", type: "nominal" } } },
        ],
      },
      {
        title: { text: `Cost per resolved ticket: ${withInterval(perTicket, "currency")}`, fontSize: 13, anchor: "start", offset: 6 },
        width: CHART_WIDTH - 160,
        height: { step: 40 },
        layer: [
          {
            data: { values: perTicketRows },
            encoding: { y: ticketY },
            layer: [
              {
                mark: { type: "bar", height: { band: 0.6 }, opacity: 0.9, stroke: "white", strokeWidth: 1 },
                encoding: {
                  x: ticketX("from"),
                  x2: { field: "to" },
                  color,
                  tooltip: [
                    { field: "tier", type: "nominal", title: "tier" },
                    { field: "text", type: "nominal", title: "cost per resolved ticket" },
                  ],
                },
              },
              {
                // Segment labels where the segment is wide enough to hold them.
                transform: [{ filter: `datum.to - datum.from >= ${sig(cumulative * 0.16)}` }],
                mark: { type: "text", align: "center", baseline: "middle", color: "white", fontWeight: "bold" },
                encoding: { x: ticketX("mid"), text: { field: "short", type: "nominal" } },
              },
            ],
          },
          {
            data: { values: [{ what: "per resolved ticket", total: sig(totalPerTicket)!, label: `${formatValue(totalPerTicket, "currency")} in all` }] },
            mark: { type: "text", align: "left", baseline: "middle", dx: 6 },
            encoding: { y: ticketY, x: ticketX("total"), text: { field: "label", type: "nominal" } },
          },
        ],
      },
    ],
    spacing: 24,
  } as TopLevelSpec;
  return {
    name: "cost",
    title: "Where the money goes",
    caption:
      `Staff cost is the paid agent-hours on each tier's roster times its cost per hour, over the ${days} days after warm-up; the bar below splits ` +
      `what one resolved ticket costs by the tier that paid for it. A fixed roster costs the same in every replication, so its interval is a single point.`,
    spec: themed(spec),
  };
}
