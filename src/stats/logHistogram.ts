import { DOUBLE_ZERO } from "../engine/layout.js";

// Reading a float's exponent and leading mantissa bits gives its base-2 logarithm to within 0.0014 by table lookup:
// several times cheaper than Math.log, which was the sketch's main cost in the event loop.
const FLOAT = new Float64Array(1);
const WORDS = new Uint32Array(FLOAT.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: the high word is second
const MANTISSA_BITS = 10;
/** Values added between two counts (see flush). */
const PENDING = 1024;
const LOG2_MANTISSA = Float64Array.from({ length: 1 << MANTISSA_BITS }, (_, m) => Math.log2(1 + m / (1 << MANTISSA_BITS)));

/**
 * Bucket bounds by accuracy and range, made once: every replication makes a few dozen sketches, and pooling a run's
 * results makes one per replication and key again; some 1,600 powers each were most of what that pooling cost.
 */
const boundTables = new Map<string, Float64Array>();

function boundTable(gamma: number, offset: number, size: number): Float64Array {
  const key = `${gamma}|${offset}|${size}`;
  let table = boundTables.get(key);
  if (table === undefined) {
    table = new Float64Array(size);
    for (let i = 0; i < size; i++) table[i] = Math.pow(gamma, i + offset);
    boundTables.set(key, table);
  }
  return table;
}

/**
 * A quantile sketch over non-negative values with bounded relative error (1% by default): logarithmic buckets,
 * so memory stays fixed however many values it sees (the DDSketch idea). Zeros, common for waits, are counted apart.
 */
export class LogHistogram {
  static readonly MIN_VALUE = 1e-6;
  readonly relativeAccuracy: number;
  private readonly gamma: number;
  private readonly offset: number;
  private readonly inverseLog2Gamma: number;
  /** upper[i]: the largest value of bucket i, which holds (upper[i - 1], upper[i]]. Shared: never written. */
  private readonly upper: Float64Array;
  private readonly counts: Float64Array;
  private zeros = 0;
  private n = 0;
  /**
   * The non-empty buckets lie in [lowest, highest] (empty: lowest > highest). Scans at the end of a replication read
   * only that range, some 600 of 1,600 buckets: less to run, and less that a worker thread compiles.
   */
  private lowest: number;
  private highest = -1;
  private total = DOUBLE_ZERO;
  private largest = DOUBLE_ZERO;
  // Values wait here and are counted in batches: add() stays small enough for the event loop to inline it, and a
  // tight loop over a batch costs less per value than the same work done call by call (mmc: 4% faster in all).
  private readonly pending = new Float64Array(PENDING);
  private pendingCount = 0;
  // The first batch is one value: add() calls flush() at once, while the simulation is still interpreted, and
  // not first in the optimized event loop, which V8 would then recompile (counts do not depend on batch sizes).
  private batchSize = 1;

  constructor(relativeAccuracy = 0.01, maxValue = 1e8) {
    this.relativeAccuracy = relativeAccuracy;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    const logGamma = Math.log(this.gamma);
    this.offset = Math.ceil(Math.log(LogHistogram.MIN_VALUE) / logGamma);
    const size = Math.ceil(Math.log(maxValue) / logGamma) - this.offset + 1;
    this.counts = new Float64Array(size);
    this.lowest = size;
    this.inverseLog2Gamma = 1 / Math.log2(this.gamma);
    this.upper = boundTable(this.gamma, this.offset, size);
  }

  add(value: number): void {
    this.pending[this.pendingCount++] = value;
    if (this.pendingCount === this.batchSize) this.flush();
  }

  /** Count the values waiting in the batch (in the order they came, so the sum is the same as one by one). */
  private flush(): void {
    const pending = this.pending;
    const counts = this.counts;
    let lowest = this.lowest;
    let highest = this.highest;
    for (let k = 0; k < this.pendingCount; k++) {
      const value = pending[k]!;
      this.n++;
      this.total += value;
      if (value > this.largest) this.largest = value;
      if (value <= LogHistogram.MIN_VALUE) {
        this.zeros++;
      } else {
        const i = this.bucketOf(value);
        counts[i]!++;
        if (i < lowest) lowest = i;
        if (i > highest) highest = i;
      }
    }
    this.lowest = lowest;
    this.highest = highest;
    this.pendingCount = 0;
    this.batchSize = PENDING;
  }

  /** Values per bucket (bucket i holds values up to bucketValue's upper bound); zeros are apart, in zeroCount. */
  get buckets(): Float64Array {
    this.flush();
    return this.counts;
  }

  get zeroCount(): number {
    this.flush();
    return this.zeros;
  }

  get count(): number {
    this.flush();
    return this.n;
  }

  get sum(): number {
    this.flush();
    return this.total;
  }

  get max(): number {
    this.flush();
    return this.largest;
  }

  /** The bucket of a value above MIN_VALUE: an estimate from the float's bits, then exact against the bucket bounds. */
  private bucketOf(value: number): number {
    FLOAT[0] = value;
    const high = WORDS[HIGH_WORD]!;
    const log2 = (high >>> 20) - 1023 + LOG2_MANTISSA[(high >>> (20 - MANTISSA_BITS)) & ((1 << MANTISSA_BITS) - 1)]!;
    const last = this.counts.length - 1;
    // `| 0`: for values just under 1 the ceiling is -0, which made V8 throw away the compiled code that counts.
    let i = (Math.ceil(log2 * this.inverseLog2Gamma) | 0) - this.offset;
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
    return this.quantiles([q])[0]!;
  }

  /**
   * The values at ranks qs (ascending), in one pass over the buckets: a replication ends by asking four of each
   * sketch, and with one walk instead of four a worker thread compiles this loop in its third replication or later,
   * not in its first.
   */
  quantiles(qs: readonly number[]): number[] {
    this.flush();
    const values = new Array<number>(qs.length).fill(NaN);
    if (this.n === 0) return values;
    const last = this.n - 1;
    let k = 0;
    while (k < qs.length && qs[k]! * last < this.zeros) values[k++] = 0;
    let seen = this.zeros;
    const counts = this.counts;
    for (let i = this.lowest; i <= this.highest && k < qs.length; i++) {
      seen += counts[i]!;
      while (k < qs.length && seen > qs[k]! * last) values[k++] = Math.min(this.largest, this.bucketValue(i));
    }
    while (k < qs.length) values[k++] = this.largest;
    return values;
  }

  /** Share of values <= x (within the bucket resolution). */
  fractionAtMost(x: number): number {
    this.flush();
    if (this.n === 0) return NaN;
    let n = this.zeros;
    const counts = this.counts;
    for (let i = this.lowest; i <= this.highest; i++) {
      if (this.bucketValue(i) > x) break;
      n += counts[i]!;
    }
    return n / this.n;
  }

  /** Representative value of bucket i: the point whose relative error to both bucket ends is equal. */
  bucketValue(i: number): number {
    return (2 * this.upper[i]!) / (this.gamma + 1);
  }

  merge(other: LogHistogram): void {
    this.flush();
    other.flush();
    for (let i = other.lowest; i <= other.highest; i++) this.counts[i]! += other.counts[i]!;
    this.lowest = Math.min(this.lowest, other.lowest);
    this.highest = Math.max(this.highest, other.highest);
    this.zeros += other.zeros;
    this.n += other.n;
    this.total += other.total;
    this.largest = Math.max(this.largest, other.largest);
  }

  /** Points of the empirical CDF (value, share <= value) at the non-empty buckets: for charts. */
  cdf(): { value: number; share: number }[] {
    this.flush();
    const points: { value: number; share: number }[] = [];
    if (this.n === 0) return points;
    let n = this.zeros;
    if (n > 0) points.push({ value: 0, share: n / this.n });
    this.counts.forEach((c, i) => {
      if (c === 0) return;
      n += c;
      points.push({ value: this.bucketValue(i), share: n / this.n });
    });
    return points;
  }

  /** The sketch as plain data, for a replication's result sent from a worker thread. */
  toSerialized(): SerializedHistogram {
    this.flush();
    const counts = this.highest >= this.lowest ? this.counts.slice(this.lowest, this.highest + 1) : new Float64Array(0);
    return { relativeAccuracy: this.relativeAccuracy, zeroCount: this.zeros, count: this.n, sum: this.total, max: this.largest, firstBucket: this.lowest, counts };
  }

  static fromSerialized(s: SerializedHistogram): LogHistogram {
    const h = new LogHistogram(s.relativeAccuracy);
    if (s.counts.length > 0) {
      h.counts.set(s.counts, s.firstBucket);
      h.lowest = s.firstBucket;
      h.highest = s.firstBucket + s.counts.length - 1;
    }
    h.zeros = s.zeroCount;
    h.n = s.count;
    h.total = s.sum;
    h.largest = s.max;
    return h;
  }
}

export interface SerializedHistogram {
  relativeAccuracy: number;
  zeroCount: number;
  count: number;
  sum: number;
  max: number;
  /**
   * Counts of the buckets from firstBucket on, up to the last non-empty one: one typed array, which a worker's result
   * copies to the main thread as one block (a thousand [index, count] pairs per sketch cost that copy and the main
   * thread's collector).
   */
  firstBucket: number;
  counts: Float64Array;
}
