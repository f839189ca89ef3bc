/** Head count per hour of the week where the log names agents: distinct agents active in each clock hour. */
import { TIERS, type Tier } from "../../model/types.js";
import { HOURS_PER_WEEK, hourOfWeek } from "../time/calendar.js";
import type { AgentHours } from "../tickets/record.js";

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
