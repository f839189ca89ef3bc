/**
 * Time zones a mapping can declare for timestamps written without an offset: "UTC", a fixed offset ("+02:00",
 * "-0530"), or an IANA name ("Europe/Brussels", resolved with the runtime's Intl data, daylight saving included).
 */

export type Zone = { kind: "fixed"; offsetMinutes: number; name: string } | { kind: "iana"; name: string; format: Intl.DateTimeFormat };

export const ZONE_EXPECTED = 'a time zone: "UTC", a fixed offset such as "+02:00" or "-05:00", or an IANA name such as "Europe/Brussels"';

export const UTC: Zone = { kind: "fixed", offsetMinutes: 0, name: "UTC" };

/** The zone named by `text`, or undefined if it is not one. */
export function parseZone(text: string): Zone | undefined {
  const t = text.trim();
  if (/^(utc|gmt|z)$/i.test(t)) return UTC;
  const offset = parseOffset(t.replace(/^(utc|gmt)/i, ""));
  if (offset !== undefined) return { kind: "fixed", offsetMinutes: offset, name: t };
  try {
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: t,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    return { kind: "iana", name: t, format };
  } catch {
    return undefined;
  }
}

/** "+02:00", "+0200", "-05", "Z" as minutes east of UTC, or undefined. */
export function parseOffset(text: string): number | undefined {
  if (text === "Z" || text === "z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 18 * 60) return undefined;
  return m[1] === "-" ? -minutes : minutes;
}

/** Offset (minutes east of UTC) in force at a UTC minute. */
function ianaOffsetAt(zone: Extract<Zone, { kind: "iana" }>, utcMinute: number): number {
  const parts = zone.format.formatToParts(new Date(utcMinute * 60000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute")) / 60000;
  return Math.round(wall - Math.floor(utcMinute));
}

/** Offset of a wall-clock (local) minute in the zone: two refinements settle it, except in a DST gap or overlap. */
export function offsetForLocal(zone: Zone, localMinute: number): number {
  if (zone.kind === "fixed") return zone.offsetMinutes;
  let offset = ianaOffsetAt(zone, localMinute);
  offset = ianaOffsetAt(zone, localMinute - offset);
  return offset;
}
