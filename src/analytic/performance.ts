/**
 * One queue, one head count: the figures a support manager reads, from Erlang C when nobody abandons and from
 * Erlang A when customers have a (mean, exponential) patience.
 */
import { erlangA } from "./erlangA.js";
import { erlangC } from "./erlangC.js";

export interface QueueSpec {
  ratePerMinute: number;
  /** Mean handle time; Erlang C/A take it as exponential. */
  handleMinutes: number;
  /** Mean patience (exponential); undefined or Infinity: nobody abandons (Erlang C). */
  patienceMinutes?: number;
}

export interface QueuePerformance {
  agents: number;
  loadErlangs: number;
  probabilityOfWait: number;
  /** Share of all arrivals answered within the target; abandoners count as misses. */
  serviceLevel: number;
  /** Share of the answered arrivals answered within the target. */
  serviceLevelAnswered: number;
  /** Mean wait of the answered arrivals (ASA); Infinity when the queue is unstable. */
  meanWaitMinutes: number;
  /** Mean wait over all arrivals, abandoners' time to abandon included. */
  meanWaitAllMinutes: number;
  meanQueueLength: number;
  occupancy: number;
  probabilityOfAbandon: number;
}

export function hasPatience(queue: QueueSpec): boolean {
  return queue.patienceMinutes !== undefined && Number.isFinite(queue.patienceMinutes);
}

export function queuePerformance(agents: number, queue: QueueSpec, targetMinutes: number): QueuePerformance {
  if (hasPatience(queue)) {
    const a = erlangA(agents, queue.ratePerMinute, queue.handleMinutes, queue.patienceMinutes!, targetMinutes);
    return {
      agents,
      loadErlangs: a.loadErlangs,
      probabilityOfWait: a.probabilityOfWait,
      serviceLevel: a.serviceLevel,
      serviceLevelAnswered: a.serviceLevelAnswered,
      meanWaitMinutes: a.meanWaitAnsweredMinutes,
      meanWaitAllMinutes: a.meanWaitMinutes,
      meanQueueLength: a.meanQueueLength,
      occupancy: a.occupancy,
      probabilityOfAbandon: a.probabilityOfAbandon,
    };
  }
  const c = erlangC(agents, queue.ratePerMinute, queue.handleMinutes, targetMinutes);
  return {
    agents,
    loadErlangs: c.loadErlangs,
    probabilityOfWait: c.probabilityOfWait,
    serviceLevel: c.serviceLevel,
    serviceLevelAnswered: c.serviceLevel,
    meanWaitMinutes: c.meanWaitMinutes,
    meanWaitAllMinutes: c.meanWaitMinutes,
    meanQueueLength: c.meanQueueLength,
    occupancy: c.occupancy,
    probabilityOfAbandon: 0,
  };
}

/** The figures for every head count from `fromAgents` to `toAgents` (inclusive). */
export function staffingTable(
  queue: QueueSpec,
  targetMinutes: number,
  fromAgents: number,
  toAgents: number,
): QueuePerformance[] {
  const rows: QueuePerformance[] = [];
  for (let agents = Math.max(1, fromAgents); agents <= toAgents; agents++) {
    rows.push(queuePerformance(agents, queue, targetMinutes));
  }
  return rows;
}
