/**
 * Erlang A: the M/M/c+M queue. Poisson arrivals, exponential handle times, c agents, and each waiting customer
 * abandons after an exponential patience (rate theta = 1 / mean patience). Always stable, since the queue sheds load.
 *
 * Computed from the birth-death chain n = 0, 1, 2, ... (birth rate lambda, death rate min(n, c) mu + max(n - c, 0) theta),
 * streamed state by state in log space so that neither A^c / c! nor a long queue overflows, and cut where the
 * remaining tail (bounded by a geometric series, since the death rates only grow) is below 1e-15 of the mass.
 * Arrivals see the stationary distribution (PASTA), which gives every per-arrival figure.
 */
import { erlangC } from "./erlangC.js";

export interface ErlangAResult {
  agents: number;
  loadErlangs: number;
  /** Probability that an arrival finds every agent busy. */
  probabilityOfWait: number;
  /** Share of arrivals that abandon: theta E[Q] / lambda. */
  probabilityOfAbandon: number;
  /** Share of ALL arrivals answered within the target; abandoners count as misses. */
  serviceLevel: number;
  /** Share of the answered arrivals answered within the target. */
  serviceLevelAnswered: number;
  /** Mean time in queue over all arrivals, abandoners included (E[Q] / lambda). */
  meanWaitMinutes: number;
  /** Mean time in queue of the answered arrivals (the ASA convention). */
  meanWaitAnsweredMinutes: number;
  meanQueueLength: number;
  /** Served load per agent: lambda (1 - P(abandon)) / (c mu). */
  occupancy: number;
  /** Number of chain states summed (the truncation point + 1); 0 when not from the chain. */
  states: number;
  /** "fluid": overloaded with a patience so long that the queue runs to millions; the fluid limit is used instead. */
  approximation?: "fluid";
}

/** Above this many customers waiting (in the fluid estimate) the chain is not summed: the fluid limit is exact enough. */
const FLUID_QUEUE = 1_000_000;
/** A guard: states summed at most. */
const MAX_STATES = 5_000_000;
const TAIL_TOLERANCE = 1e-15;
/** Rescale the running sums when the log weight climbs this far above their reference, to stay in range. */
const RESCALE_LOG = 600;

export function erlangA(
  agents: number,
  ratePerMinute: number,
  handleMinutes: number,
  patienceMinutes: number,
  targetMinutes: number,
): ErlangAResult {
  if (!Number.isInteger(agents) || agents < 1) throw new RangeError(`agents must be an integer >= 1, got ${agents}`);
  if (!(handleMinutes > 0)) throw new RangeError(`handle time must be > 0 minutes, got ${handleMinutes}`);
  if (!(patienceMinutes > 0)) throw new RangeError(`patience must be > 0 minutes, got ${patienceMinutes}`);
  if (!(ratePerMinute >= 0) || !(targetMinutes >= 0)) throw new RangeError("rate and target must be >= 0");
  const load = ratePerMinute * handleMinutes;
  if (patienceMinutes === Infinity) return fromErlangC(agents, ratePerMinute, handleMinutes, targetMinutes);
  if (ratePerMinute === 0) {
    return {
      agents,
      loadErlangs: 0,
      probabilityOfWait: 0,
      probabilityOfAbandon: 0,
      serviceLevel: 1,
      serviceLevelAnswered: 1,
      meanWaitMinutes: 0,
      meanWaitAnsweredMinutes: 0,
      meanQueueLength: 0,
      occupancy: 0,
      states: 1,
    };
  }

  const lambda = ratePerMinute;
  const mu = 1 / handleMinutes;
  const theta = 1 / patienceMinutes;
  const allBusyRate = agents * mu;
  if ((lambda - allBusyRate) / theta > FLUID_QUEUE) return fluidLimit(agents, lambda, allBusyRate, theta, targetMinutes);
  const position = new QueuePosition(allBusyRate, theta, targetMinutes);

  // Sums of weight x quantity; weights are exp(logWeight - logReference).
  let logWeight = 0;
  let logReference = 0;
  let mass = 0;
  let waitMass = 0; // n >= c
  let queueSum = 0; // (n - c)+
  let busySum = 0; // min(n, c)
  let answeredMass = 0; // P(answered | n)
  let answeredInTimeMass = 0; // P(answered within t | n)
  let answeredWaitSum = 0; // E[wait; answered | n]

  let n = 0;
  for (;;) {
    if (logWeight - logReference > RESCALE_LOG) {
      const shrink = Math.exp(logReference - logWeight);
      mass *= shrink;
      waitMass *= shrink;
      queueSum *= shrink;
      busySum *= shrink;
      answeredMass *= shrink;
      answeredInTimeMass *= shrink;
      answeredWaitSum *= shrink;
      logReference = logWeight;
    }
    const weight = Math.exp(logWeight - logReference);
    mass += weight;
    if (n < agents) {
      busySum += n * weight;
      answeredMass += weight;
      answeredInTimeMass += weight;
    } else {
      const ahead = n - agents;
      busySum += agents * weight;
      waitMass += weight;
      queueSum += ahead * weight;
      answeredMass += position.answeredProbability() * weight;
      answeredInTimeMass += position.answeredWithinTarget() * weight;
      answeredWaitSum += position.answeredWaitMinutes() * weight;
      position.next();
    }

    const nextDeathRate = Math.min(n + 1, agents) * mu + Math.max(n + 1 - agents, 0) * theta;
    const ratio = lambda / nextDeathRate;
    if (n >= agents && ratio < 1) {
      // Death rates only grow from here, so the tail is below a geometric series in `ratio`.
      const ahead = n - agents;
      const tailOverWeight = (ratio / (1 - ratio)) * (1 + ahead + 1 / (1 - ratio));
      if (weight * tailOverWeight < TAIL_TOLERANCE * mass) break;
    }
    n++;
    if (n >= MAX_STATES) {
      throw new RangeError(
        `Erlang A needs more than ${MAX_STATES} states (patience ${patienceMinutes} min against load ${load} Erlangs on ${agents} agents)`,
      );
    }
    logWeight += Math.log(ratio);
  }

  const meanQueueLength = queueSum / mass;
  const probabilityOfAbandon = (theta * meanQueueLength) / lambda;
  const answered = answeredMass / mass;
  return {
    agents,
    loadErlangs: load,
    probabilityOfWait: waitMass / mass,
    probabilityOfAbandon,
    serviceLevel: answeredInTimeMass / mass,
    serviceLevelAnswered: answered > 0 ? answeredInTimeMass / answeredMass : 0,
    meanWaitMinutes: meanQueueLength / lambda,
    meanWaitAnsweredMinutes: answered > 0 ? answeredWaitSum / answeredMass : Infinity,
    meanQueueLength,
    occupancy: busySum / mass / agents,
    states: n + 1,
  };
}

/**
 * The fate of an arrival that finds k customers waiting ahead of it, advanced k = 0, 1, 2, ... in step with the chain.
 *
 * Its place moves up at rate c mu + j theta while j are ahead, and it abandons at rate theta. With T the time to reach
 * an agent (a sum of exponentials of rates c mu + j theta, j = k..0) and its own patience independent of T:
 *   P(answered within t | k) = E[e^{-theta T}; T <= t] = c mu / (c mu + (k+1) theta) * I_x(k + 1, c mu / theta + 1),
 * with x = 1 - e^{-theta t}: tilting by e^{-theta T} turns T into a sum of exponentials of rates theta (r + i),
 * r = c mu / theta, i = 1..k+1, whose image 1 - e^{-theta T} is Beta(k + 1, r + 1) distributed (a product of
 * independent Beta(r + i, 1) variables), and the tilt factors telescope. I_x(m, b) is the regularized incomplete
 * beta function, advanced by its exact recurrence I_x(m + 1, b) = I_x(m, b) - Gamma(m+b) / (Gamma(m+1) Gamma(b)) x^m (1-x)^b,
 * the subtracted term carried in log space. Likewise E[wait; answered | k] = -d/ds E[e^{-sT}] at s = theta
 *   = c mu / (c mu + (k+1) theta) * sum_{i=1..k+1} 1 / (c mu + i theta).
 */
class QueuePosition {
  private ahead = 0;
  private readonly b: number;
  private readonly logX: number;
  /** I_x(ahead + 1, b). */
  private incompleteBeta: number;
  /** log of the term subtracted to go from I_x(m, b) to I_x(m + 1, b), m = ahead + 1. */
  private logTerm: number;
  private inverseRateSum: number;

  constructor(
    private readonly allBusyRate: number,
    private readonly theta: number,
    targetMinutes: number,
  ) {
    this.b = allBusyRate / theta + 1;
    const logOneMinusX = -theta * targetMinutes;
    this.logX = Math.log(-Math.expm1(logOneMinusX));
    this.incompleteBeta = -Math.expm1(this.b * logOneMinusX);
    this.logTerm = Math.log(this.b) + this.logX + this.b * logOneMinusX;
    this.inverseRateSum = 1 / (allBusyRate + theta);
  }

  /** P(answered at all | k ahead). */
  answeredProbability(): number {
    return this.allBusyRate / (this.allBusyRate + (this.ahead + 1) * this.theta);
  }

  answeredWithinTarget(): number {
    return this.answeredProbability() * Math.min(1, Math.max(0, this.incompleteBeta));
  }

  answeredWaitMinutes(): number {
    return this.answeredProbability() * this.inverseRateSum;
  }

  next(): void {
    const m = this.ahead + 1;
    if (this.logTerm > -Infinity) this.incompleteBeta -= Math.exp(this.logTerm);
    this.logTerm += Math.log((m + this.b) / (m + 1)) + this.logX;
    this.ahead++;
    this.inverseRateSum += 1 / (this.allBusyRate + (this.ahead + 1) * this.theta);
  }
}

/** Without abandonment Erlang A is Erlang C; unstable loads keep Erlang C's conventions (no NaN). */
function fromErlangC(agents: number, ratePerMinute: number, handleMinutes: number, targetMinutes: number): ErlangAResult {
  const c = erlangC(agents, ratePerMinute, handleMinutes, targetMinutes);
  return {
    agents,
    loadErlangs: c.loadErlangs,
    probabilityOfWait: c.probabilityOfWait,
    probabilityOfAbandon: 0,
    serviceLevel: c.serviceLevel,
    serviceLevelAnswered: c.serviceLevel,
    meanWaitMinutes: c.meanWaitMinutes,
    meanWaitAnsweredMinutes: c.meanWaitMinutes,
    meanQueueLength: c.meanQueueLength,
    occupancy: c.occupancy,
    states: 0,
  };
}

/**
 * The fluid limit of an overloaded queue (c mu < lambda) as patience grows: the queue settles where abandonment sheds
 * the excess, (lambda - c mu) / theta; agents are always busy and answer c mu per minute; an answered customer has
 * outlasted a wait w with e^{-theta w} = c mu / lambda (all answered waits concentrate there). Relative errors shrink like sqrt(lambda theta) / (lambda - c mu).
 */
function fluidLimit(
  agents: number,
  lambda: number,
  allBusyRate: number,
  theta: number,
  targetMinutes: number,
): ErlangAResult {
  const probabilityOfAbandon = 1 - allBusyRate / lambda;
  const answeredWait = Math.log(lambda / allBusyRate) / theta;
  const inTime = targetMinutes >= answeredWait;
  return {
    agents,
    loadErlangs: (lambda * agents) / allBusyRate,
    probabilityOfWait: 1,
    probabilityOfAbandon,
    serviceLevel: inTime ? 1 - probabilityOfAbandon : 0,
    serviceLevelAnswered: inTime ? 1 : 0,
    meanWaitMinutes: probabilityOfAbandon / theta,
    meanWaitAnsweredMinutes: answeredWait,
    meanQueueLength: (lambda - allBusyRate) / theta,
    occupancy: 1,
    states: 0,
    approximation: "fluid",
  };
}
