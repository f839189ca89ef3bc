/**
 * Erlang C: the M/M/c queue (Poisson arrivals, exponential handle times, c agents, nobody abandons, FCFS).
 * All times in minutes, rates per minute. An unstable queue (offered load >= agents) never throws and never
 * gives NaN: everyone waits, the mean wait is Infinity, the service level is 0, occupancy is 1.
 */

/** Offered load in Erlangs: arrivals per minute x mean handle time in minutes. */
export function offeredLoadErlangs(ratePerMinute: number, handleMinutes: number): number {
  return ratePerMinute * handleMinutes;
}

/**
 * Erlang B blocking probability of `agents` servers under `loadErlangs`, by the recursion
 * B(k) = A B(k-1) / (k + A B(k-1)), which stays within [0, 1] and so never overflows (unlike A^c / c!).
 */
export function erlangB(agents: number, loadErlangs: number): number {
  checkAgents(agents);
  let blocking = 1;
  for (let k = 1; k <= agents; k++) blocking = (loadErlangs * blocking) / (k + loadErlangs * blocking);
  return blocking;
}

/** Erlang C: probability that an arrival waits, C = c B / (c - A (1 - B)); 1 when unstable. */
export function probabilityOfWait(agents: number, loadErlangs: number): number {
  checkAgents(agents);
  if (loadErlangs <= 0) return 0;
  if (loadErlangs >= agents) return 1;
  const blocking = erlangB(agents, loadErlangs);
  return (agents * blocking) / (agents - loadErlangs * (1 - blocking));
}

/** Share of arrivals answered within `targetMinutes`: 1 - C e^{-(c mu - lambda) t}. */
export function serviceLevel(
  agents: number,
  ratePerMinute: number,
  handleMinutes: number,
  targetMinutes: number,
): number {
  const load = offeredLoadErlangs(ratePerMinute, handleMinutes);
  if (load >= agents) return 0;
  const pWait = probabilityOfWait(agents, load);
  const drainPerMinute = (agents - load) / handleMinutes; // c mu - lambda
  return 1 - pWait * Math.exp(-drainPerMinute * targetMinutes);
}

/** Mean wait over all arrivals (the ASA; here every arrival is answered): C / (c mu - lambda). */
export function meanWaitMinutes(agents: number, ratePerMinute: number, handleMinutes: number): number {
  const load = offeredLoadErlangs(ratePerMinute, handleMinutes);
  if (load >= agents) return Infinity;
  if (load <= 0) return 0;
  return (probabilityOfWait(agents, load) * handleMinutes) / (agents - load);
}

/** Mean wait of those who wait: 1 / (c mu - lambda). */
export function meanWaitOfWaitersMinutes(agents: number, ratePerMinute: number, handleMinutes: number): number {
  const load = offeredLoadErlangs(ratePerMinute, handleMinutes);
  if (load >= agents) return Infinity;
  return handleMinutes / (agents - load);
}

/** Share of agent time spent handling: A / c, capped at 1 (an unstable queue keeps everyone busy). */
export function occupancy(agents: number, loadErlangs: number): number {
  checkAgents(agents);
  return Math.min(1, loadErlangs / agents);
}

/** Mean number waiting (Lq = C A / (c - A)), by Little's law lambda x mean wait. */
export function meanQueueLength(agents: number, ratePerMinute: number, handleMinutes: number): number {
  const load = offeredLoadErlangs(ratePerMinute, handleMinutes);
  if (load >= agents) return Infinity;
  if (load <= 0) return 0;
  return (probabilityOfWait(agents, load) * load) / (agents - load);
}

export interface ErlangCResult {
  agents: number;
  loadErlangs: number;
  probabilityOfWait: number;
  serviceLevel: number;
  meanWaitMinutes: number;
  meanQueueLength: number;
  occupancy: number;
}

/** Every Erlang C figure of one head count at once (one Erlang B recursion instead of several). */
export function erlangC(
  agents: number,
  ratePerMinute: number,
  handleMinutes: number,
  targetMinutes: number,
): ErlangCResult {
  checkAgents(agents);
  const load = offeredLoadErlangs(ratePerMinute, handleMinutes);
  if (load >= agents) {
    return {
      agents,
      loadErlangs: load,
      probabilityOfWait: 1,
      serviceLevel: 0,
      meanWaitMinutes: Infinity,
      meanQueueLength: Infinity,
      occupancy: 1,
    };
  }
  const pWait = probabilityOfWait(agents, load);
  const drainPerMinute = load > 0 ? (agents - load) / handleMinutes : Infinity;
  const wait = load > 0 ? pWait / drainPerMinute : 0;
  return {
    agents,
    loadErlangs: load,
    probabilityOfWait: pWait,
    serviceLevel: load > 0 ? 1 - pWait * Math.exp(-drainPerMinute * targetMinutes) : 1,
    meanWaitMinutes: wait,
    meanQueueLength: ratePerMinute * wait,
    occupancy: load / agents,
  };
}

function checkAgents(agents: number): void {
  if (!Number.isInteger(agents) || agents < 1) throw new RangeError(`agents must be an integer >= 1, got ${agents}`);
}
