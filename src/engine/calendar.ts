/**
 * Event calendar: a binary min-heap over (time, insertion order) kept in typed arrays.
 * Each event carries a small integer kind and two integer payloads; the caller decides what they mean.
 * Nothing is allocated per event, which is what keeps the simulation loop fast.
 */
export class EventCalendar {
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  private payloadA: Int32Array;
  private payloadB: Int32Array;
  private count = 0;
  private nextSeq = 0;

  /** Time of the event last popped: the simulation clock in minutes. */
  now = 0;
  /** Kind and payloads of the event last popped. */
  kind = 0;
  a = 0;
  b = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.kinds = new Int32Array(initialCapacity);
    this.payloadA = new Int32Array(initialCapacity);
    this.payloadB = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the next event, or Infinity when the calendar is empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Infinity;
  }

  schedule(time: number, kind: number, a = 0, b = 0): void {
    if (!(time >= this.now)) {
      throw new RangeError(`event scheduled in the past or at NaN: ${time} < ${this.now}`);
    }
    if (this.count === this.times.length) this.grow();
    const seq = this.nextSeq++;
    // Sift up: move parents down until the slot fits, then write once.
    let i = this.count++;
    const times = this.times;
    const seqs = this.seqs;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    this.kinds[i] = kind;
    this.payloadA[i] = a;
    this.payloadB[i] = b;
  }

  /** Remove the earliest event, advance the clock to it and expose it as `now`, `kind`, `a`, `b`. */
  pop(): boolean {
    if (this.count === 0) return false;
    const times = this.times;
    const seqs = this.seqs;
    this.now = times[0]!;
    this.kind = this.kinds[0]!;
    this.a = this.payloadA[0]!;
    this.b = this.payloadB[0]!;
    const last = --this.count;
    if (last === 0) return true;
    const t = times[last]!;
    const s = seqs[last]!;
    const k = this.kinds[last]!;
    const pa = this.payloadA[last]!;
    const pb = this.payloadB[last]!;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (
        right < last &&
        (times[right]! < times[child]! || (times[right]! === times[child]! && seqs[right]! < seqs[child]!))
      ) {
        child = right;
      }
      const ct = times[child]!;
      if (t < ct || (t === ct && s < seqs[child]!)) break;
      this.move(child, i);
      i = child;
    }
    times[i] = t;
    seqs[i] = s;
    this.kinds[i] = k;
    this.payloadA[i] = pa;
    this.payloadB[i] = pb;
    return true;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.kinds[to] = this.kinds[from]!;
    this.payloadA[to] = this.payloadA[from]!;
    this.payloadB[to] = this.payloadB[from]!;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const t = new Float64Array(n);
    t.set(this.times);
    this.times = t;
    const s = new Float64Array(n);
    s.set(this.seqs);
    this.seqs = s;
    const k = new Int32Array(n);
    k.set(this.kinds);
    this.kinds = k;
    const a = new Int32Array(n);
    a.set(this.payloadA);
    this.payloadA = a;
    const b = new Int32Array(n);
    b.set(this.payloadB);
    this.payloadB = b;
  }
}
