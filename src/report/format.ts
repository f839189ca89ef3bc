import type { MetricSummary } from "../experiment/summary.js";

/**
 * A figure as a person reads it, by unit: "82.3%", "7.8 s", "2.4 h", "12,345". `like` picks the time unit from another
 * value (an interval's ends take their mean's unit, so one row never mixes minutes and hours).
 */
export function formatValue(value: number | null, unit: string, like?: number | null): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  switch (unit) {
    case "share":
      return `${(value * 100).toFixed(Math.abs(value) < 0.1 ? 2 : 1)}%`;
    case "minutes":
      return formatMinutes(value, like ?? value);
    case "currency":
      return Math.abs(value) >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2);
    case "tickets":
    case "count":
      return Math.abs(value) >= 100 ? Math.round(value).toLocaleString("en-US") : Number(value.toPrecision(3)).toString();
    default:
      return Number(value.toPrecision(4)).toString();
  }
}

export function formatMinutes(minutes: number, like: number = minutes): string {
  const abs = Math.abs(like);
  if (abs < 1) return `${(minutes * 60).toFixed(1)} s`;
  if (abs < 120) return `${minutes.toFixed(1)} min`;
  if (abs < 2880) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} d`;
}

/** "82.3% (80.1% to 84.4%)" */
export function formatWithInterval(m: MetricSummary): string {
  const [lo, hi] = m.ci95;
  const main = formatValue(m.mean, m.unit);
  if (lo === null || hi === null) return main;
  return `${main} (${formatValue(lo, m.unit, m.mean)} to ${formatValue(hi, m.unit, m.mean)})`;
}

/** Plain-text table with aligned columns, for the terminal and for Markdown's code-free reading. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function markdownTable(header: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `| ${header.map(esc).join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}
