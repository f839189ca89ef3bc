/**
 * Data-quality findings: every problem in a log is counted, with up to five example rows, never silently dropped.
 */
import { InputError } from "../../errors.js";

export type Severity = "error" | "warning" | "info";

export interface DataFinding {
  /** Stable identifier of the kind of problem, e.g. "unparseable-date", "missing-id", "out-of-order". */
  code: string;
  severity: Severity;
  /** Plain-words description including the count and example rows. */
  message: string;
  count: number;
  /** Up to 5 row numbers (file lines, header = 1) where it happens. */
  exampleRows: number[];
  /** Up to 5 offending values, where there is one. */
  exampleValues: string[];
  /** Whether the rows were left out (true) or kept with the bad value treated as missing (false). */
  skipped: boolean;
  /** What is counted: rows of the file, or tickets. */
  unit: "row" | "ticket";
}

const EXAMPLES = 5;

interface Entry {
  code: string;
  severity: Severity;
  text: string;
  count: number;
  rows: number[];
  values: string[];
  skipped: boolean;
  unit: "row" | "ticket";
}

export interface NoteOptions {
  severity?: Severity;
  /** The row is left out; in strict mode that is an error. */
  skipped?: boolean;
  unit?: "row" | "ticket";
  value?: string;
}

export class FindingsLog {
  private readonly entries = new Map<string, Entry>();
  private skippedRowSet = new Set<number>();

  constructor(
    private readonly file: string,
    private readonly strict: boolean,
  ) {}

  /** Record one occurrence; `text` names the problem and is the grouping key with `code`. */
  note(code: string, row: number, text: string, options: NoteOptions = {}): void {
    const skipped = options.skipped ?? false;
    if (skipped && this.strict) {
      const value = options.value !== undefined ? ` (value ${JSON.stringify(options.value)})` : "";
      throw new InputError(`${this.file}: row ${row}: ${text}${value}; with --strict a row that would be skipped is an error`);
    }
    const key = `${code}\u0000${text}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { code, severity: options.severity ?? "warning", text, count: 0, rows: [], values: [], skipped, unit: options.unit ?? "row" };
      this.entries.set(key, entry);
    }
    entry.count++;
    if (entry.rows.length < EXAMPLES && !entry.rows.includes(row)) entry.rows.push(row);
    if (options.value !== undefined && entry.values.length < EXAMPLES && !entry.values.includes(options.value))
      entry.values.push(options.value);
    if (skipped) this.skippedRowSet.add(row);
  }

  get skippedRows(): number {
    return this.skippedRowSet.size;
  }

  /** Forget everything (a re-read of the file starts afresh). */
  clear(): void {
    this.entries.clear();
    this.skippedRowSet = new Set();
  }

  list(): DataFinding[] {
    const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
    return [...this.entries.values()]
      .sort((a, b) => order[a.severity] - order[b.severity] || b.count - a.count)
      .map((e) => ({
        code: e.code,
        severity: e.severity,
        message: describe(e),
        count: e.count,
        exampleRows: [...e.rows].sort((a, b) => a - b),
        exampleValues: e.values,
        skipped: e.skipped,
        unit: e.unit,
      }));
  }
}

function describe(e: Entry): string {
  const noun = e.unit === "row" ? (e.count === 1 ? "row" : "rows") : e.count === 1 ? "ticket" : "tickets";
  const rows = [...e.rows].sort((a, b) => a - b);
  const where = rows.length === 0 ? "" : `; e.g. ${rows.length === 1 ? "row" : "rows"} ${rows.join(", ")}`;
  const values = e.values.length === 0 ? "" : ` (values such as ${e.values.map((v) => JSON.stringify(v)).join(", ")})`;
  return `${e.count.toLocaleString("en-US")} ${noun}${e.skipped ? " skipped" : ""}: ${e.text}${values}${where}`;
}
