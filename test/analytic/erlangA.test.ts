import { describe, expect, it } from "vitest";
import { erlangA } from "../../src/analytic/erlangA.js";
import { erlangC } from "../../src/analytic/erlangC.js";

const RATE = 100 / 30;
const AHT = 3;
const PATIENCE = 5;
const TARGET = 20 / 60;

/** The birth-death chain by brute force in plain arrays: a reference for moderate sizes. */
function bruteChain(c: number, lambda: number, aht: number, patience: number, states = 400) {
  const p = [1];
  for (let n = 1; n < states; n++) p.push((p[n - 1]! * lambda) / (Math.min(n, c) / aht + Math.max(n - c, 0) / patience));
  const total = p.reduce((s, x) => s + x, 0);
  const prob = p.map((x) => x / total);
  return {
    prob,
    pWait: prob.reduce((s, x, n) => s + (n >= c ? x : 0), 0),
    queue: prob.reduce((s, x, n) => s + Math.max(n - c, 0) * x, 0),
  };
}

/**
 * P(answered within t | k ahead) by uniformization of the small absorbing chain (an independent method):
 * states j = k..0 ahead, then "answered" and "abandoned" absorbing.
 */
function answeredWithinByUniformization(k: number, allBusyRate: number, theta: number, t: number): number {
  const rates = (j: number) => allBusyRate + j * theta; // rate of moving up (to j-1, or answered from j=0)
  const uniform = rates(k) + theta;
  let vector = new Float64Array(k + 1); // probability of being at j ahead
  vector[k] = 1;
  let answered = 0;
  let result = 0;
  const lt = uniform * t;
  let poisson = Math.exp(-lt);
  for (let step = 0; step < 10_000; step++) {
    result += poisson * answered;
    const next = new Float64Array(k + 1);
    let answeredNow = answered;
    for (let j = 0; j <= k; j++) {
      const mass = vector[j]!;
      if (mass === 0) continue;
      const move = rates(j) / uniform;
      const stay = 1 - move - theta / uniform;
      if (j === 0) answeredNow += mass * move;
      else next[j - 1]! += mass * move;
      next[j]! += mass * stay;
    }
    vector = next;
    answered = answeredNow;
    poisson *= lt / (step + 1);
    if (step > lt && poisson < 1e-18) break;
  }
  return result;
}

describe("Erlang A, published figures", () => {
  it("13 agents, patience 5 min: P(abandon) 0.0250, P(wait) 0.2258", () => {
    const r = erlangA(13, RATE, AHT, PATIENCE, TARGET);
    expect(Math.abs(r.probabilityOfAbandon - 0.025)).toBeLessThan(5e-5);
    expect(Math.abs(r.probabilityOfWait - 0.2258)).toBeLessThan(5e-5);
  });
});

describe("Erlang A, exactness", () => {
  it("matches the brute-force chain", () => {
    for (const [c, lambda, aht, patience] of [
      [13, RATE, AHT, PATIENCE],
      [5, 2, 3, 1], // overloaded: lambda > c mu, stable only thanks to abandonment
      [1, 0.5, 1, 10],
      [40, 12, 3, 2],
    ] as const) {
      const r = erlangA(c, lambda, aht, patience, TARGET);
      const ref = bruteChain(c, lambda, aht, patience);
      expect(r.probabilityOfWait).toBeCloseTo(ref.pWait, 12);
      expect(r.meanQueueLength).toBeCloseTo(ref.queue, 10);
      expect(r.probabilityOfAbandon).toBeCloseTo(ref.queue / patience / lambda, 12);
    }
  });

  it("service level equals an independent uniformization of each queue position", () => {
    const c = 6;
    const lambda = 2.2;
    const aht = 3;
    const patience = 2;
    const t = 0.75;
    const ref = bruteChain(c, lambda, aht, patience);
    let expected = ref.prob.slice(0, c).reduce((s, x) => s + x, 0);
    for (let n = c; n < 120; n++) expected += ref.prob[n]! * answeredWithinByUniformization(n - c, c / aht, 1 / patience, t);
    const r = erlangA(c, lambda, aht, patience, t);
    expect(r.serviceLevel).toBeCloseTo(expected, 9);
  });

  it("flows balance: answered = 1 - P(abandon), served load = occupancy x c, E[wait] = P(abandon) x patience", () => {
    for (const [c, lambda, patience] of [
      [13, RATE, PATIENCE],
      [8, 4, 0.5],
      [200, 70, 4],
    ] as const) {
      const r = erlangA(c, lambda, AHT, patience, TARGET);
      const answeredAtAll = erlangA(c, lambda, AHT, patience, Infinity);
      expect(answeredAtAll.serviceLevel).toBeCloseTo(1 - r.probabilityOfAbandon, 10);
      expect(answeredAtAll.serviceLevelAnswered).toBeCloseTo(1, 10);
      expect(r.occupancy * c).toBeCloseTo(lambda * AHT * (1 - r.probabilityOfAbandon), 9);
      expect(r.meanWaitMinutes).toBeCloseTo(r.probabilityOfAbandon * patience, 10);
      expect(r.serviceLevel).toBeLessThan(r.serviceLevelAnswered);
      expect(r.meanWaitAnsweredMinutes).toBeGreaterThan(0);
      expect(Number.isFinite(r.meanWaitAnsweredMinutes)).toBe(true);
    }
  });

  it("a zero target: answered within 0 means found a free agent", () => {
    const r = erlangA(13, RATE, AHT, PATIENCE, 0);
    expect(r.serviceLevel).toBeCloseTo(1 - r.probabilityOfWait, 12);
  });

  it("approaches Erlang C as patience grows", () => {
    for (const c of [11, 14, 20]) {
      const ec = erlangC(c, RATE, AHT, TARGET);
      let previousGap = Infinity;
      for (const patience of [1e2, 1e4, 1e6]) {
        const ea = erlangA(c, RATE, AHT, patience, TARGET);
        const gap = Math.abs(ea.probabilityOfWait - ec.probabilityOfWait) + Math.abs(ea.serviceLevel - ec.serviceLevel);
        expect(gap).toBeLessThan(previousGap);
        previousGap = gap;
      }
      const far = erlangA(c, RATE, AHT, 1e7, TARGET);
      expect(far.probabilityOfWait).toBeCloseTo(ec.probabilityOfWait, 5);
      expect(far.serviceLevel).toBeCloseTo(ec.serviceLevel, 5);
      expect(far.meanWaitAnsweredMinutes).toBeCloseTo(ec.meanWaitMinutes, 4);
      expect(far.probabilityOfAbandon).toBeLessThan(1e-5);
    }
  });

  it("infinite patience is exactly Erlang C", () => {
    const ea = erlangA(14, RATE, AHT, Infinity, TARGET);
    const ec = erlangC(14, RATE, AHT, TARGET);
    expect(ea.probabilityOfWait).toBe(ec.probabilityOfWait);
    expect(ea.serviceLevel).toBe(ec.serviceLevel);
    expect(ea.probabilityOfAbandon).toBe(0);
  });

  it("c = 1 with long patience tends to M/M/1", () => {
    const r = erlangA(1, 0.5, 1, 1e9, 1);
    expect(r.probabilityOfWait).toBeCloseTo(0.5, 8);
    expect(r.serviceLevel).toBeCloseTo(1 - 0.5 * Math.exp(-0.5), 8);
    expect(r.meanWaitAnsweredMinutes).toBeCloseTo(1, 6);
  });

  it("stays finite for thousands of agents and for heavy overload", () => {
    const big = erlangA(3000, 1000, 2.9, 3, 0.5);
    for (const value of Object.values(big)) expect(Number.isFinite(value)).toBe(true);
    expect(big.probabilityOfAbandon).toBeGreaterThan(0);
    expect(big.probabilityOfAbandon).toBeLessThan(0.05);
    const overload = erlangA(10, 20, 3, 1, TARGET); // 60 Erlangs on 10 agents
    for (const value of Object.values(overload)) expect(Number.isFinite(value)).toBe(true);
    expect(overload.probabilityOfAbandon).toBeGreaterThan(0.8);
    expect(overload.occupancy).toBeGreaterThan(0.99);
  });

  it("no arrivals: nobody waits", () => {
    expect(erlangA(2, 0, AHT, PATIENCE, TARGET)).toMatchObject({ probabilityOfWait: 0, serviceLevel: 1, occupancy: 0 });
  });
});

describe("Erlang A, overload with very long patience", () => {
  it("switches to the fluid limit where the queue would run to millions, continuous with the chain", () => {
    // 2 per minute on 5 agents of 3 minutes: c mu = 5/3, excess 1/3 per minute.
    const chain = erlangA(5, 2, 3, 150_000, TARGET); // queue around 50 000: summed
    const fluid = erlangA(5, 2, 3, 6_000_000, TARGET); // queue around 2 000 000: fluid
    expect(chain.approximation).toBeUndefined();
    expect(fluid.approximation).toBe("fluid");
    for (const r of [chain, fluid]) {
      expect(r.probabilityOfAbandon).toBeCloseTo(1 - 5 / 6, 2);
      expect(r.probabilityOfWait).toBeCloseTo(1, 2);
      expect(r.serviceLevel).toBeLessThan(1e-3);
      expect(r.occupancy).toBeCloseTo(1, 2);
    }
    // The answered wait is ln(lambda / (c mu)) x patience in the limit.
    expect(chain.meanWaitAnsweredMinutes / 150_000).toBeCloseTo(Math.log(6 / 5), 2);
    expect(fluid.meanWaitAnsweredMinutes / 6_000_000).toBeCloseTo(Math.log(6 / 5), 12);
  });
});
