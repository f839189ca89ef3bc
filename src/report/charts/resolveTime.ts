import type { TopLevelSpec } from "vega-lite";
import type { SimulationResult } from "../../experiment/simulate.js";
import { formatValue } from "../format.js";
import { OTHER_COLORS, themed } from "../render.js";
import { durationLabelExpr, durationTicks, humanDuration, sig, withInterval, type ReportChart } from "./common.js";
import { shareWithInterval } from "./utilization.js";


/** Time to resolve by priority against its SLA target, and SLA attainment per priority. */
export function resolveTimeChart(result: SimulationResult): ReportChart | undefined {
  const metrics = result.summary.metrics;
  const priorities = result.scenario.priorities.filter((p) => metrics[`resolveTime.${p.name}.mean`]?.mean != null);
  if (priorities.length === 0) return undefined;
  const names = priorities.map((p) => p.name);
  const times = priorities.map((p) => {
    const m = metrics[`resolveTime.${p.name}.mean`]!;
    return {
      priority: p.name,
      mean: sig(m.mean)!,
      lo: sig(m.ci95[0] ?? m.mean)!,
      hi: sig(m.ci95[1] ?? m.mean)!,
      text: withInterval(m),
      sla: p.slaMinutes === undefined ? null : sig(p.slaMinutes)!,
      slaText: p.slaMinutes === undefined ? "none" : humanDuration(p.slaMinutes),
    };
  });
  const targets = times.filter((t) => t.sla !== null);
  const attainment = priorities.flatMap((p) => {
    const m = metrics[`slaAttainment.${p.name}`];
    if (!m || m.mean === null) return [];
    return [
      {
        priority: p.name,
        zero: 0,
        mean: sig(m.mean)!,
        lo: sig(m.ci95[0] ?? m.mean)!,
        hi: sig(m.ci95[1] ?? m.mean)!,
        label: shareWithInterval(m.mean, m.ci95[0], m.ci95[1]),
        target: p.slaMinutes === undefined ? "" : humanDuration(p.slaMinutes),
      },
    ];
  });
  const values = [...times.flatMap((t) => [t.lo, t.hi]), ...targets.map((t) => t.sla!)].filter((v) => v > 0);
  const min = Math.min(...values) / 1.6;
  const max = Math.max(...values) * 1.6;
  const ticks = durationTicks(min, max, Math.log, 6);
  const y = { field: "priority", type: "nominal" as const, title: "priority", sort: names, scale: { domain: names }, axis: { labelFontSize: 13, labelFontWeight: "bold" as const } };
  const x = {
    type: "quantitative" as const,
    title: "time from arrival to resolution (log scale)",
    scale: { type: "log" as const, domain: [sig(min)!, sig(max)!], nice: false },
    axis: { values: ticks, labelExpr: durationLabelExpr(), grid: true },
  };
  const timePanel = {
    title: { text: "Mean time to resolve vs the SLA target", fontSize: 13, anchor: "start" as const, offset: 6 },
    width: 330,
    height: { step: 40 },
    layer: [
      {
        data: { values: times },
        layer: [
          { mark: { type: "errorbar" as const, ticks: { size: 10 }, thickness: 1.5, color: OTHER_COLORS.ink }, encoding: { y, x: { ...x, field: "lo" }, x2: { field: "hi" } } },
          {
            mark: { type: "point" as const, filled: true, size: 90, opacity: 1, color: OTHER_COLORS.ink },
            encoding: {
              y,
              x: { ...x, field: "mean" },
              tooltip: [
                { field: "priority", type: "nominal" as const, title: "priority" },
                { field: "text", type: "nominal" as const, title: "mean time to resolve" },
                { field: "slaText", type: "nominal" as const, title: "SLA target" },
              ],
            },
          },
        ],
      },
      ...(targets.length > 0
        ? [
            {
              data: { values: targets },
              mark: { type: "tick" as const, thickness: 3, size: 26, color: OTHER_COLORS.target },
              encoding: {
                y,
                x: { ...x, field: "sla" },
                tooltip: [
                  { field: "priority", type: "nominal" as const, title: "priority" },
                  { field: "slaText", type: "nominal" as const, title: "SLA target" },
                ],
              },
            },
          ]
        : []),
    ],
  };
  const panels: object[] = [timePanel];
  if (attainment.length > 0) {
    const ax = (field: string) => ({
      field,
      type: "quantitative" as const,
      title: "SLA attainment (% of tickets)",
      scale: { domain: [0, 1] },
      axis: { format: ".0%", values: [0, 0.25, 0.5, 0.75, 1] },
    });
    panels.push({
      title: { text: "Resolved within the SLA target", fontSize: 13, anchor: "start" as const, offset: 6 },
      data: { values: attainment },
      width: 200,
      height: { step: 40 },
      encoding: { y: { ...y, axis: { ...y.axis, title: null } } },
      layer: [
        {
          mark: { type: "bar" as const, color: "#8a8a8a", height: { band: 0.55 } },
          encoding: {
            x: ax("mean"),
            tooltip: [
              { field: "priority", type: "nominal" as const, title: "priority" },
              { field: "label", type: "nominal" as const, title: "resolved within target" },
              { field: "target", type: "nominal" as const, title: "SLA target" },
            ],
          },
        },
        { mark: { type: "errorbar" as const, ticks: { size: 10 }, color: "#222" }, encoding: { x: ax("lo"), x2: { field: "hi" } } },
        {
          mark: { type: "text" as const, align: "left" as const, baseline: "middle" as const, dx: 6, fontWeight: "bold" as const },
          encoding: {
            x: ax("zero"),
            text: { field: "mean", type: "quantitative" as const, format: ".0%" },
            // White on the bar; dark where the bar is too short to hold the label.
            color: { condition: { test: "datum.mean < 0.2", value: "#222" }, value: "white" },
          },
        },
      ],
    });
  }
  const spec = {
    title: { text: "Time to resolve by priority", subtitle: `Dot: mean over ${result.summary.replications} replications, with its 95% interval; red mark: the priority's resolution target (SLA)` },
    hconcat: panels,
    spacing: 30,
  } as TopLevelSpec;
  const worst = attainment.reduce<(typeof attainment)[number] | undefined>((w, a) => (w === undefined || a.mean < w.mean ? a : w), undefined);
  return {
    name: "resolve-time",
    title: "Time to resolve by priority",
    caption:
      "Left: the mean time from arrival to resolution for each priority (dot, with its 95% interval) against the SLA target (red mark), on a logarithmic scale. " +
      "Right: the share of tickets resolved within the target; tickets still open past it at the end count as misses." +
      (worst ? ` The lowest attainment is ${worst.priority}'s, ${formatValue(worst.mean, "share")}.` : ""),
    spec: themed(spec),
  };
}
