/** Levels (highest tier reached), escalation rates per tier and bounce-backs, with Wilson 95% intervals. */
import { TIERS, type Tier } from "../../model/types.js";
import type { TicketRecord } from "../tickets/record.js";
import { wilson, type Proportion } from "./intervals.js";

export interface LevelShares {
  /** Tickets with a known tier. */
  tickets: number;
  /** Share whose highest tier was L1, L2, L3. */
  shares: Record<Tier, Proportion>;
}

export interface EscalationRates {
  /** Escalated out of L1 / handled at L1 (a move from L1 to L2 or L3). */
  L1: Proportion;
  /** Escalated out of L2 to L3 / handled at L2. */
  L2: Proportion;
}

export interface BounceBacks {
  /** Tickets that reached L2 or L3 and later came back down to L1 / tickets that reached L2 or L3. */
  toL1: Proportion;
  /** Moves down counted one by one: L2 -> L1, L3 -> L2, L3 -> L1. */
  moves: { "L2->L1": number; "L3->L2": number; "L3->L1": number };
}

const rank = (t: Tier) => TIERS.indexOf(t);

export function levelShares(tickets: TicketRecord[]): LevelShares {
  const counts: Record<Tier, number> = { L1: 0, L2: 0, L3: 0 };
  let n = 0;
  for (const t of tickets) {
    if (!t.highestTier) continue;
    counts[t.highestTier]++;
    n++;
  }
  return { tickets: n, shares: { L1: wilson(counts.L1, n), L2: wilson(counts.L2, n), L3: wilson(counts.L3, n) } };
}

export function escalationRates(tickets: TicketRecord[]): EscalationRates {
  const handled = { L1: 0, L2: 0 };
  const escalated = { L1: 0, L2: 0 };
  for (const t of tickets) {
    for (const tier of ["L1", "L2"] as const) {
      if (!t.tiers.includes(tier)) continue;
      handled[tier]++;
      if (t.tiers.some((x, i) => x === tier && t.tiers[i + 1] !== undefined && rank(t.tiers[i + 1]!) > rank(tier))) escalated[tier]++;
    }
  }
  return { L1: wilson(escalated.L1, handled.L1), L2: wilson(escalated.L2, handled.L2) };
}

export function bounceBacks(tickets: TicketRecord[]): BounceBacks {
  const moves = { "L2->L1": 0, "L3->L2": 0, "L3->L1": 0 };
  let reachedUpper = 0;
  let cameBack = 0;
  for (const t of tickets) {
    let upper = false;
    let back = false;
    for (let i = 0; i < t.tiers.length; i++) {
      const tier = t.tiers[i]!;
      if (tier !== "L1") upper = true;
      else if (upper) back = true;
      const next = t.tiers[i + 1];
      if (next && rank(next) < rank(tier)) moves[`${tier}->${next}` as keyof typeof moves]++;
    }
    if (upper) reachedUpper++;
    if (back) cameBack++;
  }
  return { toL1: wilson(cameBack, reachedUpper), moves };
}
