import type { DistributionSpec } from "../engine/distributions.js";
import { InputError } from "../errors.js";
import type { Locate, RawScenario } from "./load.js";
import { parseClock, parseDays, parseDuration, parseRate, parseWeekTime } from "./units.js";
import {
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
  const at = (path: (string | number)[], message: string) => problems.push(`${ctx.locate(path)} ${path.join(".")}: ${message}`);
  const minutes = (v: unknown, fallback: string | number) => parseDuration(v ?? fallback)!;

  const checkShares = (path: (string | number)[], shares: number[], what: string) => {
    const sum = shares.reduce((s, x) => s + x, 0);
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) at(path, `the ${what} shares must sum to 1, they sum to ${round(sum)}`);
  };

  const run = raw.run ?? {};
  const horizonMinutes = minutes(run.horizon, DEFAULTS.horizon);
  const warmupMinutes = minutes(run.warmup, DEFAULTS.warmup);
  if (warmupMinutes >= horizonMinutes) at(["run", "warmup"], `expected a warm-up shorter than the horizon (${horizonMinutes} min), got ${warmupMinutes} min`);

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
      priorityShares = priorities.map((p) => cat.priority[p.name] ?? 0);
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

  if (problems.length > 0) throw new InputError(problems);
  return {
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
  };
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
    case "lognormal":
      return { dist: "lognormal", mean: m("mean"), sd: m("sd") };
    case "gamma":
      return { dist: "gamma", mean: m("mean"), cv: raw.cv };
    case "weibull":
      return { dist: "weibull", shape: raw.shape, scale: m("scale") };
    case "empirical":
      return { dist: "empirical", values: (raw.values as unknown[]).map((v) => parseDuration(v)!) };
  }
}

function round(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
