import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { simulateReplication } from "../model/desk.js";
import type { Scenario } from "../model/types.js";
import type { ReplicationJob } from "./pool.js";

/**
 * Compile the event loop before the first job: two short replications of the built-in warm-up scenario (two weeks of
 * scenarios/kcs.yaml, resolved at build time into warmUp.json, so that no scenario compiler loads here). Only a
 * matter of speed: without the file, or should it fail, the jobs run all the same.
 */
function warmUp(): void {
  try {
    const scenario = JSON.parse(readFileSync(new URL("./warmUp.json", import.meta.url), "utf8")) as Scenario;
    for (let replication = 0; replication < 2; replication++) simulateReplication(scenario, replication);
  } catch {
    // Nothing to do: see above.
  }
}

if ((workerData as { warmUp?: boolean } | undefined)?.warmUp) warmUp();

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
