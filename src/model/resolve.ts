import type { DistributionSpec } from "../engine/distributions.js";
import { InputError } from "../errors.js";
import type { Locate, RawScenario } from "./load.js";
import { expectedArrivals } from "./arrivals.js";
import { weeklyRoster } from "./staffing.js";
import { formatDuration, parseClock, parseDays, parseDuration, parseRate, parseWeekTime } from "./units.js";
import {
  type RunLimits,
  TIERS,
  type CategoryConfig,
  type ChannelConfig,
  type FlatConfig,
  type PriorityConfig,
  type Scenario,
  type Shift,
  type Staffing,
  type TierConfig,
} from "./types.js";

/** Defaults for what a scenario may leave out; README's scenario format lists the same. */
export const DEFAULTS = {
  seed: 1,
  horizon: "28d",
  warmup: "2d",
  replications: 10,
  start: "Mon 00:00",
  serviceLevelTarget: "20m",
  problems: { count: 100, zipf: 1 },
  knowledge: {
    documentRate: 0.5,
    documentDelay: "1d",
    l1Success: 0.8,
    l1HandleFactor: 1,
    rootCauseFixRate: 0,
    fixDelay: "14d",
    novelty: 0.1,
  },
  flatSkillFactor: [1, 1.3, 1.8] as [number, number, number],
};

const SHARE_TOLERANCE = 1e-6;

interface Context {
  file: string;
  locate: Locate;
}

/** Turn a schema-valid scenario into the resolved model (minutes everywhere), checking what a schema cannot. */
export function resolveScenario(raw: RawScenario, ctx: Context): Scenario {
  const problems: string[] = [];
  const at = (path: (string | number)[], message: string) => {
    // A top-level handle time is resolved once per category that uses it: report its problem once.
    const problem = `${ctx.locate(path)} ${path.join(".")}: ${message}`;
    if (!problems.includes(problem)) problems.push(problem);
  };
  const minutes = (v: unknown, fallback: string | number) => parseDuration(v ?? fallback)!;

  const checkShares = (path: (string | number)[], shares: number[], what: string) => {
    const sum = shares.reduce((s, x) => s + x, 0);
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) at(path, `the ${what} shares must sum to 1, they sum to ${round(sum)}`);
  };

  const run = raw.run ?? {};
  const horizonMinutes = minutes(run.horizon, DEFAULTS.horizon);
  const warmupMinutes = minutes(run.warmup, DEFAULTS.warmup);
  if (warmupMinutes >= horizonMinutes) at(["run", "warmup"], `expected a warm-up shorter than the horizon (${horizonMinutes} min), got ${warmupMinutes} min`);

  const rawLimits = run.limits ?? {};
  const limits: RunLimits = {
    ...DEFAULT_LIMITS,
    ...Object.fromEntries(Object.entries(rawLimits).filter(([key]) => key !== "horizon")),
    ...(rawLimits.horizon === undefined ? {} : { horizonMinutes: parseDuration(rawLimits.horizon)! }),
  };

  const priorities: PriorityConfig[] = Object.entries(raw.priorities ?? { normal: { share: 1 } }).map(([name, p]) => ({
    name,
    share: (p as { share: number }).share,
    slaMinutes: (p as { sla?: unknown }).sla === undefined ? undefined : parseDuration((p as { sla: unknown }).sla),
  }));
  checkShares(["priorities"], priorities.map((p) => p.share), "priority");

  const channels: ChannelConfig[] = Object.entries(raw.channels ?? { portal: { share: 1 } }).map(([name, c]) => {
    const ch = c as { share: number; patience?: unknown };
    return { name, share: ch.share, patience: ch.patience ? dist(ch.patience, ["channels", name, "patience"], at) : undefined };
  });
  checkShares(["channels"], channels.map((c) => c.share), "channel");

  const defaultHandle = raw.handleTime ?? {};
  const categories: CategoryConfig[] = Object.entries(raw.categories).map(([name, c]) => {
    const cat = c as RawScenario;
    const base = ["categories", name];
    const levelShares = TIERS.map((t) => cat.level[t] ?? 0) as [number, number, number];
    checkShares([...base, "level"], levelShares, "level");
    const handleTime = TIERS.map((tier, i) => {
      const spec = cat.handleTime?.[tier] ?? defaultHandle[tier];
      const reachable = levelShares.slice(i).some((s) => s > 0);
      if (spec === undefined) {
        if (reachable) at([...base, "handleTime", tier], `missing: tickets of this category reach ${tier}; give categories.${name}.handleTime.${tier} or a top-level handleTime.${tier}`);
        return { dist: "fixed", value: 0 } as DistributionSpec;
      }
      const where = cat.handleTime?.[tier] !== undefined ? [...base, "handleTime", tier] : ["handleTime", tier];
      return dist(spec, where, at);
    }) as [DistributionSpec, DistributionSpec, DistributionSpec];
    let priorityShares: number[] | undefined;
    if (cat.priority) {
      for (const p of Object.keys(cat.priority)) {
        if (!priorities.some((q) => q.name === p)) at([...base, "priority", p], `unknown priority "${p}" (expected one of: ${priorities.map((q) => q.name).join(", ")})`);
      }
      // Own properties only: a priority named "toString" or "constructor" must not find Object's.
      priorityShares = priorities.map((p) => (Object.prototype.hasOwnProperty.call(cat.priority, p.name) ? cat.priority[p.name] : 0));
      checkShares([...base, "priority"], priorityShares, "priority");
    }
    return {
      name,
      share: cat.share,
      levelShares,
      handleTime,
      priorityShares,
      problems: { count: cat.problems?.count ?? DEFAULTS.problems.count, zipfExponent: cat.problems?.zipf ?? DEFAULTS.problems.zipf },
    };
  });
  checkShares(["categories"], categories.map((c) => c.share), "category");

  const structure = raw.structure ?? "tiered";
  const reachesTier = (i: number) => categories.some((c) => c.levelShares.slice(i).some((s) => s > 0));
  const rawTiers = raw.tiers ?? {};
  const tiers = TIERS.map((tier, i) => {
    const t = rawTiers[tier];
    if (t === undefined) {
      if (structure === "tiered" && reachesTier(i)) at(["tiers", tier], `missing: some categories have tickets that need ${tier}; give its agents or schedule`);
      return { agents: 0, shrinkage: 0, costPerHour: 0 } satisfies TierConfig;
    }
    const staffing = resolveStaffing(t, ["tiers", tier], at);
    return { ...staffing, handoffTime: t.handoffTime ? dist(t.handoffTime, ["tiers", tier, "handoffTime"], at) : undefined } satisfies TierConfig;
  }) as [TierConfig, TierConfig, TierConfig];

  let flat: FlatConfig;
  if (raw.flat) {
    const sf = raw.flat.skillFactor ?? {};
    flat = {
      ...resolveStaffing(raw.flat, ["flat"], at),
      skillFactor: TIERS.map((t, i) => sf[t] ?? DEFAULTS.flatSkillFactor[i]) as [number, number, number],
    };
  } else {
    if (structure === "flat") at(["flat"], "missing: a flat structure needs a flat pool (flat.agents or flat.schedule)");
    flat = { agents: 0, shrinkage: 0, costPerHour: 0, skillFactor: DEFAULTS.flatSkillFactor };
  }

  const k = raw.knowledge ?? {};
  const kd = DEFAULTS.knowledge;
  const backlog = TIERS.map((t) => raw.backlog?.[t] ?? 0) as [number, number, number];

  const scenario: Scenario = {
    name: raw.name,
    description: raw.description ?? "",
    source: ctx.file,
    seed: raw.seed ?? DEFAULTS.seed,
    structure,
    horizonMinutes,
    warmupMinutes,
    replications: run.replications ?? DEFAULTS.replications,
    startMinuteOfWeek: parseWeekTime(run.start ?? DEFAULTS.start)!,
    serviceLevelTargetMinutes: minutes(run.serviceLevelTarget, DEFAULTS.serviceLevelTarget),
    arrivals: {
      ratePerMinute: parseRate(raw.arrivals.rate)!,
      hourOfDay: raw.arrivals.hourOfDay ?? new Array(24).fill(1),
      dayOfWeek: raw.arrivals.dayOfWeek ?? new Array(7).fill(1),
    },
    backlog,
    categories,
    priorities,
    channels,
    tiers,
    reopen: {
      rate: raw.reopen?.rate ?? 0,
      delay: raw.reopen?.delay ? dist(raw.reopen.delay, ["reopen", "delay"], at) : { dist: "exp", mean: 1440 },
    },
    wrongEscalation: {
      rate: raw.wrongEscalation?.rate ?? 0,
      reviewTime: raw.wrongEscalation?.reviewTime ? dist(raw.wrongEscalation.reviewTime, ["wrongEscalation", "reviewTime"], at) : { dist: "fixed", value: 0 },
    },
    knowledge: {
      enabled: k.enabled ?? false,
      documentRate: k.documentRate ?? kd.documentRate,
      documentDelayMinutes: minutes(k.documentDelay, kd.documentDelay),
      l1Success: k.l1Success ?? kd.l1Success,
      l1HandleFactor: k.l1HandleFactor ?? kd.l1HandleFactor,
      rootCauseFixRate: k.rootCauseFixRate ?? kd.rootCauseFixRate,
      fixDelayMinutes: minutes(k.fixDelay, kd.fixDelay),
      halfLifeMinutes: k.halfLife === undefined ? undefined : parseDuration(k.halfLife),
      novelty: k.novelty ?? kd.novelty,
    },
    flat,
    limits,
  };
  // Limits last: they need the whole scenario (expected tickets, rosters), and are reported with the other problems.
  for (const p of limitProblems(scenario, limits, scenario.replications, false)) at(p.path, p.message);
  if (problems.length > 0) throw new InputError(problems);
  return scenario;
}

/**
 * What one run may ask of the machine. A scenario over a limit is refused (an InputError naming the limit), not
 * simulated; `run.limits` in the scenario (or `--set run.limits.<name>=...`) raises a limit to run it deliberately.
 * README "Limits" lists the same.
 */

export const DEFAULT_LIMITS: Readonly<RunLimits> = Object.freeze({
  replications: 10_000,
  tickets: 2e9,
  ticketsPerReplication: 2e7,
  horizonMinutes: 20 * 365 * 1440,
  agents: 100_000,
  problems: 1_000_000,
  empiricalValues: 100_000,
  seriesHours: 5_000_000,
  ticketRows: 2_000_000,
});


/** The limits a scenario runs under: its own (from run.limits, kept by the loader) over the defaults. */
export function limitsOf(scenario: Scenario): RunLimits {
  const own = scenario.limits;
  return { ...DEFAULT_LIMITS, ...(own ?? {}) };
}

/** Expected tickets in one replication: arrivals over the horizon plus the backlog; cheap whatever the horizon. */
export function expectedTicketsPerReplication(s: Scenario): number {
  const backlog = s.backlog[0] + s.backlog[1] + s.backlog[2];
  if (s.arrivals.traceMinutes) return s.arrivals.traceMinutes.length + backlog;
  // Rates repeat every week: whole weeks at the weekly total, then the rest hour by hour.
  const week = 10080;
  const weeks = Math.floor(s.horizonMinutes / week);
  const perWeek = weeks > 0 ? expectedArrivals(s.arrivals, s.startMinuteOfWeek, 0, week) : 0;
  return weeks * perWeek + expectedArrivals(s.arrivals, s.startMinuteOfWeek, 0, s.horizonMinutes - weeks * week) + backlog;
}

export interface LimitProblem {
  path: (string | number)[];
  message: string;
}

const LIMIT_NAMES: Record<keyof RunLimits, string> = {
  replications: "replications",
  tickets: "tickets",
  ticketsPerReplication: "ticketsPerReplication",
  horizonMinutes: "horizon",
  agents: "agents",
  problems: "problems",
  empiricalValues: "empiricalValues",
  seriesHours: "seriesHours",
  ticketRows: "ticketRows",
};

function count(x: number): string {
  if (!Number.isFinite(x)) return "unbounded";
  return x < 1e6 ? Math.round(x).toLocaleString("en-US") : x.toPrecision(3).replace("e+", "e");
}

/** A value to suggest for a limit: at least x, in 3 significant digits ("5.38e9"), so that following it works. */
function atLeast(x: number): string | undefined {
  if (!Number.isFinite(x)) return undefined;
  if (x < 1e6) return String(Math.ceil(x));
  const step = 10 ** (Math.floor(Math.log10(x)) - 2);
  return (Math.ceil(x / step) * step).toPrecision(3).replace("e+", "e");
}

/** "about 3.36e7" or, when the rates overflow, "an unbounded number of". */
function about(x: number): string {
  return Number.isFinite(x) ? `about ${count(x)}` : "an unbounded number of";
}

/** Every limit the run of `replications` replications of `s` goes over (empty when it fits). */
export function limitProblems(s: Scenario, limits: RunLimits, replications: number, recordTickets: boolean): LimitProblem[] {
  const out: LimitProblem[] = [];
  const over = (key: keyof RunLimits, path: (string | number)[], what: string, limitText: string, suggestion: string | undefined) => {
    const name = LIMIT_NAMES[key];
    out.push({
      path,
      message:
        suggestion === undefined
          ? `${what}, over the limit of ${limitText}: the arrival rate times its hour-of-day and day-of-week multipliers overflows; lower them`
          : `${what}, over the limit of ${limitText}; to run it deliberately, raise the limit: ` +
            `run.limits.${name} in the scenario, or --set run.limits.${name}=${suggestion}`,
    });
  };
  const exceeds = (value: number, limit: number) => !(value <= limit); // NaN and Infinity are over

  if (exceeds(replications, limits.replications)) {
    over("replications", ["run", "replications"], `${count(replications)} replications`, count(limits.replications), atLeast(replications));
  }
  const h = s.horizonMinutes;
  if (exceeds(h, limits.horizonMinutes)) {
    const years = (m: number) => `${Number((m / 525_600).toPrecision(3))} years`;
    over("horizonMinutes", ["run", "horizon"], `a horizon of ${formatDuration(h)} (${years(h)})`, `${formatDuration(limits.horizonMinutes)} (${years(limits.horizonMinutes)})`, `${Math.ceil(h / 1440)}d`);
  }
  const staffings: [(string | number)[], Staffing][] = s.tiers.map((t, i): [(string | number)[], Staffing] => [["tiers", `L${i + 1}`], t]);
  staffings.push([["flat"], s.flat]);
  for (const [path, staffing] of staffings) {
    const most = Math.max(0, ...weeklyRoster(staffing).map((step) => step.count));
    if (exceeds(most, limits.agents)) {
      over("agents", [...path, staffing.schedule ? "schedule" : "agents"], `${count(most)} agents on duty at once`, `${count(limits.agents)} per tier`, atLeast(most));
    }
  }
  const problems = s.categories.reduce((sum, c) => sum + c.problems.count, 0);
  if (exceeds(problems, limits.problems)) {
    over("problems", ["categories"], `${count(problems)} catalogue problems over all categories`, count(limits.problems), atLeast(problems));
  }
  const distributions: [(string | number)[], DistributionSpec | undefined][] = [];
  for (const c of s.categories) c.handleTime.forEach((d, i) => distributions.push([["categories", c.name, "handleTime", `L${i + 1}`], d]));
  for (const c of s.channels) distributions.push([["channels", c.name, "patience"], c.patience]);
  s.tiers.forEach((t, i) => distributions.push([["tiers", `L${i + 1}`, "handoffTime"], t.handoffTime]));
  distributions.push([["reopen", "delay"], s.reopen.delay], [["wrongEscalation", "reviewTime"], s.wrongEscalation.reviewTime]);
  const reported = new Set<DistributionSpec>();
  for (const [path, d] of distributions) {
    if (d?.dist !== "empirical" || reported.has(d) || !exceeds(d.values.length, limits.empiricalValues)) continue;
    reported.add(d);
    over("empiricalValues", [...path, "values"], `${count(d.values.length)} values in an empirical distribution`, count(limits.empiricalValues), atLeast(d.values.length));
  }
  const perReplication = expectedTicketsPerReplication(s);
  const where = s.arrivals.traceMinutes ? ["arrivals"] : ["arrivals", "rate"];
  if (exceeds(perReplication, limits.ticketsPerReplication)) {
    over("ticketsPerReplication", where, `${about(perReplication)} tickets expected in one replication (arrivals over the horizon, backlog included)`, count(limits.ticketsPerReplication), atLeast(perReplication));
  }
  const total = perReplication * replications;
  if (exceeds(total, limits.tickets)) {
    over("tickets", where, `${about(total)} tickets expected over the run (${count(perReplication)} per replication x ${count(replications)} replications)`, count(limits.tickets), atLeast(total));
  }
  const seriesHours = Math.ceil(h / 60) * replications;
  if (exceeds(seriesHours, limits.seriesHours)) {
    over("seriesHours", ["run", "horizon"], `${count(seriesHours)} hours of hourly series to keep (horizon hours x ${count(replications)} replications)`, count(limits.seriesHours), atLeast(seriesHours));
  }
  if (recordTickets && exceeds(total, limits.ticketRows)) {
    over("ticketRows", [], `${about(total)} rows of tickets.csv to keep in memory (--tickets)`, count(limits.ticketRows), atLeast(total));
    out[out.length - 1]!.message += " (or leave out --tickets)";
  }
  return out;
}

type At = (path: (string | number)[], message: string) => void;

function resolveStaffing(raw: RawScenario, path: string[], at: At): Staffing {
  const hasAgents = raw.agents !== undefined;
  const hasSchedule = raw.schedule !== undefined;
  if (hasAgents === hasSchedule) {
    at(path, hasAgents ? "give agents or schedule, not both" : "missing: give agents (a head count) or schedule (a list of shifts)");
  }
  const staffing: Staffing = { shrinkage: raw.shrinkage ?? 0, costPerHour: raw.costPerHour ?? 0 };
  if (hasAgents) staffing.agents = raw.agents;
  if (hasSchedule) {
    staffing.schedule = (raw.schedule as RawScenario[]).map((s, i): Shift => {
      const start = parseClock(s.start)!;
      let end = parseClock(s.end)!;
      if (end === start) at([...path, "schedule", i, "end"], `expected an end different from the start (${s.start})`);
      if (end < start) end += 1440;
      return { name: s.name ?? `shift ${i + 1}`, days: parseDays(s.days)!, startMinute: start, durationMinutes: end - start, agents: s.agents };
    });
  }
  return staffing;
}

function dist(raw: RawScenario, path: (string | number)[], at: At): DistributionSpec {
  const m = (key: string) => parseDuration(raw[key])!;
  switch (raw.dist as DistributionSpec["dist"]) {
    case "exp":
      return { dist: "exp", mean: m("mean") };
    case "fixed":
      return { dist: "fixed", value: m("value") };
    case "uniform": {
      const spec = { dist: "uniform" as const, min: m("min"), max: m("max") };
      if (spec.min > spec.max) at(path, `expected min <= max, got min ${raw.min} and max ${raw.max}`);
      return spec;
    }
    case "triangular": {
      const spec = { dist: "triangular" as const, min: m("min"), mode: m("mode"), max: m("max") };
      if (!(spec.min <= spec.mode && spec.mode <= spec.max)) at(path, `expected min <= mode <= max, got ${raw.min}, ${raw.mode}, ${raw.max}`);
      return spec;
    }
    case "lognormal": {
      // Beyond a coefficient of variation of 1000 the parameters overflow (NaN draws), and no handle time is like that.
      const spec = { dist: "lognormal" as const, mean: m("mean"), sd: m("sd") };
      if (!(spec.sd <= 1000 * spec.mean)) at(path, `expected sd at most 1000 x mean (a coefficient of variation up to 1000), got mean ${raw.mean} and sd ${raw.sd}`);
      return spec;
    }
    case "gamma":
      if (!(raw.cv >= 1e-6 && raw.cv <= 1000)) at([...path, "cv"], `expected a coefficient of variation from 0.000001 to 1000, got ${raw.cv}`);
      return { dist: "gamma", mean: m("mean"), cv: raw.cv };
    case "weibull":
      if (!(raw.shape >= 0.01 && raw.shape <= 1000)) at([...path, "shape"], `expected a shape from 0.01 to 1000, got ${raw.shape}`);
      return { dist: "weibull", shape: raw.shape, scale: m("scale") };
    case "empirical":
      return { dist: "empirical", values: (raw.values as unknown[]).map((v) => parseDuration(v)!) };
  }
}

function round(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
