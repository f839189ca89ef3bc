/** src/data: reading real ticket logs through a mapping, and fitting a simulation model to them. */
export { loadMapping, parseMapping } from "./mapping/load.js";
export type { LogShape, Mapping, Outcome, StatusKind, TimeRole, TimeSpec, TierSpec, ValueSpec } from "./mapping/types.js";
export { readTicketLog, type ReadOptions } from "./read.js";
export type { AgentHours, LogCounts, LogMeasures, TicketLog, TicketRecord } from "./tickets/record.js";
export type { DataFinding, Severity } from "./tickets/findings.js";
export { ticketTrace, type TicketTrace, type TraceOptions } from "./tickets/trace.js";
export { fitTicketLog, MIN_CATEGORY_OBSERVATIONS, type FitOptions } from "./fit/fitLog.js";
export type { CategoryFit, FitFinding, FitResult, ServiceTimeFit, ShareEntry, TierStaffing, TimeSummary, WindowSummary } from "./fit/types.js";
export { fitDistribution, cdf, ksStatistic, FAMILIES, type Family, type FamilyFit, type DistributionFit, type CdfPoint } from "./fit/families.js";
export { fitArrivalProfile, type ArrivalProfileFit, type ProfileQuality } from "./fit/arrivals.js";
export { analyzeWindow, type WindowAnalysis, type DayCount, type DayRange } from "./fit/window.js";
export { wilson, poissonRateInterval, type Proportion } from "./fit/intervals.js";
export { fitPatience, type PatienceFit } from "./fit/patience.js";
export { observedHeadCount, type HeadCount } from "./fit/staffing.js";
export { levelShares, escalationRates, bounceBacks, type LevelShares, type EscalationRates, type BounceBacks } from "./fit/escalation.js";
export { scenarioYaml } from "./output/scenarioYaml.js";
export { fitReportMarkdown } from "./output/reportMd.js";
export { writeFitOutput, type WrittenFit } from "./output/writeFit.js";
