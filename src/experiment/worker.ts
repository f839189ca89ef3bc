import { parentPort } from "node:worker_threads";
import { simulateReplication } from "../model/desk.js";
import type { ReplicationJob } from "./pool.js";

// A worker thread runs replications one at a time, as the pool hands them out.
parentPort?.on("message", (job: ReplicationJob) => {
  try {
    const result = simulateReplication(job.scenario, job.replication, { recordTickets: job.recordTickets });
    // Copied, not transferred: detaching an ArrayBuffer (what a transfer does) makes V8 add a detach check to every
    // typed-array access from then on, and this thread's next replications ran about 12% slower.
    parentPort!.postMessage({ ok: true, result });
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({ ok: false, name: e.name, message: e.message, stack: e.stack });
  }
});
