/** Head count per hour of the week where the log names agents: distinct agents active in each clock hour. */
import { TIERS, type Tier } from "../../model/types.js";
import { HOURS_PER_WEEK, dayOfWeek, hourOfWeek } from "../time/calendar.js";
import type { AgentHours, TicketLog } from "../tickets/record.js";

export interface HeadCount {
  /** Mean over the window's weeks of the distinct agents active in each hour of the week (Monday 00-01 first). */
  meanAgents: number[];
  /** Largest head count seen in each hour of the week. */
  maxAgents: number[];
  /** Distinct agents seen in the window. */
  distinctAgents: number;
}

/** Head counts per tier over local days [fromDay, toDay] less `missingDays`; tiers with no agent seen are left out. */
export function observedHeadCount(
  hours: AgentHours,
  fromDay: number,
  toDay: number,
  missingDays: ReadonlySet<number> = new Set(),
): Partial<Record<Tier, HeadCount>> {
  const out: Partial<Record<Tier, HeadCount>> = {};
  for (const tier of TIERS) {
    const byHour = hours.byTier[tier];
    if (byHour.size === 0) continue;
    const sum = new Array<number>(HOURS_PER_WEEK).fill(0);
    const max = new Array<number>(HOURS_PER_WEEK).fill(0);
    const occurrences = new Array<number>(HOURS_PER_WEEK).fill(0);
    const agents = new Set<number>();
    for (let hour = fromDay * 24; hour < (toDay + 1) * 24; hour++) {
      if (missingDays.has(Math.floor(hour / 24))) continue;
      const how = hourOfWeek(hour * 60);
      const set = byHour.get(hour);
      const n = set?.size ?? 0;
      sum[how]! += n;
      max[how] = Math.max(max[how]!, n);
      occurrences[how]!++;
      if (set) for (const a of set) agents.add(a);
    }
    if (agents.size === 0) continue;
    out[tier] = { meanAgents: sum.map((s, i) => (occurrences[i]! > 0 ? s / occurrences[i]! : 0)), maxAgents: max, distinctAgents: agents.size };
  }
  return out;
}

export const DEFAULT_SESSION_GAP_MINUTES = 10;
/** A single service longer than this is cut (a record left open would paint a whole day busy). */
const MAX_SERVICE_MINUTES = 12 * 60;

export interface SessionHeadCountOptions {
  /** Local days (days since 1970-01-01 on the desk's clock), inclusive. */
  fromDay: number;
  toDay: number;
  /** Local days that add no exposure (holes in the extract). */
  missingDays?: ReadonlySet<number>;
  /** Gaps between services up to this long are on duty (default 10 minutes). */
  gapMinutes?: number;
}

/**
 * Agents on duty per hour of the week from service spans, where the log has them (answered -> end, with the agent's
 * name): each agent's services are merged into sessions, joined across idle gaps of at most `gapMinutes` (time
 * waiting for the next call), and the minutes in session are counted in each clock hour. The mean over the window's
 * weeks is a fractional head count per hour of week.
 *
 * Counting every agent who served in an hour as present for the whole hour (the fit's head count) overstates
 * presence: an agent who takes two calls and then does other work counts as a full hour. On the Anonymous Bank log
 * that is about 1.4 times the agent-hours of sessions with a 10-minute gap.
 * Undefined when the log has no service spans with agents.
 */
export function sessionHeadCount(log: TicketLog, options: SessionHeadCountOptions): Partial<Record<Tier, HeadCount>> | undefined {
  if (log.measures.handle !== "service" || !log.measures.agents) return undefined;
  const gap = options.gapMinutes ?? DEFAULT_SESSION_GAP_MINUTES;
  const missing = options.missingDays ?? new Set<number>();
  const lo = options.fromDay * 1440;
  const hi = (options.toDay + 1) * 1440;
  const spans: Record<Tier, Map<string, [number, number][]>> = { L1: new Map(), L2: new Map(), L3: new Map() };
  for (const t of log.tickets) {
    if (t.answeredMinute === undefined || t.endMinute === undefined || t.agents.length === 0) continue;
    const tier = t.tiers[0] ?? t.highestTier ?? "L1";
    const start = t.answeredMinute + t.utcOffsetMinutes;
    const end = Math.min(t.endMinute + t.utcOffsetMinutes, start + MAX_SERVICE_MINUTES);
    if (!(end >= start) || end < lo || start >= hi) continue;
    const agent = t.agents[0]!;
    let list = spans[tier].get(agent);
    if (!list) spans[tier].set(agent, (list = []));
    list.push([start, end]);
  }
  const out: Partial<Record<Tier, HeadCount>> = {};
  for (const tier of TIERS) {
    if (spans[tier].size === 0) continue;
    const minutesByHour = new Map<number, number>();
    const add = (s: number, e: number) => {
      for (let h = Math.floor(s / 60); h * 60 < e; h++) {
        const a = Math.max(s, h * 60);
        const b = Math.min(e, h * 60 + 60);
        if (b > a) minutesByHour.set(h, (minutesByHour.get(h) ?? 0) + (b - a));
      }
    };
    for (const list of spans[tier].values()) {
      list.sort((x, y) => x[0] - y[0]);
      let [s, e] = list[0]!;
      for (let i = 1; i < list.length; i++) {
        const [a, b] = list[i]!;
        if (a - e <= gap) e = Math.max(e, b);
        else {
          add(s, e);
          s = a;
          e = b;
        }
      }
      add(s, e);
    }
    const sum = new Array<number>(HOURS_PER_WEEK).fill(0);
    const max = new Array<number>(HOURS_PER_WEEK).fill(0);
    const occurrences = new Array<number>(HOURS_PER_WEEK).fill(0);
    for (let hour = options.fromDay * 24; hour < (options.toDay + 1) * 24; hour++) {
      const day = Math.floor(hour / 24);
      if (missing.has(day)) continue;
      const how = dayOfWeek(day) * 24 + (hour - day * 24);
      const agents = (minutesByHour.get(hour) ?? 0) / 60;
      sum[how]! += agents;
      max[how] = Math.max(max[how]!, agents);
      occurrences[how]!++;
    }
    out[tier] = { meanAgents: sum.map((x, i) => (occurrences[i]! > 0 ? x / occurrences[i]! : 0)), maxAgents: max, distinctAgents: spans[tier].size };
  }
  return out;
}
