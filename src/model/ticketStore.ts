/**
 * Tickets in the system, as integer handles into struct-of-arrays storage. Slots are reused once a ticket leaves,
 * so memory follows the number of tickets in the system, not the number that ever arrived.
 */
import { resizedFloat64, resizedInt32 } from "../engine/typedArrays.js";

export const enum TicketState {
  Free = 0,
  Waiting = 1,
  InService = 2,
  ReopenPending = 3,
}

/** Bits of `flags`. */
export const enum TicketFlag {
  Measured = 1, // arrived after the warm-up: counts in the metrics. Must stay 1: the desk adds `flags & Measured` as a count
  AnsweredAtL1 = 2, // first L1 answer happened (patience no longer applies)
  Escalated = 4,
  Reopened = 8,
  Bounced = 16, // sent back from L2 as wrongly escalated
  ArticleUsed = 32, // resolved at L1 thanks to a knowledge article
  Rework = 64, // the current L1 visit is a reopen or a bounce-back, worked with the rework handle time
}

/** What the agent who took the ticket will do with it when the handle time is over. */
export const enum Plan {
  Resolve = 0,
  Escalate = 1,
  SendBack = 2,
}

export class TicketStore {
  capacity: number;
  id!: Float64Array;
  arrival!: Float64Array;
  category!: Int32Array;
  priority!: Int32Array;
  channel!: Int32Array;
  level!: Int32Array;
  problem!: Int32Array;
  handle0!: Float64Array;
  handle1!: Float64Array;
  handle2!: Float64Array;
  handoff0!: Float64Array;
  handoff1!: Float64Array;
  patience!: Float64Array;
  rework!: Float64Array;
  reopenDelay!: Float64Array; // < 0: the ticket does not reopen
  review!: Float64Array; // >= 0: L1 escalates it wrongly and L2 reviews it for this long
  uArticle!: Float64Array;
  uDocument!: Float64Array;
  uFix!: Float64Array;
  articleLife!: Float64Array;
  state!: Int32Array;
  tier!: Int32Array;
  plan!: Int32Array;
  flags!: Int32Array;
  joinTime!: Float64Array;
  gen!: Int32Array;
  next!: Int32Array;
  prev!: Int32Array;
  wait0!: Float64Array;
  wait1!: Float64Array;
  wait2!: Float64Array;
  private freeList: Int32Array;
  private freeCount = 0;
  private used = 0;
  live = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = 0;
    this.freeList = new Int32Array(0);
    this.resize(initialCapacity);
  }

  allocate(): number {
    this.live++;
    if (this.freeCount > 0) return this.freeList[--this.freeCount]!;
    if (this.used === this.capacity) this.resize(this.capacity * 2);
    return this.used++;
  }

  release(slot: number): void {
    this.live--;
    this.state[slot] = TicketState.Free;
    this.gen[slot]!++;
    this.freeList[this.freeCount++] = slot;
  }

  /** Slots ever handed out (live or free): iterate these and skip Free to visit every live ticket. */
  get highWater(): number {
    return this.used;
  }

  private resize(capacity: number): void {
    const f64 = (old: Float64Array | undefined) => resizedFloat64(old, capacity);
    const i32 = (old: Int32Array | undefined) => resizedInt32(old, capacity);
    this.id = f64(this.id);
    this.arrival = f64(this.arrival);
    this.category = i32(this.category);
    this.priority = i32(this.priority);
    this.channel = i32(this.channel);
    this.level = i32(this.level);
    this.problem = i32(this.problem);
    this.handle0 = f64(this.handle0);
    this.handle1 = f64(this.handle1);
    this.handle2 = f64(this.handle2);
    this.handoff0 = f64(this.handoff0);
    this.handoff1 = f64(this.handoff1);
    this.patience = f64(this.patience);
    this.rework = f64(this.rework);
    this.reopenDelay = f64(this.reopenDelay);
    this.review = f64(this.review);
    this.uArticle = f64(this.uArticle);
    this.uDocument = f64(this.uDocument);
    this.uFix = f64(this.uFix);
    this.articleLife = f64(this.articleLife);
    this.state = i32(this.state);
    this.tier = i32(this.tier);
    this.plan = i32(this.plan);
    this.flags = i32(this.flags);
    this.joinTime = f64(this.joinTime);
    this.gen = i32(this.gen);
    this.next = i32(this.next);
    this.prev = i32(this.prev);
    this.wait0 = f64(this.wait0);
    this.wait1 = f64(this.wait1);
    this.wait2 = f64(this.wait2);
    const free = new Int32Array(capacity);
    free.set(this.freeList.subarray(0, this.freeCount));
    this.freeList = free;
    this.capacity = capacity;
  }
}
