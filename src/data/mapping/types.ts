/**
 * A mapping says which columns of a ticket log mean what. It is written in YAML (see scenarios/mappings/) and
 * validated by loadMapping; this is its resolved form.
 */
import type { Tier } from "../../model/types.js";

/** One row per ticket (a call, an incident), or one row per event of a ticket (status changes, audit rows). */
export type LogShape = "tickets" | "events";

/** What became of a ticket. "served": the desk dealt with it (call answered, incident resolved or closed). */
export type Outcome = "served" | "abandoned" | "phantom" | "cancelled" | "unresolved";
export const OUTCOMES: readonly Outcome[] = ["served", "abandoned", "phantom", "cancelled", "unresolved"];

/**
 * Moments of a ticket's life a log can record:
 * arrival (created, first contact), queued (joined the agents' queue), queueExit (left the queue: answered or hung
 * up), answered (an agent took it), end (service or last activity ended), resolved, closed.
 */
export const TIME_ROLES = ["arrival", "queued", "queueExit", "answered", "end", "resolved", "closed"] as const;
export type TimeRole = (typeof TIME_ROLES)[number];

/** Where a timestamp comes from: one column, or a date column plus a time-of-day column. */
export interface TimeSpec {
  column?: string;
  date?: string;
  time?: string;
  /** A declared format (see time/formats.ts), or undefined: ISO is recognised, D/M vs M/D must be evident. */
  format?: string;
  /** Field path in the mapping, for messages ("times.arrival"). */
  field: string;
}

/** A categorical value: from a column (optionally recoded), or the same for every ticket. */
export interface ValueSpec {
  column?: string;
  fixed?: string;
  /** Raw value -> value used; raw values not listed are kept as they are unless `default` is set. */
  values?: Record<string, string>;
  default?: string;
  /** Extra raw values that mean "no value" for this field only (e.g. a system account "Siebel" for agents). */
  missing: string[];
  field: string;
}

/** A rule on a column's text deciding the tier: the first rule that matches wins. */
export interface TierRule {
  contains?: string;
  equals?: string;
  matches?: RegExp;
  tier: Tier;
}

export interface TierSpec {
  column?: string;
  fixed?: Tier;
  values?: Record<string, Tier>;
  rules?: TierRule[];
  /**
   * Tiers by order of appearance within a ticket: the first distinct value seen is sequence[0], the second
   * sequence[1], ..., later ones the last entry. A proxy for logs whose groups carry no tier label.
   */
  sequence?: Tier[];
  default?: Tier;
  missing: string[];
  field: string;
}

/** Kinds of status an event can have; an event whose status is in none of these lists is "other". */
export const STATUS_KINDS = ["queued", "working", "waiting", "resolved", "closed", "cancelled"] as const;
export type StatusKind = (typeof STATUS_KINDS)[number] | "other";

export interface StatusSpec {
  column: string;
  lists: Partial<Record<(typeof STATUS_KINDS)[number], string[]>>;
  field: string;
}

export interface OutcomeSpec {
  column: string;
  values: Record<string, Outcome>;
  default?: Outcome;
  field: string;
}

export interface Mapping {
  name: string;
  description?: string;
  /** The mapping file, for messages; undefined when built in code. */
  path?: string;
  /** Line of each field path in the mapping file, for messages ("times.arrival" -> 12). */
  lines: Record<string, number>;
  shape: LogShape;
  /** Field delimiter; undefined: detected from the first line. */
  delimiter?: string;
  /** Zone of timestamps written without an offset; undefined: read as local clock times (offset 0). */
  timezone?: string;
  /** Values that mean "no value" in any column (after trimming); "" always does. */
  missing: string[];
  /** Columns whose values, joined by "/", identify a ticket; undefined (tickets shape only): the row number. */
  id?: string[];
  /** Events shape: numeric column that orders a ticket's events (e.g. sys_mod_count); undefined: the event time. */
  order?: string;
  /** Events shape: the time of each event. */
  event?: TimeSpec;
  /** Default format of every timestamp that does not declare one. */
  format?: string;
  times: Partial<Record<TimeRole, TimeSpec>>;
  tier?: TierSpec;
  category?: ValueSpec;
  priority?: ValueSpec;
  channel?: ValueSpec;
  agent?: ValueSpec;
  status?: StatusSpec;
  outcome?: OutcomeSpec;
  /** Any skipped row is an error rather than a counted finding. */
  strict: boolean;
}
