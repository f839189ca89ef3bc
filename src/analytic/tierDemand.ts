/**
 * The demand a scenario puts on one tier, as a single queue for Erlang formulas: which share of all arrivals reaches
 * it and their mean handle time there. A static first pass: it takes the category level shares as they are, before the
 * knowledge loop lowers escalations, and leaves out reopens and wrong escalations (the simulator has those).
 */
import { moments } from "../engine/distributions.js";
import type { Scenario, Tier } from "../model/types.js";

/** A tier of the tiered desk, or the generalists' pool of the flat one. */
export type StaffedGroup = Tier | "pool";

export interface TierDemand {
  group: StaffedGroup;
  /** Share of all arrivals that reach this group (L1 and pool: 1; L2: P(level >= L2); L3: P(level = L3)). */
  arrivalShare: number;
  /** Arrival-weighted mean handle time at this group, handoff notes included where it escalates; 0 if nobody comes. */
  handleMinutes: number;
  /** The part of handleMinutes spent writing handoff notes (per ticket reaching the group, escalated or not). */
  handoffMinutes: number;
  /** The group's shrinkage from the scenario. */
  shrinkage: number;
}

export function tierDemand(scenario: Scenario, group: StaffedGroup): TierDemand {
  const totalShare = scenario.categories.reduce((sum, category) => sum + category.share, 0);
  if (!(totalShare > 0)) throw new RangeError("the scenario's category shares add up to 0");

  let reachShare = 0; // sum over categories of share x P(reaching the group)
  let workShare = 0; // sum over categories of share x P(reaching) x mean minutes spent there
  let handoffShare = 0; // the part of workShare spent on handoff notes
  for (const category of scenario.categories) {
    const share = category.share / totalShare;
    const [l1, l2, l3] = category.levelShares;
    const mean = (index: 0 | 1 | 2) => moments(category.handleTime[index]).mean;
    switch (group) {
      case "L1":
        reachShare += share;
        workShare += share * mean(0);
        handoffShare += share * (l2 + l3) * handoffMean(scenario, 0);
        break;
      case "L2":
        reachShare += share * (l2 + l3);
        workShare += share * (l2 + l3) * mean(1);
        handoffShare += share * l3 * handoffMean(scenario, 1);
        break;
      case "L3":
        reachShare += share * l3;
        workShare += share * l3 * mean(2);
        break;
      case "pool": {
        const skill = scenario.flat.skillFactor;
        reachShare += share;
        workShare += share * (l1 * mean(0) * skill[0] + l2 * mean(1) * skill[1] + l3 * mean(2) * skill[2]);
        break;
      }
    }
  }
  const shrinkage = group === "pool" ? scenario.flat.shrinkage : scenario.tiers[tierIndex(group)].shrinkage;
  return {
    group,
    arrivalShare: reachShare,
    handleMinutes: reachShare > 0 ? (workShare + handoffShare) / reachShare : 0,
    handoffMinutes: reachShare > 0 ? handoffShare / reachShare : 0,
    shrinkage,
  };
}

function handoffMean(scenario: Scenario, index: 0 | 1): number {
  const spec = scenario.tiers[index].handoffTime;
  return spec ? moments(spec).mean : 0;
}

function tierIndex(tier: Tier): 0 | 1 | 2 {
  return tier === "L1" ? 0 : tier === "L2" ? 1 : 2;
}
