/**
 * The normalized record of one ticket: a per-ticket summary (times, tiers, durations), not its events.
 * Absolute times are epoch minutes (UTC); add `utcOffsetMinutes` for the desk's local clock.
 */
import type { Tier } from "../../model/types.js";
import type { LogShape, Mapping, Outcome } from "../mapping/types.js";
import type { DataFinding } from "./findings.js";

export interface TicketRecord {
  id: string;
  /** First row of the ticket in the file (header = row 1). */
  row: number;
  /** First contact with the system (opened, call entered the IVR). */
  createdMinute: number;
  /** Joined the desk's first queue: the arrival a simulation replays (queued, else answered, else created). */
  arrivalMinute: number;
  /** UTC offset of the local clock at arrival: local minute = arrivalMinute + utcOffsetMinutes. */
  utcOffsetMinutes: number;
  /** False for contacts that left before joining the agents' queue (e.g. hung up in the IVR). */
  reachedDesk: boolean;
  queuedMinute?: number;
  /** An agent first took it. */
  answeredMinute?: number;
  /** Service ended, or the ticket's last event. */
  endMinute?: number;
  resolvedMinute?: number;
  closedMinute?: number;
  outcome: Outcome;
  /** Tiers visited in order, consecutive repeats merged: ["L1", "L2", "L1"] is an escalation and a bounce-back. */
  tiers: Tier[];
  highestTier?: Tier;
  /** The tier that held it last (the resolving tier of a resolved ticket). */
  lastTier?: Tier;
  /** Total time assigned to each tier (queues, work, waiting on the customer), minutes. */
  sojournMinutes: Partial<Record<Tier, number>>;
  /** Agent time at each tier where the log shows it: service start to end, or time in a "working" status. */
  handleMinutes: Partial<Record<Tier, number>>;
  /** Time queued at each tier before an agent took it, where derivable. */
  waitMinutes: Partial<Record<Tier, number>>;
  /** Time in the first queue until answered or abandoned: the exposure for patience (censored when answered). */
  queueMinutes?: number;
  category?: string;
  priority?: string;
  channel?: string;
  /** Last status seen (events logs). */
  status?: string;
  /** Distinct agent names seen on the ticket. */
  agents: string[];
  /** Work resumed after a resolution. */
  reopened: boolean;
}

export interface LogCounts {
  /** Data rows read (the header not counted). */
  rows: number;
  /** Rows left out (see findings for why). */
  rowsSkipped: number;
  /** Rows that contributed to a ticket. */
  rowsUsed: number;
  tickets: number;
  outcomes: Record<Outcome, number>;
  /** Tickets by the highest tier they reached; `none` for tickets with no tier. */
  highestTier: Record<Tier | "none", number>;
}

/** What the log lets us measure. */
export interface LogMeasures {
  /** "service": answered -> end of service; "working": time in a working status; "none": only sojourn times. */
  handle: "service" | "working" | "none";
  /** Waits in queue are derivable. */
  wait: boolean;
  /** The log shows abandoned contacts and their time in queue (patience can be estimated). */
  patience: boolean;
  /** The log names agents. */
  agents: boolean;
  /** The log has tiers (not one fixed tier). */
  tiers: boolean;
}

/** Distinct agents active in each local clock hour (hours since 1970-01-01 local), per tier. */
export interface AgentHours {
  names: string[];
  byTier: Record<Tier, Map<number, Set<number>>>;
}

export interface TicketLog {
  source: {
    path: string;
    mapping: string;
    shape: LogShape;
    delimiter: string;
    compressed: boolean;
    columns: string[];
  };
  mapping: Mapping;
  /** One record per ticket, by arrival. */
  tickets: TicketRecord[];
  counts: LogCounts;
  /** Data-quality findings of the reading (bad rows, bad dates, out-of-order events, unresolved tickets). */
  findings: DataFinding[];
  measures: LogMeasures;
  agentHours: AgentHours;
}
