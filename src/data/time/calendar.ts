/**
 * Calendar arithmetic on epoch minutes. Absolute times are minutes since 1970-01-01 00:00 UTC; "local" minutes add
 * the desk's UTC offset so that days and hours of the week follow the clock on the desk's wall.
 */

export const MINUTES_PER_HOUR = 60;
export const MINUTES_PER_DAY = 1440;
export const HOURS_PER_WEEK = 168;

/** Days since 1970-01-01 of a local minute. */
export function dayNumber(localMinute: number): number {
  return Math.floor(localMinute / MINUTES_PER_DAY);
}

/** 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday). */
export function dayOfWeek(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** 0..167, Monday 00:00-01:00 first. */
export function hourOfWeek(localMinute: number): number {
  const day = dayNumber(localMinute);
  const hour = Math.floor((localMinute - day * MINUTES_PER_DAY) / MINUTES_PER_HOUR);
  return dayOfWeek(day) * 24 + hour;
}

/** Minutes since 1970-01-01 00:00 of a civil date and time (proleptic Gregorian, no zone). */
export function civilMinute(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) / 60000;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2012-05-02" for a day number. */
export function formatDay(day: number): string {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

/** The day number of "2012-05-02", or undefined. */
export function parseDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  return civilMinute(Number(m[1]), Number(m[2]), Number(m[3])) / MINUTES_PER_DAY;
}
