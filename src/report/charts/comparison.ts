import type { TopLevelSpec } from "vega-lite";
import { formatValue } from "../format.js";
import { OTHER_COLORS, SCENARIO_COLORS, themed } from "../render.js";
import { sig, unitFormat, unitTitle, type ReportChart } from "./common.js";

export interface ComparisonEstimate {
  mean: number | null;
  ci95: [number | null, number | null];
}

export interface ComparisonMetric {
  key: string;
  label: string;
  /** A unit of summary.json: "share", "minutes", "currency", "tickets", ... */
  unit: string;
  /** One per scenario, in the order of `names`. */
  values: ComparisonEstimate[];
  /**
   * Paired (common random numbers) differences against the first scenario: one per scenario in the order of `names`
   * (the first one, the scenario against itself, is ignored), or one per scenario after the first.
   */
  differences?: ComparisonEstimate[];
}

export interface ComparisonInput {
  names: string[];
  metrics: ComparisonMetric[];
  /** Shown in the titles and in report.html, e.g. "tiered vs flat". */
  title?: string;
  /** A paragraph for report.html. */
  description?: string;
}

const PANEL_WIDTH = 250;
const COLUMNS = 2;

function intervalText(e: ComparisonEstimate, unit: string, signed = false): string {
  const f = (v: number | null) => {
    const s = formatValue(v, unit);
    return signed && v !== null && v > 0 ? `+${s}` : s;
  };
  const [lo, hi] = e.ci95;
  if (lo === null || hi === null) return f(e.mean);
  return `${f(e.mean)} (95% interval ${f(lo)} to ${f(hi)})`;
}

/** The differences of a metric aligned with names[1..]. */
export function differencesAfterFirst(names: string[], m: ComparisonMetric): (ComparisonEstimate | undefined)[] {
  const d = m.differences ?? [];
  const offset = d.length === names.length ? 1 : 0;
  return names.slice(1).map((_, i) => d[i + offset]);
}

/** The key metrics side by side, one small panel per metric, each scenario's mean with its 95% interval. */
export function comparisonMetricsChart(input: ComparisonInput): ReportChart | undefined {
  const { names } = input;
  const colors = { domain: names, range: names.map((_, i) => SCENARIO_COLORS[i % SCENARIO_COLORS.length]!) };
  const panels = input.metrics.flatMap((m) => {
    const rows = m.values.flatMap((v, i) =>
      v.mean === null || names[i] === undefined
        ? []
        : [{ scenario: names[i]!, mean: sig(v.mean, 6)!, lo: sig(v.ci95[0] ?? v.mean, 6)!, hi: sig(v.ci95[1] ?? v.mean, 6)!, text: intervalText(v, m.unit) }],
    );
    if (rows.length === 0) return [];
    const x = { type: "quantitative" as const, title: unitTitle(m.unit), scale: { zero: false, padding: 10 }, axis: { format: unitFormat(m.unit), tickCount: 4 } };
    return [
      {
        title: { text: m.label, fontSize: 13, anchor: "start" as const, offset: 6 },
        data: { values: rows },
        width: PANEL_WIDTH,
        height: { step: 26 },
        encoding: { y: { field: "scenario", type: "nominal" as const, title: null, sort: names }, color: { field: "scenario", type: "nominal" as const, scale: colors, legend: null } },
        layer: [
          { mark: { type: "errorbar" as const, ticks: { size: 10 }, thickness: 2 }, encoding: { x: { ...x, field: "lo" }, x2: { field: "hi" } } },
          {
            mark: { type: "point" as const, filled: true, size: 80, opacity: 1 },
            encoding: {
              x: { ...x, field: "mean" },
              tooltip: [
                { field: "scenario", type: "nominal" as const, title: "scenario" },
                { field: "text", type: "nominal" as const, title: m.label },
              ],
            },
          },
        ],
      },
    ];
  });
  if (panels.length === 0) return undefined;
  const spec = {
    title: { text: input.title ? `${input.title}: key figures` : "Key figures side by side", subtitle: "Mean over replications with 95% intervals (Student t)" },
    concat: panels,
    columns: COLUMNS,
    spacing: { row: 24, column: 40 },
  } as TopLevelSpec;
  return {
    name: "compare-metrics",
    title: "Key figures side by side",
    caption: "Each panel is one figure, each row one scenario: the dot is the mean over replications, the bar its 95% interval. Mind the scales: each panel has its own.",
    spec: themed(spec),
  };
}

/** Paired differences against the first scenario with 95% intervals; a zero line marks "no difference". */
export function comparisonDifferencesChart(input: ComparisonInput): ReportChart | undefined {
  const { names } = input;
  if (names.length < 2) return undefined;
  const base = names[0]!;
  const others = names.slice(1);
  const labelOf = (n: string) => `${n} − ${base}`;
  const colors = { domain: others.map(labelOf), range: others.map((_, i) => SCENARIO_COLORS[(i + 1) % SCENARIO_COLORS.length]!) };
  const panels = input.metrics.flatMap((m) => {
    const rows = differencesAfterFirst(names, m).flatMap((d, i) => {
      if (!d || d.mean === null) return [];
      const [lo, hi] = d.ci95;
      const clear = lo !== null && hi !== null && (lo > 0 || hi < 0);
      return [
        {
          comparison: labelOf(others[i]!),
          mean: sig(d.mean, 6)!,
          lo: sig(lo ?? d.mean, 6)!,
          hi: sig(hi ?? d.mean, 6)!,
          clear: clear ? "yes: the interval excludes zero" : "no: the interval includes zero",
          text: intervalText(d, m.unit, true),
        },
      ];
    });
    if (rows.length === 0) return [];
    const share = m.unit === "share";
    const x = {
      type: "quantitative" as const,
      title: share ? "difference (percentage points)" : `difference (${unitTitle(m.unit)})`,
      scale: { zero: true, padding: 10 },
      axis: { format: share ? "+.1~%" : m.unit === "currency" || m.unit === "tickets" ? "+,.0f" : "+,.4~r", tickCount: 4 },
    };
    return [
      {
        title: { text: m.label, fontSize: 13, anchor: "start" as const, offset: 6 },
        width: PANEL_WIDTH,
        height: { step: 26 },
        layer: [
          { data: { values: [{ zero: 0 }] }, mark: { type: "rule" as const, color: "#888", strokeDash: [4, 3] }, encoding: { x: { ...x, field: "zero" } } },
          {
            data: { values: rows },
            encoding: {
              y: { field: "comparison", type: "nominal" as const, title: null, sort: others.map(labelOf) },
              color: { field: "comparison", type: "nominal" as const, scale: colors, legend: null },
            },
            layer: [
              { mark: { type: "errorbar" as const, ticks: { size: 10 }, thickness: 2 }, encoding: { x: { ...x, field: "lo" }, x2: { field: "hi" } } },
              {
                mark: { type: "point" as const, size: 80, opacity: 1, strokeWidth: 2 },
                encoding: {
                  x: { ...x, field: "mean" },
                  fill: { field: "clear", type: "nominal" as const, scale: { domain: ["yes: the interval excludes zero", "no: the interval includes zero"], range: [OTHER_COLORS.ink, "white"] }, legend: null },
                  tooltip: [
                    { field: "comparison", type: "nominal" as const, title: "difference" },
                    { field: "text", type: "nominal" as const, title: m.label },
                    { field: "clear", type: "nominal" as const, title: "a clear difference?" },
                  ],
                },
              },
            ],
          },
        ],
      },
    ];
  });
  if (panels.length === 0) return undefined;
  const spec = {
    title: {
      text: input.title ? `${input.title}: differences against ${base}` : `Differences against ${base}`,
      subtitle: "Paired on the same tickets (common random numbers), mean with 95% interval; filled dot: the interval excludes zero",
    },
    concat: panels,
    columns: COLUMNS,
    spacing: { row: 24, column: 40 },
  } as TopLevelSpec;
  return {
    name: "compare-differences",
    title: `Differences against ${base}`,
    caption:
      `Each panel is one figure: the difference between a scenario and ${base}, measured on the very same tickets, with its 95% interval. ` +
      "Where the interval does not cross the dashed zero line (filled dot), the difference is unlikely to be chance.",
    spec: themed(spec),
  };
}
