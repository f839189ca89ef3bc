import { DOUBLE_ZERO } from "../engine/layout.js";

// Reading a float's exponent and leading mantissa bits gives its base-2 logarithm to within 0.0014 by table lookup:
// several times cheaper than Math.log, which was the sketch's main cost in the event loop.
const FLOAT = new Float64Array(1);
const WORDS = new Uint32Array(FLOAT.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: the high word is second
const MANTISSA_BITS = 10;
const LOG2_MANTISSA = Float64Array.from({ length: 1 << MANTISSA_BITS }, (_, m) => Math.log2(1 + m / (1 << MANTISSA_BITS)));

/**
 * A quantile sketch over non-negative values with bounded relative error (1% by default): logarithmic buckets,
 * so memory stays fixed however many values it sees (the DDSketch idea). Zeros, common for waits, are counted apart.
 */
export class LogHistogram {
  static readonly MIN_VALUE = 1e-6;
  readonly relativeAccuracy: number;
  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly offset: number;
  private readonly inverseLog2Gamma: number;
  /** upper[i]: the largest value of bucket i, which holds (upper[i - 1], upper[i]]. */
  private readonly upper: Float64Array;
  readonly buckets: Float64Array;
  zeroCount = 0;
  count = 0;
  sum = DOUBLE_ZERO;
  max = DOUBLE_ZERO;
  /** The value being added (see add). */
  private value = DOUBLE_ZERO;

  constructor(relativeAccuracy = 0.01, maxValue = 1e8) {
    this.relativeAccuracy = relativeAccuracy;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
    this.offset = Math.ceil(Math.log(LogHistogram.MIN_VALUE) / this.logGamma);
    const size = Math.ceil(Math.log(maxValue) / this.logGamma) - this.offset + 1;
    this.buckets = new Float64Array(size);
    this.inverseLog2Gamma = 1 / Math.log2(this.gamma);
    this.upper = Float64Array.from({ length: size }, (_, i) => Math.pow(this.gamma, i + this.offset));
  }

  add(value: number): void {
    // Tiny on purpose, so that the event loop always inlines it: a number passed to a call that is not inlined is
    // boxed (allocated). The value goes through a field, stored in place, to the part that does the work.
    this.value = value;
    this.addValue();
  }

  private addValue(): void {
    const value = this.value;
    this.count++;
    this.sum += value;
    if (value > this.max) this.max = value;
    if (value <= LogHistogram.MIN_VALUE) {
      this.zeroCount++;
      return;
    }
    this.buckets[this.bucketOf(value)]!++;
  }

  /** The bucket of a value above MIN_VALUE: an estimate from the float's bits, then exact against the bucket bounds. */
  private bucketOf(value: number): number {
    FLOAT[0] = value;
    const high = WORDS[HIGH_WORD]!;
    const log2 = (high >>> 20) - 1023 + LOG2_MANTISSA[(high >>> (20 - MANTISSA_BITS)) & ((1 << MANTISSA_BITS) - 1)]!;
    const last = this.buckets.length - 1;
    let i = Math.ceil(log2 * this.inverseLog2Gamma) - this.offset;
    if (i >= last) return value > this.upper[last - 1]! ? last : last - 1;
    if (i < 0) i = 0;
    const upper = this.upper;
    while (value > upper[i]! && i < last) i++;
    while (i > 0 && value <= upper[i - 1]!) i--;
    return i;
  }

  get mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  /** The value at rank q (0..1); within the relative accuracy of the true sample quantile. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = q * (this.count - 1);
    if (rank < this.zeroCount) return 0;
    let seen = this.zeroCount;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen > rank) return Math.min(this.max, this.bucketValue(i));
    }
    return this.max;
  }

  /** Share of values <= x (within the bucket resolution). */
  fractionAtMost(x: number): number {
    if (this.count === 0) return NaN;
    let n = this.zeroCount;
    for (let i = 0; i < this.buckets.length; i++) {
      if (this.bucketValue(i) > x) break;
      n += this.buckets[i]!;
    }
    return n / this.count;
  }

  /** Representative value of bucket i: the point whose relative error to both bucket ends is equal. */
  bucketValue(i: number): number {
    return (2 * Math.pow(this.gamma, i + this.offset)) / (this.gamma + 1);
  }

  merge(other: LogHistogram): void {
    for (let i = 0; i < this.buckets.length; i++) this.buckets[i]! += other.buckets[i]!;
    this.zeroCount += other.zeroCount;
    this.count += other.count;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
  }

  /** Points of the empirical CDF (value, share <= value) at the non-empty buckets: for charts. */
  cdf(): { value: number; share: number }[] {
    const points: { value: number; share: number }[] = [];
    if (this.count === 0) return points;
    let n = this.zeroCount;
    if (n > 0) points.push({ value: 0, share: n / this.count });
    for (let i = 0; i < this.buckets.length; i++) {
      if (this.buckets[i]! === 0) continue;
      n += this.buckets[i]!;
      points.push({ value: this.bucketValue(i), share: n / this.count });
    }
    return points;
  }

  toJSON(): SerializedHistogram {
    const nonEmpty: [number, number][] = [];
    this.buckets.forEach((c, i) => {
      if (c > 0) nonEmpty.push([i, c]);
    });
    return { relativeAccuracy: this.relativeAccuracy, zeroCount: this.zeroCount, count: this.count, sum: this.sum, max: this.max, buckets: nonEmpty };
  }

  static fromJSON(s: SerializedHistogram): LogHistogram {
    const h = new LogHistogram(s.relativeAccuracy);
    for (const [i, c] of s.buckets) h.buckets[i] = c;
    h.zeroCount = s.zeroCount;
    h.count = s.count;
    h.sum = s.sum;
    h.max = s.max;
    return h;
  }
}

export interface SerializedHistogram {
  relativeAccuracy: number;
  zeroCount: number;
  count: number;
  sum: number;
  max: number;
  buckets: [number, number][];
}
