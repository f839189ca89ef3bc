import type { DistributionSpec } from "../engine/distributions.js";

/** The three lines of a tiered desk, in escalation order. */
export const TIERS = ["L1", "L2", "L3"] as const;
export type Tier = (typeof TIERS)[number];
/** Index of a tier in TIERS: 0 for L1, 1 for L2, 2 for L3. */
export type TierIndex = 0 | 1 | 2;

export type Structure = "tiered" | "flat";

/** One shift of a weekly roster. Times are minutes from Monday 00:00; a shift may run past midnight. */
export interface Shift {
  name: string;
  /** Days the shift starts on, 0 = Monday .. 6 = Sunday. */
  days: number[];
  startMinute: number;
  durationMinutes: number;
  agents: number;
}

/** Staffing of one tier (or of the flat pool): a fixed head count or a weekly roster. */
export interface Staffing {
  agents?: number;
  schedule?: Shift[];
  /** Share of rostered time lost to breaks, meetings, training: 0 <= shrinkage < 1. */
  shrinkage: number;
  costPerHour: number;
}

export interface TierConfig extends Staffing {
  /** Time an agent of this tier spends writing notes when escalating a ticket to the next tier. */
  handoffTime?: DistributionSpec;
}

export interface CategoryConfig {
  name: string;
  share: number;
  /** Shares of the tier truly needed to resolve: [L1, L2, L3], summing to 1. */
  levelShares: [number, number, number];
  /** Handle time at each tier: [L1, L2, L3]. */
  handleTime: [DistributionSpec, DistributionSpec, DistributionSpec];
  /** Priority shares for this category, in the order of Scenario.priorities; undefined: the global shares. */
  priorityShares?: number[];
  /** Catalogue of recurring problems (the knowledge loop's unit). */
  problems: { count: number; zipfExponent: number };
}

export interface PriorityConfig {
  name: string;
  share: number;
  /** Resolution target: SLA attainment is the share resolved within it. */
  slaMinutes?: number;
}

export interface ChannelConfig {
  name: string;
  share: number;
  /** Synchronous channels (phone, chat) have a patience; their customers abandon. Asynchronous ones have none. */
  patience?: DistributionSpec;
}

export interface KnowledgeConfig {
  enabled: boolean;
  /** Probability that an L2/L3 resolution of a problem gets documented as an article (the knowledge-feedback rate). */
  documentRate: number;
  documentDelayMinutes: number;
  /** Probability that an article in force makes an above-L1 ticket of its problem L1-resolvable. */
  l1Success: number;
  /** Factor on the L1 handle time of a ticket resolved with an article. */
  l1HandleFactor: number;
  /** Probability that an L3 resolution leads to the root cause being fixed (the problem stops producing tickets). */
  rootCauseFixRate: number;
  fixDelayMinutes: number;
  /** Articles go stale with this half-life; undefined: never. */
  halfLifeMinutes?: number;
  /** Share of tickets that are brand-new problems, outside the catalogue. */
  novelty: number;
}

export interface FlatConfig extends Staffing {
  /** Generalists' handle time = handle time at the ticket's level x skillFactor[level]. */
  skillFactor: [number, number, number];
}

export interface ArrivalsConfig {
  /** Base rate in tickets per minute; the rate at time t is rate x hourOfDay[h] x dayOfWeek[d]. */
  ratePerMinute: number;
  hourOfDay: number[]; // 24 multipliers
  dayOfWeek: number[]; // 7 multipliers, Monday first
  /** Real arrival times in minutes from the run start, sorted, replacing the Poisson process (replay). */
  traceMinutes?: Float64Array;
  /** What the log says of each traced ticket (same order as traceMinutes); a ticket's missing values are drawn. */
  traceTickets?: TraceTickets;
}

/**
 * Per-ticket values from a real log, for replay. Indexes refer to the scenario's categories, priorities and channels;
 * -1 (or NaN for times) means "not in the log": that value is drawn as for any ticket.
 */
export interface TraceTickets {
  category?: Int32Array;
  priority?: Int32Array;
  channel?: Int32Array;
  /** Tier truly needed, 0..2. */
  level?: Int32Array;
  /** Handle time at each tier, minutes. */
  handleMinutes?: [Float64Array | undefined, Float64Array | undefined, Float64Array | undefined];
  patienceMinutes?: Float64Array;
}

/**
 * What one run may ask of the machine; a scenario over a limit is refused before simulating, and `run.limits` in the
 * scenario (or `--set run.limits.<name>=...`) raises one to run it deliberately.
 */
export interface RunLimits {
  /** Replications in one run. */
  replications: number;
  /** Expected tickets over the whole run: (arrivals over the horizon + backlog) x replications. Bounds CPU time. */
  tickets: number;
  /** Expected tickets in one replication: bounds the memory of one replication (an overloaded desk keeps them all). */
  ticketsPerReplication: number;
  /** Simulated time per replication, in minutes (`run.limits.horizon` takes a duration such as "10000d"). */
  horizonMinutes: number;
  /** Agents on duty at once in one tier or in the flat pool. */
  agents: number;
  /** Catalogue problems over all categories (each replication builds a table of them). */
  problems: number;
  /** Values in one empirical distribution. */
  empiricalValues: number;
  /** Hours of hourly time series held in memory: horizon hours x replications. */
  seriesHours: number;
  /** Rows kept in memory for tickets.csv (--tickets): expected tickets over the whole run. */
  ticketRows: number;
}

export interface Scenario {
  name: string;
  description: string;
  /** File the scenario came from, for messages; undefined when built in code. */
  source?: string;
  seed: number;
  structure: Structure;
  horizonMinutes: number;
  warmupMinutes: number;
  replications: number;
  /** Minutes from Monday 00:00 at which the run starts. */
  startMinuteOfWeek: number;
  /** Service level: share of arrivals answered at L1 (or by the pool) within this many minutes. */
  serviceLevelTargetMinutes: number;
  arrivals: ArrivalsConfig;
  /** Tickets already waiting at each tier at time 0: [L1, L2, L3]. */
  backlog: [number, number, number];
  categories: CategoryConfig[];
  priorities: PriorityConfig[];
  channels: ChannelConfig[];
  tiers: [TierConfig, TierConfig, TierConfig];
  /** A share of L1 resolutions reopen after a delay and come back to L1. */
  reopen: { rate: number; delay: DistributionSpec };
  /**
   * Wrong escalations: a share of the tickets L1 could resolve is escalated anyway; L2 reviews each for reviewTime and
   * sends it back to L1, which resolves it.
   */
  wrongEscalation: { rate: number; reviewTime: DistributionSpec };
  knowledge: KnowledgeConfig;
  flat: FlatConfig;
  /** The limits the loader checked the scenario against (the defaults, raised where `run.limits` says). */
  limits?: RunLimits;
}
