import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { RandomStream, randomStream } from "../../src/engine/random.js";
import { moments, sampler, type DistributionSpec } from "../../src/engine/distributions.js";

const N = 200_000;

// Each sample mean must lie within 4 standard errors of the exact mean, and the sample variance within 4 standard
// errors of the exact variance (its standard error estimated from the sample's fourth central moment).
const cases: DistributionSpec[] = [
  { dist: "exp", mean: 6 },
  { dist: "fixed", value: 3.5 },
  { dist: "uniform", min: 2, max: 10 },
  { dist: "triangular", min: 1, mode: 2, max: 9 },
  { dist: "lognormal", mean: 8, sd: 6 },
  { dist: "gamma", mean: 30, cv: 1.5 },
  { dist: "gamma", mean: 30, cv: 0.4 },
  { dist: "weibull", shape: 0.8, scale: 120 },
  { dist: "weibull", shape: 2.5, scale: 10 },
  { dist: "empirical", values: [1, 2, 2, 5, 13] },
];

describe("distributions", () => {
  for (const spec of cases) {
    it(`${JSON.stringify(spec)} has the right mean and variance`, () => {
      const draw = sampler(spec);
      const u = randomStream(1, 0, `dist-${JSON.stringify(spec)}`);
      const xs = new Float64Array(N);
      for (let i = 0; i < N; i++) xs[i] = draw.sample(u);
      const m = xs.reduce((s, x) => s + x, 0) / N;
      const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (N - 1);
      const m4 = xs.reduce((s, x) => s + (x - m) ** 4, 0) / N;
      const exact = moments(spec);
      expect(xs.every((x) => x >= 0)).toBe(true);
      if (exact.variance === 0) {
        expect(m).toBe(exact.mean);
        return;
      }
      expect(Math.abs(m - exact.mean)).toBeLessThan(4 * Math.sqrt(exact.variance / N));
      const varianceSe = Math.sqrt((m4 - v * v) / N);
      expect(Math.abs(v - exact.variance)).toBeLessThan(4 * varianceSe);
    });
  }

  it("streams are reproducible and independent by purpose", () => {
    const a = randomStream(42, 3, "handle-times");
    const b = randomStream(42, 3, "handle-times");
    const c = randomStream(42, 3, "patience");
    const xa = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(xa);
    expect([c.next(), c.next(), c.next()]).not.toEqual(xa);
    expect(randomStream(42, 4, "handle-times").next()).not.toBe(xa[0]);
  });

  it("a stream gives exactly the numbers of seedrandom's alea for the same key", () => {
    // The class re-states alea's four-line step for speed; it must not change a single number.
    for (const key of ["tiersim|1|0|arrivals", "tiersim|42|7|handle-times", ""]) {
      const ours = new RandomStream(key);
      const theirs = seedrandom.alea(key);
      for (let i = 0; i < 100_000; i++) {
        const x = ours.next();
        const y = theirs();
        if (x !== y) expect(`${key} draw ${i}: ${x}`).toBe(`${key} draw ${i}: ${y}`);
      }
    }
  });
});
