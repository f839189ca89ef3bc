import seedrandom from "seedrandom";
import { DOUBLE_ZERO } from "./layout.js";

/** A source of uniform numbers in [0, 1). */
export interface Uniform {
  next(): number;
}

/**
 * Baagøe's Alea generator: the algorithm of `seedrandom.alea`, giving the very same numbers, seeded by seedrandom.
 * A class rather than seedrandom's closure because every stream then shares one `next` function: the compiler
 * inlines it once for all replications, where a new closure per replication made it throw optimized code away.
 */
export class RandomStream implements Uniform {
  private s0 = DOUBLE_ZERO;
  private s1 = DOUBLE_ZERO;
  private s2 = DOUBLE_ZERO;
  private c = 0;

  constructor(key: string) {
    const state = seedrandom.alea(key, { state: true }).state();
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.c = state.c;
  }

  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }
}

/**
 * An independent random stream for one purpose of one replication.
 * Streams are keyed by (seed, replication, purpose) so that adding a purpose, or drawing more from one,
 * never shifts the numbers of another: what common random numbers rest on.
 */
export function randomStream(seed: number | string, replication: number, purpose: string): RandomStream {
  return new RandomStream(`tiersim|${seed}|${replication}|${purpose}`);
}
