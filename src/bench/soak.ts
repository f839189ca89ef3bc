/**
 * Soak benchmark (not a test): the baseline scenario for a simulated year, 100 replications, in batches, printing the
 * process's memory after each batch. Memory should be flat across batches: a replication keeps nothing once it is
 * done, and the pool's worker threads are reused. Only a few figures per replication are kept here, so any growth is
 * the simulator's own.
 *
 * One thread by default: each reading then follows a full collection of the only heap, the clearest test. With
 * --workers N the replications run on the pool; RSS then includes the worker threads' heaps, which V8 collects
 * lazily, so it rises over the first batches to a plateau (about 300 MB with 2 workers) and stays there.
 *
 *   node dist/bench/soak.js [--replications 100] [--batch 10] [--horizon 365d] [--workers 1] [--scenario file]
 *   node --expose-gc dist/bench/soak.js ...    (collects garbage before each reading: steadier figures)
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { InputError } from "../errors.js";
import { defaultWorkers, WorkerPool } from "../experiment/pool.js";
import { loadScenario } from "../model/load.js";

const { values } = parseArgs({
  options: {
    replications: { type: "string", default: "100" },
    batch: { type: "string", default: "10" },
    horizon: { type: "string", default: "365d" },
    workers: { type: "string" },
    scenario: { type: "string", default: fileURLToPath(new URL("../../scenarios/tiered-baseline.yaml", import.meta.url)) },
  },
});

const whole = (name: string, text: string | undefined, fallback: number): number => {
  const n = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`soak: --${name} expects a whole number >= 1, got ${text}\n`);
    process.exit(2);
  }
  return n;
};
const replications = whole("replications", values.replications, 100);
const batch = Math.min(whole("batch", values.batch, 10), replications);
const workers = Math.min(whole("workers", values.workers, 1), defaultWorkers() * 4);

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => (bytes / MB).toFixed(1).padStart(8);

function memory(): NodeJS.MemoryUsage {
  gc?.();
  return process.memoryUsage();
}

async function main(): Promise<void> {
  let scenario;
  try {
    scenario = await loadScenario(values.scenario!, [`run.horizon=${values.horizon}`, "run.warmup=2d", `run.replications=${Math.max(2, replications)}`]);
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(error.problems.map((p) => `soak: ${p}`).join("\n") + "\n");
      process.exit(2);
    }
    throw error;
  }
  console.log(
    `soak: ${scenario.name}, ${values.horizon} per replication, ${replications} replications in batches of ${batch}, ` +
      `${workers} worker${workers > 1 ? "s" : ""}${gc ? ", gc before each reading" : " (run with --expose-gc for steadier readings)"}`,
  );
  console.log("batch  replications  seconds  tickets/s     rss MB   heap MB  external MB");
  const start = memory();
  console.log(`start  ${"0".padStart(12)}  ${"".padStart(7)}  ${"".padStart(9)}  ${mb(start.rss)}  ${mb(start.heapUsed)}  ${mb(start.external + start.arrayBuffers)}`);

  const pool = new WorkerPool(workers);
  const rss: number[] = [];
  const heap: number[] = [];
  let tickets = 0;
  let waitSum = 0;
  const began = performance.now();
  try {
    for (let first = 0, index = 1; first < replications; first += batch, index++) {
      const jobs = [];
      for (let r = first; r < Math.min(replications, first + batch); r++) jobs.push({ scenario, replication: r, recordTickets: false });
      const t0 = performance.now();
      let batchTickets = 0;
      for (const result of await pool.run(jobs)) {
        // Keep two numbers per replication; the results (series, histograms) go out of scope here.
        batchTickets += result.metrics["tickets.arrived"] ?? 0;
        waitSum += result.metrics["wait.L1.mean"] ?? 0;
      }
      tickets += batchTickets;
      const seconds = (performance.now() - t0) / 1000;
      const m = memory();
      rss.push(m.rss);
      heap.push(m.heapUsed);
      console.log(
        `${String(index).padStart(5)}  ${String(first + jobs.length).padStart(12)}  ${seconds.toFixed(1).padStart(7)}  ` +
          `${Math.round(batchTickets / seconds).toLocaleString("en-US").padStart(9)}  ${mb(m.rss)}  ${mb(m.heapUsed)}  ${mb(m.external + m.arrayBuffers)}`,
      );
    }
  } finally {
    await pool.close();
  }

  const total = (performance.now() - began) / 1000;
  console.log(`\n${tickets.toLocaleString("en-US")} tickets in ${total.toFixed(1)} s; mean L1 wait over replications ${(waitSum / replications).toFixed(3)} min`);
  if (rss.length >= 2) {
    // The first batches include start-up (threads, compiled code, heaps finding their size): judge the second half.
    const mid = Math.floor((rss.length - 1) / 2);
    const growth = rss[rss.length - 1]! - rss[mid]!;
    const spread = Math.max(...rss.slice(mid)) - Math.min(...rss.slice(mid));
    console.log(
      `RSS after batch 1: ${mb(rss[0]!).trim()} MB; after batch ${mid + 1}: ${mb(rss[mid]!).trim()} MB; after the last: ${mb(rss[rss.length - 1]!).trim()} MB ` +
        `(${growth >= 0 ? "+" : ""}${(growth / MB).toFixed(1)} MB over the second half, spread ${(spread / MB).toFixed(1)} MB)`,
    );
    console.log(`main heap after batch 1: ${mb(heap[0]!).trim()} MB, after the last: ${mb(heap[heap.length - 1]!).trim()} MB`);
    const flat = growth < 0.1 * rss[mid]! || growth < 32 * MB;
    console.log(flat ? "memory is flat across replications" : "memory GREW over the second half: a leak to look for");
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`soak: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
