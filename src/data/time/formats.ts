/**
 * Timestamp formats a mapping can declare, and parsing of single values by them.
 * A format is a date layout optionally followed by a time of day: "iso", "D/M/YYYY HH:MM", "M/D/YYYY H:MM:SS",
 * "YYYY-MM-DD HH:MM", "yymmdd H:MM:SS", "yyyymmdd HH:MM". Parsing is lenient about zero padding and seconds.
 */
import { civilMinute, daysInMonth } from "./calendar.js";
import { parseOffset } from "./zone.js";

/** How the date part is laid out. "iso" also covers YYYY-MM-DD with or without a time and an offset. */
export type DateLayout = "iso" | "DMY" | "MDY" | "yymmdd" | "yyyymmdd";

export const FORMAT_EXPECTED =
  'a timestamp format: "iso" (2012-04-02T10:00:00+02:00), "D/M/YYYY HH:MM", "M/D/YYYY HH:MM", "YYYY-MM-DD HH:MM:SS", "yymmdd H:MM:SS" or "yyyymmdd HH:MM"';

/** The layout a format string declares, or undefined if it is not one this reader knows. */
export function parseFormat(text: string): DateLayout | undefined {
  const trimmed = text.trim();
  if (/^iso(\s*-?\s*8601)?$/i.test(trimmed)) return "iso";
  const [datePart, ...rest] = trimmed.split(/\s+|T(?=[Hh])/);
  const timePart = rest.join(" ");
  if (timePart !== "" && !/^[Hh]{1,2}:[Mm]{1,2}(:[Ss]{1,2})?$/.test(timePart)) return undefined;
  if (datePart === undefined) return undefined;
  if (/^yymmdd$/i.test(datePart)) return "yymmdd";
  if (/^yyyymmdd$/i.test(datePart)) return "yyyymmdd";
  const groups = datePart.split(/[/.\-]/);
  if (groups.length !== 3 || !groups.every((g) => /^(d{1,2}|m{1,2}|y{2}|y{4})$/i.test(g))) return undefined;
  const order = groups.map((g) => g[0]!.toLowerCase()).join("");
  if (order === "dmy") return "DMY";
  if (order === "mdy") return "MDY";
  if (order === "ymd") return "iso";
  return undefined;
}

/** A parsed value: the local clock reading, and the offset if the value carries one. */
export interface ClockReading {
  /** Minutes since 1970-01-01 00:00 of the wall-clock reading (no zone applied). */
  localMinute: number;
  /** Minutes east of UTC written in the value itself (ISO with an offset). */
  offsetMinutes?: number;
}

const TIME = String.raw`(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?`;
const ISO = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})${TIME}\s*(Z|[+-]\d{2}(?::?\d{2})?)?$`, "i");
const SLASHED = new RegExp(String.raw`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})${TIME}$`);
const COMPACT6 = new RegExp(String.raw`^(\d{2})(\d{2})(\d{2})${TIME}$`);
const COMPACT8 = new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})${TIME}$`);

/** The two leading numbers of a D/M or M/D date, for telling the order apart; undefined if not such a date. */
export function slashedParts(value: string): [number, number] | undefined {
  const m = SLASHED.exec(value.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function looksIso(value: string): boolean {
  return ISO.test(value.trim());
}

/** Parse one value by a layout; undefined if it does not fit or names an impossible date. */
export function parseClockReading(value: string, layout: DateLayout): ClockReading | undefined {
  const text = value.trim();
  let m: RegExpExecArray | null;
  let year: number;
  let month: number;
  let day: number;
  switch (layout) {
    case "iso":
      m = ISO.exec(text);
      if (!m) return undefined;
      [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      break;
    case "DMY":
    case "MDY":
      m = SLASHED.exec(text);
      if (!m) return undefined;
      [day, month] = layout === "DMY" ? [Number(m[1]), Number(m[2])] : [Number(m[2]), Number(m[1])];
      year = fullYear(m[3]!);
      break;
    case "yymmdd":
      m = COMPACT6.exec(text);
      if (!m) return undefined;
      [year, month, day] = [fullYear(m[1]!), Number(m[2]), Number(m[3])];
      break;
    case "yyyymmdd":
      m = COMPACT8.exec(text);
      if (!m) return undefined;
      [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      break;
  }
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0))) return undefined;
  const reading: ClockReading = { localMinute: civilMinute(year, month, day, hour, minute, second) };
  if (layout === "iso" && m[7] !== undefined) {
    const offset = parseOffset(m[7].toUpperCase() === "Z" ? "Z" : m[7]);
    if (offset === undefined) return undefined;
    reading.offsetMinutes = offset;
  }
  return reading;
}

/** Two-digit years: 00-49 are 2000-2049, 50-99 are 1950-1999 (the usual pivot; the bank's "99" is 1999). */
function fullYear(text: string): number {
  const y = Number(text);
  if (text.length === 4) return y;
  return y < 50 ? 2000 + y : 1900 + y;
}

