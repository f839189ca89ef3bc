/**
 * `npm run bench`: speed and memory through the product's own path (scenario file -> simulate -> metrics), each case in
 * its own process. Prints tickets and events per second, peak RSS, and the key metrics beside their exact values, so a
 * speed-up never hides a wrong answer. Not a test: nothing here asserts; it measures and prints.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpus, availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

interface CaseResult {
  tickets: number;
  events: number;
  simulateSeconds: number;
  totalSeconds: number;
  /** With --second-batch: the same replications again on the same (compiled) threads. */
  secondBatchSeconds?: number;
  replicationSeconds: number[];
  replicationTickets: number[];
  peakRssMB: number;
  metrics: Record<string, number | null>;
  summary: string;
}

const caseScript = fileURLToPath(new URL("./case.js", import.meta.url));
const benchDir = fileURLToPath(new URL("../../bench/", import.meta.url));
const only = process.argv.slice(2);

function runCase(file: string, workers: number, replications: number, overrides: string[] = []): CaseResult {
  const out = execFileSync(process.execPath, [caseScript, benchDir + file, String(workers), String(replications), ...overrides], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split("\n").pop()!) as CaseResult;
}

const fmt = (x: number, digits = 2) => x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mps = (n: number, s: number) => `${fmt(n / s / 1e6)} M/s`;

function report(name: string, r: CaseResult, exact: [string, number][]): void {
  console.log(`\n${name}: ${fmt(r.tickets, 0)} tickets, ${fmt(r.events, 0)} events in ${fmt(r.simulateSeconds)} s`);
  console.log(`  tickets/s ${mps(r.tickets, r.simulateSeconds)}   events/s ${mps(r.events, r.simulateSeconds)}   peak RSS ${fmt(r.peakRssMB, 0)} MB`);
  const seconds = r.replicationSeconds;
  if (seconds.length > 1) {
    // The first replication runs while the JIT is still compiling the event loop; the later ones show compiled speed.
    const later = seconds.slice(1).reduce((a, b) => a + b, 0);
    const laterTickets = r.replicationTickets.slice(1).reduce((a, b) => a + b, 0);
    console.log(`  first replication (cold start) ${mps(r.replicationTickets[0]!, seconds[0]!)}, then ${mps(laterTickets, later)} per replication`);
  }
  for (const [key, value] of exact) {
    const got = r.metrics[key];
    const error = got === null || got === undefined ? NaN : ((got - value) / value) * 100;
    console.log(`  ${key.padEnd(22)} ${got === null || got === undefined ? "n/a" : fmt(got, 4).padStart(10)}   exact ${fmt(value, 4).padStart(10)}   (${error >= 0 ? "+" : ""}${fmt(error, 2)}%)`);
  }
}

const want = (name: string) => only.length === 0 || only.includes(name);
console.log(`tiersim benchmarks on ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, Node ${process.version}`);

if (want("mmc")) {
  report("mmc (M/M/10, rho 0.9, three replications of 1,000,000 tickets, one thread)", runCase("mmc.yaml", 1, 3), [
    ["wait.L1.mean", 6.687],
    ["waitProbability", 0.6687],
  ]);
}
let tiers: CaseResult | undefined;
if (want("tiers") || want("scale")) {
  tiers = runCase("tiers.yaml", 1, 3);
  report("tiers (three-tier Jackson network, three replications of 1,000,000 tickets, one thread)", tiers, [
    ["wait.L1.mean", 1.071],
    ["wait.L2.mean", 23.633],
    ["wait.L3.mean", 22.71],
  ]);
}
if (want("scale")) {
  const scale = runCase("tiers.yaml", 1, 1, ["run.horizon=10000000"]);
  report("scale (tiers at 10,000,000 tickets)", scale, [
    ["wait.L1.mean", 1.071],
    ["wait.L2.mean", 23.633],
    ["wait.L3.mean", 22.71],
  ]);
  console.log(`  peak RSS ${fmt(scale.peakRssMB, 0)} MB against ${fmt(tiers!.peakRssMB, 0)} MB at 1,000,000 tickets: ${scale.peakRssMB >= tiers!.peakRssMB ? "+" : ""}${fmt((scale.peakRssMB / tiers!.peakRssMB - 1) * 100, 1)}%`);
}
if (want("baseline-year")) {
  report("baseline-year (kcs.yaml for 52 weeks, knowledge loop on, one replication)", runCase("baseline-year.yaml", 1, 1), []);
}
if (want("parallel")) {
  // Three pairs, one after the other: a single pair varies by a few per cent from run to run on a shared machine, so
  // the median and the range are printed, not one figure.
  const n = availableParallelism();
  const pairs = [0, 1, 2].map(() => ({
    one: runCase("baseline-year.yaml", 1, 8, ["--second-batch"]),
    all: runCase("baseline-year.yaml", n, 8, ["--second-batch"]),
  }));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const range = (xs: number[]) => `${fmt(Math.min(...xs))} to ${fmt(Math.max(...xs))}`;
  const speedups = pairs.map((p) => p.one.simulateSeconds / p.all.simulateSeconds);
  const withLoading = pairs.map((p) => p.one.totalSeconds / p.all.totalSeconds);
  const one = median(pairs.map((p) => p.one.simulateSeconds));
  const all = median(pairs.map((p) => p.all.simulateSeconds));
  const identical = pairs.every((p) => p.one.summary === pairs[0]!.one.summary && p.all.summary === p.one.summary);
  console.log(`\nparallel (8 replications of baseline-year, three pairs of runs): 1 worker ${fmt(one)} s, ${n} workers ${fmt(all)} s (medians)`);
  console.log(`  speedup ${fmt(median(speedups))}x (${range(speedups)}); results identical: ${identical ? "yes" : "NO"}`);
  // As in `tiersim run`, the threads start while the scenario loads: the whole, loading included.
  console.log(`  with loading: speedup ${fmt(median(withLoading))}x (${range(withLoading)})`);
  // A sweep or the optimizer runs batch after batch on one pool: from the second batch on, every thread is compiled.
  const second = pairs.map((p) => p.one.secondBatchSeconds! / p.all.secondBatchSeconds!);
  console.log(
    `  second batch on the same threads (as in sweep and optimize): 1 worker ${fmt(median(pairs.map((p) => p.one.secondBatchSeconds!)))} s, ` +
      `${n} workers ${fmt(median(pairs.map((p) => p.all.secondBatchSeconds!)))} s, speedup ${fmt(median(second))}x (${range(second)})`,
  );
}
if (want("logs")) {
  // Reading the three real logs through their mappings (the UCI file should take under 10 s).
  const script = fileURLToPath(new URL("./readLogs.js", import.meta.url));
  console.log("\n" + execFileSync(process.execPath, [script], { encoding: "utf8" }).trim());
}
if (want("soak")) {
  // The baseline for a simulated year, 100 replications, one thread: memory after each batch must stay flat.
  const script = fileURLToPath(new URL("./soak.js", import.meta.url));
  console.log("\n" + execFileSync(process.execPath, ["--expose-gc", script], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }).trim());
}
if (want("startup")) {
  const cli = fileURLToPath(new URL("../cli/main.js", import.meta.url));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, "--version"], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(`\nstartup: tiersim --version takes ${fmt(times[2]!, 3)} s (median of 5)`);
}
