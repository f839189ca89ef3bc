/** The result of fitting a model to a ticket log: every figure with where it came from, JSON-serializable. */
import type { Tier } from "../../model/types.js";
import type { DataFinding } from "../tickets/findings.js";
import type { LogCounts, LogMeasures, TicketLog } from "../tickets/record.js";
import type { ArrivalProfileFit } from "./arrivals.js";
import type { BounceBacks, EscalationRates, LevelShares } from "./escalation.js";
import type { DistributionFit } from "./families.js";
import type { PatienceFit } from "./patience.js";
import type { HeadCount } from "./staffing.js";
import type { WindowAnalysis } from "./window.js";

export interface FitFinding {
  code: "extraction-window" | "whole-log" | "too-small" | "ramp-up" | "abrupt-end" | "length-bias" | "gaps" | "low-days" | "censored" | "no-tiers" | "proxy-handle" | "mean-mismatch" | "unobserved-weekdays" | "profile-fit";
  severity: "warning" | "info";
  message: string;
}

/** The window analysis as fit.json writes it: the low and empty days as dates. */
export type WindowSummary = Omit<WindowAnalysis, "total" | "lowDays" | "emptyDays"> & { lowDays: string[]; emptyDays: string[] };

export interface TimeSummary {
  n: number;
  mean: number;
  p50: number;
  p90: number;
}

/** A fitted handle (or sojourn) time. */
export interface ServiceTimeFit extends DistributionFit {
  tier: Tier;
  category?: string;
  /** Tickets of the window that visited the tier but were unresolved at the end of the log: left out (right-censored). */
  censored: number;
}

export interface CategoryFit {
  name: string;
  /** Raw categories pooled into this one ("other"). */
  pooled?: string[];
  tickets: number;
  share: number;
  levels: LevelShares;
  escalation: EscalationRates;
  /** Own handle-time fits, for tiers with at least MIN_CATEGORY_OBSERVATIONS observations. */
  handle: Partial<Record<Tier, ServiceTimeFit>>;
}

export interface ShareEntry {
  name: string;
  tickets: number;
  share: number;
}

export interface TierStaffing {
  /** observed: head count per hour of week from the log; sized: from offered load; none: no tickets reach the tier. */
  method: "observed" | "sized" | "none";
  agents?: number;
  /** One-hour shifts (merged when consecutive hours have the same head count). */
  schedule?: { name: string; days: string; start: string; end: string; agents: number }[];
  note: string;
}

export interface FitResult {
  name: string;
  tiersimVersion: string;
  source: TicketLog["source"];
  counts: LogCounts;
  measures: LogMeasures;
  /** Findings of reading the log (bad rows, dates, order, unresolved tickets). */
  readFindings: DataFinding[];
  /** Findings of the fit (extraction window, ramp-up, length bias, gaps), in plain words. */
  findings: FitFinding[];
  window: WindowSummary;
  /** Tickets arriving in the window that count as arrivals (reached the desk, not phantom). */
  ticketsInWindow: number;
  arrivals: ArrivalProfileFit;
  /** Highest tier reached, over the window's tickets, and over the whole log for comparison. */
  levels: LevelShares;
  levelsWholeLog: LevelShares;
  escalation: EscalationRates;
  bounceBacks: BounceBacks;
  categories: CategoryFit[];
  priorities: ShareEntry[];
  channels: ShareEntry[];
  service: {
    measure: "service" | "working" | "sojourn";
    description: string;
    byTier: Partial<Record<Tier, ServiceTimeFit>>;
  };
  waits: Partial<Record<Tier, TimeSummary>>;
  /** Arrival to resolution (or closure) of the window's resolved tickets. */
  resolveTime?: TimeSummary;
  patience?: PatienceFit;
  headCount: Partial<Record<Tier, HeadCount>>;
  staffing: Record<Tier, TierStaffing>;
  /** File name of the scenario written beside the report. */
  scenarioFile: string;
}
