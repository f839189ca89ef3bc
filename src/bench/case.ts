/**
 * One benchmark case in a fresh process, so its peak memory is its own: load the scenario file, simulate, and print
 * one JSON line with the figures. Run by src/bench/main.ts. Like `tiersim run`, it starts the worker threads before
 * loading the scenario, and its threads compile in place (src/experiment/workerCompilation.ts); `simulateSeconds`
 * counts from the end of loading, `totalSeconds` from the start (importing the loader and the simulator included).
 * With `--second-batch`, the same replications run once more on the same threads, compiled by then, as a sweep's or the
 * optimizer's later batches do: `secondBatchSeconds`.
 */
import { WorkerPool } from "../experiment/pool.js";
import { compileInWorkerThreads } from "../experiment/workerCompilation.js";

const args = process.argv.slice(2);
const secondBatch = args.includes("--second-batch");
const [file, workersText, replicationsText, ...overrides] = args.filter((a) => a !== "--second-batch");
const workers = Number(workersText ?? 1);
const replications = Number(replicationsText ?? 1);
compileInWorkerThreads(); // as the CLI does
const started = performance.now();
const pool = new WorkerPool(workers).start();
// As in the CLI, the loader and the simulator are imported after the threads start: their start-up overlaps with it.
const { loadScenario } = await import("../model/load.js");
const { simulate } = await import("../experiment/simulate.js");
const scenario = await loadScenario(file!, overrides);
const simulating = performance.now();
// On one thread each replication ends at a progress call: the first shows the cold start (the JIT compiling the event
// loop while it runs), the later ones the compiled speed.
const replicationEnds: number[] = [];
const result = await simulate(scenario, { workers, replications, pool, onProgress: () => replicationEnds.push(performance.now()) });
const finished = performance.now();
let secondBatchSeconds: number | undefined;
if (secondBatch) {
  const again = performance.now();
  const second = await simulate(scenario, { workers, replications, pool });
  secondBatchSeconds = (performance.now() - again) / 1000;
  if (JSON.stringify(second.summary) !== JSON.stringify(result.summary)) throw new Error("the second batch gave other results");
}
await pool.close();
const tickets = result.replications.reduce((s, r) => s + r.ticketsDrawn, 0);
const events = result.replications.reduce((s, r) => s + r.events, 0);
const metrics: Record<string, number | null> = {};
for (const [k, m] of Object.entries(result.summary.metrics)) metrics[k] = m.mean;
process.stdout.write(
  JSON.stringify({
    file,
    workers,
    replications,
    tickets,
    events,
    loadSeconds: (simulating - started) / 1000,
    simulateSeconds: (finished - simulating) / 1000,
    totalSeconds: (finished - started) / 1000,
    secondBatchSeconds,
    replicationSeconds: workers === 1 ? replicationEnds.map((t, i) => (t - (i === 0 ? simulating : replicationEnds[i - 1]!)) / 1000) : [],
    replicationTickets: result.replications.map((r) => r.ticketsDrawn),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    metrics,
    summary: JSON.stringify(result.summary),
  }) + "\n",
);
