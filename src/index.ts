/**
 * tiersim as a library: load a scenario, simulate it, compare, sweep and optimize, read and fit real ticket logs.
 * The CLI (`tiersim`) is a thin layer over these.
 */
export { loadScenario, parseScenario } from "./model/load.js";
export type { Scenario, Tier, Structure, CategoryConfig, PriorityConfig, ChannelConfig, TierConfig, Staffing, Shift, KnowledgeConfig, FlatConfig, ArrivalsConfig, TraceTickets } from "./model/types.js";
export { TIERS } from "./model/types.js";
export { simulateReplication, type ReplicationResult, type ReplicationOptions, type TicketRow } from "./model/desk.js";
export { simulate, type SimulateOptions, type SimulationResult } from "./experiment/simulate.js";
export { summarize, type Summary, type MetricSummary } from "./experiment/summary.js";
export { compareScenarios, compareResults, type Comparison, type ComparedMetric, type Verdict } from "./experiment/compare.js";
export { WorkerPool, runJobs, withWorkerPool, defaultWorkers, type ReplicationJob } from "./experiment/pool.js";
export { compileInWorkerThreads } from "./experiment/workerCompilation.js";
export { optimize } from "./experiment/optimize.js";
export { planSweep, runSweep } from "./experiment/sweep.js";
export { mergeShards } from "./experiment/shard.js";
export { parseTarget, parseTargets } from "./experiment/targets.js";
export { erlangC } from "./analytic/erlangC.js";
export { erlangA } from "./analytic/erlangA.js";
export { requiredAgents, rosteredAgents } from "./analytic/staffing.js";
export { intervalStaffing } from "./analytic/intervalStaffing.js";
export { parseDuration, parseRate, formatDuration } from "./model/units.js";
export { estimate, type Estimate } from "./stats/confidence.js";
export { InputError, RunError } from "./errors.js";
export { loadMapping, readTicketLog, fitTicketLog, ticketTrace } from "./data/index.js";
export { replayLog } from "./data/replay/index.js";
