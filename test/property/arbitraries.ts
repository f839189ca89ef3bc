/**
 * Random VALID scenarios for property-based tests. They are generated as plain objects, written out as YAML and read
 * back through the loader (`parseScenario`), so the whole input path is exercised, not only the simulation.
 * Kept small: a few agents per tier, horizons of hours to two days, a few categories.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import { parseScenario } from "../../src/model/load.js";
import type { Scenario } from "../../src/model/types.js";

type Obj = Record<string, unknown>;

/** A duration of `minutes` in one of the ways a scenario may write it. */
function writeDuration(minutes: number, style: number): string | number {
  switch (style) {
    case 0:
      return Number(minutes.toFixed(3));
    case 1:
      return `${(minutes * 60).toFixed(1)}s`;
    case 2:
      return `${minutes.toFixed(3)}m`;
    default:
      return `${(minutes / 60).toFixed(5)}h`;
  }
}

/** A duration from `min` to `max` minutes (min > 0 keeps it positive in every written style). */
export const duration = (min: number, max: number) =>
  fc.tuple(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 3 })).map(([m, style]) => writeDuration(m, style));

const minutesOf = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((m) => Number(m.toFixed(3)));

/** Any of the eight distribution families, with a typical value around `scale` minutes. */
export function distribution(scale: number): fc.Arbitrary<Obj> {
  const lo = scale / 10;
  const hi = scale * 3;
  return fc.oneof(
    duration(lo, hi).map((mean) => ({ dist: "exp", mean })),
    minutesOf(0, hi).map((value) => ({ dist: "fixed", value })),
    fc.tuple(minutesOf(0, hi), minutesOf(0, hi)).map(([a, b]) => ({ dist: "uniform", min: Math.min(a, b), max: Math.max(a, b) })),
    fc.tuple(minutesOf(0, hi), minutesOf(0, hi), minutesOf(0, hi)).map((xs) => {
      const [min, mode, max] = [...xs].sort((a, b) => a - b);
      return { dist: "triangular", min, mode, max };
    }),
    fc.tuple(duration(lo, hi), duration(0, hi)).map(([mean, sd]) => ({ dist: "lognormal", mean, sd })),
    fc.tuple(duration(lo, hi), fc.double({ min: 0.1, max: 2.5, noNaN: true })).map(([mean, cv]) => ({ dist: "gamma", mean, cv: Number(cv.toFixed(3)) })),
    fc.tuple(fc.double({ min: 0.4, max: 4, noNaN: true }), duration(lo, hi)).map(([shape, scale]) => ({ dist: "weibull", shape: Number(shape.toFixed(3)), scale })),
    fc.array(minutesOf(0, hi), { minLength: 1, maxLength: 8 }).map((values) => ({ dist: "empirical", values })),
  );
}

/** n shares that sum to 1 (within the loader's tolerance), from integer weights; `zeroes` lets some be 0. */
export function shares(n: number, zeroes = false): fc.Arbitrary<number[]> {
  return fc
    .array(fc.integer({ min: zeroes ? 0 : 1, max: 9 }), { minLength: n, maxLength: n })
    .filter((w) => w.some((x) => x > 0))
    .map((w) => {
      const total = w.reduce((s, x) => s + x, 0);
      return w.map((x) => x / total);
    });
}

const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);

const shift = fc
  .record({
    days: fc.constantFrom("Mon-Fri", "daily", "Sat,Sun", "Mon", "Fri-Mon", ["Tue", "Thu"]),
    start: clock,
    end: clock,
    agents: fc.integer({ min: 0, max: 4 }),
  })
  .filter((s) => s.start !== s.end);

/** A tier's (or the flat pool's) staffing: a head count or a weekly roster, with optional shrinkage and cost. */
export function staffing(maxAgents: number): fc.Arbitrary<Obj> {
  const optional = {
    shrinkage: fc.option(fc.constantFrom(0, 0.1, 0.25, 0.3333, 0.5), { nil: undefined }),
    costPerHour: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  };
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ agents: fc.integer({ min: 1, max: maxAgents }), ...optional }) },
    { weight: 1, arbitrary: fc.record({ schedule: fc.array(shift, { minLength: 1, maxLength: 3 }), ...optional }) },
  );
}

const PRIORITY_NAMES = ["P1", "P2", "P3"];
const CHANNEL_NAMES = ["phone", "chat", "email"];
const CATEGORY_NAMES = ["password", "software", "network"];

export interface ScenarioOptions {
  /** Allow the flat structure (the tiers are always given, so a flat scenario can be switched to tiered). */
  flat?: boolean;
  /** Range of the horizon in hours (default 2 to 48). */
  horizonHours?: [number, number];
}

/** Strip undefined fields so YAML gets only what was chosen. */
function clean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A random valid scenario, as the object a YAML file would hold. */
export function scenarioObject(options: ScenarioOptions = {}): fc.Arbitrary<Obj> {
  return fc
    .record({
      nPriorities: fc.integer({ min: 1, max: 3 }),
      nChannels: fc.integer({ min: 1, max: 3 }),
      nCategories: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ nPriorities, nChannels, nCategories }) => {
      const priorityNames = PRIORITY_NAMES.slice(0, nPriorities);
      const category = fc.record({
        level: fc.oneof(
          fc.constant({ L1: 1 }),
          shares(2, true).map(([a, b]) => ({ L1: a, L2: b })),
          shares(3, true).map(([a, b, c]) => ({ L1: a, L2: b, L3: c })),
        ),
        priority: fc.option(
          shares(nPriorities, true).map((s) => Object.fromEntries(priorityNames.map((p, i) => [p, s[i]]))),
          { nil: undefined },
        ),
        handleTime: fc.option(fc.record({ L1: distribution(6), L2: distribution(20) }, { requiredKeys: [] }), { nil: undefined }),
        problems: fc.option(fc.record({ count: fc.integer({ min: 1, max: 40 }), zipf: fc.constantFrom(0, 0.8, 1, 1.5) }, { requiredKeys: [] }), {
          nil: undefined,
        }),
      });
      return fc.record({
        seed: fc.integer({ min: 0, max: 1_000_000_000 }),
        structure: options.flat ? fc.constantFrom("tiered", "flat") : fc.constant("tiered"),
        horizonHours: fc.integer({ min: options.horizonHours?.[0] ?? 2, max: options.horizonHours?.[1] ?? 48 }),
        warmupShare: fc.constantFrom(0, 0, 0.1, 0.25, 0.5),
        start: fc.tuple(fc.constantFrom("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), clock).map(([d, c]) => `${d} ${c}`),
        serviceLevelTarget: fc.option(duration(0.5, 30), { nil: undefined }),
        rate: fc.integer({ min: 2, max: 60 }),
        hourOfDay: fc.option(fc.array(fc.constantFrom(0, 0.2, 0.5, 1, 1.5, 3), { minLength: 24, maxLength: 24 }), { nil: undefined }),
        dayOfWeek: fc.option(fc.array(fc.constantFrom(0.2, 0.5, 1, 1.5), { minLength: 7, maxLength: 7 }), { nil: undefined }),
        backlog: fc.option(fc.record({ L1: fc.integer({ min: 0, max: 8 }), L2: fc.integer({ min: 0, max: 4 }), L3: fc.integer({ min: 0, max: 2 }) }, { requiredKeys: [] }), {
          nil: undefined,
        }),
        priorityShares: shares(nPriorities),
        slas: fc.array(fc.option(duration(30, 2880), { nil: undefined }), { minLength: nPriorities, maxLength: nPriorities }),
        channelShares: shares(nChannels),
        patience: fc.array(fc.option(distribution(10), { nil: undefined }), { minLength: nChannels, maxLength: nChannels }),
        categoryShares: shares(nCategories),
        categories: fc.array(category, { minLength: nCategories, maxLength: nCategories }),
        handleTime: fc.record({ L1: distribution(6), L2: distribution(20), L3: distribution(60) }),
        L1: staffing(5),
        L2: staffing(4),
        L3: staffing(3),
        handoff: fc.record({ L1: fc.option(distribution(3), { nil: undefined }), L2: fc.option(distribution(8), { nil: undefined }) }),
        flat: fc.record({ staffing: staffing(8), skillFactor: fc.option(fc.record({ L1: fc.constantFrom(1, 1.1), L2: fc.constantFrom(1.3, 2), L3: fc.constantFrom(1.8, 3) }), { nil: undefined }) }),
        reopen: fc.option(fc.record({ rate: fc.constantFrom(0, 0.05, 0.3), delay: fc.option(distribution(60), { nil: undefined }) }), { nil: undefined }),
        wrongEscalation: fc.option(fc.record({ rate: fc.constantFrom(0, 0.05, 0.3), reviewTime: fc.option(distribution(5), { nil: undefined }) }), {
          nil: undefined,
        }),
        knowledge: fc.option(
          fc.record(
            {
              enabled: fc.boolean(),
              documentRate: fc.constantFrom(0, 0.5, 1),
              documentDelay: duration(1, 120),
              l1Success: fc.constantFrom(0, 0.8, 1),
              l1HandleFactor: fc.constantFrom(0.5, 1, 1.5),
              rootCauseFixRate: fc.constantFrom(0, 0.3, 1),
              fixDelay: duration(1, 240),
              halfLife: duration(10, 600),
              novelty: fc.constantFrom(0, 0.1, 1),
            },
            { requiredKeys: ["enabled"] },
          ),
          { nil: undefined },
        ),
      });
    })
    .map((g) => {
      const priorities = Object.fromEntries(PRIORITY_NAMES.slice(0, g.priorityShares.length).map((p, i) => [p, { share: g.priorityShares[i], sla: g.slas[i] }]));
      const channels = Object.fromEntries(CHANNEL_NAMES.slice(0, g.channelShares.length).map((c, i) => [c, { share: g.channelShares[i], patience: g.patience[i] }]));
      const categories = Object.fromEntries(CATEGORY_NAMES.slice(0, g.categories.length).map((c, i) => [c, { share: g.categoryShares[i], ...g.categories[i] }]));
      return clean({
        name: "property",
        seed: g.seed,
        structure: g.structure,
        run: {
          horizon: `${g.horizonHours}h`,
          warmup: `${Math.floor(g.horizonHours * g.warmupShare * 60)}m`,
          replications: 2,
          start: g.start,
          serviceLevelTarget: g.serviceLevelTarget,
        },
        arrivals: { rate: `${g.rate}/h`, hourOfDay: g.hourOfDay, dayOfWeek: g.dayOfWeek },
        backlog: g.backlog,
        priorities,
        channels,
        categories,
        handleTime: g.handleTime,
        tiers: {
          L1: { ...g.L1, handoffTime: g.handoff.L1 },
          L2: { ...g.L2, handoffTime: g.handoff.L2 },
          L3: g.L3,
        },
        flat: { ...g.flat.staffing, skillFactor: g.flat.skillFactor },
        reopen: g.reopen,
        wrongEscalation: g.wrongEscalation,
        knowledge: g.knowledge,
      });
    });
}

/** Write a scenario object as YAML and load it, as a user's file would be. */
export function load(object: Obj, overrides: string[] = []): Scenario {
  return parseScenario(stringify(object), "property.yaml", overrides);
}

/** A random valid scenario, loaded. */
export function scenario(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  return scenarioObject(options).map((o) => load(o));
}

/** One FIFO tier: a single category resolved at L1, one priority, no abandonment, a head count, no shrinkage. */
export function fifoScenarioObject(): fc.Arbitrary<Obj> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 1_000_000_000 }),
      structure: fc.constantFrom("tiered", "flat"),
      horizonHours: fc.integer({ min: 2, max: 48 }),
      warmupShare: fc.constantFrom(0, 0.25),
      rate: fc.integer({ min: 2, max: 60 }),
      hourOfDay: fc.option(fc.array(fc.constantFrom(0, 0.5, 1, 2, 4), { minLength: 24, maxLength: 24 }), { nil: undefined }),
      handle: distribution(8),
      agents: fc.integer({ min: 1, max: 6 }),
      backlog: fc.integer({ min: 0, max: 10 }),
    })
    .map((g) =>
      clean({
        name: "fifo",
        seed: g.seed,
        structure: g.structure,
        run: { horizon: `${g.horizonHours}h`, warmup: `${Math.floor(g.horizonHours * g.warmupShare * 60)}m`, replications: 2 },
        arrivals: { rate: `${g.rate}/h`, hourOfDay: g.hourOfDay },
        backlog: { L1: g.backlog },
        channels: { email: { share: 1 } },
        categories: { all: { share: 1, level: { L1: 1 }, handleTime: { L1: g.handle } } },
        tiers: { L1: { agents: g.agents } },
        flat: { agents: g.agents, skillFactor: { L1: 1 } },
      }),
    );
}

/**
 * fast-check settings of these suites: a fixed seed (42) so CI is reproducible; FC_SEED and FC_RUNS_FACTOR let a person
 * hunt for bugs with other seeds and more runs (FC_SEED=7 FC_RUNS_FACTOR=10 npx vitest run test/property).
 */
export function runs(numRuns: number): { seed: number; numRuns: number } {
  const seed = process.env.FC_SEED === undefined ? 42 : Number(process.env.FC_SEED);
  const factor = process.env.FC_RUNS_FACTOR === undefined ? 1 : Number(process.env.FC_RUNS_FACTOR);
  return { seed, numRuns: Math.max(1, Math.round(numRuns * factor)) };
}
