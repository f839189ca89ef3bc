import { describe, expect, it } from "vitest";
import { RandomStream } from "../../src/engine/random.js";
import { LogHistogram } from "../../src/stats/logHistogram.js";

/** Values spread log-uniformly over the sketch's whole range, from a fixed stream. */
function logUniform(n: number, key: string): Float64Array {
  const u = new RandomStream(key);
  return Float64Array.from({ length: n }, () => Math.exp(Math.log(2e-6) + u.next() * (Math.log(2e8) - Math.log(2e-6))));
}

describe("LogHistogram", () => {
  it("puts every value in the bucket its definition gives: ceil(log(v) / log(gamma)), from the lowest bucket", () => {
    const h = new LogHistogram();
    const gamma = (1 + h.relativeAccuracy) / (1 - h.relativeAccuracy);
    const offset = Math.ceil(Math.log(LogHistogram.MIN_VALUE) / Math.log(gamma));
    const expected = new Float64Array(h.buckets.length);
    let nearBoundary = 0;
    for (const v of logUniform(200_000, "histogram-buckets")) {
      h.add(v);
      const exact = Math.log(v) / Math.log(gamma);
      // Within rounding of a bucket bound the two computations may fairly disagree: leave those out of the count.
      if (Math.abs(exact - Math.round(exact)) < 1e-9) nearBoundary++;
      expected[Math.min(h.buckets.length - 1, Math.ceil(exact) - offset)]!++;
    }
    expect(nearBoundary).toBeLessThan(5);
    let differing = 0;
    h.buckets.forEach((c, i) => (differing += Math.abs(c - expected[i]!)));
    expect(differing).toBeLessThanOrEqual(2 * nearBoundary);
    expect(h.count).toBe(200_000);
  });

  it("gives quantiles within its relative accuracy of the exact sample quantiles", () => {
    const h = new LogHistogram();
    const u = new RandomStream("histogram-quantiles");
    const xs = Array.from({ length: 50_000 }, () => -10 * Math.log(1 - u.next()));
    xs.forEach((x) => h.add(x));
    xs.sort((a, b) => a - b);
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      const exact = xs[Math.floor(q * (xs.length - 1))]!;
      expect(Math.abs(h.quantile(q) - exact) / exact, `q ${q}`).toBeLessThanOrEqual(h.relativeAccuracy * 1.0001);
    }
    expect(h.mean).toBeCloseTo(xs.reduce((s, x) => s + x, 0) / xs.length, 9);
  });

  it("counts zeros apart, and clamps values beyond its range into the last bucket", () => {
    const h = new LogHistogram();
    [0, 0, 1e-7, 5, 1e12].forEach((x) => h.add(x));
    expect(h.zeroCount).toBe(3);
    expect(h.buckets[h.buckets.length - 1]).toBe(1);
    expect(h.quantile(0.5)).toBe(0);
  });

  it("merged sketches equal one sketch of all the values, and survive a copy to another thread", () => {
    const all = new LogHistogram();
    const a = new LogHistogram();
    const b = new LogHistogram();
    logUniform(10_000, "histogram-merge").forEach((x, i) => {
      all.add(x);
      (i % 3 === 0 ? a : b).add(x);
    });
    a.merge(b);
    expect(Array.from(a.buckets)).toEqual(Array.from(all.buckets));
    expect(a.count).toBe(all.count);
    expect(a.max).toBe(all.max);
    const back = LogHistogram.fromSerialized(structuredClone(all.toSerialized()));
    expect(Array.from(back.buckets)).toEqual(Array.from(all.buckets));
    expect(back.quantile(0.9)).toBe(all.quantile(0.9));
  });

  it("answers the same from sketches of disjoint ranges merged, copied or empty as from one sketch of every value", () => {
    // Small values in one sketch, large in another, none in a third: each scan reads only its non-empty range.
    const values = logUniform(20_000, "histogram-ranges");
    const all = new LogHistogram();
    const low = new LogHistogram();
    const high = new LogHistogram();
    for (const x of values) {
      all.add(x);
      (x < 1 ? low : high).add(x);
    }
    const merged = LogHistogram.fromSerialized(structuredClone(new LogHistogram().toSerialized()));
    expect(merged.quantile(0.5)).toBeNaN();
    merged.merge(LogHistogram.fromSerialized(structuredClone(high.toSerialized())));
    merged.merge(LogHistogram.fromSerialized(structuredClone(low.toSerialized())));
    expect(Array.from(merged.buckets)).toEqual(Array.from(all.buckets));
    for (const q of [0, 0.001, 0.25, 0.5, 0.75, 0.999, 1]) expect(merged.quantile(q), `q ${q}`).toBe(all.quantile(q));
    for (const x of [1e-6, 0.01, 1, 100, 1e7]) expect(merged.fractionAtMost(x), `x ${x}`).toBe(all.fractionAtMost(x));
    // A copy holds the counts from the first non-empty bucket to the last, not the whole range.
    const copy = low.toSerialized();
    expect(copy.counts.length).toBeLessThan(low.buckets.length / 2);
    expect(copy.counts[0]).toBeGreaterThan(0);
    expect(copy.counts[copy.counts.length - 1]).toBeGreaterThan(0);
  });
});
