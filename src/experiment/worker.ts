import { parentPort } from "node:worker_threads";
import { simulateReplication } from "../model/desk.js";
import type { ReplicationJob } from "./pool.js";

// A worker thread runs replications one at a time, as the pool hands them out.
parentPort?.on("message", (job: ReplicationJob) => {
  try {
    const result = simulateReplication(job.scenario, job.replication, { recordTickets: job.recordTickets });
    // The hourly series is the bulk of a result: hand its buffer over instead of copying it.
    parentPort!.postMessage({ ok: true, result }, [result.timeseries.values.buffer as ArrayBuffer]);
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({ ok: false, name: e.name, message: e.message, stack: e.stack });
  }
});
