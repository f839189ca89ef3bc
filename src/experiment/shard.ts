/**
 * Sharding a sweep over machines: `--shard k/n` runs the k-th of n disjoint parts of the grid (points assigned round
 * robin: point i belongs to shard (i mod n) + 1, which spreads cheap and costly corners of the grid evenly), with the
 * seeds every point has in the whole run (a point's replications depend only on the scenario seed and their index).
 * `mergeShards` checks that the parts belong together and rebuilds exactly the output of the unsharded run.
 */
import { InputError } from "../errors.js";
import { finalizeSweep, type SweepOutput, type SweepPointResult } from "./sweep.js";

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

const SHARD_EXPECTED = 'expected k/n with 1 <= k <= n (e.g. 2/8), or auto/n to take k from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)';

/** Parse `--shard k/n` or `--shard auto/n` (k = JOB_COMPLETION_INDEX + 1, the Kubernetes Indexed Job's 0-based index). */
export function parseShard(text: string, env: Record<string, string | undefined> = process.env): ShardSpec {
  const option = `--shard ${text}`;
  const m = /^\s*(auto|\d+)\s*\/\s*(\d+)\s*$/.exec(String(text));
  if (!m) throw new InputError(`${option}: ${SHARD_EXPECTED}`);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new InputError(`${option}: the number of shards must be >= 1`);
  let index: number;
  if (m[1] === "auto") {
    const raw = env["JOB_COMPLETION_INDEX"];
    if (raw === undefined || raw.trim() === "") {
      throw new InputError(`${option}: JOB_COMPLETION_INDEX is not set (a Kubernetes Indexed Job sets it); outside one, give the shard as k/${count}`);
    }
    if (!/^\s*\d+\s*$/.test(raw)) throw new InputError(`${option}: JOB_COMPLETION_INDEX must be a whole number from 0 to ${count - 1}, got "${raw}"`);
    const completion = Number(raw);
    if (completion >= count) {
      throw new InputError(`${option}: JOB_COMPLETION_INDEX is ${completion}, but there are only ${count} shards (0 to ${count - 1}); set the Job's completions to ${count}`);
    }
    index = completion + 1;
  } else {
    index = Number(m[1]);
    if (index < 1 || index > count) throw new InputError(`${option}: shard ${index} does not exist; ${SHARD_EXPECTED}`);
  }
  return { index, count };
}

/** The grid points of a shard, in order. */
export function shardPoints(totalPoints: number, shard: ShardSpec): number[] {
  const out: number[] = [];
  for (let p = shard.index - 1; p < totalPoints; p += shard.count) out.push(p);
  return out;
}

export interface ShardInput {
  /** Where it was read from, for messages. */
  source: string;
  output: SweepOutput;
}

/** The fields that must agree between shards of one sweep. */
const IDENTITY: (keyof SweepOutput)[] = [
  "scenario",
  "scenarioHash",
  "structure",
  "seed",
  "replications",
  "horizonMinutes",
  "warmupMinutes",
  "tiersimVersion",
  "set",
  "parameters",
  "points",
];

/** Combine shard outputs into the output of the unsharded sweep; every inconsistency is an InputError. */
export function mergeShards(inputs: readonly ShardInput[]): SweepOutput {
  if (inputs.length === 0) throw new InputError("merge: give the shard folders (or their sweep.json files) to merge");
  const problems: string[] = [];
  for (const { source, output } of inputs) {
    if (output.kind !== "tiersim-sweep") problems.push(`${source}: not a tiersim sweep output`);
    else if (!output.shard) problems.push(`${source}: not a shard (no shard marker): it is already a whole sweep`);
  }
  if (problems.length) throw new InputError(problems);
  const first = inputs[0]!;
  const count = first.output.shard!.count;
  for (const input of inputs.slice(1)) {
    for (const field of IDENTITY) {
      const a = JSON.stringify(first.output[field]);
      const b = JSON.stringify(input.output[field]);
      if (a !== b) problems.push(`${input.source}: not a shard of the same sweep as ${first.source}: ${field} differs (${brief(b)} vs ${brief(a)})`);
    }
    if (input.output.shard!.count !== count) {
      problems.push(`${input.source}: split into ${input.output.shard!.count} shards, but ${first.source} into ${count}`);
    }
  }
  if (problems.length) throw new InputError(problems);

  const byIndex = new Map<number, string>();
  for (const { source, output } of inputs) {
    const index = output.shard!.index;
    const other = byIndex.get(index);
    if (other !== undefined) problems.push(`shard ${index}/${count} given twice: ${other} and ${source}`);
    else byIndex.set(index, source);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) {
    problems.push(`missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")}: all ${count} shards are needed (have ${[...byIndex.keys()].sort((a, b) => a - b).join(", ") || "none"})`);
  }
  if (problems.length) throw new InputError(problems);

  const results: SweepPointResult[] = [];
  const seen = new Set<number>();
  for (const { source, output } of inputs) {
    const shard = output.shard!;
    for (const r of output.results) {
      if (!Number.isInteger(r.point) || r.point < 0 || r.point >= first.output.points || r.point % count !== shard.index - 1) {
        problems.push(`${source}: grid point ${r.point} does not belong to shard ${shard.index}/${count}`);
      } else if (seen.has(r.point)) {
        problems.push(`${source}: grid point ${r.point} appears twice`);
      } else {
        seen.add(r.point);
        results.push(r);
      }
    }
    const expected = Math.max(0, Math.ceil((first.output.points - (shard.index - 1)) / count));
    const have = output.results.length;
    if (have !== expected) problems.push(`${source}: shard ${shard.index}/${count} should hold ${expected} grid points, it holds ${have} (an interrupted or edited shard?)`);
  }
  if (problems.length) throw new InputError(problems);
  results.sort((a, b) => a.point - b.point);
  const { shard: _shard, results: _results, units, ...header } = first.output;
  const allUnits: Record<string, string> = {};
  for (const { output } of inputs) Object.assign(allUnits, output.units);
  return finalizeSweep({ ...header, shard: undefined }, results, (key) => allUnits[key] ?? units[key] ?? "count");
}

function brief(json: string): string {
  return json.length > 80 ? json.slice(0, 77) + "..." : json;
}
