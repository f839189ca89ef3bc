import seedrandom from "seedrandom";

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/**
 * An independent random stream for one purpose of one replication.
 * Streams are keyed by (seed, replication, purpose) so that adding a purpose, or drawing more from one,
 * never shifts the numbers of another: what common random numbers rest on.
 */
export function randomStream(seed: number | string, replication: number, purpose: string): Uniform {
  return seedrandom.alea(`tiersim|${seed}|${replication}|${purpose}`);
}

