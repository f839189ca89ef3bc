/**
 * How many agents a queue needs: the smallest head count meeting a service-level target (and an abandonment cap and an
 * occupancy cap when given), the square-root staffing rule of thumb, and rostered head count after shrinkage.
 */
import { type QueuePerformance, type QueueSpec, hasPatience, queuePerformance } from "./performance.js";

export interface StaffingTarget {
  /** Answer within this many minutes... */
  targetMinutes: number;
  /** ...for at least this share of arrivals (0..1); abandoners count as misses. */
  serviceLevel: number;
  /** At most this share of arrivals abandon (only meaningful with a patience). */
  maxAbandon?: number;
  /** Agents busy at most this share of their time (0..1]; default 1. */
  maxOccupancy?: number;
  /** Give up above this head count; default 10000. */
  maxAgents?: number;
}

export interface StaffingResult {
  agents: number;
  performance: QueuePerformance;
}

export const DEFAULT_MAX_AGENTS = 10_000;

export function meetsTarget(performance: QueuePerformance, target: StaffingTarget): boolean {
  // A hair of tolerance so that a target met exactly (occupancy 0.8 against a cap of 0.8) is not lost to rounding.
  const slack = 1e-12;
  if (performance.serviceLevel < target.serviceLevel - slack) return false;
  if (target.maxAbandon !== undefined && performance.probabilityOfAbandon > target.maxAbandon + slack) return false;
  if (performance.occupancy > (target.maxOccupancy ?? 1) + slack) return false;
  return true;
}

/**
 * The smallest head count that meets the target, or undefined if none up to `maxAgents` does.
 * Service level rises and abandonment and occupancy fall with every agent added, so the feasible head counts are
 * an upward-closed range: gallop up from a lower bound, then bisect.
 */
export function requiredAgents(queue: QueueSpec, target: StaffingTarget): StaffingResult | undefined {
  const maxAgents = target.maxAgents ?? DEFAULT_MAX_AGENTS;
  const load = queue.ratePerMinute * queue.handleMinutes;
  if (!(load > 0)) return { agents: 0, performance: idlePerformance() };

  // Without abandonment occupancy is A / c and the queue is only stable with more agents than Erlangs. With
  // abandonment fewer agents than Erlangs may do, but c agents answer at most c mu per minute, so the share
  // answered (within the target or ever) is at most c / A: both the service level and 1 - maxAbandon bound c below.
  const maxOccupancy = target.maxOccupancy ?? 1;
  const lowest = hasPatience(queue)
    ? Math.max(1, Math.ceil(Math.max(target.serviceLevel, 1 - (target.maxAbandon ?? 1)) * load - 1e-9))
    : Math.max(Math.ceil(load / maxOccupancy - 1e-9), Math.floor(load) + 1);
  if (lowest > maxAgents) return undefined;

  const evaluate = (agents: number) => queuePerformance(agents, queue, target.targetMinutes);
  let performance = evaluate(lowest);
  if (meetsTarget(performance, target)) return { agents: lowest, performance };

  let infeasible = lowest;
  let step = 1;
  let feasible: StaffingResult | undefined;
  while (feasible === undefined) {
    const agents = Math.min(maxAgents, infeasible + step);
    performance = evaluate(agents);
    if (meetsTarget(performance, target)) feasible = { agents, performance };
    else if (agents === maxAgents) return undefined;
    else {
      infeasible = agents;
      step *= 2;
    }
  }
  while (feasible.agents - infeasible > 1) {
    const agents = Math.floor((feasible.agents + infeasible) / 2);
    performance = evaluate(agents);
    if (meetsTarget(performance, target)) feasible = { agents, performance };
    else infeasible = agents;
  }
  return feasible;
}

/**
 * Square-root staffing: c = R + beta sqrt(R), rounded up, with R the offered load in Erlangs. beta (about 0.5 to 2)
 * buys the quality of service; a starting point and a sanity check, not a replacement for requiredAgents.
 */
export function squareRootStaffing(loadErlangs: number, beta: number): number {
  if (!(loadErlangs > 0)) return 0;
  return Math.max(1, Math.ceil(loadErlangs + beta * Math.sqrt(loadErlangs) - 1e-9));
}

/**
 * Head count to roster so that, after shrinkage (breaks, meetings, training), `agents` are actually available:
 * ceil(agents / (1 - shrinkage)). The tolerance keeps 14 / 0.7 at 20, not 21 (0.7 is not exact in binary).
 */
export function rosteredAgents(agents: number, shrinkage: number): number {
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new RangeError(`shrinkage must be in [0, 1), got ${shrinkage}`);
  if (agents <= 0) return 0;
  return Math.ceil(agents / (1 - shrinkage) - 1e-9);
}

function idlePerformance(): QueuePerformance {
  return {
    agents: 0,
    loadErlangs: 0,
    probabilityOfWait: 0,
    serviceLevel: 1,
    serviceLevelAnswered: 1,
    meanWaitMinutes: 0,
    meanWaitAllMinutes: 0,
    meanQueueLength: 0,
    occupancy: 0,
    probabilityOfAbandon: 0,
  };
}
