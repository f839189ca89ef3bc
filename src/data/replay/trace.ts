/**
 * A replay scenario: a scenario's staffing and distributions driven by a real log's arrival times (and, on request,
 * its categories, priorities, channels, levels, handle times and patience), starting at local midnight of the first
 * replayed day on that weekday, with a horizon covering the replayed days plus a drain time.
 */
import { sampler } from "../../engine/distributions.js";
import { randomStream } from "../../engine/random.js";
import { InputError } from "../../errors.js";
import { TIERS, type Scenario, type Tier, type TraceTickets } from "../../model/types.js";
import { DAY_NAMES, formatDuration } from "../../model/units.js";
import { analyzeWindow } from "../fit/window.js";
import { observedHeadCount } from "../fit/staffing.js";
import { dayNumber, formatDay, parseDay } from "../time/calendar.js";
import type { TicketLog, TicketRecord } from "../tickets/record.js";
import { ticketTrace, type TicketTrace } from "../tickets/trace.js";
import { DEFAULT_SESSION_GAP_MINUTES, scheduleFromHeadCount, sessionHeadCount, staffingFromHeadCount, type HeadCountRounding, type ScheduleShift } from "./staffing.js";

/** What of the log's tickets a replay may use besides their arrival times. */
export const USE_FIELDS = ["categories", "priorities", "channels", "levels", "handle-times", "patience"] as const;
export type UseField = (typeof USE_FIELDS)[number];

/** Parse `--use categories,levels` (or "all", or "none"); unknown names are an InputError listing the valid ones. */
export function parseUse(text: string | string[] | undefined, option = "--use"): UseField[] {
  if (text === undefined) return [];
  const parts = (Array.isArray(text) ? text : [text]).flatMap((t) => String(t).split(",")).map((s) => s.trim().toLowerCase()).filter((s) => s !== "");
  const out = new Set<UseField>();
  const aliases: Record<string, UseField> = { category: "categories", priority: "priorities", channel: "channels", level: "levels", "handle-time": "handle-times", handle: "handle-times", handletimes: "handle-times" };
  for (const p of parts) {
    if (p === "none") continue;
    if (p === "all") {
      for (const f of USE_FIELDS) out.add(f);
      continue;
    }
    const f = (USE_FIELDS as readonly string[]).includes(p) ? (p as UseField) : aliases[p];
    if (!f) throw new InputError(`${option}: unknown field "${p}"; expected a comma-separated list of ${USE_FIELDS.join(", ")} (or all)`);
    out.add(f);
  }
  return USE_FIELDS.filter((f) => out.has(f));
}

export type StaffingSource = "scenario" | "observed";

export interface ReplayPlanOptions {
  /** First and last local date to replay ("2016-03-01"); default the part of the log that looks complete. */
  from?: string;
  to?: string;
  /** Replay the whole log, even the parts that look incomplete (ignored when from/to are given). */
  wholeLog?: boolean;
  use?: UseField[];
  /** Simulated time after the last replayed day so that open tickets can finish; default from the log's resolution times. */
  drainMinutes?: number;
  /** "observed": replace the scenario's staffing by the head count the log shows over the replayed days. */
  staffing?: StaffingSource;
  /** Rounding of observed mean head counts to whole agents (default nearest). */
  rounding?: HeadCountRounding;
  /** Observed staffing from service spans: idle gaps up to this long count as on duty (default 10 minutes). */
  sessionGapMinutes?: number;
  /** Replications; default the scenario's. */
  replications?: number;
}

/** How the log's names for one attribute matched the scenario's. */
export interface NameMatch {
  field: "categories" | "priorities" | "channels";
  used: boolean;
  /** Tickets whose value matched a scenario name (exactly or ignoring case). */
  matched: number;
  /** Tickets whose value the scenario does not have: drawn from the scenario's shares. */
  unknown: number;
  /** The most frequent unknown values, with counts. */
  unknownValues: { name: string; tickets: number }[];
  /** Tickets with no value in the log: drawn. */
  missing: number;
  /** Scenario names seen in the log. */
  names: string[];
}

export interface TraceUse {
  fields: UseField[];
  names: NameMatch[];
  /** Tickets whose level came from the log (highest tier reached), per level; the rest are drawn. */
  levels?: { fromLog: Record<Tier, number>; drawn: number };
  /** Tickets with a handle time from the log, per tier (NaN elsewhere: drawn). */
  handleTimes?: Record<Tier, number>;
  /** Patience from the log: abandoned tickets' time in queue (exact), answered ones' wait plus a conditional draw. */
  patience?: { exact: number; conditional: number; drawn: number };
}

export interface ReplayPeriod {
  from: string;
  to: string;
  fromDay: number;
  toDay: number;
  days: number;
  /** How the period was chosen. */
  source: "options" | "complete-window" | "whole-log";
  note: string;
}

export interface ReplayStaffing {
  source: StaffingSource;
  note: string;
  /** With observed staffing: the schedules replayed, per tier, as a scenario file writes them, and the scenario's costs. */
  schedules?: Partial<Record<Tier, ScheduleShift[]>>;
  costPerHour?: Partial<Record<Tier, number>>;
}

export interface ReplayPlan {
  /** The scenario as replayed: trace, start, horizon, warm-up 0, replications, staffing. */
  scenario: Scenario;
  trace: TicketTrace;
  period: ReplayPeriod;
  drainMinutes: number;
  use: TraceUse;
  staffing: ReplayStaffing;
  /** Tickets of the log in the period that were left out of the trace (phantoms, contacts that never reached the desk). */
  leftOut: number;
  warnings: string[];
}

const DAY = 1440;

/** Pick the replayed days, build the trace, and the scenario that replays it. */
export function planReplay(scenario: Scenario, log: TicketLog, options: ReplayPlanOptions = {}): ReplayPlan {
  const warnings: string[] = [];
  if (scenario.structure !== "tiered" && (options.staffing ?? "scenario") === "observed")
    throw new InputError(`--staffing observed: the scenario ${scenario.name} is a flat pool; observed head counts are per tier (tiered scenarios only)`);
  const period = choosePeriod(log, options);
  let trace: TicketTrace;
  try {
    trace = ticketTrace(log, { from: period.from, to: period.to });
  } catch {
    throw new InputError(`${log.source.path}: no ticket reached the desk between ${period.from} and ${period.to} (the log's arrivals span ${spanOf(log)})`);
  }
  const inPeriod = log.tickets.filter((t) => {
    const d = dayNumber(t.arrivalMinute + t.utcOffsetMinutes);
    return d >= period.fromDay && d <= period.toDay;
  }).length;
  const drainMinutes = options.drainMinutes ?? defaultDrain(trace.tickets);
  if (!(drainMinutes >= 0) || !Number.isFinite(drainMinutes)) throw new InputError(`--drain: expected a duration >= 0, got ${drainMinutes}`);
  const replications = options.replications ?? scenario.replications;
  if (!Number.isInteger(replications) || replications < 1) throw new InputError(`--replications: expected a whole number >= 1, got ${replications}`);

  const use = options.use ?? [];
  const { traceTickets, report } = traceTicketsFor(scenario, trace, use, warnings);
  const staffingSource = options.staffing ?? "scenario";
  const replayed: Scenario = {
    ...scenario,
    startMinuteOfWeek: trace.startMinuteOfWeek,
    horizonMinutes: period.days * DAY + drainMinutes,
    warmupMinutes: 0,
    replications,
    arrivals: { ...scenario.arrivals, traceMinutes: trace.arrivalMinutes, traceTickets },
    tiers: [...scenario.tiers] as Scenario["tiers"],
  };
  const schedules: Partial<Record<Tier, ScheduleShift[]>> = {};
  let staffingNote = `the scenario's staffing (${scenario.source ?? scenario.name})`;
  if (staffingSource === "observed") {
    const emptyDays = new Set<number>();
    const perDay = new Map<number, number>();
    for (let i = 0; i < trace.arrivalMinutes.length; i++) {
      const d = Math.floor(trace.arrivalMinutes[i]! / DAY);
      perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
    const startDay = parseDay(trace.startDate)!;
    for (let d = 0; d < period.days; d++) if (!perDay.has(d)) emptyDays.add(startDay + d);
    const gap = options.sessionGapMinutes ?? DEFAULT_SESSION_GAP_MINUTES;
    if (!(gap >= 0) || !Number.isFinite(gap)) throw new InputError(`--session-gap: expected a duration >= 0, got ${gap}`);
    const sessions = sessionHeadCount(log, { fromDay: period.fromDay, toDay: period.toDay, missingDays: emptyDays, gapMinutes: gap });
    const headCount = sessions ?? observedHeadCount(log.agentHours, period.fromDay, period.toDay, emptyDays);
    const tiersSeen = TIERS.filter((t) => headCount[t]);
    if (tiersSeen.length === 0)
      throw new InputError(`--staffing observed: the log ${log.source.path} names no agent serving between ${period.from} and ${period.to} (mapping field "agent"), so there is no head count to replay`);
    const notes: string[] = [];
    TIERS.forEach((tier, i) => {
      const hc = headCount[tier];
      if (!hc) return;
      replayed.tiers[i] = { ...staffingFromHeadCount(hc, scenario.tiers[i]!.costPerHour, { rounding: options.rounding }), handoffTime: scenario.tiers[i]!.handoffTime };
      schedules[tier] = scheduleFromHeadCount(hc.meanAgents, { rounding: options.rounding });
      const weekly = hc.meanAgents.reduce((s, x) => s + x, 0);
      notes.push(`${tier} ${hc.distinctAgents} agents seen, ${weekly.toFixed(0)} agent-hours a week`);
    });
    const missing = TIERS.filter((t, i) => !headCount[t] && scenario.categories.some((c) => c.levelShares.slice(i).some((s) => s > 0)));
    if (missing.length > 0) warnings.push(`--staffing observed: the log shows no agent at ${missing.join(", ")}; the scenario's staffing is kept there`);
    if (log.measures.handle !== "service")
      warnings.push(
        "--staffing observed: the log has no service start and end, so the head count is the number of distinct agents with any event in each hour, a proxy for the agents on duty",
      );
    const how = sessions
      ? `agents on duty per hour of the week from their service sessions (services joined across idle gaps of at most ${formatDuration(gap)}), mean over the replayed weeks`
      : "mean distinct agents with an event in each hour of the week";
    staffingNote = `observed in the log over ${period.from}..${period.to}: ${how}, rounded ${options.rounding ?? "nearest"}, as one-hour shifts (${notes.join("; ")})`;
  }
  if (scenario.knowledge.enabled) warnings.push("the scenario's knowledge loop is on: some replayed tickets may be avoided (root causes fixed) or resolved at L1 with an article");
  if (scenario.backlog.some((b) => b > 0)) warnings.push(`the scenario starts with a backlog (${scenario.backlog.join(", ")} tickets at L1, L2, L3): the replay keeps it`);
  if (period.source !== "options" && period.note) warnings.push(period.note);
  return {
    scenario: replayed,
    trace,
    period,
    drainMinutes,
    use: report,
    staffing: { source: staffingSource, note: staffingNote, ...(staffingSource === "observed" ? { schedules, costPerHour: { L1: scenario.tiers[0].costPerHour, L2: scenario.tiers[1].costPerHour, L3: scenario.tiers[2].costPerHour } } : {}) },
    leftOut: inPeriod - trace.tickets.length,
    warnings,
  };
}

function spanOf(log: TicketLog): string {
  if (log.tickets.length === 0) return "nothing";
  const first = log.tickets[0]!;
  const last = log.tickets[log.tickets.length - 1]!;
  return `${formatDay(dayNumber(first.arrivalMinute + first.utcOffsetMinutes))}..${formatDay(dayNumber(last.arrivalMinute + last.utcOffsetMinutes))}`;
}

function checkDate(text: string, option: string): number {
  const day = parseDay(text);
  if (day === undefined || formatDay(day) !== text.trim()) throw new InputError(`${option}: expected a date such as 2016-03-01 (YYYY-MM-DD), got "${text}"`);
  return day;
}

function choosePeriod(log: TicketLog, options: ReplayPlanOptions): ReplayPeriod {
  const eligible = log.tickets.filter((t) => t.reachedDesk && t.outcome !== "phantom");
  if (eligible.length === 0) throw new InputError(`${log.source.path}: no ticket reached the desk (all are phantom or left before joining the queue): nothing to replay`);
  const days = eligible.map((t) => dayNumber(t.arrivalMinute + t.utcOffsetMinutes));
  let first = Infinity;
  let last = -Infinity;
  for (const d of days) {
    if (d < first) first = d;
    if (d > last) last = d;
  }
  if (options.from !== undefined || options.to !== undefined) {
    const fromDay = options.from !== undefined ? checkDate(options.from, "--from") : first;
    const toDay = options.to !== undefined ? checkDate(options.to, "--to") : last;
    if (toDay < fromDay) throw new InputError(`--from ${formatDay(fromDay)} is after --to ${formatDay(toDay)}`);
    if (toDay - fromDay > 5 * 366) throw new InputError(`--from/--to: ${toDay - fromDay + 1} days is more than five years; replay a shorter period`);
    return { from: formatDay(fromDay), to: formatDay(toDay), fromDay, toDay, days: toDay - fromDay + 1, source: "options", note: "" };
  }
  if (options.wholeLog) {
    return { from: formatDay(first), to: formatDay(last), fromDay: first, toDay: last, days: last - first + 1, source: "whole-log", note: "" };
  }
  const analysis = analyzeWindow(days);
  const w = analysis.window;
  const whole = w.fromDay === first && w.toDay === last;
  return {
    from: w.from,
    to: w.to,
    fromDay: w.fromDay,
    toDay: w.toDay,
    days: w.days,
    source: "complete-window",
    note: whole
      ? ""
      : `replaying ${w.from}..${w.to}, the part of the log that looks complete (as \`tiersim fit\` judges it; ${w.arrivals.toLocaleString("en-US")} of ${days.length.toLocaleString("en-US")} arrivals); the log spans ${formatDay(first)}..${formatDay(last)}: use --from/--to or --whole-log to choose`,
  };
}

/** Drain: twice the 90th percentile of the log's time to resolve, between 1 and 28 days, in whole days. */
function defaultDrain(tickets: TicketRecord[]): number {
  const times: number[] = [];
  for (const t of tickets) {
    if (t.outcome !== "served") continue;
    const done = t.resolvedMinute ?? t.closedMinute ?? t.endMinute;
    if (done !== undefined && done >= t.arrivalMinute) times.push(done - t.arrivalMinute);
  }
  if (times.length === 0) return DAY;
  times.sort((a, b) => a - b);
  const p90 = times[Math.floor(0.9 * (times.length - 1))]!;
  return Math.min(28, Math.max(1, Math.ceil((2 * p90) / DAY))) * DAY;
}

/** Index of a name in a scenario's list: exact, else ignoring case and surrounding space; -1 if absent. */
function nameIndex(names: readonly string[]): (value: string | undefined) => number {
  const exact = new Map<string, number>();
  const loose = new Map<string, number>();
  names.forEach((n, i) => {
    exact.set(n, i);
    const k = n.trim().toLowerCase();
    if (!loose.has(k)) loose.set(k, i);
  });
  return (value) => {
    if (value === undefined) return -1;
    return exact.get(value) ?? loose.get(value.trim().toLowerCase()) ?? -1;
  };
}

function matchNames(field: NameMatch["field"], names: readonly string[], tickets: TicketRecord[], value: (t: TicketRecord) => string | undefined, used: boolean): { indexes: Int32Array; match: NameMatch } {
  const find = nameIndex(names);
  const indexes = new Int32Array(tickets.length);
  const unknownCounts = new Map<string, number>();
  const seen = new Set<string>();
  let matched = 0;
  let unknown = 0;
  let missing = 0;
  tickets.forEach((t, i) => {
    const v = value(t);
    const k = find(v);
    indexes[i] = k;
    if (v === undefined) missing++;
    else if (k < 0) {
      unknown++;
      unknownCounts.set(v, (unknownCounts.get(v) ?? 0) + 1);
    } else {
      matched++;
      seen.add(names[k]!);
    }
  });
  const unknownValues = [...unknownCounts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 10)
    .map(([name, n]) => ({ name, tickets: n }));
  return { indexes, match: { field, used, matched, unknown, unknownValues, missing, names: names.filter((n) => seen.has(n)) } };
}

function traceTicketsFor(scenario: Scenario, trace: TicketTrace, use: UseField[], warnings: string[]): { traceTickets: TraceTickets | undefined; report: TraceUse } {
  const tickets = trace.tickets;
  const n = tickets.length;
  const wants = (f: UseField) => use.includes(f);
  const out: TraceTickets = {};
  const report: TraceUse = { fields: use, names: [] };
  const cat = matchNames("categories", scenario.categories.map((c) => c.name), tickets, (t) => t.category, wants("categories"));
  const pri = matchNames("priorities", scenario.priorities.map((p) => p.name), tickets, (t) => t.priority, wants("priorities"));
  const chan = matchNames("channels", scenario.channels.map((c) => c.name), tickets, (t) => t.channel, wants("channels"));
  for (const [field, m] of [
    ["categories", cat],
    ["priorities", pri],
    ["channels", chan],
  ] as const) {
    if (!wants(field)) continue;
    report.names.push(m.match);
    (out as Record<string, Int32Array>)[field === "categories" ? "category" : field === "priorities" ? "priority" : "channel"] = m.indexes;
    if (m.match.matched === 0)
      warnings.push(
        `--use ${field}: none of the log's ${field} matches a name in the scenario (${m.match.unknownValues.slice(0, 3).map((v) => `"${v.name}"`).join(", ") || "the log has none"}); every ticket's value is drawn`,
      );
  }
  if (wants("levels")) {
    const level = new Int32Array(n);
    const fromLog: Record<Tier, number> = { L1: 0, L2: 0, L3: 0 };
    let drawn = 0;
    const flat = scenario.structure === "flat";
    tickets.forEach((t, i) => {
      const tier = t.highestTier;
      if (tier === undefined) {
        level[i] = -1;
        drawn++;
        return;
      }
      level[i] = TIERS.indexOf(tier);
      fromLog[tier]++;
    });
    if (!flat && scenario.tiers.some((x, i) => i > 0 && fromLog[TIERS[i]!] > 0 && x.agents === 0 && x.schedule === undefined))
      warnings.push("--use levels: the log has tickets at a tier the scenario does not staff; they will wait there until the end");
    out.level = level;
    report.levels = { fromLog, drawn };
  }
  if (wants("handle-times")) {
    const counts: Record<Tier, number> = { L1: 0, L2: 0, L3: 0 };
    const arrays = TIERS.map((tier) => {
      const a = new Float64Array(n).fill(NaN);
      tickets.forEach((t, i) => {
        const h = t.outcome === "served" ? t.handleMinutes[tier] : undefined;
        if (h !== undefined && Number.isFinite(h) && h >= 0) {
          a[i] = h;
          counts[tier]++;
        }
      });
      return counts[tier] > 0 ? a : undefined;
    }) as [Float64Array | undefined, Float64Array | undefined, Float64Array | undefined];
    out.handleMinutes = arrays;
    report.handleTimes = counts;
    if (TIERS.every((t) => counts[t] === 0)) warnings.push("--use handle-times: the log shows no handle time for any replayed ticket; every handle time is drawn");
  }
  if (wants("patience")) {
    const patience = new Float64Array(n).fill(NaN);
    let exact = 0;
    let conditional = 0;
    const u = randomStream(scenario.seed, 0, "replay-patience");
    const channelOf = (i: number) => (chan.indexes[i]! >= 0 ? chan.indexes[i]! : scenario.channels.length === 1 ? 0 : -1);
    const samplers = scenario.channels.map((c) => (c.patience ? sampler(c.patience) : undefined));
    tickets.forEach((t, i) => {
      if (t.queueMinutes === undefined) return;
      if (t.outcome === "abandoned") {
        patience[i] = t.queueMinutes;
        exact++;
        return;
      }
      if (t.outcome !== "served") return;
      // Answered after waiting w: the caller's patience was longer than w. Draw it from the channel's patience
      // conditioned on exceeding w (memoryless for the exponential: w plus a fresh draw).
      const c = channelOf(i);
      const spec = c >= 0 ? scenario.channels[c]!.patience : undefined;
      if (!spec) return;
      const w = t.queueMinutes;
      if (spec.dist === "exp") patience[i] = w - spec.mean * Math.log(1 - u.next());
      else {
        const draw = samplers[c]!;
        let p = NaN;
        for (let k = 0; k < 200 && !(p > w); k++) p = draw.sample(u);
        patience[i] = p > w ? p : w;
      }
      conditional++;
    });
    out.patienceMinutes = patience;
    report.patience = { exact, conditional, drawn: n - exact - conditional };
    if (exact === 0) warnings.push("--use patience: the log shows no abandoned contact with its time in queue; patience is drawn from the scenario");
  }
  return { traceTickets: use.length > 0 ? out : undefined, report };
}

/** "Fri 00:00": the scenario start a replay uses (the weekday of the first replayed day, at midnight). */
export function replayStart(plan: Pick<ReplayPlan, "trace">): string {
  return `${DAY_NAMES[Math.floor(plan.trace.startMinuteOfWeek / DAY)]} 00:00`;
}
