import { InputError, RunError } from "../errors.js";
import type { ReplicationResult, TicketRow } from "../model/desk.js";
import { TIERS, type Scenario } from "../model/types.js";
import { DEFAULT_LIMITS, limitProblems, limitsOf } from "../model/resolve.js";
import type { RunLimits } from "../model/types.js";
import type { LogHistogram } from "../stats/logHistogram.js";
import { aggregateSeries, mergeHistograms, type SeriesAcrossReplications } from "./aggregate.js";
import { runJobs, type PoolOptions } from "./pool.js";
import { summarize, type Summary } from "./summary.js";

export interface SimulateOptions extends PoolOptions {
  /** Replications to run; default the scenario's. */
  replications?: number;
}

export interface SimulationResult {
  scenario: Scenario;
  summary: Summary;
  /** Per-replication figures, in replication order (tickets left out; see `tickets`). */
  replications: Omit<ReplicationResult, "tickets">[];
  series: SeriesAcrossReplications;
  histograms: Record<string, LogHistogram>;
  tierNames: string[];
  tickets?: TicketRow[];
}

/**
 * Limits on what one run may ask of this machine (defaults; README "Limits"). A scenario raises them deliberately with
 * `run.limits` (kept on the loaded scenario as `limits`); code building a Scenario can set `limits` the same way.
 */
export const LIMITS: Readonly<RunLimits> = DEFAULT_LIMITS;

/** Refuse, before any work, a run over the limits: the loader checked the file, this checks what the call adds. */
export function checkRunLimits(scenario: Scenario, replications: number, recordTickets: boolean): void {
  const problems = limitProblems(scenario, limitsOf(scenario), replications, recordTickets);
  if (problems.length === 0) return;
  const where = scenario.source ?? `scenario "${scenario.name}"`;
  throw new InputError(problems.map((p) => `${where}${p.path.length > 0 ? ` ${p.path.join(".")}` : ""}: ${p.message}`));
}

/** Run a scenario's replications (in parallel on worker threads) and summarize them with 95% intervals. */
export async function simulate(scenario: Scenario, options: SimulateOptions = {}): Promise<SimulationResult> {
  const replications = options.replications ?? scenario.replications;
  if (!Number.isInteger(replications) || replications < 1) throw new RunError(`replications must be a whole number >= 1, got ${replications}`);
  checkRunLimits(scenario, replications, options.recordTickets ?? false);
  const jobs = Array.from({ length: replications }, (_, replication) => ({
    scenario,
    replication,
    recordTickets: options.recordTickets ?? false,
  }));
  const results = await runJobs(jobs, options);
  return collect(scenario, results);
}

export function collect(scenario: Scenario, results: ReplicationResult[]): SimulationResult {
  const tickets = results.some((r) => r.tickets) ? results.flatMap((r) => r.tickets ?? []) : undefined;
  const replications = results.map(({ tickets: _tickets, ...rest }) => rest);
  return {
    scenario,
    summary: summarize(scenario, results),
    replications,
    series: aggregateSeries(results.map((r) => r.timeseries)),
    histograms: mergeHistograms(results),
    tierNames: scenario.structure === "flat" ? ["pool"] : [...TIERS],
    tickets,
  };
}
