import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { RunError } from "../errors.js";
import { simulateReplication, type ReplicationResult } from "../model/desk.js";
import type { Scenario } from "../model/types.js";

export interface ReplicationJob {
  scenario: Scenario;
  replication: number;
  recordTickets: boolean;
}

export interface PoolOptions {
  /** Worker threads; 1 runs in this thread. Default: the number of cores. */
  workers?: number;
  /** A pool already started (see WorkerPool.start): used instead of starting one, and left open. */
  pool?: WorkerPool;
  recordTickets?: boolean;
  /** Called after each finished replication with the number done so far. */
  onProgress?: (done: number, total: number) => void;
}

type WorkerReply = { ok: true; result: ReplicationResult } | { ok: false; name: string; message: string };

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** The compiled worker: beside this module when running from dist/, else the built copy (tests run from src/). */
function workerScript(): URL {
  for (const url of [new URL("./worker.js", import.meta.url), new URL("../../dist/experiment/worker.js", import.meta.url)]) {
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new RunError("the worker script is not built: run `npm run build`, or use --workers 1");
}

/**
 * Worker threads that run replications, kept alive across batches (an optimizer runs many small ones; starting
 * threads costs about a tenth of a second). Each replication's random streams depend only on its scenario seed and
 * index, and results come back in job order: the same whatever the number of workers.
 */
export class WorkerPool {
  private readonly size: number;
  private threads: Worker[] = [];
  private closed = false;

  constructor(workers?: number) {
    this.size = Math.max(1, workers ?? defaultWorkers());
  }

  /**
   * Start the threads now rather than at the first batch: called before loading the scenario, a thread's start-up
   * (about a tenth of a second) overlaps with reading the file. A pool of one runs in this thread and starts nothing.
   */
  start(): this {
    if (this.size > 1) this.spawn(this.size);
    return this;
  }

  private spawn(count: number): void {
    const script = workerScript();
    while (this.threads.length < count) this.threads.push(new Worker(script));
  }

  async run(jobs: ReplicationJob[], onProgress?: (done: number, total: number) => void): Promise<ReplicationResult[]> {
    if (this.closed) throw new RunError("the worker pool is closed");
    const total = jobs.length;
    const results: ReplicationResult[] = new Array(total);
    let done = 0;
    if (total === 0) return results;
    if (this.size === 1 || total === 1) {
      for (let i = 0; i < total; i++) {
        const job = jobs[i]!;
        results[i] = simulateReplication(job.scenario, job.replication, { recordTickets: job.recordTickets });
        done++;
        onProgress?.(done, total);
        // Let progress output and signals through between replications.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return results;
    }
    this.spawn(Math.min(this.size, total));
    const active = this.threads.slice(0, Math.min(this.size, total));
    let next = 0;
    await new Promise<void>((resolve, reject) => {
      let finished = false;
      const cleanups: (() => void)[] = [];
      const end = (error?: Error) => {
        if (finished) return;
        finished = true;
        for (const cleanup of cleanups) cleanup();
        if (error) reject(error);
        else resolve();
      };
      for (const worker of active) {
        let index = -1;
        const feed = () => {
          if (next >= total) {
            if (done === total) end();
            return;
          }
          index = next++;
          worker.postMessage(jobs[index]);
        };
        const onMessage = (message: WorkerReply) => {
          if (finished) return;
          if (!message.ok) {
            end(message.name === "RunError" ? new RunError(message.message) : new Error(message.message));
            return;
          }
          results[index] = message.result;
          done++;
          onProgress?.(done, total);
          feed();
        };
        const onError = (error: Error) => end(error);
        const onExit = (code: number) => end(new RunError(`a worker thread stopped with code ${code}`));
        worker.on("message", onMessage);
        worker.on("error", onError);
        worker.on("exit", onExit);
        cleanups.push(() => {
          worker.off("message", onMessage);
          worker.off("error", onError);
          worker.off("exit", onExit);
        });
        feed();
      }
    }).catch(async (error: unknown) => {
      // A failed batch leaves threads in an unknown state: stop them; a next batch starts fresh ones.
      await this.stopThreads();
      throw error;
    });
    return results;
  }

  private async stopThreads(): Promise<void> {
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((t) => t.terminate()));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopThreads();
  }
}

/**
 * Use a pool, closed afterwards whatever happens. For several batches (a sweep, an optimizer, a replay): on one pool a
 * thread compiles the simulator once, not once per batch.
 */
export async function withWorkerPool<T>(workers: number | undefined, use: (pool: WorkerPool) => Promise<T>): Promise<T> {
  const pool = new WorkerPool(workers);
  try {
    return await use(pool);
  } finally {
    await pool.close();
  }
}

/** Run one batch of replications on the given pool, or on a pool started for it. */
export async function runJobs(jobs: ReplicationJob[], options: PoolOptions = {}): Promise<ReplicationResult[]> {
  if (options.pool) return options.pool.run(jobs, options.onProgress);
  return withWorkerPool(Math.min(options.workers ?? defaultWorkers(), jobs.length), (pool) => pool.run(jobs, options.onProgress));
}
