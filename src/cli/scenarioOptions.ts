import type { Argv } from "yargs";
import type { Scenario } from "../model/types.js";
import { InputError } from "../errors.js";

export interface ScenarioArgs {
  set?: string[];
  seed?: number;
  horizon?: string;
  warmup?: string;
  replications?: number;
}

/** Options that change a scenario; each becomes a `--set` override, so it is validated like the file. */
export function withScenarioOptions<T>(y: Argv<T>) {
  return y
    .option("set", { type: "string", array: true, describe: "Override a scenario value: --set tiers.L1.agents=12 (repeatable)" })
    .option("seed", { type: "number", describe: "Scenario seed (run.seed)" })
    .option("horizon", { type: "string", describe: 'Simulated time per replication, e.g. "28d" (run.horizon)' })
    .option("warmup", { type: "string", describe: 'Warm-up discarded from the metrics, e.g. "2d" (run.warmup)' })
    .option("replications", { alias: "r", type: "number", describe: "Independent replications (run.replications)" });
}

export function overridesFrom(args: ScenarioArgs): string[] {
  const list = [...(args.set ?? [])];
  if (args.seed !== undefined) list.push(`seed=${args.seed}`);
  if (args.horizon !== undefined) list.push(`run.horizon=${args.horizon}`);
  if (args.warmup !== undefined) list.push(`run.warmup=${args.warmup}`);
  if (args.replications !== undefined) list.push(`run.replications=${args.replications}`);
  return list;
}

export async function scenarioFromArgs(file: string, args: ScenarioArgs): Promise<Scenario> {
  for (const o of args.set ?? []) if (typeof o !== "string") throw new InputError(`--set: expected path=value`);
  // Loaded when needed: keeps the CLI's start-up light.
  const { loadScenario } = await import("../model/load.js");
  return loadScenario(file, overridesFrom(args));
}

export function workersOption<T>(y: Argv<T>) {
  return y.option("workers", { alias: "w", type: "number", describe: "Worker threads (default: the number of cores); results do not depend on it" });
}

export function checkWorkers(workers: number | undefined): number | undefined {
  if (workers === undefined) return undefined;
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new InputError(`--workers: expected a whole number from 1 to 256, got ${workers}`);
  return workers;
}
