/**
 * The three real logs of scenarios/data, read and fitted end to end. Counts the reader reports are checked against
 * a separate, deliberately simple pass over the decompressed text (zlib + split), and against published figures.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { fitTicketLog } from "../../src/data/fit/fitLog.js";
import type { FitResult } from "../../src/data/fit/types.js";
import { loadMapping } from "../../src/data/mapping/load.js";
import { readTicketLog } from "../../src/data/read.js";
import type { TicketLog } from "../../src/data/tickets/record.js";

const BANK = "scenarios/data/anonymous-bank/january.txt.gz";
const BPIC = "scenarios/data/bpic2013-incidents/incidents.csv.gz";
const UCI = "scenarios/data/uci-incidents/incident_event_log.csv.gz";

/** Header and rows of a gzip'd delimited file without quotes (true of these logs: no '"' in them). */
function simpleRows(file: string, delimiter: string): { header: string[]; rows: string[][] } {
  const text = gunzipSync(readFileSync(file)).toString("utf8");
  expect(text.includes('"')).toBe(false);
  const lines = text.split(/\r?\n/).filter((l) => l !== "");
  return { header: lines[0]!.split(delimiter), rows: lines.slice(1).map((l) => l.split(delimiter)) };
}

describe("Anonymous Bank, January 1999 (one row per call)", () => {
  let log: TicketLog;
  let fit: FitResult;
  beforeAll(async () => {
    log = await readTicketLog(BANK, await loadMapping("scenarios/mappings/anonymous-bank.yaml"));
    fit = fitTicketLog(log, { name: "bank" });
  });

  it("loads 31,599 calls: 27,060 served, 4,299 abandoned, 240 phantom", () => {
    expect(log.counts).toMatchObject({ rows: 31599, rowsSkipped: 0, tickets: 31599 });
    expect(log.counts.outcomes).toEqual({ served: 27060, abandoned: 4299, phantom: 240, cancelled: 0, unresolved: 0 });
    expect(log.source).toMatchObject({ delimiter: "\t", compressed: true });
  });

  it("agrees with a simple pass on who queued, who left in the IVR, and the mean wait of served calls", () => {
    const { header, rows } = simpleRows(BANK, "\t");
    const col = (name: string) => header.indexOf(name);
    const seconds = (t: string) => t.split(":").reduce((s, x) => s * 60 + Number(x), 0);
    let ivrHangUps = 0;
    let servedWaitSeconds = 0;
    let served = 0;
    for (const r of rows) {
      const queued = r[col("q_start")] !== "0:00:00";
      const answered = r[col("ser_start")] !== "0:00:00";
      if (r[col("outcome")] === "HANG" && !queued && !answered) ivrHangUps++;
      if (r[col("outcome")] === "AGENT" && answered) {
        served++;
        servedWaitSeconds += queued ? Math.max(0, seconds(r[col("ser_start")]!) - seconds(r[col("q_start")]!)) : 0;
      }
    }
    expect(fit.patience!.leftBeforeQueue).toBe(ivrHangUps);
    expect(ivrHangUps).toBe(1198);
    expect(fit.waits.L1!.n).toBe(served);
    expect(fit.waits.L1!.mean).toBeCloseTo(servedWaitSeconds / served / 60, 3);
  });

  it("fits patience (censored exponential), a single-stage desk, observed head counts and no window cut", () => {
    expect(fit.findings.find((f) => f.code === "whole-log")).toBeDefined();
    expect(fit.window.emptyDays).toEqual(["1999-01-11", "1999-01-12"]); // two days missing from the extract
    expect(fit.findings.find((f) => f.code === "gaps")!.message).toMatch(/1999-01-11 \(Mon\), 1999-01-12 \(Tue\)/);
    const p = fit.patience!;
    expect(p.abandons).toBe(3101);
    expect(p.meanMinutes).toBeGreaterThan(5);
    expect(p.meanMinutes).toBeLessThan(7);
    expect(p.abandonment.share).toBeCloseTo(3101 / (31599 - 240 - 1198), 3);
    expect(fit.levels.shares.L1.share).toBe(1);
    expect(fit.service.measure).toBe("service");
    expect(fit.staffing.L1.method).toBe("observed");
    expect(fit.staffing.L2).toMatchObject({ method: "none", agents: 0 });
    expect(fit.headCount.L1!.distinctAgents).toBeGreaterThan(20);
  });
});

describe("Volvo IT incidents, BPIC 2013 (one row per status change)", () => {
  let log: TicketLog;
  let fit: FitResult;
  beforeAll(async () => {
    log = await readTicketLog(BPIC, await loadMapping("scenarios/mappings/bpic2013.yaml"));
    fit = fitTicketLog(log, { name: "bpic" });
  });

  it("reads 65,533 events of 7,554 incidents", () => {
    expect(log.counts).toMatchObject({ rows: 65533, rowsSkipped: 0, rowsUsed: 65533, tickets: 7554 });
  });

  it("highest line reached per incident matches a separate pass over the team names", () => {
    const { header, rows } = simpleRows(BPIC, ",");
    const id = header.indexOf("case:concept:name");
    const group = header.indexOf("org:group");
    const line = (g: string) => (g.includes("3rd") ? 3 : g.includes("2nd") ? 2 : 1);
    const highest = new Map<string, number>();
    for (const r of rows) highest.set(r[id]!, Math.max(highest.get(r[id]!) ?? 0, line(r[group]!)));
    const counts = { L1: 0, L2: 0, L3: 0 };
    for (const h of highest.values()) counts[`L${h}` as keyof typeof counts]++;
    expect(rows).toHaveLength(65533);
    expect(highest.size).toBe(7554);
    expect(counts).toEqual({ L1: 4546, L2: 2464, L3: 544 });
    expect(log.counts.highestTier).toEqual({ ...counts, none: 0 });
    expect(fit.levelsWholeLog.shares.L1.successes).toBe(4546);
  });

  it("the fit flags the extraction window, the ramp-up and the length bias, and fits on 2012-05-02..04 only", () => {
    expect(fit.window.window).toMatchObject({ from: "2012-05-02", to: "2012-05-04", days: 3 });
    const codes = fit.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["extraction-window", "ramp-up", "length-bias", "unobserved-weekdays", "proxy-handle"]));
    const w = fit.findings.find((f) => f.code === "extraction-window")!;
    expect(w.severity).toBe("warning");
    expect(w.message).toMatch(/only 2012-05-02\.\.2012-05-04 \(3 days/);
    // 96% of arrivals fall in 2012-04-02..05-06 (the published caveat): the bulk range the fit reports is inside it.
    expect(fit.window.bulk.share).toBeGreaterThanOrEqual(0.95);
    expect(fit.window.bulk.from >= "2012-04-02" && fit.window.bulk.to <= "2012-05-06").toBe(true);
    expect(fit.ticketsInWindow).toBe(fit.window.window.arrivals);
    expect(fit.arrivals.arrivals).toBe(fit.ticketsInWindow);
    // In the window the share reaching L2 or L3 is about 30%, as the log's description says.
    const upper = fit.levels.shares.L2.share + fit.levels.shares.L3.share;
    expect(upper).toBeGreaterThan(0.25);
    expect(upper).toBeLessThan(0.35);
    expect(fit.bounceBacks.moves["L2->L1"]).toBeGreaterThan(0);
  });
});

describe("UCI ServiceNow incident audit log (one row per update)", () => {
  let log: TicketLog;
  let fit: FitResult;
  beforeAll(async () => {
    log = await readTicketLog(UCI, await loadMapping("scenarios/mappings/uci-servicenow.yaml"));
    fit = fitTicketLog(log, { name: "uci" });
  });

  it("reads 141,712 rows of 24,918 incidents and reports the rows out of sys_mod_count order", () => {
    expect(log.counts).toMatchObject({ rows: 141712, rowsSkipped: 0, rowsUsed: 141712, tickets: 24918 });
    const ooo = log.findings.find((f) => f.code === "out-of-order")!;
    expect(ooo.count).toBeGreaterThan(0);
    expect(ooo.exampleRows.length).toBeGreaterThan(0);
  });

  it("the fitted hour-of-week profile reproduces the observed counts of the window", () => {
    expect(fit.window.window).toMatchObject({ from: "2016-03-01", to: "2016-05-31" });
    // A separate pass: opened_at of each incident (D/M/YYYY HH:MM, local clock) into the 168 hours of the week.
    const { header, rows } = simpleRows(UCI, ",");
    const number = header.indexOf("number");
    const opened = header.indexOf("opened_at");
    const observed = new Array<number>(168).fill(0);
    const seen = new Set<string>();
    for (const r of rows) {
      if (seen.has(r[number]!)) continue;
      seen.add(r[number]!);
      const [d, m, y, hh] = r[opened]!.split(/[/ :]/).map(Number) as [number, number, number, number];
      const date = new Date(Date.UTC(y, m - 1, d));
      const iso = date.toISOString().slice(0, 10);
      if (iso < "2016-03-01" || iso > "2016-05-31") continue;
      observed[((date.getUTCDay() + 6) % 7) * 24 + hh]!++;
    }
    expect(fit.arrivals.observed).toEqual(observed);
    // The multiplicative model rate x hourOfDay x dayOfWeek x exposure:
    const a = fit.arrivals;
    const model = observed.map((_, i) => a.ratePerHour * a.hourOfDay[i % 24]! * a.dayOfWeek[Math.floor(i / 24)]! * a.exposureHours[i]!);
    const total = observed.reduce((s, x) => s + x, 0);
    // Poisson MLE with main effects: the fitted total, and every day and hour total, equal the observed ones.
    expect(model.reduce((s, x) => s + x, 0)).toBeCloseTo(total, 6);
    for (let d = 0; d < 7; d++) expect(model.slice(d * 24, d * 24 + 24).reduce((s, x) => s + x, 0)).toBeCloseTo(observed.slice(d * 24, d * 24 + 24).reduce((s, x) => s + x, 0), 6);
    for (let h = 0; h < 24; h++) {
      let o = 0;
      let f = 0;
      for (let d = 0; d < 7; d++) {
        o += observed[d * 24 + h]!;
        f += model[d * 24 + h]!;
      }
      expect(f).toBeCloseTo(o, 6);
    }
    // Stated tolerance: the 168 cells are matched within 15% relative absolute error (the separable model cannot
    // express that weekend hours are shaped differently from weekday hours, nor the holidays in the window).
    const residual = observed.reduce((s, o, i) => s + Math.abs(o - model[i]!), 0) / total;
    expect(residual).toBeLessThan(0.15);
    expect(residual).toBeCloseTo(a.quality.relativeAbsoluteError, 9);
    // Multipliers are normalized to mean 1.
    expect(a.hourOfDay.reduce((s, x) => s + x, 0) / 24).toBeCloseTo(1, 9);
    expect(a.dayOfWeek.reduce((s, x) => s + x, 0) / 7).toBeCloseTo(1, 9);
  });

  it("flags the sparse tail after May 2016 and the length bias of the earliest cases", () => {
    const codes = fit.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["extraction-window", "abrupt-end", "length-bias"]));
    expect(fit.findings.find((f) => f.code === "abrupt-end")!.message).toMatch(/after 2016-05-31/);
  });
});
