/**
 * Damaged versions of the three real logs (slices of their first few thousand rows, to stay fast): truncated,
 * re-encoded, column-shuffled and corrupted. Every one must end in a result whose skipped rows are counted and
 * reported with example rows, or in an InputError naming the file (and the row or column) — never another exception,
 * never a hang.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadMapping } from "../../src/data/mapping/load.js";
import type { Mapping } from "../../src/data/mapping/types.js";
import { readTicketLog } from "../../src/data/read.js";
import type { TicketLog } from "../../src/data/tickets/record.js";

interface LogCase {
  name: string;
  file: string;
  mapping: string;
  delimiter: string;
  /** Data rows in the slice. */
  rows: number;
}

const LOGS: LogCase[] = [
  { name: "Anonymous Bank", file: "scenarios/data/anonymous-bank/january.txt.gz", mapping: "scenarios/mappings/anonymous-bank.yaml", delimiter: "\t", rows: 3000 },
  { name: "BPIC 2013", file: "scenarios/data/bpic2013-incidents/incidents.csv.gz", mapping: "scenarios/mappings/bpic2013.yaml", delimiter: ",", rows: 4000 },
  { name: "UCI ServiceNow", file: "scenarios/data/uci-incidents/incident_event_log.csv.gz", mapping: "scenarios/mappings/uci-servicenow.yaml", delimiter: ",", rows: 4000 },
];

/** A case may take this long; reading a few thousand rows takes well under a second. */
const CASE_MS = 20_000;

/** Deterministic pseudo-random numbers (mulberry32), so that a failure can be reproduced from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Slice {
  /** Lines without their line end; [0] is the header. */
  lines: string[];
  eol: string;
  text: string;
}

function slice(c: LogCase): Slice {
  const text = gunzipSync(readFileSync(c.file)).toString("utf8");
  // These logs have no quoted fields (checked), so splitting on the delimiter is exact.
  expect(text.includes('"')).toBe(false);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(eol).slice(0, c.rows + 1);
  return { lines, eol, text: lines.join(eol) + eol };
}

type Outcome = { ok: true; log: TicketLog } | { ok: false; error: InputError };

async function withinTime<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${CASE_MS / 1000} s (a hang?)`)), CASE_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Read a damaged file: the outcome must be a result with counted skips, or an InputError naming the file and where. */
async function readOrRefuse(file: string, mapping: Mapping, what: string): Promise<Outcome> {
  let outcome: Outcome;
  try {
    outcome = { ok: true, log: await withinTime(readTicketLog(file, mapping), what) };
  } catch (error) {
    if (!(error instanceof InputError)) throw new Error(`${what}: not an InputError but ${(error as Error)?.name}: ${(error as Error)?.message}`);
    outcome = { ok: false, error };
  }
  if (outcome.ok) checkCounted(outcome.log, what);
  else checkRefusal(outcome.error, file, what);
  return outcome;
}

function checkCounted(log: TicketLog, what: string): void {
  const c = log.counts;
  expect(c.tickets, what).toBeGreaterThan(0);
  expect(c.rowsSkipped, what).toBeGreaterThanOrEqual(0);
  expect(c.rowsSkipped, what).toBeLessThanOrEqual(c.rows);
  expect(c.rowsUsed + c.rowsSkipped, what).toBeLessThanOrEqual(c.rows);
  const skipped = log.findings.filter((f) => f.skipped);
  if (c.rowsSkipped > 0) expect(skipped.length, `${what}: ${c.rowsSkipped} rows skipped but no finding says why`).toBeGreaterThan(0);
  // A row can be skipped for one reason only, and each reason counts its rows.
  expect(skipped.filter((f) => f.unit === "row").reduce((s, f) => s + f.count, 0), what).toBe(c.rowsSkipped);
  for (const f of log.findings) {
    expect(f.count, `${what}: ${f.code}`).toBeGreaterThan(0);
    if (f.skipped) {
      // Skipped rows are the contract: each reason gives example rows a user can find in an editor (header = row 1).
      expect(f.exampleRows.length, `${what}: ${f.code} has no example row`).toBeGreaterThan(0);
      for (const r of f.exampleRows) expect(r, `${what}: ${f.code}`).toBeGreaterThanOrEqual(2);
      for (const r of f.exampleRows) expect(r, `${what}: ${f.code}`).toBeLessThanOrEqual(log.counts.rows + 1);
    }
    expect(f.message, `${what}: ${f.code}`).toMatch(new RegExp(`^${f.count.toLocaleString("en-US")} `));
    expect(f.message).not.toMatch(/\n\s+at /);
  }
}

function checkRefusal(error: InputError, file: string, what: string): void {
  expect(error.problems.length, what).toBeGreaterThan(0);
  const first = error.problems[0]!;
  expect(first.startsWith(file), `${what}: the error does not start with the file: ${first}`).toBe(true);
  expect(first, `${what}: the error says neither row nor column: ${first}`).toMatch(/\brow\b|\bcolumns?\b|gzip|first line|UTF-8/);
  expect(error.message).not.toMatch(/\n\s+at /);
}

/** The tickets as comparable text (what a fit reads of them). */
function ticketKey(log: TicketLog): string[] {
  return log.tickets.map((t) =>
    JSON.stringify([t.id, t.arrivalMinute, t.createdMinute, t.outcome, t.tiers, t.category, t.priority, t.channel, t.agents, t.handleMinutes, t.waitMinutes, t.queueMinutes, t.resolvedMinute]),
  );
}

describe.each(LOGS)("$name: damaged copies of the first rows", (c) => {
  let dir: string;
  let s: Slice;
  let mapping: Mapping;
  let clean: TicketLog;
  const write = async (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tiersim-logfuzz-"));
    s = slice(c);
    mapping = await loadMapping(c.mapping);
    clean = await readTicketLog(await write("clean.csv", s.text), mapping);
  });

  it("the clean slice reads without skipping a row", () => {
    expect(clean.counts.rows).toBe(c.rows);
    expect(clean.counts.rowsSkipped).toBe(0);
    expect(clean.counts.tickets).toBeGreaterThan(50);
  });

  it("gzip cut mid-stream: a clear error naming the file, or the rows before the cut", async () => {
    const gz = gzipSync(Buffer.from(s.text, "utf8"));
    for (const share of [0.05, 0.3, 0.61, 0.9, 0.999]) {
      const file = await write(`cut-${share}.csv.gz`, gz.subarray(0, Math.floor(gz.length * share)));
      const outcome = await readOrRefuse(file, mapping, `gzip cut at ${share}`);
      if (!outcome.ok) expect(outcome.error.message).toMatch(/gzip data is truncated or corrupt/);
    }
    // The whole gzip reads like the plain text.
    const whole = await readOrRefuse(await write("whole.csv.gz", gz), mapping, "whole gzip");
    expect(whole.ok && ticketKey(whole.log)).toEqual(ticketKey(clean));
  });

  it("text cut mid-row: the cut row is counted as skipped with its row number, or read with what it has", async () => {
    const rnd = random(7);
    for (let k = 0; k < 6; k++) {
      // Somewhere in the middle of a data line (not at its end).
      const line = 1 + Math.floor(rnd() * (s.lines.length - 1));
      const before = s.lines.slice(0, line).join(s.eol).length + s.eol.length;
      const cut = before + 1 + Math.floor(rnd() * Math.max(1, s.lines[line]!.length - 2));
      const file = await write(`textcut-${k}.csv`, s.text.slice(0, cut));
      const outcome = await readOrRefuse(file, mapping, `text cut in row ${line + 1}`);
      expect(outcome.ok, `text cut in row ${line + 1}`).toBe(true);
      if (!outcome.ok) continue;
      expect(outcome.log.counts.rows).toBe(line);
      const fields = s.text.slice(before, cut).split(c.delimiter).length;
      if (fields < s.lines[0]!.split(c.delimiter).length) {
        const bad = outcome.log.findings.find((f) => f.code === "bad-row")!;
        expect(bad, `text cut in row ${line + 1}`).toBeDefined();
        expect(bad.exampleRows).toContain(line + 1);
        expect(bad.message).toMatch(/has \d+ fields where the header has \d+/);
      }
    }
  });

  it("re-encoded as Latin-1: the same tickets (only non-ASCII letters in names change)", async () => {
    const file = await write("latin1.csv", Buffer.from(s.text, "latin1"));
    const outcome = await readOrRefuse(file, mapping, "latin1");
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.log.counts).toMatchObject({ rows: c.rows, rowsSkipped: 0, tickets: clean.counts.tickets });
    const strip = (log: TicketLog) => log.tickets.map((t) => JSON.stringify([t.id, t.arrivalMinute, t.outcome, t.tiers, t.handleMinutes]));
    expect(strip(outcome.log)).toEqual(strip(clean));
  });

  it("re-encoded as UTF-16 with a BOM: a clear error naming the file and saying to save it as UTF-8", async () => {
    for (const [name, bytes] of [
      ["utf16le.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s.text, "utf16le")])],
      ["utf16be.csv", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s.text, "utf16le").swap16()])],
    ] as const) {
      const file = await write(name, bytes);
      const outcome = await readOrRefuse(file, mapping, name);
      expect(outcome.ok, name).toBe(false);
      // The reader does not decode UTF-16: it recognises it from the first bytes and says what to do.
      if (!outcome.ok) expect(outcome.error.problems[0]).toBe(`${file}: the log is UTF-16 (or binary) text, not UTF-8; save it as UTF-8 CSV and read it again`);
    }
  });

  it("columns shuffled (header and fields permuted alike): the very same tickets, since the mapping is by name", async () => {
    for (const seed of [1, 2, 3]) {
      const rnd = random(seed);
      const width = s.lines[0]!.split(c.delimiter).length;
      const order = Array.from({ length: width }, (_, i) => i);
      for (let i = width - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const shuffled = s.lines.map((l) => {
        if (l === "") return l;
        const f = l.split(c.delimiter);
        return order.map((i) => f[i]).join(c.delimiter);
      });
      const file = await write(`shuffled-${seed}.csv`, shuffled.join(s.eol) + s.eol);
      const outcome = await readOrRefuse(file, mapping, `shuffled ${seed}`);
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) continue;
      expect(outcome.log.source.columns).toEqual(order.map((i) => clean.source.columns[i]));
      expect(ticketKey(outcome.log)).toEqual(ticketKey(clean));
      expect(outcome.log.counts).toEqual(clean.counts);
    }
  });

  it("corrupted (bytes flipped, fields missing, garbage lines): every skip counted with example rows, or an input error", async () => {
    let results = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const rnd = random(1000 + seed);
      const lines = [...s.lines];
      const data = () => 1 + Math.floor(rnd() * (c.rows - 1));
      // A few rows get random bytes (any byte value: delimiters, quotes, line breaks, NUL, invalid UTF-8).
      const flipped = Array.from({ length: 4 }, () => {
        const i = data();
        const bytes = Buffer.from(lines[i]!, "latin1");
        for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
        lines[i] = bytes.toString("latin1");
        return i;
      });
      // A few rows lose a field.
      for (let k = 0; k < 3; k++) {
        const i = data();
        const f = lines[i]!.split(c.delimiter);
        f.splice(Math.floor(rnd() * f.length), 1);
        lines[i] = f.join(c.delimiter);
      }
      // Garbage lines: printable noise, a lone delimiter run, binary junk.
      const garbage = [
        Array.from({ length: 40 }, () => String.fromCharCode(32 + Math.floor(rnd() * 95))).join(""),
        c.delimiter.repeat(3),
        Buffer.from(Array.from({ length: 30 }, () => Math.floor(rnd() * 256))).toString("latin1"),
      ];
      for (const g of garbage) lines.splice(data(), 0, g);
      const file = await write(`corrupt-${seed}.csv`, Buffer.from(lines.join(s.eol) + s.eol, "latin1"));
      const outcome = await readOrRefuse(file, mapping, `corrupted, seed ${seed} (flipped rows ${flipped.map((r) => r + 1).join(", ")})`);
      if (!outcome.ok) continue;
      results++;
      // The two short garbage lines at least cannot be rows: they are counted.
      expect(outcome.log.counts.rowsSkipped, `seed ${seed}`).toBeGreaterThanOrEqual(2);
      expect(outcome.log.findings.some((f) => f.code === "bad-row" && f.exampleRows.length > 0), `seed ${seed}`).toBe(true);
    }
    // Most corruptions leave a readable log (an error is for the unrecoverable, e.g. a quote that never closes).
    expect(results).toBeGreaterThanOrEqual(4);
  });

  it("a corrupted gzip (bytes flipped inside the compressed stream): a clear error or counted skips", async () => {
    const gz = gzipSync(Buffer.from(s.text, "utf8"));
    for (let seed = 1; seed <= 4; seed++) {
      const rnd = random(5000 + seed);
      const bytes = Buffer.from(gz);
      for (let k = 0; k < 3; k++) bytes[20 + Math.floor(rnd() * (bytes.length - 40))] = Math.floor(rnd() * 256);
      await readOrRefuse(await write(`flipped-${seed}.csv.gz`, bytes), mapping, `corrupted gzip ${seed}`);
    }
  });
});
