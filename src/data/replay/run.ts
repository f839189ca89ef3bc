/**
 * replayLog: simulate a scenario on a real log's arrivals (and optionally its tickets' attributes), replication by
 * replication, and compare the simulated figures with what the log shows, per hour of day, per day and overall.
 * Ticket rows are tallied as each batch of replications finishes and then dropped, so memory does not grow with the
 * number of replications.
 */
import { runJobs, withWorkerPool, type PoolOptions } from "../../experiment/pool.js";
import { collect } from "../../experiment/simulate.js";
import type { Summary } from "../../experiment/summary.js";
import type { ReplicationResult } from "../../model/desk.js";
import type { Scenario } from "../../model/types.js";
import { TIERSIM_VERSION } from "../../version.js";
import { formatDay } from "../time/calendar.js";
import type { TicketLog } from "../tickets/record.js";
import { compareTallies, observedTally, simulatedTally, type Comparison, type ObservedAvailability, type Tally } from "./compare.js";
import { planReplay, replayStart, type ReplayPeriod, type ReplayPlanOptions, type ReplayStaffing, type TraceUse } from "./trace.js";

export interface ReplayOptions extends ReplayPlanOptions {
  /** Worker threads (default 1 here; the CLI passes the number of cores). */
  workers?: number;
  onProgress?: PoolOptions["onProgress"];
}

export interface ReplayResult {
  tiersimVersion: string;
  scenario: string;
  scenarioFile?: string;
  structure: Scenario["structure"];
  seed: number;
  replications: number;
  log: { path: string; mapping: string; tickets: number; rows: number; rowsSkipped: number };
  period: ReplayPeriod;
  /** Weekday and time the replay starts at ("Fri 00:00"), horizon and drain, minutes. */
  start: string;
  horizonMinutes: number;
  drainMinutes: number;
  /** Tickets replayed (arrivals of the trace), and tickets of the period left out (phantoms, never reached the desk). */
  tickets: number;
  leftOut: number;
  use: TraceUse;
  staffing: ReplayStaffing;
  observedAvailability: ObservedAvailability;
  comparison: Comparison;
  /** The simulator's own summary of the replay (summary.json's metrics). */
  summary: Summary;
  warnings: string[];
}

/** Ticket rows kept in memory at once, at most (tickets x replications of a batch). */
const ROWS_PER_BATCH = 2_000_000;

export async function replayLog(scenario: Scenario, log: TicketLog, options: ReplayOptions = {}): Promise<ReplayResult> {
  const plan = planReplay(scenario, log, options);
  const s = plan.scenario;
  const days = plan.period.days;
  const dates = Array.from({ length: days }, (_, d) => formatDay(plan.period.fromDay + d));
  const observed = observedTally(plan.trace.tickets, plan.trace.arrivalMinutes, days);
  const availability: ObservedAvailability = {
    abandonment: log.counts.outcomes.abandoned > 0,
    waits: log.measures.wait,
    resolve: observed.all.resolveN > 0,
    tiers: log.measures.tiers || log.mapping.tier?.fixed !== undefined,
  };
  const workers = Math.max(1, options.workers ?? 1);
  const perReplication = Math.max(1, plan.trace.arrivalMinutes.length);
  const batch = Math.max(workers, Math.floor(ROWS_PER_BATCH / perReplication));
  const tallies: Tally[] = [];
  const results: ReplicationResult[] = [];
  const total = s.replications;
  await withWorkerPool(workers, async (pool) => {
    for (let first = 0; first < total; first += batch) {
      const jobs = [];
      for (let r = first; r < Math.min(total, first + batch); r++) jobs.push({ scenario: s, replication: r, recordTickets: true });
      const done = first;
      const batchResults = await runJobs(jobs, { pool, onProgress: options.onProgress ? (n) => options.onProgress!(done + n, total) : undefined });
      for (const r of batchResults) {
        tallies.push(simulatedTally(r.tickets ?? [], days, s.structure === "flat"));
        const { tickets: _tickets, ...rest } = r;
        results.push(rest);
      }
    }
  });
  const simulation = collect(s, results);
  return {
    tiersimVersion: TIERSIM_VERSION,
    scenario: s.name,
    ...(s.source !== undefined ? { scenarioFile: s.source } : {}),
    structure: s.structure,
    seed: s.seed,
    replications: total,
    log: { path: log.source.path, mapping: log.source.mapping, tickets: log.counts.tickets, rows: log.counts.rows, rowsSkipped: log.counts.rowsSkipped },
    period: plan.period,
    start: replayStart(plan),
    horizonMinutes: s.horizonMinutes,
    drainMinutes: plan.drainMinutes,
    tickets: plan.trace.arrivalMinutes.length,
    leftOut: plan.leftOut,
    use: plan.use,
    staffing: plan.staffing,
    observedAvailability: availability,
    comparison: compareTallies(observed, tallies, dates, availability),
    summary: simulation.summary,
    warnings: plan.warnings,
  };
}
