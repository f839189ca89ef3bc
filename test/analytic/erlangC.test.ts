import { describe, expect, it } from "vitest";
import {
  erlangB,
  erlangC,
  meanQueueLength,
  meanWaitMinutes,
  meanWaitOfWaitersMinutes,
  occupancy,
  offeredLoadErlangs,
  probabilityOfWait,
  serviceLevel,
} from "../../src/analytic/erlangC.js";

// The textbook example: 100 calls per 30 minutes, 3-minute handle time, 14 agents, target 20 seconds.
const RATE = 100 / 30; // per minute
const AHT = 3; // minutes
const TARGET = 20 / 60; // minutes

describe("Erlang C, published figures", () => {
  it("offers 10 Erlangs", () => {
    expect(offeredLoadErlangs(RATE, AHT)).toBeCloseTo(10, 12);
  });

  it("14 agents: P(wait) 0.1741, service level in 20 s 0.8884, mean wait 7.84 s", () => {
    expect(Math.abs(probabilityOfWait(14, 10) - 0.1741)).toBeLessThan(5e-5);
    expect(Math.abs(serviceLevel(14, RATE, AHT, TARGET) - 0.8884)).toBeLessThan(5e-5);
    expect(Math.abs(meanWaitMinutes(14, RATE, AHT) * 60 - 7.84)).toBeLessThan(5e-3);
    const all = erlangC(14, RATE, AHT, TARGET);
    expect(Math.abs(all.probabilityOfWait - 0.1741)).toBeLessThan(5e-5);
    expect(Math.abs(all.serviceLevel - 0.8884)).toBeLessThan(5e-5);
    expect(Math.abs(all.meanWaitMinutes * 60 - 7.84)).toBeLessThan(5e-3);
    expect(all.occupancy).toBeCloseTo(10 / 14, 12);
  });

  it("Erlang B table value: 10 Erlangs on 10 lines blocks 0.2146", () => {
    expect(Math.abs(erlangB(10, 10) - 0.2146)).toBeLessThan(5e-5);
  });
});

describe("Erlang C, exactness and limits", () => {
  it("matches the textbook sum formula for small c", () => {
    for (const [c, a] of [
      [1, 0.3],
      [5, 3.7],
      [14, 10],
      [30, 25.5],
    ] as const) {
      let sum = 0;
      let term = 1;
      for (let k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
      }
      const top = (term * c) / (c - a); // A^c / c! x c / (c - A)
      expect(probabilityOfWait(c, a)).toBeCloseTo(top / (sum + top), 12);
    }
  });

  it("c = 1 is M/M/1: P(wait) = rho, W = rho / (mu - lambda), SL = 1 - rho e^{-(mu - lambda) t}, Lq = rho^2 / (1 - rho)", () => {
    const lambda = 0.6;
    const aht = 1.25; // mu = 0.8
    const mu = 1 / aht;
    const rho = lambda / mu;
    const t = 0.7;
    expect(probabilityOfWait(1, rho)).toBeCloseTo(rho, 14);
    expect(meanWaitMinutes(1, lambda, aht)).toBeCloseTo(rho / (mu - lambda), 12);
    expect(meanWaitOfWaitersMinutes(1, lambda, aht)).toBeCloseTo(1 / (mu - lambda), 12);
    expect(serviceLevel(1, lambda, aht, t)).toBeCloseTo(1 - rho * Math.exp(-(mu - lambda) * t), 12);
    expect(meanQueueLength(1, lambda, aht)).toBeCloseTo((rho * rho) / (1 - rho), 12);
    expect(occupancy(1, rho)).toBeCloseTo(rho, 14);
  });

  it("stays finite and ordered for thousands of agents", () => {
    let previous = 1;
    for (const c of [4901, 4950, 5000, 5100]) {
      const p = probabilityOfWait(c, 4900);
      expect(Number.isFinite(p)).toBe(true);
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(previous);
      previous = p;
    }
    // Halfin-Whitt: at c = R + beta sqrt(R), P(wait) -> 1 / (1 + beta Phi(beta) / phi(beta)); beta = 100/70.
    // The limit is about 0.098 here; the exact value is close to it.
    expect(probabilityOfWait(5000, 4900)).toBeGreaterThan(0.09);
    expect(probabilityOfWait(5000, 4900)).toBeLessThan(0.105);
  });

  it("unstable loads give P(wait) 1, SL 0, infinite waits, never NaN", () => {
    for (const c of [5, 10]) {
      const r = erlangC(c, RATE, AHT, TARGET);
      expect(r.probabilityOfWait).toBe(1);
      expect(r.serviceLevel).toBe(0);
      expect(r.meanWaitMinutes).toBe(Infinity);
      expect(r.meanQueueLength).toBe(Infinity);
      expect(r.occupancy).toBe(1);
      expect(probabilityOfWait(c, 10)).toBe(1);
      expect(serviceLevel(c, RATE, AHT, TARGET)).toBe(0);
      expect(meanWaitMinutes(c, RATE, AHT)).toBe(Infinity);
    }
  });

  it("no load: nobody waits", () => {
    const r = erlangC(3, 0, AHT, TARGET);
    expect(r).toMatchObject({ probabilityOfWait: 0, serviceLevel: 1, meanWaitMinutes: 0, occupancy: 0 });
  });

  it("rejects a head count that is not a whole number >= 1", () => {
    expect(() => probabilityOfWait(0, 1)).toThrow(RangeError);
    expect(() => erlangB(2.5, 1)).toThrow(RangeError);
  });
});
