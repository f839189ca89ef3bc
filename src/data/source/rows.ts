/**
 * Streaming the rows of a delimited log with csv-parse: one record at a time, never the whole file in memory.
 * Row numbers are the file's line numbers (the header is row 1), so a user can find them in an editor.
 */
import { pipeline } from "node:stream";
import { parse, type CastingContext, type CsvError } from "csv-parse";
import { InputError } from "../../errors.js";
import { byteStreams, checkReadable, detectDelimiter, isGzip, readFirstLine } from "./open.js";

export interface LogRow {
  /** Line number of the record in the (decompressed) file; the header is line 1. */
  row: number;
  values: string[];
}

export interface LogFile {
  path: string;
  compressed: boolean;
  delimiter: string;
  /** Column names from the header line, trimmed. */
  columns: string[];
}

export interface RowProblem {
  row: number;
  message: string;
}

/** Describe a log file: compression, delimiter (declared or detected) and header. */
export async function inspectLog(file: string, delimiter?: string): Promise<LogFile> {
  await checkReadable(file);
  const compressed = await isGzip(file);
  const first = await readFirstLine(file, compressed);
  if (first.trim() === "") throw new InputError(`${file}: row 1: the file is empty or its first line is blank; expected a header line naming the columns`);
  const used = delimiter ?? detectDelimiter(first);
  const columns = splitHeader(first, used);
  return { path: file, compressed, delimiter: used, columns };
}

function splitHeader(line: string, delimiter: string): string[] {
  // The header is parsed by the same rules as the data so quoted names work; one line is small.
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === "") quoted = true;
    else if (c === delimiter) {
      out.push(field.trim());
      field = "";
    } else field += c;
  }
  out.push(field.trim());
  return out;
}

/**
 * The data rows (the header line is skipped). Rows csv-parse cannot read (a stray quote) and rows with the wrong
 * number of fields are passed to `onBadRow` and not yielded. A truncated or corrupt gzip stream is an InputError.
 */
export async function* readRows(log: LogFile, onBadRow: (problem: RowProblem) => void): AsyncGenerator<LogRow> {
  const streams = byteStreams(log.path, log.compressed);
  // The parser runs ahead of the consumer: track the last line it parsed itself, to place a skipped record.
  let parsedLine = 1;
  let unclosedQuote: { from: number; to: number } | undefined;
  const parser = parse({
    delimiter: log.delimiter,
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    from_line: 2,
    on_record: (record: string[], context: CastingContext) => {
      parsedLine = context.lines;
      return record;
    },
    on_skip: (error: CsvError | undefined) => {
      const end = (error as (CsvError & { lines?: number }) | undefined)?.lines ?? parsedLine + 1;
      const row = parsedLine + 1;
      if (error?.code === "CSV_QUOTE_NOT_CLOSED") unclosedQuote = { from: row, to: end };
      else onBadRow({ row, message: `the row cannot be parsed (${error?.message ?? "malformed"})` });
      parsedLine = end;
      return undefined;
    },
  });
  let lastRow = 1;
  const done = new Promise<Error | undefined>((resolve) => {
    pipeline([...streams, parser], (error) => resolve(error ?? undefined));
  });
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const row = item.info.lines;
      lastRow = row;
      if (item.record.length !== log.columns.length) {
        onBadRow({ row, message: `the row has ${item.record.length} fields where the header has ${log.columns.length}` });
        continue;
      }
      yield { row, values: item.record };
    }
  } catch (error) {
    throw streamError(log, error, lastRow);
  } finally {
    for (const s of streams) s.destroy();
    parser.destroy();
  }
  const error = await done;
  if (error && (error as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") throw streamError(log, error, lastRow);
  if (unclosedQuote) {
    // Not a row to skip: everything after the quote was swallowed into one field, so the rest of the file is lost.
    throw new InputError(
      `${log.path}: row ${unclosedQuote.from}: a quote (") opened in this row is never closed, so lines ${unclosedQuote.from}-${unclosedQuote.to} (the rest of the file) read as one field. Fix or remove the quote.`,
    );
  }
}

function streamError(log: LogFile, error: unknown, lastRow: number): Error {
  if (error instanceof InputError) return error;
  const e = error as NodeJS.ErrnoException;
  const message = e?.message ?? String(error);
  if (log.compressed && (e?.code?.startsWith("Z_") || /unexpected end of file|incorrect header|invalid/i.test(message))) {
    return new InputError(
      `${log.path}: the gzip data is truncated or corrupt (${message}) after row ${lastRow}; the rest of the file cannot be read. Re-export or re-download the log.`,
    );
  }
  return new InputError(`${log.path}: row ${lastRow + 1}: cannot read the file (${message})`);
}
