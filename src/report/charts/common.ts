import type { TopLevelSpec } from "vega-lite";
import type { SimulationResult } from "../../experiment/simulate.js";
import type { MetricSummary } from "../../experiment/summary.js";
import { DAY_NAMES } from "../../model/units.js";
import { formatValue } from "../format.js";

/** A chart of a report: its file name (charts/<name>.svg), what it shows, how to read it, and its Vega-Lite spec. */
export interface ReportChart {
  name: string;
  title: string;
  /** One or two sentences under the chart in report.html: how to read it. */
  caption: string;
  spec: TopLevelSpec;
}

/** The tiers that took part in the run (a one-tier scenario has no L2/L3 figures). */
export function activeTiers(result: SimulationResult): string[] {
  return result.tierNames.filter((t) => result.summary.metrics[`utilization.${t}`] !== undefined);
}

/** What the people of a tier are called in sentences. */
export function tierPeople(tier: string): string {
  switch (tier) {
    case "L1":
      return "L1 agents";
    case "L2":
      return "L2 specialists";
    case "L3":
      return "L3 engineers";
    case "pool":
      return "generalists";
    default:
      return `${tier} agents`;
  }
}

/** A number kept to `digits` significant digits: smaller inline data, no false precision. NaN and infinities: null. */
export function sig(x: number | null | undefined, digits = 4): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  return Number(x.toPrecision(digits));
}

/** Vega expression writing a time in minutes the way people read it: "0", "30 s", "5 min", "2 h", "3 d". */
export function durationLabelExpr(value = "datum.value"): string {
  return (
    `${value} == 0 ? '0' : ${value} < 1 ? format(${value} * 60, '.3~r') + ' s' : ${value} < 60 ? format(${value}, '.3~r') + ' min' : ` +
    `${value} < 2880 ? format(${value} / 60, '.3~r') + ' h' : format(${value} / 1440, '.3~r') + ' d'`
  );
}

/** The unit a time in minutes reads best in: seconds below a minute, minutes below two hours, hours below two days. */
export function durationUnit(minutes: number): { unit: string; per: number } {
  const abs = Math.abs(minutes);
  if (abs < 1) return { unit: "s", per: 1 / 60 };
  if (abs < 120) return { unit: "min", per: 1 };
  if (abs < 2880) return { unit: "h", per: 60 };
  return { unit: "d", per: 1440 };
}

/** A time in minutes as people say it, to 3 significant digits: "30 s", "20 min", "4 h", "3 d"; `as` picks the unit. */
export function humanDuration(minutes: number, as: number = minutes): string {
  if (!Number.isFinite(minutes)) return "n/a";
  if (minutes === 0) return "0";
  const { unit, per } = durationUnit(as);
  return `${Number((minutes / per).toPrecision(3))} ${unit}`;
}

/** Round numbers of minutes for tick marks on a logarithmic time axis. */
const DURATION_TICKS = [
  1 / 6, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 240, 480, 1440, 2880, 4320, 7 * 1440, 14 * 1440, 28 * 1440, 56 * 1440, 91 * 1440, 182 * 1440, 365 * 1440,
];

/**
 * Tick values for a time axis from `min` to `max` minutes, spaced evenly on the axis' scale (position()), at most
 * `count` of them.
 */
export function durationTicks(min: number, max: number, position: (x: number) => number, count = 8, extra: number[] = []): number[] {
  const candidates = [...new Set([...(min <= 0 ? [0] : []), ...DURATION_TICKS.filter((t) => t >= min * 0.999 && t <= max * 1.001), ...extra])].sort((a, b) => a - b);
  if (candidates.length === 0) return [];
  const span = position(max) - position(Math.max(min, 0));
  const gap = span / count;
  const keep: number[] = [];
  const forced = new Set(extra);
  for (const t of candidates) {
    const last = keep[keep.length - 1];
    if (last === undefined || position(t) - position(last) >= gap * 0.9) keep.push(t);
    else if (forced.has(t)) keep[keep.length - 1] = t;
  }
  return keep;
}

/** Symmetric log with a constant of one minute: linear near zero (where most waits are), logarithmic beyond. */
export function symlogPosition(x: number): number {
  return Math.sign(x) * Math.log1p(Math.abs(x));
}

/** The weekday and clock time of a minute of the run: "Tue 14:00". */
export function weekTime(startMinuteOfWeek: number, minute: number): string {
  const m = (((startMinuteOfWeek + minute) % 10080) + 10080) % 10080;
  const day = DAY_NAMES[Math.floor(m / 1440)]!;
  const hh = Math.floor((m % 1440) / 60);
  const mm = Math.floor(m % 60);
  return `${day} ${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}`;
}

/** A figure with its 95% interval in words for tooltips: "81.2% (79.0% to 83.1%)". */
export function withInterval(m: MetricSummary | undefined, unit = m?.unit ?? ""): string {
  if (!m) return "n/a";
  const main = formatValue(m.mean, unit);
  const [lo, hi] = m.ci95;
  if (lo === null || hi === null) return main;
  if (lo === hi) return `${main} (the same in every replication)`;
  return `${main} (95% interval ${formatValue(lo, unit)} to ${formatValue(hi, unit)})`;
}

/** Axis number format for a unit of summary.json. */
export function unitFormat(unit: string): string {
  switch (unit) {
    case "share":
      return ".1~%";
    case "currency":
    case "tickets":
      return ",.0f";
    default:
      return ",.4~r";
  }
}

/** Axis title suffix for a unit of summary.json. */
export function unitTitle(unit: string): string {
  switch (unit) {
    case "share":
      return "%";
    case "minutes":
      return "minutes";
    case "currency":
      return "currency units";
    case "tickets":
      return "tickets";
    case "agents":
      return "agents";
    default:
      return unit;
  }
}

/** The span measured after warm-up, in days, for titles ("over the 26 measured days"). */
export function measuredDays(result: SimulationResult): string {
  const days = (result.summary.horizonMinutes - result.summary.warmupMinutes) / 1440;
  return Number.isInteger(days) ? `${days}` : days.toFixed(1);
}

/**
 * The time axis of charts over the run, in days since its start: a tick every day labelled with the weekday for runs of
 * up to two weeks, else every week (or four, or thirteen) labelled with the day number.
 */
export function runDayAxis(result: SimulationResult): { values: number[]; labelExpr?: string; title: string } {
  const days = result.series.hours / 24;
  const start = result.scenario.startMinuteOfWeek;
  if (days <= 14 && start % 1440 === 0) {
    const first = Math.floor(start / 1440);
    const names = JSON.stringify(DAY_NAMES).replace(/"/g, "'");
    return {
      values: Array.from({ length: Math.floor(days) + 1 }, (_, i) => i),
      labelExpr: `${names}[(${first} + datum.value) % 7]`,
      title: "time since the run started (days; ticks at midnight)",
    };
  }
  const step = days <= 70 ? 7 : days <= 400 ? 28 : 91;
  return {
    values: Array.from({ length: Math.floor(days / step) + 1 }, (_, i) => i * step),
    title: `time since the run started (days; day 0 is ${weekTime(start, 0)})`,
  };
}

/**
 * Layers shading the warm-up (discarded) at the start of a chart over the run, for an x channel in days; the label
 * only where the strip is wide enough to hold it.
 */
export function warmupLayers(result: SimulationResult, x: object, width: number): object[] {
  const warmupDays = result.scenario.warmupMinutes / 1440;
  const horizonDays = result.series.hours / 24;
  if (!(warmupDays > 0) || !(horizonDays > 0)) return [];
  const wide = (warmupDays / horizonDays) * width >= 52;
  return [
    {
      data: { values: [{ from: 0, to: sig(warmupDays, 6)!, label: `warm-up (${humanDuration(result.scenario.warmupMinutes)}): not measured` }] },
      layer: [
        {
          mark: { type: "rect", color: "#d9d9d9", opacity: 0.5 },
          encoding: { x: { ...x, field: "from" }, x2: { field: "to" }, tooltip: { field: "label", type: "nominal" } },
        },
        ...(wide
          ? [
              {
                mark: { type: "text", align: "left", baseline: "top", dx: 3, y: 2, color: "#666", fontSize: 11 },
                encoding: { x: { ...x, field: "from" }, text: { value: "warm-up" } },
              },
            ]
          : []),
      ],
    },
  ];
}
