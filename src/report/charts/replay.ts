import type { TopLevelSpec } from "vega-lite";
import type { Figure, ReplayResult, TableMetric, TableRow } from "../../data/replay/index.js";
import { formatValue } from "../format.js";
import { CHART_WIDTH, OTHER_COLORS, SCENARIO_COLORS, themed } from "../render.js";
import { durationLabelExpr, durationTicks, sig, symlogPosition, type ReportChart } from "./common.js";

const OBSERVED = "observed (the log)";
const SIMULATED = "simulated (mean, 95% interval)";
const COLORS = { domain: [OBSERVED, SIMULATED], range: [OTHER_COLORS.ink, SCENARIO_COLORS[0]!] };

/** The per-hour figures a replay chart can show: the log's arrivals are replayed as they are, so they are left out. */
const PANELS: { metric: TableMetric; title: string; unit: "share" | "minutes" }[] = [
  { metric: "abandonment", title: "Abandonment (share of arrivals)", unit: "share" },
  { metric: "wait.L1.mean", title: "Mean wait at L1 (answered tickets)", unit: "minutes" },
  { metric: "resolveTime.mean", title: "Mean time to resolve", unit: "minutes" },
];

interface Point {
  hour: number;
  label: string;
  series: string;
  value: number | null;
  lo: number | null;
  hi: number | null;
  text: string;
  n: number;
}

/** Hours with fewer tickets than this in the log are left off the chart (a handful of night calls is noise); the tables keep them. */
const MIN_TICKETS = 30;

function points(rows: TableRow[], metric: TableMetric, unit: string): Point[] {
  const out: Point[] = [];
  rows.forEach((row, hour) => {
    const f: Figure = row.figures[metric];
    if ((row.figures.arrivals.observed ?? 0) < MIN_TICKETS) return;
    if (f.observed !== null) out.push({ hour, label: row.label, series: OBSERVED, value: sig(f.observed), lo: null, hi: null, text: formatValue(f.observed, unit), n: f.observedN });
    if (f.simulated !== null) {
      const interval = f.ci95[0] !== null && f.ci95[1] !== null ? ` (${formatValue(f.ci95[0], unit)} to ${formatValue(f.ci95[1], unit)})` : "";
      out.push({ hour, label: row.label, series: SIMULATED, value: sig(f.simulated), lo: sig(f.ci95[0] ?? f.simulated), hi: sig(f.ci95[1] ?? f.simulated), text: formatValue(f.simulated, unit) + interval, n: f.observedN });
    }
  });
  return out;
}

/** Simulated against observed, per hour of day: abandonment, mean wait and time to resolve, one panel each. */
export function replayHourlyChart(result: ReplayResult): ReportChart | undefined {
  const rows = result.comparison.hourly;
  const panels = PANELS.map((p) => ({ ...p, values: points(rows, p.metric, p.unit) })).filter(
    (p) => p.values.some((v) => v.series === OBSERVED) && p.values.some((v) => v.series === SIMULATED),
  );
  if (panels.length === 0) return undefined;
  const hours = Array.from({ length: 25 }, (_, h) => h);
  const x = {
    field: "hour",
    type: "quantitative" as const,
    title: "hour of the day of arrival (desk clock)",
    scale: { domain: [0, 24], nice: false },
    axis: { values: hours.filter((h) => h % 2 === 0), labelExpr: "format(datum.value, '02d') + ':00'", grid: true },
  };
  const color = { scale: COLORS, legend: { title: null, orient: "top" as const, direction: "horizontal" as const, symbolType: "stroke" } };
  const vconcat = panels.map((p, i) => {
    const max = Math.max(1, ...p.values.flatMap((v) => [v.value ?? 0, v.hi ?? 0]));
    const y = {
      field: "value",
      type: "quantitative" as const,
      title: p.unit === "share" ? "% of arrivals" : "time (log scale beyond 1 minute)",
      scale: p.unit === "share" ? { zero: true } : { type: "symlog" as const, constant: 1, domain: [0, sig(max * 1.15)!], nice: false },
      axis: p.unit === "share" ? { format: ".0%" } : { values: durationTicks(0, max * 1.15, symlogPosition, 5), labelExpr: durationLabelExpr() },
    };
    const shifted = p.values.map((v) => ({ ...v, mid: v.hour + 0.5 }));
    const xm = { ...x, field: "mid", title: i === panels.length - 1 ? x.title : null };
    return {
      title: { text: p.title, fontSize: 13, anchor: "start" as const, offset: 6 },
      width: CHART_WIDTH,
      height: 170,
      data: { values: shifted },
      layer: [
        {
          transform: [{ filter: `datum.series === '${SIMULATED}'` }],
          mark: { type: "area" as const, opacity: 0.18, color: SCENARIO_COLORS[0]! },
          encoding: { x: xm, y: { ...y, field: "lo" }, y2: { field: "hi" } },
        },
        {
          mark: { type: "line" as const, point: { filled: true, size: 36 } },
          encoding: { x: xm, y, color: { ...color, field: "series", type: "nominal" as const } },
        },
        {
          name: "hover-replay",
          mark: { type: "point" as const, size: 90, opacity: 0 },
          encoding: {
            x: xm,
            y,
            tooltip: [
              { field: "label", type: "nominal" as const, title: "hour" },
              { field: "series", type: "nominal" as const, title: "figure" },
              { field: "text", type: "nominal" as const, title: p.title.toLowerCase() },
              { field: "n", type: "quantitative" as const, title: "tickets in the log", format: "," },
            ],
          },
        },
      ],
    };
  });
  const o = result.comparison.overall;
  const headline = [
    o.abandonment.observed !== null ? `abandonment ${formatValue(o.abandonment.observed, "share")} observed, ${formatValue(o.abandonment.simulated, "share")} simulated` : "",
    o["wait.L1.mean"].observed !== null ? `mean wait ${formatValue(o["wait.L1.mean"].observed, "minutes")} observed, ${formatValue(o["wait.L1.mean"].simulated, "minutes")} simulated` : "",
  ].filter((s) => s !== "");
  const spec = {
    title: {
      text: `Replay of ${result.period.from}..${result.period.to}: simulated vs observed by hour`,
      subtitle: [
        `${result.tickets.toLocaleString("en-US")} real arrivals replayed on ${result.scenario}, ${result.replications} replications; hours with fewer than ${MIN_TICKETS} tickets in the log left out`,
        ...(headline.length ? [`Overall: ${headline.join("; ")}`] : []),
      ],
    },
    vconcat,
    spacing: 24,
    resolve: { scale: { color: "shared" as const } },
  } as TopLevelSpec;
  return {
    name: "replay-hourly",
    title: "Simulated vs observed, by hour of day",
    caption:
      "Each panel puts what the log shows (dark line) beside what the simulation gives on the same arrivals (coloured line, with its 95% interval across replications as a band), " +
      `by the hour of the day the tickets arrived. Hours with fewer than ${MIN_TICKETS} tickets in the log are left out (replay-hourly.csv has them); the tooltip gives how many tickets each hour had.`,
    spec: themed(spec),
  };
}

/** The charts of a replay folder, in reading order. */
export function replayCharts(result: ReplayResult): ReportChart[] {
  return [replayHourlyChart(result)].filter((c): c is ReportChart => c !== undefined);
}
