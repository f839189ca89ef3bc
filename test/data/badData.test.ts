import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadMapping, parseMapping } from "../../src/data/mapping/load.js";
import { readTicketLog } from "../../src/data/read.js";

const FIX = "test/fixtures/data";
const fixture = (name: string) => path.join(FIX, name);

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError");
}

describe("bad data is counted, with example rows, not hidden", () => {
  it("reads a BOM + CRLF file with ';' detected from the header", async () => {
    const log = await readTicketLog(fixture("tickets-bom-crlf.csv"), await loadMapping(fixture("tickets.yaml")));
    expect(log.source.delimiter).toBe(";");
    expect(log.source.columns[0]).toBe("ticket"); // the BOM is not part of the first name
    expect(log.tickets.map((t) => t.id)).toEqual(["T1", "T2", "T3", "T4"]);
    expect(log.tickets.map((t) => t.highestTier)).toEqual(["L1", "L2", "L3", "L1"]);
    expect(log.tickets[3]!.agents).toEqual([]); // an empty last field, not "\r"
    const t1 = log.tickets[0]!;
    expect(t1.utcOffsetMinutes).toBe(60);
    expect(t1.handleMinutes.L1).toBeCloseTo(13, 9);
    expect(t1.waitMinutes.L1).toBeCloseTo(2, 9);
    expect(log.counts.outcomes).toMatchObject({ served: 3, unresolved: 1 });
    const noResolution = log.findings.find((f) => f.code === "no-resolution")!;
    expect(noResolution).toMatchObject({ count: 1, exampleRows: [5], unit: "ticket" });
  });

  it("counts a ragged row, a missing id, an unparseable date, a duplicate id and an unknown tier", async () => {
    const log = await readTicketLog(fixture("broken-rows.csv"), await loadMapping(fixture("tickets.yaml")));
    const byCode = (code: string) => log.findings.filter((f) => f.code === code);
    expect(byCode("bad-row")[0]).toMatchObject({ count: 1, exampleRows: [3], skipped: true });
    expect(byCode("bad-row")[0]!.message).toMatch(/7 fields where the header has 8/);
    expect(byCode("missing-id")[0]).toMatchObject({ count: 1, exampleRows: [4], skipped: true });
    const dates = byCode("unparseable-date");
    const skippedDate = dates.find((f) => f.skipped)!;
    expect(skippedDate).toMatchObject({ count: 1, exampleRows: [5], exampleValues: ["yesterday at noon"] });
    expect(skippedDate.message).toMatch(/column "opened"/);
    const keptDate = dates.find((f) => !f.skipped)!;
    expect(keptDate).toMatchObject({ count: 1, exampleRows: [6], exampleValues: ["2024-02-30T13:05:00+01:00"] });
    expect(byCode("duplicate-id")[0]).toMatchObject({ count: 1, exampleRows: [8], exampleValues: ["T6"] });
    expect(byCode("unknown-tier")[0]).toMatchObject({ count: 1, exampleRows: [9], exampleValues: ["9"] });
    expect(log.counts).toMatchObject({ rows: 8, rowsSkipped: 4, tickets: 4 });
    expect(log.tickets.map((t) => t.id)).toEqual(["T1", "T5", "T6", "T8"]);
    expect(log.tickets.find((t) => t.id === "T5")!.answeredMinute).toBeUndefined();
  });

  it("--strict turns the first skipped row into an InputError naming file and row", async () => {
    const error = await inputError(readTicketLog(fixture("broken-rows.csv"), await loadMapping(fixture("tickets.yaml")), { strict: true }));
    expect(error.message).toContain(fixture("broken-rows.csv"));
    expect(error.message).toMatch(/row 3: the row has 7 fields/);
    expect(error.message).toMatch(/--strict/);
  });

  it("an unclosed quote that swallows the rest of the file is an InputError naming the row", async () => {
    const error = await inputError(readTicketLog(fixture("unclosed-quote.csv"), await loadMapping(fixture("tickets.yaml"))));
    expect(error.message).toContain(fixture("unclosed-quote.csv"));
    expect(error.message).toMatch(/row 3: a quote \("\) opened in this row is never closed, so lines 3-5/);
  });

  it("a missing column is an InputError naming file, mapping field and column, listing the columns found", async () => {
    const error = await inputError(readTicketLog(fixture("missing-column.csv"), await loadMapping(fixture("tickets.yaml"))));
    expect(error.problems).toHaveLength(1);
    const p = error.problems[0]!;
    expect(p).toContain(fixture("missing-column.csv"));
    expect(p).toMatch(/no column "opened", which the mapping field times\.arrival/);
    expect(p).toContain(`${fixture("tickets.yaml")}:5`);
    expect(p).toMatch(/columns found: "ticket", "opened_at", "answered"/);
  });

  it("an undeclared D/M vs M/D date is an InputError that says how to declare it", async () => {
    const error = await inputError(readTicketLog(fixture("ambiguous-dates.csv"), await loadMapping(fixture("slashed-dates.yaml"))));
    expect(error.message).toContain(fixture("ambiguous-dates.csv"));
    expect(error.message).toMatch(/row 2: column "opened_at": the date "3\/4\/2016 09:15" could be day\/month\/year or month\/day\/year/);
    expect(error.message).toMatch(/format: "D\/M\/YYYY HH:MM"/);
    expect(error.message).toMatch(/format: "M\/D\/YYYY HH:MM"/);
  });

  it("a date that settles the order is used, and the inference is reported", async () => {
    const log = await readTicketLog(fixture("day-first-dates.csv"), await loadMapping(fixture("slashed-dates.yaml")));
    expect(log.tickets).toHaveLength(2);
    const inc2 = log.tickets.find((t) => t.id === "INC2")!;
    expect(new Date(inc2.arrivalMinute * 60000).toISOString()).toBe("2016-04-03T10:00:00.000Z"); // 3 April, day first
    expect(log.findings.find((f) => f.code === "inferred-date-order")!.message).toMatch(/read as D\/M\/YYYY HH:MM because column "opened_at" has "29\/2\/2016 09:15"/);
  });

  it("a declared format settles an ambiguous date", async () => {
    const mapping = parseMapping(
      'shape: tickets\nid: number\nformat: "M/D/YYYY HH:MM"\ntimes: { arrival: opened_at, resolved: resolved_at }\n',
      "inline.yaml",
    );
    const log = await readTicketLog(fixture("ambiguous-dates.csv"), mapping);
    expect(new Date(log.tickets[0]!.arrivalMinute * 60000).toISOString()).toBe("2016-03-04T09:15:00.000Z");
    // "13/4/2016" is not a month/day date: counted, row skipped.
    expect(log.findings.find((f) => f.code === "unparseable-date")).toMatchObject({ count: 1, exampleRows: [3], skipped: true });
  });

  it("events out of order are counted and put back in order before durations are computed", async () => {
    const log = await readTicketLog(fixture("events-out-of-order.csv"), await loadMapping(fixture("events.yaml")));
    const ooo = log.findings.find((f) => f.code === "out-of-order")!;
    expect(ooo).toMatchObject({ count: 1, exampleRows: [5] });
    const c1 = log.tickets.find((t) => t.id === "C1")!;
    // In time order: desk queued 08:00, desk working 08:10, desk working 08:30, 2nd queued 08:40, 2nd working 09:00, resolved 10:00.
    expect(c1.tiers).toEqual(["L1", "L2"]);
    expect(c1.waitMinutes).toEqual({ L1: 10, L2: 20 });
    expect(c1.handleMinutes).toEqual({ L1: 30, L2: 60 });
    expect(c1.sojournMinutes).toEqual({ L1: 40, L2: 80 });
    expect(c1.resolvedMinute! - c1.arrivalMinute).toBe(120);
    const c3 = log.tickets.find((t) => t.id === "C3")!;
    expect(c3.tiers).toEqual(["L1", "L3", "L1"]);
    expect(c3.highestTier).toBe("L3");
    expect(c3.outcome).toBe("unresolved");
    expect(log.findings.find((f) => f.code === "no-resolution")).toMatchObject({ count: 1, exampleRows: [10] });
  });

  it("a log whose tickets are interleaved is re-read keeping every ticket open, and says so", async () => {
    const log = await readTicketLog(fixture("events-interleaved.csv"), await loadMapping(fixture("events.yaml")));
    expect(log.tickets.map((t) => t.id)).toEqual(["C1", "C2"]);
    expect(log.tickets[0]!.tiers).toEqual(["L1", "L2"]);
    expect(log.counts.rowsUsed).toBe(7);
    // C1 reappears on line 4, after C2 began: the finding points there.
    expect(log.findings.find((f) => f.code === "not-grouped")).toMatchObject({ severity: "info", exampleRows: [4] });
  });

  it("a truncated .gz is an InputError naming the file and the last row read", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tiersim-data-"));
    const lines = ["ticket;opened;answered;closed;level;kind;prio;who"];
    for (let i = 0; i < 3000; i++) lines.push(`T${i};2024-03-04T08:05:00+01:00;2024-03-04T08:07:00+01:00;2024-03-04T08:20:00+01:00;1;software;P2;Ann${i % 7}`);
    const whole = gzipSync(Buffer.from(lines.join("\n") + "\n"));
    const file = path.join(dir, "cut.csv.gz");
    await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const error = await inputError(readTicketLog(file, await loadMapping(fixture("tickets.yaml"))));
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/gzip data is truncated or corrupt .* after row \d+/);
    // The same content whole reads fine, and gzip is recognised by its bytes.
    const ok = path.join(dir, "whole.csv.gz");
    await writeFile(ok, whole);
    const log = await readTicketLog(ok, await loadMapping(fixture("tickets.yaml")));
    expect(log.source.compressed).toBe(true);
    expect(log.tickets).toHaveLength(3000);
  });

  it("an unreadable log or an empty one is an InputError", async () => {
    const mapping = await loadMapping(fixture("tickets.yaml"));
    expect((await inputError(readTicketLog(fixture("nope.csv"), mapping))).message).toMatch(/nope\.csv: cannot read the log \(ENOENT\)/);
    const dir = await mkdtemp(path.join(tmpdir(), "tiersim-data-"));
    await writeFile(path.join(dir, "empty.csv"), "");
    expect((await inputError(readTicketLog(path.join(dir, "empty.csv"), mapping))).message).toMatch(/row 1: the file is empty/);
  });

  it("fixtures are the hand-made files they claim to be", async () => {
    const raw = await readFile(fixture("tickets-bom-crlf.csv"));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(raw.toString("utf8")).toContain("\r\n");
  });
});
