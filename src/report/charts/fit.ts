import type { TopLevelSpec } from "vega-lite";
import type { FitResult } from "../../data/fit/types.js";
import { TIERS } from "../../model/types.js";
import { DAY_NAMES } from "../../model/units.js";
import { CHART_WIDTH, OTHER_COLORS, SCENARIO_COLORS, themed, tierColor } from "../render.js";
import { durationLabelExpr, durationTicks, humanDuration, sig, type ReportChart } from "./common.js";

const OBSERVED = "observed";
const FITTED = "fitted profile";

/**
 * Observed against fitted arrivals: per hour of the week (arrivals per hour, averaged over the window's occurrences of
 * that hour) and per hour of day over the whole week.
 */
export function fitArrivalsChart(fit: FitResult): ReportChart | undefined {
  const a = fit.arrivals;
  if (a.observed.length !== 168 || a.arrivals === 0) return undefined;
  const week: { how: number; when: string; series: string; rate: number | null; n: number }[] = [];
  for (let h = 0; h < 168; h++) {
    const e = a.exposureHours[h]!;
    if (e <= 0) continue;
    const when = `${DAY_NAMES[Math.floor(h / 24)]} ${String(h % 24).padStart(2, "0")}:00`;
    week.push({ how: h + 0.5, when, series: OBSERVED, rate: sig(a.observed[h]! / e), n: e });
    week.push({ how: h + 0.5, when, series: FITTED, rate: sig(a.fitted[h]! / e), n: e });
  }
  const color = {
    field: "series",
    type: "nominal" as const,
    scale: { domain: [OBSERVED, FITTED], range: [OTHER_COLORS.ink, SCENARIO_COLORS[0]!] },
    legend: { title: null, orient: "top" as const, direction: "horizontal" as const, symbolType: "stroke" },
  };
  const y = { field: "rate", type: "quantitative" as const, title: "arrivals per hour" };
  const weekPanel = {
    width: CHART_WIDTH,
    height: 240,
    data: { values: week },
    layer: [
      {
        mark: { type: "line" as const, interpolate: "step-after" as const, strokeWidth: 1.6 },
        encoding: {
          x: {
            field: "how",
            type: "quantitative" as const,
            title: "hour of the week (desk clock)",
            scale: { domain: [0, 168], nice: false },
            axis: { values: [0, 24, 48, 72, 96, 120, 144, 168], labelExpr: `${JSON.stringify([...DAY_NAMES, ""]).replace(/"/g, "'")}[datum.value / 24]`, grid: true },
          },
          y,
          color,
          strokeDash: { field: "series", type: "nominal" as const, scale: { domain: [OBSERVED, FITTED], range: [[1, 0], [5, 3]] }, legend: null },
        },
      },
      {
        name: "hover-week",
        mark: { type: "point" as const, size: 40, opacity: 0 },
        encoding: {
          x: { field: "how", type: "quantitative" as const },
          y,
          tooltip: [
            { field: "when", type: "nominal" as const, title: "hour" },
            { field: "series", type: "nominal" as const, title: "figure" },
            { field: "rate", type: "quantitative" as const, title: "arrivals per hour", format: ".3~r" },
            { field: "n", type: "quantitative" as const, title: "times this hour occurs in the window" },
          ],
        },
      },
    ],
  };
  const err = a.quality.relativeAbsoluteError;
  const spec = {
    ...weekPanel,
    title: {
      text: "Arrivals: observed against the fitted profile",
      subtitle: [
        `Arrivals per hour in each hour of the week, ${fit.window.window.from}..${fit.window.window.to} (${a.arrivals.toLocaleString("en-US")} arrivals); fitted: rate x hour of day x day of week`,
        `The profile matches the day totals and the hour-of-day totals exactly; hour by hour it misses the counts by ${(100 * err).toFixed(1)}% in total`,
      ],
    },
  } as TopLevelSpec;
  return {
    name: "fit-arrivals",
    title: "Arrivals: observed against the fitted profile",
    caption:
      "Arrivals per hour in each hour of the week, averaged over the weeks of the window (dark), against the separable profile the scenario uses (dashed): a rate times an hour-of-day and a day-of-week multiplier. " +
      "The fit makes the day totals and the hour-of-day totals equal to the observed ones; where the curves still part, the daily shape differs between days (a short Friday, a late Sunday), which a separable profile cannot follow.",
    spec: themed(spec),
  };
}

/** Fitted against empirical CDF of handle time per tier (the chosen family, and the other candidates faintly). */
export function fitHandleTimeChart(fit: FitResult): ReportChart | undefined {
  const tiers = TIERS.filter((t) => (fit.service.byTier[t]?.cdfPoints.length ?? 0) > 1);
  if (tiers.length === 0) return undefined;
  const measure = fit.service.measure === "service" ? "handle time" : fit.service.measure === "working" ? "time in a working status" : "time at the tier";
  const panels = tiers.map((tier, i) => {
    const f = fit.service.byTier[tier]!;
    const chosen = f.chosen.family;
    const EMPIRICAL = `empirical (n ${f.n.toLocaleString("en-US")})`;
    const CHOSEN = `${chosen} (chosen; KS ${f.chosen.ks.toFixed(3)})`;
    const others = f.candidates.filter((c) => c.family !== chosen).map((c) => c.family);
    const rows: { minutes: number; series: string; share: number; text: string }[] = [];
    const positive = f.cdfPoints.filter((p) => p.minutes > 0);
    for (const p of positive) {
      const text = humanDuration(p.minutes);
      rows.push({ minutes: sig(p.minutes)!, series: EMPIRICAL, share: sig(p.empirical)!, text });
      rows.push({ minutes: sig(p.minutes)!, series: CHOSEN, share: sig(p.fitted[chosen])!, text });
      for (const o of others) if (p.fitted[o] !== undefined) rows.push({ minutes: sig(p.minutes)!, series: o, share: sig(p.fitted[o])!, text });
    }
    const min = positive[0]!.minutes;
    const max = positive[positive.length - 1]!.minutes;
    const ticks = durationTicks(min, max, Math.log, 7);
    const domain = [EMPIRICAL, CHOSEN, ...others];
    const range = [OTHER_COLORS.ink, tierColor(tier), ...others.map(() => "#b5b5b5")];
    const x = {
      field: "minutes",
      type: "quantitative" as const,
      title: i === tiers.length - 1 ? `${measure} (log scale)` : null,
      scale: { type: "log" as const, domain: [sig(min)!, sig(max)!], nice: false },
      axis: { values: ticks, labelExpr: durationLabelExpr(), grid: true },
    };
    const y = { field: "share", type: "quantitative" as const, title: "share at most (%)", scale: { domain: [0, 1] }, axis: { format: ".0%" } };
    return {
      title: { text: `${tier}: ${chosen} against the data (sample mean ${humanDuration(f.sample.mean)}, fitted mean ${humanDuration(f.chosen.mean)})`, fontSize: 13, anchor: "start" as const, offset: 6 },
      width: CHART_WIDTH,
      height: 190,
      data: { values: rows },
      layer: [
        {
          mark: { type: "line" as const, interpolate: "linear" as const },
          encoding: {
            x,
            y,
            color: { field: "series", type: "nominal" as const, scale: { domain, range }, legend: { title: null, orient: "right" as const, symbolType: "stroke" } },
            strokeWidth: { condition: { test: `datum.series === '${EMPIRICAL}' || datum.series === '${CHOSEN}'`, value: 2.4 }, value: 1 },
            order: { value: 0 },
          },
        },
        {
          name: "hover-cdf",
          mark: { type: "point" as const, size: 60, opacity: 0 },
          encoding: {
            x,
            y,
            tooltip: [
              { field: "series", type: "nominal" as const, title: "curve" },
              { field: "text", type: "nominal" as const, title: `${measure} at most` },
              { field: "share", type: "quantitative" as const, title: "share", format: ".1%" },
            ],
          },
        },
      ],
      resolve: { scale: { color: "independent" as const } },
    };
  });
  const spec = {
    title: {
      text: `${measure[0]!.toUpperCase()}${measure.slice(1)} per tier: fitted against empirical`,
      subtitle: `Cumulative distribution of the window's resolved tickets; ${fit.service.description}`,
    },
    vconcat: panels,
    spacing: 24,
    resolve: { scale: { color: "independent" as const } },
  } as TopLevelSpec;
  return {
    name: "fit-handle-time",
    title: "Handle time per tier: fitted against empirical",
    caption:
      "For each tier, the share of tickets whose time was at most a given value: the data (dark), the family the scenario uses (tier colour) and the other candidate families (grey), on a logarithmic time axis. " +
      "The largest vertical gap between the dark and the coloured curve is the Kolmogorov-Smirnov distance; a fitted curve that leaves the data in the upper tail understates long tickets.",
    spec: themed(spec),
  };
}

/** The charts `tiersim fit` writes, in reading order. */
export function fitCharts(fit: FitResult): ReportChart[] {
  return [fitArrivalsChart(fit), fitHandleTimeChart(fit)].filter((c): c is ReportChart => c !== undefined);
}
