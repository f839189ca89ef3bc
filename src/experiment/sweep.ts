/**
 * `tiersim sweep`: a scenario over a grid of parameter values, every grid point x replication as one job list on the
 * worker pool, each point's figures as a mean with its 95% interval. The output (sweep.json, sweep.csv) depends only on
 * the scenario, the overrides, the grid and the seed: no timestamps, paths or worker counts, so that a sweep run in
 * shards and merged is byte-identical to the same sweep run at once.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.js";
import { loadScenario, parseScenario } from "../model/load.js";
import type { Scenario } from "../model/types.js";
import type { Summary } from "./summary.js";
import { csvLine } from "../report/csv.js";
import { TIERSIM_VERSION } from "../version.js";
import { runJobs, withWorkerPool, type ReplicationJob } from "./pool.js";
import { shardPoints, type ShardSpec } from "./shard.js";
import { DEFAULT_MAX_POINTS, gridSize, parseGrid, pointOverrides, pointValues, type GridValue, type SweepParameter } from "./sweepGrid.js";
import { summarizeMetrics } from "./targets.js";
import { metricUnit } from "./units.js";

export interface PointMetric {
  mean: number | null;
  ci95: [number | null, number | null];
}

export interface SweepPointResult {
  /** Grid point index, row-major (the first parameter changes slowest). */
  point: number;
  values: Record<string, GridValue>;
  /** Replications run at this point. */
  replications: number;
  metrics: Record<string, PointMetric>;
}

/** sweep.json */
export interface SweepOutput extends Omit<Summary, "metrics"> {
  kind: "tiersim-sweep";
  formatVersion: 1;
  /** SHA-256 of the resolved scenario with its --set overrides (not its file path): shards must agree on it. */
  scenarioHash: string;
  /** The scenario overrides every point shares (--set, --seed, --horizon, --warmup, --replications). */
  set: string[];
  parameters: { path: string; spec: string; values: GridValue[] }[];
  /** Number of grid points. */
  points: number;
  /** Present only in a shard's output: which part of the grid it holds (points with index mod count = index - 1). */
  shard?: { index: number; count: number; assignment: "round-robin" };
  /** Unit of every metric, in column order. */
  units: Record<string, string>;
  results: SweepPointResult[];
}

export interface SweepPlan {
  file: string;
  text: string;
  base: Scenario;
  overrides: string[];
  parameters: SweepParameter[];
  points: number;
  scenarioHash: string;
}

export interface PlanOptions {
  maxPoints?: number;
}

/**
 * Read the scenario, parse the grid and validate every grid point as `tiersim run --set ...` would, before anything
 * runs; problems name the --vary option that caused them.
 */
export async function planSweep(file: string, overrides: string[], varies: readonly string[], options: PlanOptions = {}): Promise<SweepPlan> {
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  const base = await loadScenario(file, overrides);
  const text = await readFile(file, "utf8");
  const parameters = parseGrid(varies, maxPoints);
  const setPaths = overrides.map((o) => o.slice(0, Math.max(0, o.indexOf("="))).trim());
  const conflicts = parameters.filter((p) => setPaths.includes(p.path)).map((p) => `--vary ${p.path}: also given by --set (or --seed, --horizon, --warmup, --replications); give it once`);
  if (conflicts.length) throw new InputError(conflicts);
  const points = gridSize(parameters);
  const problems: string[] = [];
  const seen = new Set<string>();
  let failing = 0;
  for (let point = 0; point < points && failing < 5; point++) {
    const pointSets = pointOverrides(parameters, point);
    try {
      parseScenario(text, file, [...overrides, ...pointSets]);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      let fresh = false;
      for (const problem of error.problems) {
        // Name the --vary option, and report a problem once however many of its values share it.
        let named = problem;
        let key = problem;
        parameters.forEach((par, i) => {
          named = named.split(`--set ${pointSets[i]}`).join(`--vary ${pointSets[i]}`);
          key = key.split(`--set ${pointSets[i]}`).join(`--vary ${par.path}=*`);
        });
        if (!seen.has(key)) {
          seen.add(key);
          problems.push(named);
          fresh = true;
        }
      }
      if (fresh) failing++;
    }
  }
  if (problems.length) throw new InputError(problems);
  return { file, text, base, overrides, parameters, points, scenarioHash: scenarioHash(base) };
}

/** SHA-256 of a resolved scenario, its source path left out. */
export function scenarioHash(scenario: Scenario): string {
  const { source: _source, ...rest } = scenario;
  const json = JSON.stringify(rest, (_key, value: unknown) => (ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value));
  return createHash("sha256").update(json).digest("hex");
}

export interface RunSweepOptions {
  shard?: ShardSpec;
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Jobs handed to the pool at once: bounded so that a large grid does not hold every replication's time series. */
const JOBS_PER_BATCH = 400;

/** Run the sweep (or one shard of it): every point x replication through the worker pool, in grid order. */
export async function runSweep(plan: SweepPlan, options: RunSweepOptions = {}): Promise<SweepOutput> {
  const points = options.shard ? shardPoints(plan.points, options.shard) : Array.from({ length: plan.points }, (_, i) => i);
  const scenarioAt = (point: number) => parseScenario(plan.text, plan.file, [...plan.overrides, ...pointOverrides(plan.parameters, point)]);
  // Count the jobs first, for one progress bar over the whole run.
  const replicationsAt = new Map<number, number>();
  const variesReplications = plan.parameters.some((p) => p.path === "run.replications");
  let total = 0;
  for (const point of points) {
    const n = variesReplications ? scenarioAt(point).replications : plan.base.replications;
    replicationsAt.set(point, n);
    total += n;
  }
  const collected = new Map<number, Record<string, number>[]>();
  let done = 0;
  let batch: ReplicationJob[] = [];
  let owners: number[] = [];
  await withWorkerPool(options.workers, async (pool) => {
    const flush = async () => {
      if (batch.length === 0) return;
      const offset = done;
      const results = await runJobs(batch, { pool, onProgress: (d) => options.onProgress?.(offset + d, total) });
      results.forEach((r, i) => collected.get(owners[i]!)!.push(r.metrics));
      done += batch.length;
      batch = [];
      owners = [];
    };
    for (const point of points) {
      const scenario = scenarioAt(point);
      collected.set(point, []);
      for (let r = 0; r < replicationsAt.get(point)!; r++) {
        batch.push({ scenario, replication: r, recordTickets: false });
        owners.push(point);
      }
      if (batch.length >= JOBS_PER_BATCH) await flush();
    }
    await flush();
  });
  const results: SweepPointResult[] = points.map((point) => {
    const reps = collected.get(point)!;
    const summary = summarizeMetrics(reps);
    const metrics: Record<string, PointMetric> = {};
    for (const [k, m] of Object.entries(summary)) metrics[k] = { mean: m.mean, ci95: m.ci95 };
    return { point, values: pointValues(plan.parameters, point), replications: reps.length, metrics };
  });
  const header = sweepHeader(plan);
  return finalizeSweep(options.shard ? { ...header, shard: { index: options.shard.index, count: options.shard.count, assignment: "round-robin" } } : header, results, metricUnit);
}

type SweepHeader = Omit<SweepOutput, "units" | "results">;

function sweepHeader(plan: SweepPlan): SweepHeader {
  const b = plan.base;
  return {
    kind: "tiersim-sweep",
    formatVersion: 1,
    scenario: b.name,
    scenarioHash: plan.scenarioHash,
    structure: b.structure,
    seed: b.seed,
    replications: b.replications,
    horizonMinutes: b.horizonMinutes,
    warmupMinutes: b.warmupMinutes,
    tiersimVersion: TIERSIM_VERSION,
    set: plan.overrides,
    parameters: plan.parameters.map((p) => ({ path: p.path, spec: p.spec, values: p.values })),
    points: plan.points,
  };
}

/** Put a sweep output together in its fixed field order, metric columns in first-seen order over the points. */
export function finalizeSweep(header: SweepHeader, results: SweepPointResult[], unitOf: (key: string) => string): SweepOutput {
  const units: Record<string, string> = {};
  for (const r of results) for (const k of Object.keys(r.metrics)) if (units[k] === undefined) units[k] = unitOf(k);
  const out: SweepOutput = {
    kind: "tiersim-sweep",
    formatVersion: 1,
    scenario: header.scenario,
    scenarioHash: header.scenarioHash,
    structure: header.structure,
    seed: header.seed,
    replications: header.replications,
    horizonMinutes: header.horizonMinutes,
    warmupMinutes: header.warmupMinutes,
    tiersimVersion: header.tiersimVersion,
    set: header.set,
    parameters: header.parameters,
    points: header.points,
    ...(header.shard ? { shard: header.shard } : {}),
    units,
    results,
  };
  return out;
}

/** sweep.json: the header pretty-printed, one line per grid point (compact for large grids, diff-friendly). */
export function sweepJson(output: SweepOutput): string {
  const { results, ...header } = output;
  const lines = Object.entries(header).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const rows = results.map((r) => `    ${JSON.stringify(r)}`);
  return `{\n${lines.join(",\n")},\n  "results": [\n${rows.join(",\n")}\n  ]\n}\n`;
}

/** sweep.csv: one row per grid point, the parameter values, then each metric's mean and 95% interval. */
export function sweepCsv(output: SweepOutput): string {
  const keys = Object.keys(output.units);
  const header = [...output.parameters.map((p) => p.path), ...keys.flatMap((k) => [k, `${k}.ci95Low`, `${k}.ci95High`])];
  let text = csvLine(header);
  for (const r of output.results) {
    const row: unknown[] = output.parameters.map((p) => r.values[p.path]);
    for (const k of keys) {
      const m = r.metrics[k];
      row.push(m?.mean ?? null, m?.ci95[0] ?? null, m?.ci95[1] ?? null);
    }
    text += csvLine(row);
  }
  return text;
}

/** Read a sweep.json (or the sweep.json in a folder). */
export async function readSweepOutput(path: string): Promise<{ source: string; output: SweepOutput }> {
  let text: string | undefined;
  let source = path;
  for (const candidate of [path, `${path.replace(/\/+$/, "")}/sweep.json`]) {
    try {
      text = await readFile(candidate, "utf8");
      source = candidate;
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "EISDIR" && code !== "ENOTDIR") throw new InputError(`${candidate}: cannot read (${code ?? (error as Error).message})`);
    }
  }
  if (text === undefined) throw new InputError(`${path}: no sweep.json there (expected a shard folder written by tiersim sweep --shard, or its sweep.json)`);
  let output: SweepOutput;
  try {
    output = JSON.parse(text) as SweepOutput;
  } catch (error) {
    throw new InputError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (output === null || typeof output !== "object" || output.kind !== "tiersim-sweep" || !Array.isArray(output.results)) {
    throw new InputError(`${source}: not a tiersim sweep output`);
  }
  return { source, output };
}
