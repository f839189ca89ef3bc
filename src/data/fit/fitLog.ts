/**
 * fitTicketLog: from a TicketLog to a FitResult: which window to trust, the arrival profile, shares, escalation,
 * handle-time distributions, patience, head counts and a staffing proposal, with every data-quality finding.
 */
import { InputError } from "../../errors.js";
import { TIERS, type Tier } from "../../model/types.js";
import { DAY_NAMES, formatDuration } from "../../model/units.js";
import { TIERSIM_VERSION } from "../../version.js";
import { dayNumber } from "../time/calendar.js";
import type { TicketLog, TicketRecord } from "../tickets/record.js";
import { fitArrivalProfile } from "./arrivals.js";
import { bounceBacks, escalationRates, levelShares } from "./escalation.js";
import { fitDistribution } from "./families.js";
import { fitPatience } from "./patience.js";
import { observedHeadCount, sessionHeadCount, type HeadCount } from "./staffing.js";
import type { CategoryFit, FitFinding, FitResult, ServiceTimeFit, ShareEntry, TierStaffing, TimeSummary, WindowSummary } from "./types.js";
import { analyzeWindow, median, type WindowAnalysis } from "./window.js";

/** A category gets its own handle-time fit (and its own entry in the scenario) from this many observations. */
export const MIN_CATEGORY_OBSERVATIONS = 200;
/** At most this many named categories in a scenario; the rest are pooled as "other". */
const MAX_CATEGORIES = 12;
/** A tier's handle time is fitted from this many observations; below, the sample mean with an exponential. */
const MIN_FIT_OBSERVATIONS = 20;
/** Sized staffing aims at this utilization of the offered load. */
const TARGET_UTILIZATION = 0.85;

export interface FitOptions {
  /** Name of the fit and of the scenario it writes. */
  name: string;
}

export function fitTicketLog(log: TicketLog, options: FitOptions): FitResult {
  const findings: FitFinding[] = [];
  const eligible = log.tickets.filter((t) => t.reachedDesk && t.outcome !== "phantom");
  if (eligible.length === 0)
    throw new InputError(`${log.source.path}: no ticket counts as an arrival (all ${log.tickets.length} are phantom or left before joining the queue): nothing to fit`);
  const localDay = (t: TicketRecord) => dayNumber(t.arrivalMinute + t.utcOffsetMinutes);
  const analysis = analyzeWindow(eligible.map(localDay));
  const { fromDay, toDay } = analysis.window;
  const inWindow = eligible.filter((t) => {
    const d = localDay(t);
    return d >= fromDay && d <= toDay;
  });
  windowFindings(analysis, eligible, localDay, findings);

  // Busy weekdays without a single arrival are holes in the extract, not days without demand.
  const missingDays = new Set(analysis.emptyDays.filter((x) => x.informative).map((x) => x.day));
  const arrivals = fitArrivalProfile(
    inWindow.map((t) => t.arrivalMinute + t.utcOffsetMinutes),
    fromDay,
    toDay,
    analysis.weekdayShares,
    missingDays,
  );
  if (arrivals.unobservedDays.length > 0)
    findings.push({
      code: "unobserved-weekdays",
      severity: "warning",
      message: `The window has no ${arrivals.unobservedDays.map((d) => DAY_NAMES[d]).join(", ")}: their day-of-week multipliers are taken from the usual weekday shares over ${analysis.bulk.from}..${analysis.bulk.to} (medians of each full week's shares), scaled to the window's level.`,
    });
  findings.push({
    code: "profile-fit",
    severity: arrivals.quality.relativeAbsoluteError > 0.2 ? "warning" : "info",
    message: `The separable profile rate x hourOfDay x dayOfWeek reproduces the ${arrivals.quality.totalObserved.toLocaleString("en-US")} window arrivals by hour of week with a relative absolute error of ${pct(arrivals.quality.relativeAbsoluteError)} (Pearson chi-square / dof = ${arrivals.quality.dispersion.toFixed(2)}; about 1 would be pure Poisson noise)${
      arrivals.quality.relativeAbsoluteError > 0.2
        ? ". The hour-of-day shape differs between days (a short Friday, weekend evenings), which a separable profile cannot express: simulated arrivals will be right per day and per hour of day on average, not hour by hour"
        : ""
    }.`,
  });

  const tiered = log.measures.tiers;
  if (!tiered && log.mapping.tier?.fixed === undefined)
    findings.push({ code: "no-tiers", severity: "warning", message: "No ticket has a tier: level shares and escalation cannot be estimated; everything is put in L1." });

  const measure = log.measures.handle === "none" ? "sojourn" : log.measures.handle;
  if (measure !== "service")
    findings.push({
      code: "proxy-handle",
      severity: "warning",
      message:
        measure === "working"
          ? `The log has no service start and end: handle time per tier is the time tickets spent in a working status (${(log.mapping.status?.lists.working ?? []).join(", ")}), summed per ticket. That is an upper bound on agent effort (work in progress is not continuous work), so staffing sized from it is an upper bound too.`
          : "The log has neither service times nor working statuses: handle time per tier is the whole time a ticket spent assigned to the tier (queues and waits included), an upper bound on agent effort.",
    });

  const resolvedInWindow = inWindow.filter((t) => t.outcome === "served");
  const valuesOf = (t: TicketRecord, tier: Tier) => (measure === "sojourn" ? t.sojournMinutes[tier] : t.handleMinutes[tier]);
  const serviceFit = (tickets: TicketRecord[], tier: Tier, category?: string): ServiceTimeFit | undefined => {
    const values: number[] = [];
    let censored = 0;
    for (const t of tickets) {
      if (!t.tiers.includes(tier)) continue;
      if (t.outcome === "unresolved") {
        censored++;
        continue;
      }
      if (t.outcome !== "served") continue;
      const v = valuesOf(t, tier);
      if (v !== undefined) values.push(v);
    }
    const positive = values.filter((v) => v > 0).length;
    if (positive < (category ? MIN_CATEGORY_OBSERVATIONS : 2)) return undefined;
    // With a handful of times, comparing families by AIC is noise: the exponential alone, which needs only the mean.
    const fit = fitDistribution(values, positive < MIN_FIT_OBSERVATIONS ? ["exp"] : undefined);
    const result: ServiceTimeFit = { ...fit, tier, censored };
    if (category !== undefined) result.category = category;
    return result;
  };
  const byTier: Partial<Record<Tier, ServiceTimeFit>> = {};
  for (const tier of TIERS) {
    const fit = serviceFit(inWindow, tier);
    if (fit) byTier[tier] = fit;
  }
  for (const tier of TIERS) {
    const f = byTier[tier];
    if (f && Math.abs(f.chosen.mean - f.sample.mean) > 0.25 * f.sample.mean)
      findings.push({
        code: "mean-mismatch",
        severity: "warning",
        message: `${tier} handle time: the ${f.chosen.family} chosen by AIC has a mean of ${formatDuration(f.chosen.mean)} against a sample mean of ${formatDuration(f.sample.mean)} (median ${formatDuration(f.sample.p50)}): the family fits the bulk of the data but not its tail (a mixture of quick and very long tickets?), so a simulation's load will differ from the log's. Staffing is sized on the sample mean.`,
      });
  }
  const censored = inWindow.filter((t) => t.outcome === "unresolved").length;
  if (censored > 0)
    findings.push({
      code: "censored",
      severity: censored > 0.05 * inWindow.length ? "warning" : "info",
      message: `${censored.toLocaleString("en-US")} of the window's ${inWindow.length.toLocaleString("en-US")} tickets (${pct(censored / inWindow.length)}) were not resolved by the end of the log: their handle times are unknown (right-censored) and left out, which biases the handle-time fits short.`,
    });

  const categories = categoryFits(inWindow, serviceFit);
  // Patience also counts (to leave them out, visibly) the contacts that never reached the queue and the phantoms.
  const everyoneInWindow = log.tickets.filter((t) => {
    const d = localDay(t);
    return d >= fromDay && d <= toDay;
  });
  const patience = log.measures.patience ? fitPatience(everyoneInWindow) : undefined;
  // Where the log has service spans, agents on duty come from their sessions; counting everyone who served in an hour
  // as present all hour overstates capacity (about 1.4 times on the Anonymous Bank log).
  const headCount = { ...observedHeadCount(log.agentHours, fromDay, toDay, missingDays), ...(sessionHeadCount(log, { fromDay, toDay, missingDays }) ?? {}) };
  const levels = levelShares(inWindow);
  const result: FitResult = {
    name: options.name,
    tiersimVersion: TIERSIM_VERSION,
    source: log.source,
    counts: log.counts,
    measures: log.measures,
    readFindings: log.findings,
    findings,
    window: windowSummary(analysis),
    ticketsInWindow: inWindow.length,
    arrivals,
    levels,
    levelsWholeLog: levelShares(eligible),
    escalation: escalationRates(inWindow),
    bounceBacks: bounceBacks(inWindow),
    categories,
    priorities: shares(inWindow, (t) => t.priority),
    channels: shares(inWindow, (t) => t.channel),
    service: { measure, description: measureDescription(measure, log), byTier },
    waits: waitSummaries(inWindow),
    headCount,
    staffing: staffing(arrivals.ratePerHour, levels.tickets > 0 ? levels : undefined, byTier, headCount, measure),
    scenarioFile: `${options.name}.yaml`,
  };
  const resolve = summarize(
    resolvedInWindow.map((t) => (t.resolvedMinute ?? t.closedMinute ?? NaN) - t.arrivalMinute).filter((v) => Number.isFinite(v) && v >= 0),
  );
  if (resolve) result.resolveTime = resolve;
  if (patience) result.patience = patience;
  return result;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function windowFindings(a: WindowAnalysis, tickets: TicketRecord[], localDay: (t: TicketRecord) => number, out: FitFinding[]): void {
  const w = a.window;
  if (!a.judged) {
    out.push({ code: "too-small", severity: "warning", message: `Too few arrivals (${count(a.total)}) or days (${a.span.days}) to judge which part of the log is complete: all of it (${a.span.from}..${a.span.to}) is used.` });
    return;
  }
  const outside = a.total - w.arrivals;
  if (outside === 0) {
    out.push({ code: "whole-log", severity: "info", message: `The whole log (${a.span.from}..${a.span.to}, ${a.span.days} days, ${count(a.total)} arrivals) looks complete and is used.` });
  } else {
    out.push({
      code: "extraction-window",
      severity: "warning",
      message:
        `Extraction window: arrivals span ${a.span.from}..${a.span.to} and ${pct(a.bulk.share)} of them fall in ${a.bulk.from}..${a.bulk.to}, ` +
        `but only ${w.from}..${w.to} (${w.days} days, ${count(w.arrivals)} arrivals, ${pct(w.share)}) looks complete: every weekday in it is at least half the peak level for its weekday. ` +
        `The arrival profile, shares, escalation and handle times are fitted on ${w.from}..${w.to} only; the ${count(outside)} tickets arriving outside it are left out of those fits.`,
    });
  }
  // Ramp-up: the usual level in the four weeks before the window, against the window's.
  const before = a.daily.filter((x) => x.day < w.fromDay);
  const beforeCount = before.reduce((s, x) => s + x.count, 0);
  const levelOf = (days: typeof a.daily) => median(days.filter((x) => x.informative).map((x) => x.level));
  const windowLevel = levelOf(a.daily.filter((x) => x.inWindow));
  const recent = before.filter((x) => x.day >= w.fromDay - 28);
  const recentLevel = levelOf(recent);
  if (beforeCount >= 0.01 * a.total && Number.isFinite(recentLevel) && recentLevel < 0.5 * windowLevel) {
    const weeks = [4, 3, 2, 1].map((k) => before.filter((x) => x.day >= w.fromDay - 7 * k && x.day < w.fromDay - 7 * (k - 1)).reduce((s, x) => s + x.count, 0));
    out.push({
      code: "ramp-up",
      severity: "warning",
      message:
        `Arrivals ramp up before ${w.from}: ${count(beforeCount)} arrivals (${pct(beforeCount / a.total)}) come earlier, at a usual level of ${recentLevel.toFixed(0)}/day in the four weeks before against ${windowLevel.toFixed(0)}/day in the window ` +
        `(weekly counts ${weeks.map(count).join(", ")}). The log looks like a snapshot of the cases open around ${w.to}: earlier cases that were closed quickly are missing from it.`,
    });
  }
  const after = a.daily.filter((x) => x.day > w.toDay);
  const afterCount = after.reduce((s, x) => s + x.count, 0);
  if (after.length > 0) {
    out.push({
      code: "abrupt-end",
      severity: afterCount > 0.01 * a.total ? "warning" : "info",
      message:
        after.length <= 3
          ? `Arrivals stop after ${w.to}: the log ends on ${a.span.to} with ${count(afterCount)} more arrivals.`
          : `Arrivals stop abruptly after ${w.to}: the remaining ${count(afterCount)} arrivals (${pct(afterCount / a.total)}) trail over ${after.length} days to ${a.span.to} (${(afterCount / after.length).toFixed(1)}/day against ${(w.arrivals / w.days).toFixed(0)}/day in the window).`,
    });
  }
  // Length bias: in a snapshot, the old cases are the long-running ones.
  const resolveTime = (t: TicketRecord) => ((t.resolvedMinute ?? t.closedMinute ?? t.endMinute ?? NaN) - t.arrivalMinute);
  const early = tickets.filter((t) => localDay(t) < w.fromDay).map(resolveTime).filter(Number.isFinite);
  const inside = tickets.filter((t) => localDay(t) >= w.fromDay && localDay(t) <= w.toDay).map(resolveTime).filter(Number.isFinite);
  if (early.length >= 30 && inside.length >= 30) {
    const me = median(early);
    const mi = median(inside);
    if (me > 2 * mi)
      out.push({
        code: "length-bias",
        severity: "warning",
        message: `Length bias: the ${count(early.length)} tickets that arrived before ${w.from} have a median time to resolve (or to their last event) of ${formatDuration(me)}, against ${formatDuration(mi)} for those in the window. Old cases in the log are the long-running ones; their times are not used for the fits.`,
      });
  }
  if (a.emptyDays.length > 0)
    out.push({
      code: "gaps",
      severity: "warning",
      message: `${a.emptyDays.length} day(s) with no arrival at all inside the window: ${a.emptyDays.slice(0, 5).map((x) => `${x.date} (${DAY_NAMES[x.weekday]})`).join(", ")}${a.emptyDays.length > 5 ? ", ..." : ""}. ${
        a.emptyDays.some((x) => x.informative)
          ? "On a weekday that is usually busy that is a hole in the extract, not a day without demand: those days add no exposure to the arrival profile and the head counts."
          : "They fall on quiet weekdays and are kept as days without demand."
      }`,
    });
  if (a.lowDays.length > 0)
    out.push({
      code: "low-days",
      severity: "info",
      message: `${a.lowDays.length} day(s) inside the window have less than half the usual arrivals for their weekday (holidays?): ${a.lowDays.slice(0, 5).map((x) => `${x.date} ${DAY_NAMES[x.weekday]} (${x.count})`).join(", ")}${a.lowDays.length > 5 ? ", ..." : ""}. They are kept in the profile.`,
    });
}

function windowSummary(a: WindowAnalysis): WindowSummary {
  return {
    judged: a.judged,
    span: a.span,
    bulk: a.bulk,
    window: a.window,
    weekdayShares: a.weekdayShares,
    peakLevel: a.peakLevel,
    daily: a.daily,
    lowDays: a.lowDays.map((x) => x.date),
    emptyDays: a.emptyDays.map((x) => x.date),
  };
}

function categoryFits(
  tickets: TicketRecord[],
  serviceFit: (tickets: TicketRecord[], tier: Tier, category?: string) => ServiceTimeFit | undefined,
): CategoryFit[] {
  const groups = new Map<string, TicketRecord[]>();
  for (const t of tickets) {
    const key = t.category ?? "unknown";
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(t);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const named = sorted.filter(([, list]) => list.length >= MIN_CATEGORY_OBSERVATIONS).slice(0, MAX_CATEGORIES);
  const rest = sorted.filter((entry) => !named.includes(entry));
  // A log with one category, or none large enough, gets one category holding everything.
  const entries: [string, TicketRecord[], string[] | undefined][] = named.map(([name, list]) => [name, list, undefined]);
  if (rest.length > 0) {
    const pooled = rest.flatMap(([, list]) => list);
    const name = entries.length === 0 ? (rest.length === 1 ? rest[0]![0] : "all") : "other";
    entries.push([name, pooled, rest.length > 1 ? rest.map(([n]) => n) : undefined]);
  }
  return entries.map(([name, list, pooled]) => {
    const handle: Partial<Record<Tier, ServiceTimeFit>> = {};
    if (entries.length > 1)
      for (const tier of TIERS) {
        const fit = serviceFit(list, tier, name);
        if (fit) handle[tier] = fit;
      }
    const fit: CategoryFit = {
      name,
      tickets: list.length,
      share: list.length / tickets.length,
      levels: levelShares(list),
      escalation: escalationRates(list),
      handle,
    };
    if (pooled) fit.pooled = pooled;
    return fit;
  });
}

function shares(tickets: TicketRecord[], key: (t: TicketRecord) => string | undefined): ShareEntry[] {
  const counts = new Map<string, number>();
  let n = 0;
  for (const t of tickets) {
    const k = key(t);
    if (k === undefined) continue;
    counts.set(k, (counts.get(k) ?? 0) + 1);
    n++;
  }
  return [...counts.entries()]
    .sort((a, b) => a[0].localeCompare(b[0], "en", { numeric: true }))
    .map(([name, c]) => ({ name, tickets: c, share: c / n }));
}

export function summarize(values: number[]): TimeSummary | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => {
    const pos = (s.length - 1) * p;
    const lo = Math.floor(pos);
    return s[lo]! + (s[Math.min(s.length - 1, lo + 1)]! - s[lo]!) * (pos - lo);
  };
  return { n: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, p50: q(0.5), p90: q(0.9) };
}

function waitSummaries(tickets: TicketRecord[]): Partial<Record<Tier, TimeSummary>> {
  const out: Partial<Record<Tier, TimeSummary>> = {};
  for (const tier of TIERS) {
    const s = summarize(tickets.map((t) => t.waitMinutes[tier]).filter((v): v is number => v !== undefined));
    if (s) out[tier] = s;
  }
  return out;
}

function measureDescription(measure: "service" | "working" | "sojourn", log: TicketLog): string {
  if (measure === "service") return "service time: from an agent answering to the end of service (answered -> end)";
  if (measure === "working") return `time in a working status (${(log.mapping.status?.lists.working ?? []).join(", ")}) per ticket and tier, summed over visits`;
  return "sojourn: total time assigned to the tier per ticket (queues and waits included)";
}

/**
 * Staffing per tier: the observed head count by hour of week when the log has true service times and names agents
 * (what the desk actually had); otherwise enough agents for the offered load at 85% utilization.
 */
function staffing(
  ratePerHour: number,
  levels: ReturnType<typeof levelShares> | undefined,
  byTier: Partial<Record<Tier, ServiceTimeFit>>,
  headCount: Partial<Record<Tier, HeadCount>>,
  measure: "service" | "working" | "sojourn",
): Record<Tier, TierStaffing> {
  const reach: Record<Tier, number> = levels
    ? { L1: 1, L2: levels.shares.L2.share + levels.shares.L3.share, L3: levels.shares.L3.share }
    : { L1: 1, L2: 0, L3: 0 };
  const out = {} as Record<Tier, TierStaffing>;
  for (const tier of TIERS) {
    const fit = byTier[tier];
    const hc = headCount[tier];
    if (measure === "service" && hc) {
      out[tier] = {
        method: "observed",
        schedule: scheduleFromHeadCount(hc.meanAgents),
        note: `observed: mean number of distinct agents serving in each hour of the week over the window (${hc.distinctAgents} agents seen), rounded`,
      };
      continue;
    }
    if (!fit || !(reach[tier] > 0)) {
      out[tier] = { method: "none", agents: 0, note: "no ticket of the window reaches this tier" };
      continue;
    }
    // The sample mean, not the fitted family's: the offered load is what the log shows.
    const load = (ratePerHour / 60) * reach[tier] * fit.sample.mean;
    out[tier] = {
      method: "sized",
      agents: Math.max(1, Math.ceil(load / TARGET_UTILIZATION)),
      note: `sized, not observed: offered load ${load.toFixed(1)} agents (${ratePerHour.toFixed(2)}/h x ${(100 * reach[tier]).toFixed(1)}% reaching ${tier} x sample mean ${formatDuration(fit.sample.mean)}) at ${TARGET_UTILIZATION * 100}% utilization${hc ? `; the log shows ${hc.distinctAgents} distinct agents at ${tier} in the window` : ""}`,
    };
  }
  return out;
}

/** One-hour shifts from a mean head count per hour of week, merged when consecutive hours of a day match. */
function scheduleFromHeadCount(meanAgents: number[]): NonNullable<TierStaffing["schedule"]> {
  const shifts: NonNullable<TierStaffing["schedule"]> = [];
  const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;
  for (let d = 0; d < 7; d++) {
    let h = 0;
    while (h < 24) {
      const agents = Math.round(meanAgents[d * 24 + h]!);
      let end = h + 1;
      while (end < 24 && Math.round(meanAgents[d * 24 + end]!) === agents) end++;
      if (agents > 0) shifts.push({ name: `${DAY_NAMES[d]} ${hh(h)}-${hh(end)}`, days: DAY_NAMES[d]!, start: hh(h), end: end === 24 ? "24:00" : hh(end), agents });
      h = end;
    }
  }
  return shifts;
}

