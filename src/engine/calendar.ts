import { DOUBLE_ZERO } from "./layout.js";
import { resizedFloat64, resizedInt32 } from "./typedArrays.js";

/**
 * Event calendar: a binary min-heap over (time, insertion order) kept in typed arrays.
 * Each event carries a small integer kind and two integer payloads; the caller decides what they mean.
 * The heap itself moves only (time, event id) pairs; kind, payloads and insertion order sit in a pool indexed by id
 * and are read only on a tie or when the event is popped. Nothing is allocated per event.
 */
export class EventCalendar {
  private heapTime: Float64Array;
  private heapId: Int32Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  private payloadA: Int32Array;
  private payloadB: Int32Array;
  private freeIds: Int32Array;
  private freeCount = 0;
  private idsUsed = 0;
  private count = 0;
  private nextSeq = 0;

  /** Time of the event last popped: the simulation clock in minutes. */
  now = DOUBLE_ZERO;
  private pendingTime = DOUBLE_ZERO;
  /** Kind and payloads of the event last popped. */
  kind = 0;
  a = 0;
  b = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(2, initialCapacity);
    this.heapTime = new Float64Array(n);
    this.heapId = new Int32Array(n);
    this.seqs = new Float64Array(n);
    this.kinds = new Int32Array(n);
    this.payloadA = new Int32Array(n);
    this.payloadB = new Int32Array(n);
    this.freeIds = new Int32Array(n);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the next event, or Infinity when the calendar is empty. */
  peekTime(): number {
    return this.count > 0 ? this.heapTime[0]! : Infinity;
  }

  schedule(time: number, kind: number, a = 0, b = 0): void {
    this.at(time);
    this.push(kind, a, b);
  }

  /**
   * schedule() in two steps, for the event loop: `at(time)` then `push(kind, a, b)`. A number passed to a call the
   * compiler does not inline is boxed (allocated), and the loop schedules once or twice per ticket: `at` is small
   * enough to be inlined always, and stores the time in place; `push` takes only small integers.
   */
  at(time: number): void {
    this.pendingTime = time;
  }

  push(kind: number, a: number, b: number): void {
    this.siftUp(this.reserve(kind, a, b));
  }

  private reserve(kind: number, a: number, b: number): number {
    if (this.count === this.heapTime.length) this.grow();
    const id = this.freeCount > 0 ? this.freeIds[--this.freeCount]! : this.idsUsed++;
    this.seqs[id] = this.nextSeq++;
    this.kinds[id] = kind;
    this.payloadA[id] = a;
    this.payloadB[id] = b;
    return id;
  }

  /**
   * Sift the event up at the time `at` set: move parents down until the slot fits, then write once. A later event
   * never precedes an equal time.
   */
  private siftUp(id: number): void {
    const time = this.pendingTime;
    if (!(time >= this.now)) {
      this.freeIds[this.freeCount++] = id;
      this.pastEvent(time);
    }
    const heapTime = this.heapTime;
    const heapId = this.heapId;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapTime[parent]! <= time) break;
      heapTime[i] = heapTime[parent]!;
      heapId[i] = heapId[parent]!;
      i = parent;
    }
    heapTime[i] = time;
    heapId[i] = id;
  }

  private pastEvent(time: number): never {
    throw new RangeError(`event scheduled in the past or at NaN: ${time} < ${this.now}`);
  }

  /** Remove the earliest event, advance the clock to it and expose it as `now`, `kind`, `a`, `b`. */
  pop(): boolean {
    if (this.count === 0) return false;
    const heapTime = this.heapTime;
    const heapId = this.heapId;
    const id = heapId[0]!;
    this.now = heapTime[0]!;
    this.kind = this.kinds[id]!;
    this.a = this.payloadA[id]!;
    this.b = this.payloadB[id]!;
    this.freeIds[this.freeCount++] = id;
    const last = --this.count;
    if (last === 0) return true;
    const t = heapTime[last]!;
    const lastId = heapId[last]!;
    const seqs = this.seqs;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last) {
        const tr = heapTime[right]!;
        const tc = heapTime[child]!;
        if (tr < tc || (tr === tc && seqs[heapId[right]!]! < seqs[heapId[child]!]!)) child = right;
      }
      const ct = heapTime[child]!;
      if (t < ct || (t === ct && seqs[lastId]! < seqs[heapId[child]!]!)) break;
      heapTime[i] = ct;
      heapId[i] = heapId[child]!;
      i = child;
    }
    heapTime[i] = t;
    heapId[i] = lastId;
    return true;
  }

  private grow(): void {
    const n = this.heapTime.length * 2;
    const f64 = (old: Float64Array) => resizedFloat64(old, n);
    const i32 = (old: Int32Array) => resizedInt32(old, n);
    this.heapTime = f64(this.heapTime);
    this.heapId = i32(this.heapId);
    this.seqs = f64(this.seqs);
    this.kinds = i32(this.kinds);
    this.payloadA = i32(this.payloadA);
    this.payloadB = i32(this.payloadB);
    this.freeIds = i32(this.freeIds);
  }
}
