import { quantileSorted } from "simple-statistics";
import type { ReplicationResult } from "../model/desk.js";
import type { TimeSeries } from "../model/timeseries.js";
import { LogHistogram } from "../stats/logHistogram.js";

/** The hourly series averaged over replications, with the 10th and 90th percentile across them as a band. */
export interface SeriesAcrossReplications {
  columns: string[];
  hours: number;
  mean: Float64Array;
  p10: Float64Array;
  p90: Float64Array;
}

export function aggregateSeries(series: TimeSeries[]): SeriesAcrossReplications {
  const first = series[0]!;
  const width = first.columns.length;
  const size = first.hours * width;
  const mean = new Float64Array(size);
  const p10 = new Float64Array(size);
  const p90 = new Float64Array(size);
  const column = new Float64Array(series.length);
  for (let i = 0; i < size; i++) {
    let sum = 0;
    for (let r = 0; r < series.length; r++) {
      const v = series[r]!.values[i]!;
      column[r] = v;
      sum += v;
    }
    mean[i] = sum / series.length;
    const sorted = Array.from(column).sort((a, b) => a - b);
    p10[i] = quantileSorted(sorted, 0.1);
    p90[i] = quantileSorted(sorted, 0.9);
  }
  return { columns: first.columns, hours: first.hours, mean, p10, p90 };
}

/** Pool each replication's sketches into one per key: the distribution over all replications. */
export function mergeHistograms(results: ReplicationResult[]): Record<string, LogHistogram> {
  const merged: Record<string, LogHistogram> = {};
  for (const r of results) {
    for (const [key, h] of Object.entries(r.histograms)) {
      const sketch = LogHistogram.fromJSON(h);
      if (merged[key]) merged[key]!.merge(sketch);
      else merged[key] = sketch;
    }
  }
  return merged;
}

/** Daily figures from the hourly series, mean over replications: the knowledge loop made visible. */
export interface DailyRow {
  day: number;
  arrivals: number;
  escalationRate: Record<string, number>;
  fcr: number;
  flr: number;
  articlesInForce: number;
  problemsFixed: number;
  ticketsAvoided: number;
}

export function dailySeries(agg: SeriesAcrossReplications, tierNames: string[]): DailyRow[] {
  const col = (name: string) => agg.columns.indexOf(name);
  const width = agg.columns.length;
  const days = Math.ceil(agg.hours / 24);
  const rows: DailyRow[] = [];
  for (let d = 0; d < days; d++) {
    const from = d * 24;
    const to = Math.min(agg.hours, from + 24);
    const sum = (name: string) => {
      const c = col(name);
      let s = 0;
      for (let h = from; h < to; h++) s += agg.mean[h * width + c]!;
      return s;
    };
    const last = (name: string) => agg.mean[(to - 1) * width + col(name)]!;
    const resolved = tierNames.reduce((s, t) => s + sum(`resolved.${t}`), 0);
    const escalationRate: Record<string, number> = {};
    for (const t of tierNames.slice(0, -1)) {
      const handled = sum(`handled.${t}`);
      escalationRate[t] = handled > 0 ? sum(`escalated.${t}`) / handled : NaN;
    }
    rows.push({
      day: d,
      arrivals: sum("arrivals"),
      escalationRate,
      fcr: resolved > 0 ? sum("resolvedFirstContact") / resolved : NaN,
      flr: resolved > 0 ? sum("resolvedFirstLevel") / resolved : NaN,
      articlesInForce: last("articlesInForce"),
      problemsFixed: last("problemsFixed"),
      ticketsAvoided: sum("ticketsAvoided"),
    });
  }
  return rows;
}
