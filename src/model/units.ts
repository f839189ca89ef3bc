/**
 * Durations and rates as scenario files and the command line write them.
 * Durations: "90s", "15m", "8h", "28d", "2w", "1.5h", or a plain number of minutes.
 * Rates: a count per duration, "40/h", "900/d", "3/m", "100/30m", or a plain number per minute.
 */

const UNIT_MINUTES: Record<string, number> = {
  s: 1 / 60,
  sec: 1 / 60,
  m: 1,
  min: 1,
  h: 60,
  d: 1440,
  w: 10080,
};

const DURATION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(s|sec|m|min|h|d|w)\s*$/;
const RATE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*\/\s*(\d+(?:\.\d+)?)?\s*(s|sec|m|min|h|d|w)\s*$/;

export const DURATION_EXPECTED = 'a duration such as "90s", "15m", "8h", "28d", "2w" or a number of minutes >= 0';
export const RATE_EXPECTED = 'a rate such as "40/h", "900/d", "3/m", "100/30m" or a number per minute >= 0';

/** Minutes in a duration, or undefined if it is not one. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = DURATION.exec(value);
  if (!match) {
    const plain = value.trim() === "" ? NaN : Number(value);
    return Number.isFinite(plain) && plain >= 0 ? plain : undefined;
  }
  return Number(match[1]) * UNIT_MINUTES[match[2]!]!;
}

/** Events per minute in a rate, or undefined if it is not one. */
export function parseRate(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = RATE.exec(value);
  if (!match) {
    const plain = value.trim() === "" ? NaN : Number(value);
    return Number.isFinite(plain) && plain >= 0 ? plain : undefined;
  }
  const per = (match[2] === undefined ? 1 : Number(match[2])) * UNIT_MINUTES[match[3]!]!;
  if (!(per > 0)) return undefined;
  return Number(match[1]) / per;
}

/** A duration in minutes written back the way a person reads it ("7.5m", "2h", "3d"). */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) return String(minutes);
  const abs = Math.abs(minutes);
  const round = (x: number) => Number(x.toPrecision(4)).toString();
  if (abs < 1) return `${round(minutes * 60)}s`;
  if (abs < 120) return `${round(minutes)}m`;
  if (abs < 2 * 1440) return `${round(minutes / 60)}h`;
  return `${round(minutes / 1440)}d`;
}

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
export const DAY_NAMES: readonly string[] = DAYS;

/** "HH:MM" as minutes from midnight, or undefined. "24:00" is allowed as the end of a day. */
export function parseClock(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(value);
  if (!match) return undefined;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (m > 59 || h > 24 || (h === 24 && m > 0)) return undefined;
  return h * 60 + m;
}

/** "Mon 08:00" as minutes from Monday 00:00, or undefined. */
export function parseWeekTime(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\s*([A-Za-z]{3})[a-z]*\s+(\S+)\s*$/.exec(value);
  if (!match) return undefined;
  const day = dayIndex(match[1]!);
  const clock = parseClock(match[2]);
  if (day === undefined || clock === undefined || clock >= 1440) return undefined;
  return day * 1440 + clock;
}

/** "Mon" (or "monday") as 0..6, or undefined. */
export function dayIndex(name: string): number | undefined {
  const i = DAYS.findIndex((d) => d.toLowerCase() === name.slice(0, 3).toLowerCase());
  return i < 0 ? undefined : i;
}

/** "Mon-Fri", "Sat,Sun", "Mon", "daily" as a list of day indexes, or undefined. */
export function parseDays(value: unknown): number[] | undefined {
  if (Array.isArray(value)) {
    const days = value.map((v) => (typeof v === "string" ? dayIndex(v) : undefined));
    return days.every((d) => d !== undefined) && days.length > 0 ? (days as number[]) : undefined;
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim().toLowerCase();
  if (text === "daily" || text === "every day" || text === "mon-sun") return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of text.split(/\s*,\s*/)) {
    const range = /^([a-z]{3})[a-z]*\s*-\s*([a-z]{3})[a-z]*$/.exec(part);
    if (range) {
      const from = dayIndex(range[1]!);
      const to = dayIndex(range[2]!);
      if (from === undefined || to === undefined) return undefined;
      for (let d = from; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === to) break;
      }
      continue;
    }
    const d = /^[a-z]{3,}$/.test(part) ? dayIndex(part) : undefined;
    if (d === undefined) return undefined;
    days.add(d);
  }
  return [...days].sort((a, b) => a - b);
}
