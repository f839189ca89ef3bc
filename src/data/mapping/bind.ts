/**
 * A mapping bound to one file's header: column names resolved to indexes (a missing column is an InputError naming
 * the file, the mapping field and the columns found), and readers for each field of a row.
 */
import { InputError } from "../../errors.js";
import type { Tier } from "../../model/types.js";
import type { LogFile } from "../source/rows.js";
import { looksIso, parseClockReading, parseFormat, slashedParts, type DateLayout } from "../time/formats.js";
import { offsetForLocal, parseZone, UTC, type Zone } from "../time/zone.js";
import type { FindingsLog } from "../tickets/findings.js";
import type { Mapping, Outcome, StatusKind, TimeSpec, ValueSpec } from "./types.js";
import { STATUS_KINDS } from "./types.js";

/** A timestamp read from a row: UTC epoch minutes and the UTC offset of the local clock it was written in. */
export interface Instant {
  utcMinute: number;
  offsetMinutes: number;
}

export type Row = string[];

export type TimeReader = (row: Row, rowNumber: number) => Instant | undefined | { bad: string; problem: string };

export function isBad(t: Instant | undefined | { bad: string; problem: string }): t is { bad: string; problem: string } {
  return t !== undefined && "bad" in t;
}

export class BoundMapping {
  readonly zone: Zone;
  private readonly missing: Set<string>;
  private readonly dateOrder: DateOrderDetector;

  constructor(
    readonly mapping: Mapping,
    readonly log: LogFile,
    private readonly findings: FindingsLog,
  ) {
    this.zone = mapping.timezone ? (parseZone(mapping.timezone) ?? UTC) : UTC;
    this.missing = new Set(mapping.missing.map((m) => m.trim()));
    this.dateOrder = new DateOrderDetector(this);
    checkColumns(mapping, log);
  }

  /** Where a mapping field is written, for messages: "mapping.yaml:12 (times.arrival)". */
  where(field: string): string {
    const line = this.mapping.lines[field];
    const file = this.mapping.path ?? `mapping ${this.mapping.name}`;
    return line !== undefined ? `${file}:${line} (${field})` : `${file} (${field})`;
  }

  index(column: string): number {
    return columnIndex(this.log.columns, column);
  }

  /** A cell's trimmed text, or undefined when it is one of the missing markers. */
  cell(row: Row, index: number, extraMissing?: string[]): string | undefined {
    const raw = row[index];
    if (raw === undefined) return undefined;
    const v = raw.trim();
    if (this.missing.has(v) || extraMissing?.includes(v)) return undefined;
    return v;
  }

  idReader(): (row: Row) => string | undefined {
    const cols = (this.mapping.id ?? []).map((c) => this.index(c));
    return (row) => {
      const parts: string[] = [];
      for (const i of cols) {
        const v = this.cell(row, i);
        if (v === undefined) return undefined;
        parts.push(v);
      }
      return parts.join("/");
    };
  }

  /** Reader of a timestamp: undefined when missing; { bad } when present but unparseable (the caller notes it). */
  timeReader(spec: TimeSpec): TimeReader {
    const declared = spec.format ?? this.mapping.format;
    const layout = declared !== undefined ? parseFormat(declared) : undefined;
    const columnName = spec.column ?? `${spec.date}+${spec.time}`;
    const single = spec.column !== undefined ? this.index(spec.column) : -1;
    const dateIndex = spec.date !== undefined ? this.index(spec.date) : -1;
    const timeIndex = spec.time !== undefined ? this.index(spec.time) : -1;
    const expected = declared ?? "an ISO 8601 timestamp (no format declared)";
    return (row, rowNumber) => {
      let text: string | undefined;
      if (single >= 0) text = this.cell(row, single);
      else {
        const d = this.cell(row, dateIndex);
        const t = this.cell(row, timeIndex);
        text = d === undefined || t === undefined ? undefined : `${d} ${t}`;
      }
      if (text === undefined) return undefined;
      const use = layout ?? this.dateOrder.layoutFor(text, columnName, spec.field, rowNumber);
      const reading = use === undefined ? undefined : parseClockReading(text, use);
      if (!reading) return { bad: text, problem: `unparseable date in column "${columnName}" (${spec.field}; expected ${expected})` };
      const offset = reading.offsetMinutes ?? offsetForLocal(this.zone, reading.localMinute);
      return { utcMinute: reading.localMinute - offset, offsetMinutes: offset };
    };
  }

  /** Reader of a categorical value (category, priority, channel, agent). */
  valueReader(spec: ValueSpec | undefined): (row: Row) => string | undefined {
    if (!spec) return () => undefined;
    if (spec.fixed !== undefined) {
      const fixed = spec.fixed;
      return () => fixed;
    }
    const i = this.index(spec.column!);
    return (row) => {
      const v = this.cell(row, i, spec.missing);
      if (v === undefined) return undefined;
      if (spec.values && v in spec.values) return spec.values[v];
      return spec.default ?? v;
    };
  }

  /** Raw tier text of a row (the tier itself is decided per ticket, see TierResolver). */
  tierTextReader(): (row: Row) => string | undefined {
    const spec = this.mapping.tier;
    if (!spec) return () => undefined;
    if (spec.fixed !== undefined) {
      const fixed = spec.fixed;
      return () => fixed;
    }
    const i = this.index(spec.column!);
    return (row) => this.cell(row, i, spec.missing);
  }

  tierResolver(): TierResolver {
    return new TierResolver(this.mapping);
  }

  statusReader(): (row: Row) => { kind: StatusKind; text?: string } {
    const spec = this.mapping.status;
    if (!spec) return () => ({ kind: "other" });
    const i = this.index(spec.column);
    const kinds = new Map<string, StatusKind>();
    for (const kind of STATUS_KINDS) for (const v of spec.lists[kind] ?? []) kinds.set(v.trim(), kind);
    return (row) => {
      const text = this.cell(row, i);
      return { kind: text === undefined ? "other" : (kinds.get(text) ?? "other"), text };
    };
  }

  outcomeReader(): ((row: Row, rowNumber: number) => Outcome | undefined) | undefined {
    const spec = this.mapping.outcome;
    if (!spec) return undefined;
    const i = this.index(spec.column);
    return (row, rowNumber) => {
      const v = this.cell(row, i);
      if (v !== undefined && v in spec.values) return spec.values[v];
      if (spec.default !== undefined) return spec.default;
      this.findings.note("unknown-outcome", rowNumber, `outcome in column "${spec.column}" not listed in ${spec.field}.values; counted as unresolved`, {
        value: v ?? "",
      });
      return undefined;
    };
  }

  orderReader(): ((row: Row) => number | undefined) | undefined {
    if (!this.mapping.order) return undefined;
    const i = this.index(this.mapping.order);
    return (row) => {
      const v = this.cell(row, i);
      const n = v === undefined ? NaN : Number(v);
      return Number.isFinite(n) ? n : undefined;
    };
  }

  noteInferredOrder(layout: DateLayout, column: string, row: number, value: string, field: string): void {
    const format = layout === "DMY" ? "D/M/YYYY HH:MM" : "M/D/YYYY HH:MM";
    this.findings.note(
      "inferred-date-order",
      row,
      `the mapping declares no date format; dates are read as ${format} because column "${column}" has ${JSON.stringify(value)}. Declare \`format: "${format}"\` in ${this.where(field)} to make it explicit`,
      { severity: "info" },
    );
  }

  ambiguous(value: string, column: string, field: string, row: number): never {
    throw new InputError(
      `${this.log.path}: row ${row}: column "${column}": the date ${JSON.stringify(value)} could be day/month/year or month/day/year, ` +
        `and the mapping (${this.where(field)}) does not say which. Declare it, e.g. \`format: "D/M/YYYY HH:MM"\` (day first) or ` +
        `\`format: "M/D/YYYY HH:MM"\` (month first), at the top level of the mapping or under ${field}.`,
    );
  }
}

/**
 * With no declared format, the order of slashed dates is taken from the first date that settles it (a day above 12);
 * a date that could be either, met before any such evidence, is an error rather than a guess.
 */
class DateOrderDetector {
  private order: "DMY" | "MDY" | undefined;

  constructor(private readonly bound: BoundMapping) {}

  layoutFor(text: string, column: string, field: string, row: number): DateLayout | undefined {
    if (looksIso(text)) return "iso";
    const parts = slashedParts(text);
    if (!parts) return undefined;
    if (this.order) return this.order;
    const [a, b] = parts;
    if (a > 12 && b <= 12) this.order = "DMY";
    else if (b > 12 && a <= 12) this.order = "MDY";
    else if (a <= 12 && b <= 12) this.bound.ambiguous(text, column, field, row);
    else return undefined;
    this.bound.noteInferredOrder(this.order, column, row, text, field);
    return this.order;
  }
}

/** Decides the tier of each event of one ticket; `sequence` tiers depend on the values seen earlier in the ticket. */
export class TierResolver {
  private seen = new Map<string, number>();

  constructor(private readonly mapping: Mapping) {}

  reset(): void {
    this.seen.clear();
  }

  resolve(text: string | undefined): Tier | undefined {
    const spec = this.mapping.tier;
    if (!spec) return undefined;
    if (spec.fixed) return spec.fixed;
    if (text === undefined) return undefined;
    if (spec.values) return spec.values[text] ?? spec.default;
    if (spec.rules) {
      for (const rule of spec.rules) {
        if (rule.contains !== undefined && text.includes(rule.contains)) return rule.tier;
        if (rule.equals !== undefined && text === rule.equals) return rule.tier;
        if (rule.matches !== undefined && rule.matches.test(text)) return rule.tier;
      }
      return spec.default;
    }
    if (spec.sequence) {
      let n = this.seen.get(text);
      if (n === undefined) {
        n = this.seen.size;
        this.seen.set(text, n);
      }
      return spec.sequence[Math.min(n, spec.sequence.length - 1)];
    }
    if (text === "L1" || text === "L2" || text === "L3") return text;
    return spec.default;
  }
}

function columnIndex(columns: string[], name: string): number {
  const exact = columns.indexOf(name);
  if (exact >= 0) return exact;
  const lower = name.trim().toLowerCase();
  return columns.findIndex((c) => c.toLowerCase() === lower);
}

/** Every column the mapping names must be in the header; all missing ones are reported at once. */
function checkColumns(mapping: Mapping, log: LogFile): void {
  const wanted: { field: string; column: string }[] = [];
  const add = (field: string, column: string | undefined) => {
    if (column !== undefined) wanted.push({ field, column });
  };
  (mapping.id ?? []).forEach((c, i) => add(mapping.id!.length > 1 ? `id[${i}]` : "id", c));
  add("order", mapping.order);
  const time = (spec: TimeSpec | undefined) => {
    if (!spec) return;
    add(spec.column !== undefined ? spec.field : `${spec.field}.column`, spec.column);
    add(`${spec.field}.date`, spec.date);
    add(`${spec.field}.time`, spec.time);
  };
  time(mapping.event);
  for (const spec of Object.values(mapping.times)) time(spec);
  for (const spec of [mapping.tier, mapping.category, mapping.priority, mapping.channel, mapping.agent]) add(spec?.field ?? "", spec?.column);
  add("status.column", mapping.status?.column);
  add("outcome.column", mapping.outcome?.column);
  const problems = wanted
    .filter((w) => columnIndex(log.columns, w.column) < 0)
    .map((w) => {
      const line = mapping.lines[w.field] ?? mapping.lines[w.field.replace(/\.(column|date|time)$/, "")];
      const where = `${mapping.path ?? `mapping ${mapping.name}`}${line !== undefined ? `:${line}` : ""}`;
      return `${log.path}: row 1: no column "${w.column}", which the mapping field ${w.field} (${where}) expects; columns found: ${log.columns.map((c) => JSON.stringify(c)).join(", ")}`;
    });
  if (problems.length > 0) throw new InputError(problems);
}
