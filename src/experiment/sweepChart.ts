/**
 * Charts of a sweep's chosen metric: a line per value of the second parameter over the first (with 95% intervals as
 * error bars), and for two parameters a heatmap. More parameters: one panel per combination of the others.
 */
import type { TopLevelSpec } from "vega-lite";
import { CHART_WIDTH, SCENARIO_COLORS, themed } from "../report/render.js";
import { formatValue } from "../report/format.js";
import type { SweepOutput } from "./sweep.js";
import type { GridValue } from "./sweepGrid.js";

export interface SweepChart {
  /** File name without extension: charts/<name>.vl.json and .svg. */
  name: string;
  spec: TopLevelSpec;
}

function sig(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toPrecision(5));
}

function label(v: GridValue): string {
  return v === null ? "null" : String(v);
}

function axisFormat(unit: string): Record<string, string> {
  return unit === "share" ? { format: ".0%" } : {};
}

function unitTitle(metric: string, unit: string): string {
  switch (unit) {
    case "share":
      return metric;
    case "minutes":
      return `${metric} (minutes)`;
    default:
      return metric;
  }
}

/** The chart specs of a sweep for one metric. */
export function sweepCharts(output: SweepOutput, metric: string): SweepChart[] {
  const params = output.parameters;
  const unit = output.units[metric] ?? "count";
  const first = params[0]!;
  const second = params[1];
  const rest = params.slice(2);
  const numericX = first.values.every((v) => typeof v === "number");
  const rows = output.results.map((r) => {
    const m = r.metrics[metric];
    return {
      x: numericX ? r.values[first.path] : label(r.values[first.path] ?? null),
      series: second ? label(r.values[second.path] ?? null) : metric,
      panel: rest.map((p) => `${p.path}=${label(r.values[p.path] ?? null)}`).join(", "),
      mean: sig(m?.mean),
      lo: sig(m?.ci95[0] ?? m?.mean),
      hi: sig(m?.ci95[1] ?? m?.mean),
      text: formatValue(m?.mean ?? null, unit),
    };
  });
  const subtitle = `${output.scenario}: mean of ${output.replications} replications per point with 95% intervals, seed ${output.seed}`;
  const integerX = numericX && first.values.every((v) => Number.isInteger(v));
  const xEnc = {
    field: "x",
    type: numericX ? ("quantitative" as const) : ("ordinal" as const),
    title: first.path,
    sort: numericX ? undefined : first.values.map(label),
    scale: numericX ? { zero: false } : undefined,
    axis: integerX ? { tickMinStep: 1, format: "d" } : { labelAngle: 0 },
  };
  const colour = second
    ? {
        field: "series",
        type: "nominal" as const,
        title: second.path,
        sort: second.values.map(label),
        scale: { range: [...SCENARIO_COLORS] },
        legend: { titleLimit: 300, labelLimit: 200 },
      }
    : { value: SCENARIO_COLORS[0]! };
  const y = { field: "mean", type: "quantitative" as const, title: unitTitle(metric, unit), scale: { zero: false }, axis: axisFormat(unit) };
  const tooltip = [
    { field: "x", title: first.path },
    ...(second ? [{ field: "series", title: second.path }] : []),
    ...(rest.length ? [{ field: "panel", title: "other parameters" }] : []),
    { field: "text", title: metric },
    { field: "lo", title: "95% low", ...(unit === "share" ? { format: ".2%" } : {}) },
    { field: "hi", title: "95% high", ...(unit === "share" ? { format: ".2%" } : {}) },
  ];
  const layers = {
    layer: [
      { mark: { type: "line" as const, point: true }, encoding: { x: xEnc, y, color: colour, tooltip } },
      {
        mark: { type: "errorbar" as const, ticks: { size: 6 } },
        encoding: { x: xEnc, y: { field: "lo", type: "quantitative" as const, title: unitTitle(metric, unit) }, y2: { field: "hi" }, color: colour },
      },
    ],
  };
  const lines: TopLevelSpec = rest.length
    ? ({
        title: { text: `${metric} across the sweep`, subtitle },
        data: { values: rows },
        facet: { row: { field: "panel", type: "nominal", title: null } },
        spec: { width: CHART_WIDTH - 200, height: 220, ...layers },
      } as TopLevelSpec)
    : ({
        title: { text: `${metric} across the sweep`, subtitle },
        data: { values: rows },
        width: CHART_WIDTH - 160,
        height: 300,
        ...layers,
      } as TopLevelSpec);
  const charts: SweepChart[] = [{ name: "sweep", spec: themed(lines) }];
  if (params.length === 2 && second) {
    const heatmap: TopLevelSpec = {
      title: { text: `${metric}: ${first.path} x ${second.path}`, subtitle },
      data: { values: rows.map((r) => ({ ...r, x: label(r.x as GridValue) })) },
      width: Math.max(240, Math.min(CHART_WIDTH - 160, 48 * first.values.length)),
      height: Math.max(120, Math.min(420, 32 * second.values.length)),
      encoding: {
        x: { field: "x", type: "ordinal", title: first.path, sort: first.values.map(label), axis: { labelAngle: 0 } },
        y: { field: "series", type: "ordinal", title: second.path, sort: second.values.map(label) },
      },
      layer: [
        {
          mark: { type: "rect" },
          encoding: {
            color: { field: "mean", type: "quantitative", title: metric, scale: { scheme: "viridis" }, legend: { ...axisFormat(unit), titleLimit: 300 } },
            tooltip,
          },
        },
        ...(first.values.length * second.values.length <= 400
          ? [
              {
                mark: { type: "text" as const, fontSize: 10 },
                encoding: {
                  text: { field: "text", type: "nominal" as const },
                  // Dark text on the light (yellow) half of viridis, light text on the dark half.
                  color: { condition: { test: `datum.mean > ${midpoint(rows.map((r) => r.mean))}`, value: "#111" }, value: "#fff" },
                },
              },
            ]
          : []),
      ],
    } as TopLevelSpec;
    charts.push({ name: "sweep-heatmap", spec: themed(heatmap) });
  }
  return charts;
}

function midpoint(values: (number | null)[]): number {
  const finite = values.filter((v): v is number => v !== null);
  if (finite.length === 0) return 0;
  return (Math.min(...finite) + Math.max(...finite)) / 2;
}
