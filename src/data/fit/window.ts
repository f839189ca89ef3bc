/**
 * Which part of a log can be trusted for arrival rates: logs are often extracts (a snapshot of the cases open at
 * some date, or a query over a date range), so arrivals ramp up, stop abruptly, or trail off. This looks at the
 * daily arrival counts, compares each day with the usual level for its weekday, and finds the window of days that
 * looks complete. Nothing here is specific to one log.
 */
import { dayOfWeek, formatDay } from "../time/calendar.js";

/** Share of arrivals the "bulk" range must hold. */
const BULK_SHARE = 0.95;
/** A day looks complete when its weekday-adjusted level is at least this share of the peak level. */
const COMPLETE_RATIO = 0.5;
/** Weekdays with less than this share of a uniform week (1/7) carry too few arrivals to judge (weekends). */
const INFORMATIVE_RATIO = 0.35;
/** Below these the log is too small to judge completeness: the whole span is used. */
const MIN_ARRIVALS = 50;
const MIN_DAYS = 3;

export interface DayCount {
  date: string;
  /** Days since 1970-01-01 (local). */
  day: number;
  /** 0 = Monday. */
  weekday: number;
  count: number;
  /** Arrivals on a usual day of the same week at this day's rate: count / (7 x weekday share); NaN when not informative. */
  level: number;
  /** The weekday usually has enough arrivals to judge the day by. */
  informative: boolean;
  /** Inside the complete window. */
  inWindow: boolean;
}

export interface DayRange {
  from: string;
  to: string;
  fromDay: number;
  toDay: number;
  days: number;
  arrivals: number;
  /** Share of all arrivals in the range. */
  share: number;
}

export interface WindowAnalysis {
  /** False when the log is too small to judge; the window is then the whole span. */
  judged: boolean;
  total: number;
  span: DayRange;
  /** Shortest range of days holding at least 95% of the arrivals. */
  bulk: DayRange;
  /** The days that look complete (the window fits should use). */
  window: DayRange;
  /** Share of a week's arrivals on each weekday (Monday first): medians over the full weeks of the bulk. */
  weekdayShares: number[];
  /** Level of a complete day: the median of the three highest weekday-adjusted day levels. */
  peakLevel: number;
  daily: DayCount[];
  /** Informative days inside the window below half the peak level (holidays, outages). */
  lowDays: DayCount[];
  /** Days inside the window with no arrival at all. */
  emptyDays: DayCount[];
}

/** Analyse arrival days; `days` are the local day numbers of the arrivals (any order). */
export function analyzeWindow(days: ArrayLike<number>): WindowAnalysis {
  const n = days.length;
  if (n === 0) throw new Error("no arrivals to analyse");
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    first = Math.min(first, days[i]!);
    last = Math.max(last, days[i]!);
  }
  const counts = new Float64Array(last - first + 1);
  for (let i = 0; i < n; i++) counts[days[i]! - first]!++;
  const range = (a: number, b: number): DayRange => {
    let arrivals = 0;
    for (let d = a; d <= b; d++) arrivals += counts[d - first]!;
    return { from: formatDay(a), to: formatDay(b), fromDay: a, toDay: b, days: b - a + 1, arrivals, share: arrivals / n };
  };
  const span = range(first, last);
  const bulk = bulkRange(counts, first, n, range);
  const shares = weekdayShares(counts, first, bulk);
  const informativeDay = shares.map((s) => s >= INFORMATIVE_RATIO / 7);
  const daily: DayCount[] = [];
  for (let d = first; d <= last; d++) {
    const weekday = dayOfWeek(d);
    const count = counts[d - first]!;
    const informative = informativeDay[weekday]!;
    daily.push({ date: formatDay(d), day: d, weekday, count, level: informative ? count / (7 * shares[weekday]!) : NaN, informative, inWindow: false });
  }
  const levels = daily.filter((x) => x.informative).map((x) => x.level).sort((a, b) => b - a);
  const top = levels.slice(0, 3);
  const peakLevel = top.length === 0 ? 0 : top[Math.floor((top.length - 1) / 2)]!;
  const judged = n >= MIN_ARRIVALS && span.days >= MIN_DAYS && levels.length > 0;
  let window = span;
  if (judged) {
    const complete = daily.filter((x) => x.informative && x.level >= COMPLETE_RATIO * peakLevel);
    let a = complete[0]!.day;
    let b = complete[complete.length - 1]!.day;
    // Quiet weekdays (weekends) at the edges join the window if they are as busy as the same weekday inside it.
    const usual = (weekday: number) => median(daily.filter((x) => x.day >= a && x.day <= b && x.weekday === weekday).map((x) => x.count));
    const joins = (x: DayCount | undefined) => x !== undefined && !x.informative && x.count >= COMPLETE_RATIO * usual(x.weekday);
    while (joins(daily[a - 1 - first])) a--;
    while (joins(daily[b + 1 - first])) b++;
    window = range(a, b);
  }
  for (const x of daily) x.inWindow = x.day >= window.fromDay && x.day <= window.toDay;
  const inside = daily.filter((x) => x.inWindow);
  return {
    judged,
    total: n,
    span,
    bulk,
    window,
    weekdayShares: shares,
    peakLevel,
    daily,
    lowDays: judged ? inside.filter((x) => x.informative && x.count > 0 && x.level < COMPLETE_RATIO * peakLevel) : [],
    emptyDays: inside.filter((x) => x.count === 0),
  };
}

function bulkRange(counts: Float64Array, first: number, total: number, range: (a: number, b: number) => DayRange): DayRange {
  const need = BULK_SHARE * total;
  let best: [number, number] = [0, counts.length - 1];
  let sum = 0;
  let lo = 0;
  for (let hi = 0; hi < counts.length; hi++) {
    sum += counts[hi]!;
    while (sum - counts[lo]! >= need) sum -= counts[lo++]!;
    if (sum >= need && hi - lo < best[1] - best[0]) best = [lo, hi];
  }
  return range(first + best[0], first + best[1]);
}

/**
 * Weekday shares as the median, over the full Monday-to-Sunday weeks of the bulk, of each weekday's share of its
 * week: robust to a ramp (every week is normalised by itself) and to a holiday in one week.
 * Without a full week, the mean count per weekday over the bulk.
 */
function weekdayShares(counts: Float64Array, first: number, bulk: DayRange): number[] {
  const perWeekday: number[][] = [[], [], [], [], [], [], []];
  let monday = bulk.fromDay + ((7 - dayOfWeek(bulk.fromDay)) % 7);
  for (; monday + 6 <= bulk.toDay; monday += 7) {
    let week = 0;
    for (let i = 0; i < 7; i++) week += counts[monday + i - first]!;
    if (week === 0) continue;
    for (let i = 0; i < 7; i++) perWeekday[i]!.push(counts[monday + i - first]! / week);
  }
  let shares: number[];
  if (perWeekday[0]!.length > 0) shares = perWeekday.map(median);
  else {
    const sum = [0, 0, 0, 0, 0, 0, 0];
    const seen = [0, 0, 0, 0, 0, 0, 0];
    for (let d = bulk.fromDay; d <= bulk.toDay; d++) {
      sum[dayOfWeek(d)]! += counts[d - first]!;
      seen[dayOfWeek(d)]!++;
    }
    const mean = sum.map((s, i) => (seen[i]! > 0 ? s / seen[i]! : NaN));
    const known = mean.filter((m) => Number.isFinite(m));
    const fill = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
    shares = mean.map((m) => (Number.isFinite(m) ? m : fill));
  }
  const total = shares.reduce((a, b) => a + b, 0);
  return total > 0 ? shares.map((s) => s / total) : shares.map(() => 1 / 7);
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
