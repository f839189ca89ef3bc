/** Collects which agents were active in which local clock hour, per tier: the basis of observed head counts. */
import type { Tier } from "../../model/types.js";
import type { AgentHours } from "./record.js";

/** A service longer than this is not spread over hours (a record left open would paint a whole week busy). */
const MAX_SPAN_HOURS = 12;

export class AgentHoursBuilder {
  private readonly index = new Map<string, number>();
  readonly hours: AgentHours = { names: [], byTier: { L1: new Map(), L2: new Map(), L3: new Map() } };

  private agentIndex(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.hours.names.length;
      this.hours.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }

  /** The agent did something at this local minute. */
  mark(tier: Tier, agent: string, localMinute: number): void {
    this.add(tier, this.agentIndex(agent), Math.floor(localMinute / 60));
  }

  /** The agent was busy from `localStart` to `localEnd` (local minutes): active in every hour it overlaps. */
  markSpan(tier: Tier, agent: string, localStart: number, localEnd: number): void {
    const a = this.agentIndex(agent);
    const first = Math.floor(localStart / 60);
    const last = Math.max(first, Math.ceil(localEnd / 60) - 1);
    for (let h = first; h <= Math.min(last, first + MAX_SPAN_HOURS - 1); h++) this.add(tier, a, h);
  }

  private add(tier: Tier, agent: number, hour: number): void {
    const map = this.hours.byTier[tier];
    let set = map.get(hour);
    if (!set) map.set(hour, (set = new Set()));
    set.add(agent);
  }
}
