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
  recordTickets?: boolean;
  /** Called after each finished replication with the number done so far. */
  onProgress?: (done: number, total: number) => void;
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** The compiled worker: beside this module when running from dist/, else the built copy (tests run from src/). */
function workerScript(): URL {
  const here = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL("../../dist/experiment/worker.js", import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new RunError("the worker script is not built: run `npm run build`, or use --workers 1");
}

/**
 * Run the given replications of one or more scenarios. Each replication's random streams depend only on the
 * scenario seed and its index, and results are returned in job order: the same whatever the number of workers.
 */
export async function runJobs(jobs: ReplicationJob[], options: PoolOptions = {}): Promise<ReplicationResult[]> {
  const total = jobs.length;
  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkers(), total));
  const results: ReplicationResult[] = new Array(total);
  let done = 0;
  if (workers === 1) {
    for (let i = 0; i < total; i++) {
      const job = jobs[i]!;
      results[i] = simulateReplication(job.scenario, job.replication, { recordTickets: job.recordTickets });
      done++;
      options.onProgress?.(done, total);
      // Let progress output and signals through between replications.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return results;
  }
  const script = workerScript();
  let next = 0;
  const threads: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = false;
      const fail = (error: Error) => {
        if (finished) return;
        finished = true;
        reject(error);
      };
      const feed = (worker: Worker) => {
        if (next >= total) {
          if (done === total && !finished) {
            finished = true;
            resolve();
          }
          return;
        }
        const index = next++;
        worker.once("message", (message: { ok: true; result: ReplicationResult } | { ok: false; name: string; message: string }) => {
          if (!message.ok) {
            fail(message.name === "RunError" ? new RunError(message.message) : new Error(message.message));
            return;
          }
          results[index] = message.result;
          done++;
          options.onProgress?.(done, total);
          feed(worker);
        });
        worker.postMessage(jobs[index]);
      };
      for (let w = 0; w < workers; w++) {
        const worker = new Worker(script);
        worker.on("error", (error) => fail(error));
        worker.on("exit", (code) => {
          if (code !== 0) fail(new RunError(`a worker thread stopped with code ${code}`));
        });
        threads.push(worker);
        feed(worker);
      }
    });
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return results;
}
