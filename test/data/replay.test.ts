/**
 * Replay: the simulator driven by a real log's arrivals, compared with what the log shows. Checked on the real logs:
 * the Anonymous Bank's January (waits and abandonment reproduced with the staffing the log shows) and Volvo IT's
 * BPIC 2013 incidents (the fitted scenario reproduces the shares of incidents by highest support line).
 */
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import fitCommand from "../../src/cli/commands/fit.js";
import replayCommand from "../../src/cli/commands/replay.js";
import { fitTicketLog } from "../../src/data/fit/fitLog.js";
import type { FitResult } from "../../src/data/fit/types.js";
import { loadMapping } from "../../src/data/mapping/load.js";
import { scenarioYaml } from "../../src/data/output/scenarioYaml.js";
import { readTicketLog } from "../../src/data/read.js";
import {
  highestTierReached,
  parseUse,
  planReplay,
  replayLog,
  replayMarkdown,
  replayTableCsv,
  scheduleFromHeadCount,
  sessionHeadCount,
  shiftsFromHeadCount,
  TABLE_METRICS,
  weeklyAgentHours,
  type ReplayResult,
} from "../../src/data/replay/index.js";
import type { TicketLog } from "../../src/data/tickets/record.js";
import { InputError } from "../../src/errors.js";
import { simulate } from "../../src/experiment/simulate.js";
import { loadScenario, parseScenario } from "../../src/model/load.js";
import { weeklyRoster } from "../../src/model/staffing.js";
import { TIERS } from "../../src/model/types.js";

const BANK = "scenarios/data/anonymous-bank/january.txt.gz";
const BANK_MAP = "scenarios/mappings/anonymous-bank.yaml";
const BPIC = "scenarios/data/bpic2013-incidents/incidents.csv.gz";
const BPIC_MAP = "scenarios/mappings/bpic2013.yaml";

async function inputError(promise: Promise<unknown> | (() => unknown)): Promise<InputError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError");
}

describe("staffing from a head count per hour of the week", () => {
  const week = (f: (day: number, hour: number) => number) => Array.from({ length: 168 }, (_, i) => f(Math.floor(i / 24), i % 24));

  it("makes one-hour shifts, merged while the rounded head count stays the same, none where it rounds to 0", () => {
    const mean = week((d, h) => (d === 0 && h >= 8 && h < 10 ? 3.4 : d === 0 && h === 10 ? 2.6 : d === 6 && h === 23 ? 4 : 0.3));
    expect(scheduleFromHeadCount(mean)).toEqual([
      { name: "Mon 08:00-11:00", days: "Mon", start: "08:00", end: "11:00", agents: 3 },
      { name: "Sun 23:00-24:00", days: "Sun", start: "23:00", end: "24:00", agents: 4 },
    ]);
    expect(scheduleFromHeadCount(mean, { merge: false })).toHaveLength(4);
    expect(scheduleFromHeadCount(mean, { rounding: "up" }).find((s) => s.days === "Mon" && s.start === "08:00")).toMatchObject({ end: "10:00", agents: 4 });
    expect(scheduleFromHeadCount(mean, { rounding: "down" }).map((s) => `${s.name} ${s.agents}`)).toEqual(["Mon 08:00-10:00 3", "Mon 10:00-11:00 2", "Sun 23:00-24:00 4"]);
    const shifts = shiftsFromHeadCount(mean);
    expect(shifts[0]).toMatchObject({ days: [0], startMinute: 480, durationMinutes: 180, agents: 3 });
    expect(shifts[1]).toMatchObject({ days: [6], startMinute: 1380, durationMinutes: 60, agents: 4 });
    expect(weeklyAgentHours(mean).rostered).toBe(3 * 3 + 4);
    expect(() => scheduleFromHeadCount([1, 2, 3])).toThrow(/168/);
  });

  it("a schedule from a head count loads as a scenario's tiers", () => {
    const schedule = scheduleFromHeadCount(week((d, h) => (d < 5 && h >= 9 && h < 17 ? 5 : 0)));
    const text = `name: hc
arrivals: { rate: 10/h }
categories: { all: { share: 1, level: { L1: 1 }, handleTime: { L1: { dist: exp, mean: 5m } } } }
tiers:
  L1:
    schedule:
${schedule.map((s) => `      - { name: "${s.name}", days: ${s.days}, start: "${s.start}", end: "${s.end}", agents: ${s.agents} }`).join("\n")}
`;
    const s = parseScenario(text, "hc.yaml");
    expect(s.tiers[0].schedule).toHaveLength(5);
    expect(weeklyRoster(s.tiers[0]).map((x) => x.count)).toEqual([0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0]);
  });
});

describe("`--use` fields", () => {
  it("parses lists, aliases and all; rejects unknown names with the valid ones", async () => {
    expect(parseUse("categories,levels")).toEqual(["categories", "levels"]);
    expect(parseUse(["priority", "handle-times,patience"])).toEqual(["priorities", "handle-times", "patience"]);
    expect(parseUse("all")).toHaveLength(6);
    expect(parseUse(undefined)).toEqual([]);
    const e = await inputError(() => parseUse("categories,colour"));
    expect(e.message).toMatch(/--use: unknown field "colour"; expected .*categories, priorities, channels, levels, handle-times, patience/);
  });
});

describe("Anonymous Bank, January 1999: replay of the real calls", () => {
  let log: TicketLog;
  let fit: FitResult;
  let observed: ReplayResult;
  beforeAll(async () => {
    log = await readTicketLog(BANK, await loadMapping(BANK_MAP));
    fit = fitTicketLog(log, { name: "bank" });
    const scenario = parseScenario(scenarioYaml(fit), "bank.yaml");
    // Fitted service times and patience, the real arrivals, the agents on duty the log shows per hour of the week.
    observed = await replayLog(scenario, log, { staffing: "observed", replications: 4, workers: 1 });
  });

  it("replays every call that reached the agents' queue, from Friday 1 January at midnight", () => {
    expect(observed.period).toMatchObject({ from: "1999-01-01", to: "1999-01-31", days: 31 });
    expect(observed.start).toBe("Fri 00:00");
    expect(observed.tickets).toBe(fit.ticketsInWindow);
    expect(observed.tickets + observed.leftOut).toBe(31599); // phantoms and IVR hang-ups left out
    expect(observed.comparison.overall.arrivals).toMatchObject({ observed: observed.tickets, simulated: observed.tickets });
    expect(observed.drainMinutes).toBe(1440);
  });

  it("computes the observed side like the fit: abandonment of callers reaching the queue, mean wait of answered calls", () => {
    const o = observed.comparison.overall;
    expect(o.abandonment.observed!).toBeCloseTo(fit.patience!.abandonment.share, 9);
    expect(o["wait.L1.mean"].observed!).toBeCloseTo(fit.waits.L1!.mean, 9);
    expect(o["wait.L1.mean"].observedN).toBe(fit.waits.L1!.n);
  });

  it("reproduces the observed overall abandonment and mean wait within 30%", () => {
    const o = observed.comparison.overall;
    const relative = (m: "abandonment" | "wait.L1.mean") => Math.abs(o[m].simulated! - o[m].observed!) / o[m].observed!;
    expect(relative("abandonment")).toBeLessThan(0.3);
    expect(relative("wait.L1.mean")).toBeLessThan(0.3);
    expect(Math.abs(o["resolveTime.mean"].relativeDifference!)).toBeLessThan(0.15);
  });

  it("has observed and simulated side by side for every hour with calls, in the table, the CSV and replay.md", () => {
    const withCalls = observed.comparison.hourly.filter((r) => r.figures.arrivals.observed! > 0);
    expect(withCalls.length).toBeGreaterThanOrEqual(20);
    for (const row of withCalls) {
      expect(row.figures.abandonment.observed).not.toBeNull();
      expect(row.figures.abandonment.simulated).not.toBeNull();
      // Waits are over answered calls: every busy hour has some in the log and in the simulation.
      if (row.figures.arrivals.observed! >= 100) {
        expect(row.figures["wait.L1.mean"].observed, row.label).not.toBeNull();
        expect(row.figures["wait.L1.mean"].simulated, row.label).not.toBeNull();
      }
    }
    expect(observed.comparison.hourly.map((r) => r.key)).toEqual(Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0")));
    expect(observed.comparison.daily).toHaveLength(31);
    expect(observed.comparison.daily.find((d) => d.key === "1999-01-11")!.figures.arrivals.observed).toBe(0); // a hole in the extract

    const csv = replayTableCsv(observed.comparison.hourly, "hour").trim().split("\n");
    expect(csv).toHaveLength(25);
    const header = csv[0]!.split(",");
    for (const m of TABLE_METRICS) expect(header).toEqual(expect.arrayContaining([`${m}.observed`, `${m}.simulated`, `${m}.ci95.lo`, `${m}.ci95.hi`]));
    const ten = csv.find((l) => l.startsWith("10,"))!.split(",");
    expect(Number(ten[header.indexOf("abandonment.observed")])).toBeCloseTo(observed.comparison.hourly[10]!.figures.abandonment.observed!, 6);
    expect(Number(ten[header.indexOf("abandonment.simulated")])).toBeGreaterThan(0);

    const md = replayMarkdown(observed);
    expect(md).toMatch(/\| hour \| arrivals \| abandonment obs \| abandonment sim \| wait L1 obs \| wait L1 sim \|/);
    expect(md).toMatch(/\| 10:00-11:00 \| 2553 \|/);
  });

  it("replays the staffing the log shows as one-hour shifts, never a negative roster", () => {
    const plan = planReplay(parseScenario(scenarioYaml(fit), "bank.yaml"), log, { staffing: "observed" });
    const schedule = plan.staffing.schedules!.L1!;
    expect(schedule.length).toBeGreaterThan(20);
    for (const s of schedule) expect(Number(s.end.slice(0, 2)) - Number(s.start.slice(0, 2))).toBeGreaterThanOrEqual(1);
    expect(plan.staffing.note).toMatch(/service sessions/);
    // Sessions count idle gaps of up to 10 minutes as on duty: fewer agent-hours than "everyone who served in the hour".
    const sessions = sessionHeadCount(log, { fromDay: plan.period.fromDay, toDay: plan.period.toDay })!.L1!;
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(total(sessions.meanAgents)).toBeLessThan(total(fit.headCount.L1!.meanAgents));
    expect(total(sessions.meanAgents)).toBeGreaterThan(0.5 * total(fit.headCount.L1!.meanAgents));
    // The fitted scenario's own schedule ends a Sunday shift at 24:00: the replayed roster stays >= 0 all week.
    for (const s of [plan.scenario.tiers[0], planReplay(parseScenario(scenarioYaml(fit), "bank.yaml"), log).scenario.tiers[0]])
      expect(Math.min(...weeklyRoster(s).map((x) => x.count))).toBeGreaterThanOrEqual(0);
    expect(plan.scenario).toMatchObject({ warmupMinutes: 0, startMinuteOfWeek: 4 * 1440, horizonMinutes: 32 * 1440 });
  });

  it("takes categories, priorities, channels, levels, handle times and patience from the calls with --use all", () => {
    const plan = planReplay(parseScenario(scenarioYaml(fit), "bank.yaml"), log, { use: parseUse("all"), from: "1999-01-04", to: "1999-01-10" });
    const n = plan.trace.tickets.length;
    const tt = plan.scenario.arrivals.traceTickets!;
    expect(plan.scenario.arrivals.traceMinutes).toHaveLength(n);
    for (const m of plan.use.names.filter((x) => x.field !== "categories")) expect(m).toMatchObject({ matched: n, unknown: 0, missing: 0 });
    // The fit names the categories with at least 200 calls and pools the rest as "other": those are drawn.
    const categories = plan.use.names.find((x) => x.field === "categories")!;
    const named = new Set(plan.scenario.categories.map((c) => c.name));
    expect(categories.unknown).toBe(plan.trace.tickets.filter((t) => !named.has(t.category!)).length);
    expect(categories.matched + categories.unknown).toBe(n);
    expect([...tt.category!].filter((c) => c < 0)).toHaveLength(categories.unknown);
    expect(plan.use.levels).toMatchObject({ fromLog: { L1: n, L2: 0, L3: 0 }, drawn: 0 });
    const served = plan.trace.tickets.filter((t) => t.outcome === "served" && t.handleMinutes.L1 !== undefined).length;
    expect(plan.use.handleTimes!.L1).toBe(served);
    const i = plan.trace.tickets.findIndex((t) => t.outcome === "abandoned" && t.queueMinutes !== undefined);
    expect(tt.patienceMinutes![i]).toBe(plan.trace.tickets[i]!.queueMinutes);
    const j = plan.trace.tickets.findIndex((t) => t.outcome === "served" && (t.queueMinutes ?? 0) > 1);
    expect(tt.patienceMinutes![j]).toBeGreaterThan(plan.trace.tickets[j]!.queueMinutes!); // answered: patience beyond the wait
    expect(plan.use.patience!.exact + plan.use.patience!.conditional + plan.use.patience!.drawn).toBe(n);
    expect(plan.scenario.startMinuteOfWeek).toBe(0); // 4 January 1999 was a Monday
  });

  it("counts the log's names the scenario does not have, and draws them", async () => {
    const scenario = await loadScenario("scenarios/erlang-a.yaml");
    const plan = planReplay(scenario, log, { use: ["categories", "channels"], from: "1999-01-04", to: "1999-01-04" });
    const categories = plan.use.names.find((m) => m.field === "categories")!;
    expect(categories).toMatchObject({ matched: 0, unknown: plan.trace.tickets.length });
    expect(categories.unknownValues[0]).toMatchObject({ name: "PS" });
    expect([...plan.scenario.arrivals.traceTickets!.category!].every((c) => c === -1)).toBe(true);
    expect(plan.use.names.find((m) => m.field === "channels")).toMatchObject({ matched: plan.trace.tickets.length, unknown: 0 }); // "phone" in both
    expect(plan.warnings.join("\n")).toMatch(/--use categories: none of the log's categories matches a name in the scenario \("PS"/);
  });

  it("says what is wrong with a period", async () => {
    const scenario = await loadScenario("scenarios/erlang-a.yaml");
    expect((await inputError(() => planReplay(scenario, log, { from: "1999-13-01" }))).message).toMatch(/--from: expected a date such as 2016-03-01/);
    expect((await inputError(() => planReplay(scenario, log, { from: "2/1/1999" }))).message).toMatch(/--from: expected a date/);
    expect((await inputError(() => planReplay(scenario, log, { from: "1999-01-10", to: "1999-01-05" }))).message).toMatch(/is after --to/);
    expect((await inputError(() => planReplay(scenario, log, { from: "2001-01-01", to: "2001-01-31" }))).message).toMatch(
      /no ticket reached the desk between 2001-01-01 and 2001-01-31 \(the log's arrivals span 1999-01-01\.\.1999-01-31\)/,
    );
    expect((await inputError(() => planReplay(scenario, log, { from: "1999-01-11", to: "1999-01-12" }))).message).toMatch(/january\.txt\.gz: no ticket/);
  });
});

describe("Volvo IT, BPIC 2013: the fitted scenario and the support lines", () => {
  let log: TicketLog;
  let fit: FitResult;
  beforeAll(async () => {
    log = await readTicketLog(BPIC, await loadMapping(BPIC_MAP));
    fit = fitTicketLog(log, { name: "bpic" });
  });

  it("reproduces the shares of incidents whose highest line is L1, L2 and L3 within 2 percentage points", async () => {
    const scenario = parseScenario(scenarioYaml(fit), "bpic.yaml");
    const result = await simulate(scenario, { workers: 1, replications: 2, recordTickets: true });
    // The fit's level shares are the highest line each incident of the window reached, over all of them (resolved
    // or not). The simulated counterpart is the highest tier each measured ticket reached (or, still open at the end,
    // the tier it needs), over all arrivals.
    const counts = { L1: 0, L2: 0, L3: 0 };
    let n = 0;
    for (const t of result.tickets!) {
      if (t.id < 0 || t.arrivalMinute < scenario.warmupMinutes) continue;
      counts[highestTierReached(t)!]++;
      n++;
    }
    expect(n).toBeGreaterThan(20_000);
    for (const tier of TIERS) {
      const observed = fit.levels.shares[tier].share;
      expect(Math.abs(counts[tier] / n - observed), tier).toBeLessThan(0.02);
      // With no bounce-backs or knowledge in the fitted scenario, the resolving tier is the highest one too.
      expect(Math.abs(result.summary.metrics[`resolvedShare.${tier}`]!.mean! - observed), tier).toBeLessThan(0.02);
    }
    expect(fit.levels.shares.L2.share).toBeGreaterThan(0.2);
    expect(fit.levels.shares.L3.share).toBeGreaterThan(0.03);
  });

  it("a replay with the incidents' levels has the log's shares exactly, and says which window it replays", async () => {
    const scenario = parseScenario(scenarioYaml(fit), "bpic.yaml");
    const result = await replayLog(scenario, log, { use: ["categories", "priorities", "levels"], replications: 2, workers: 1 });
    expect(result.period).toMatchObject({ from: fit.window.window.from, to: fit.window.window.to, source: "complete-window" });
    expect(result.warnings.join("\n")).toMatch(/the part of the log that looks complete/);
    const o = result.comparison.overall;
    for (const tier of TIERS) {
      expect(o[`highestTier.${tier}`].observed!).toBeCloseTo(fit.levels.shares[tier].share, 9);
      expect(Math.abs(o[`highestTier.${tier}`].simulated! - o[`highestTier.${tier}`].observed!)).toBeLessThan(0.005);
    }
    expect(o.abandonment.observed).toBeNull(); // no abandonment in an incident log
    expect(o["wait.L2.mean"].observed).not.toBeNull();
    const categories = result.use.names.find((m) => m.field === "categories")!;
    expect(categories.matched + categories.unknown + categories.missing).toBe(result.tickets);
    expect(categories.unknown).toBeGreaterThan(0); // the fit pools the small products as "other"
  });
});

describe("`tiersim fit` then `tiersim replay` on the Anonymous Bank", () => {
  afterEach(() => vi.restoreAllMocks());

  it("the fitted scenario replays end to end; every file is written, with the charts", async () => {
    const parent = await mkdtemp(path.join(tmpdir(), "tiersim-replay-"));
    const stdout: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (stdout.push(String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const fitOut = path.join(parent, "fit-bank");
    await (fitCommand.handler as (args: Record<string, unknown>) => Promise<void>)({ log: BANK, map: BANK_MAP, out: fitOut, _: [], $0: "tiersim" });
    expect((await readdir(path.join(fitOut, "charts"))).sort()).toEqual(["fit-arrivals.svg", "fit-arrivals.vl.json", "fit-handle-time.svg", "fit-handle-time.vl.json"]);
    const arrivalsSpec = JSON.parse(await readFile(path.join(fitOut, "charts", "fit-arrivals.vl.json"), "utf8"));
    expect(arrivalsSpec.data.values.length).toBeGreaterThan(200);
    expect(await readFile(path.join(fitOut, "charts", "fit-handle-time.svg"), "utf8")).toMatch(/^<svg/);

    stdout.length = 0;
    const out = path.join(parent, "replay");
    await (replayCommand.handler as (args: Record<string, unknown>) => Promise<void>)({
      log: BANK,
      map: BANK_MAP,
      scenario: path.join(fitOut, "fitted-anonymous-bank.yaml"),
      staffing: "scenario",
      replications: 2,
      workers: 1,
      out,
      json: true,
      _: [],
      $0: "tiersim",
    });
    const json = JSON.parse(stdout.join("")) as ReplayResult;
    expect(json.scenario).toBe("fitted-anonymous-bank");
    expect(json.tickets).toBe(30161);
    expect(json.comparison.overall.abandonment.observed).toBeCloseTo(0.1028, 3);
    expect(json.comparison.overall.abandonment.simulated).toBeGreaterThan(0);
    expect((await readdir(out)).sort()).toEqual(["charts", "replay-daily.csv", "replay-hourly.csv", "replay.json", "replay.md"]);
    expect((await readdir(path.join(out, "charts"))).sort()).toEqual(["replay-hourly.svg", "replay-hourly.vl.json"]);
    expect(await readdir(parent)).toEqual(expect.not.arrayContaining([expect.stringMatching(/tmp/)]));
    expect(await readFile(path.join(out, "replay.md"), "utf8")).toMatch(/!\[replay-hourly\]\(charts\/replay-hourly\.svg\)/);
  });

  it("bad options are input errors naming the option", async () => {
    const handler = replayCommand.handler as (args: Record<string, unknown>) => Promise<void>;
    const base = { log: BANK, map: BANK_MAP, scenario: "scenarios/erlang-a.yaml", _: [], $0: "tiersim", workers: 1 };
    expect((await inputError(handler({ ...base, use: ["levels,moods"] }))).message).toMatch(/--use: unknown field "moods"/);
    expect((await inputError(handler({ ...base, drain: "soon" }))).message).toMatch(/--drain: expected a duration/);
    expect((await inputError(handler({ ...base, replications: 0 }))).message).toMatch(/--replications/);
    expect((await inputError(handler({ ...base, "whole-log": true, from: "1999-01-01" }))).message).toMatch(/--whole-log/);
    expect((await inputError(handler({ ...base, scenario: "scenarios/none.yaml" }))).message).toMatch(/none\.yaml: no such scenario file/);
  });
});
