/**
 * Staffing hour by hour over a week: SIPP (stationary independent period by period), each of the 168 hourly intervals
 * sized as if its arrival rate held forever, optionally lagged by one mean handle time.
 *
 * Every tier is sized with Erlang C, not Erlang A: a tier's demand mixes synchronous channels (whose customers have a
 * patience) with asynchronous ones (who never abandon), and L2/L3 receive escalations that wait whatever it takes, so
 * one exponential patience would misstate it. Erlang C therefore errs on the safe side (more agents, not fewer).
 */
import { InputError } from "../errors.js";
import { DAY_NAMES } from "../model/units.js";
import type { ArrivalsConfig, Scenario } from "../model/types.js";
import { type QueuePerformance } from "./performance.js";
import { DEFAULT_MAX_AGENTS, requiredAgents, rosteredAgents } from "./staffing.js";
import { type StaffedGroup, tierDemand } from "./tierDemand.js";

export const HOURS_PER_WEEK = 168;
const MINUTES_PER_HOUR = 60;

export interface IntervalStaffingOptions {
  /** Tier to size; default L1 (the pool for a flat scenario). */
  group?: StaffedGroup;
  /** Share to answer within the target; default 0.8. */
  serviceLevel?: number;
  /** Default: the scenario's service-level target. */
  targetMinutes?: number;
  maxOccupancy?: number;
  /** Default: the group's shrinkage in the scenario. */
  shrinkage?: number;
  /**
   * Lagged SIPP: size each interval on the arrival rate of the interval shifted back by one mean handle time (circular
   * over the week), since the agents busy now are working on tickets that arrived up to a handle time ago.
   */
  lag?: boolean;
  maxAgents?: number;
}

export interface IntervalRow {
  /** 0 = Monday .. 6 = Sunday. */
  day: number;
  dayName: string;
  /** Hour of day, 0..23. */
  hour: number;
  /** Arrivals per hour at this group in the interval (lagged when lag is on). */
  ratePerHour: number;
  agents: number;
  rostered: number;
  serviceLevel: number;
  occupancy: number;
}

export interface IntervalStaffing {
  group: StaffedGroup;
  arrivalShare: number;
  /** Mean handle time at the group, handoff notes included. */
  handleMinutes: number;
  /** The part of handleMinutes spent writing handoff notes. */
  handoffMinutes: number;
  targetMinutes: number;
  serviceLevel: number;
  maxOccupancy: number;
  shrinkage: number;
  lag: boolean;
  intervals: IntervalRow[];
  /** Sum over the week of agents x 1 hour, available and rostered. */
  agentHours: number;
  rosteredHours: number;
}

/** Arrivals per minute in each of the 168 hours of the week, Monday 00:00 first: rate x hourOfDay[h] x dayOfWeek[d]. */
export function weeklyRates(arrivals: ArrivalsConfig): Float64Array {
  const rates = new Float64Array(HOURS_PER_WEEK);
  for (let day = 0; day < 7; day++) {
    for (let hour = 0; hour < 24; hour++) {
      rates[day * 24 + hour] = arrivals.ratePerMinute * (arrivals.hourOfDay[hour] ?? 1) * (arrivals.dayOfWeek[day] ?? 1);
    }
  }
  return rates;
}

/**
 * Each hourly interval's mean rate over the same hour shifted back by `lagMinutes`, circular over the week
 * (Monday 00:10 looks back into Sunday night). The rates are piecewise constant per hour, so the mean is exact.
 */
export function laggedRates(hourlyRates: ArrayLike<number>, lagMinutes: number): Float64Array {
  const lagged = new Float64Array(hourlyRates.length);
  const weekMinutes = hourlyRates.length * MINUTES_PER_HOUR;
  for (let i = 0; i < hourlyRates.length; i++) {
    const from = i * MINUTES_PER_HOUR - lagMinutes;
    lagged[i] = integrateCircular(hourlyRates, from, from + MINUTES_PER_HOUR, weekMinutes) / MINUTES_PER_HOUR;
  }
  return lagged;
}

/** Integral of the hourly step function over [from, to), the week wrapping around. */
function integrateCircular(hourlyRates: ArrayLike<number>, from: number, to: number, weekMinutes: number): number {
  const start = ((from % weekMinutes) + weekMinutes) % weekMinutes;
  let remaining = to - from;
  let t = start;
  let total = 0;
  while (remaining > 1e-12) {
    const hour = Math.floor(t / MINUTES_PER_HOUR) % hourlyRates.length;
    const hourEnd = (Math.floor(t / MINUTES_PER_HOUR) + 1) * MINUTES_PER_HOUR;
    const span = Math.min(remaining, hourEnd - t);
    total += hourlyRates[hour]! * span;
    remaining -= span;
    t = hourEnd >= weekMinutes ? 0 : hourEnd;
  }
  return total;
}

/** Per-interval staffing of one group of a scenario, hour by hour over the week. */
export function intervalStaffing(scenario: Scenario, options: IntervalStaffingOptions = {}): IntervalStaffing {
  const group = options.group ?? (scenario.structure === "flat" ? "pool" : "L1");
  const demand = tierDemand(scenario, group);
  const serviceLevel = options.serviceLevel ?? 0.8;
  const targetMinutes = options.targetMinutes ?? scenario.serviceLevelTargetMinutes;
  const maxOccupancy = options.maxOccupancy ?? 1;
  const shrinkage = options.shrinkage ?? demand.shrinkage;
  const lag = options.lag ?? false;
  const maxAgents = options.maxAgents ?? DEFAULT_MAX_AGENTS;

  const arrivalRates = weeklyRates(scenario.arrivals).map((rate) => rate * demand.arrivalShare);
  const rates = lag ? laggedRates(arrivalRates, demand.handleMinutes) : arrivalRates;

  // Many intervals share a rate (flat nights, equal weekdays): size each distinct rate once.
  const sized = new Map<number, { agents: number; performance: QueuePerformance }>();
  const intervals: IntervalRow[] = [];
  let agentHours = 0;
  let rosteredHours = 0;
  for (let i = 0; i < HOURS_PER_WEEK; i++) {
    const day = Math.floor(i / 24);
    const hour = i % 24;
    const ratePerMinute = rates[i]!;
    let result = sized.get(ratePerMinute);
    if (result === undefined) {
      result = requiredAgents(
        { ratePerMinute, handleMinutes: demand.handleMinutes },
        { targetMinutes, serviceLevel, maxOccupancy, maxAgents },
      );
      if (result === undefined) {
        const where = `${DAY_NAMES[day]} ${String(hour).padStart(2, "0")}:00`;
        throw new InputError(
          `${where}: ${group} would need more than ${maxAgents} agents for ${(ratePerMinute * 60).toFixed(1)} tickets/h ` +
            `at ${demand.handleMinutes.toFixed(2)} min each`,
        );
      }
      sized.set(ratePerMinute, result);
    }
    const rostered = rosteredAgents(result.agents, shrinkage);
    intervals.push({
      day,
      dayName: DAY_NAMES[day]!,
      hour,
      ratePerHour: ratePerMinute * 60,
      agents: result.agents,
      rostered,
      serviceLevel: result.performance.serviceLevel,
      occupancy: result.performance.occupancy,
    });
    agentHours += result.agents;
    rosteredHours += rostered;
  }
  return {
    group,
    arrivalShare: demand.arrivalShare,
    handleMinutes: demand.handleMinutes,
    handoffMinutes: demand.handoffMinutes,
    targetMinutes,
    serviceLevel,
    maxOccupancy,
    shrinkage,
    lag,
    intervals,
    agentHours,
    rosteredHours,
  };
}
