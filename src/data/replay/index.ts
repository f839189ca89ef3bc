/** src/data/replay: drive the simulator with a real log's arrivals (and tickets), and compare with what happened. */
export { parseUse, planReplay, replayStart, USE_FIELDS, type NameMatch, type ReplayPeriod, type ReplayPlan, type ReplayPlanOptions, type ReplayStaffing, type StaffingSource, type TraceUse, type UseField } from "./trace.js";
export { replayLog, type ReplayOptions, type ReplayResult } from "./run.js";
export {
  compareTallies,
  highestTierReached,
  observedTally,
  simulatedTally,
  METRIC_TEXT,
  METRIC_UNITS,
  REPLAY_METRICS,
  TABLE_METRICS,
  type Comparison,
  type Figure,
  type ObservedAvailability,
  type ReplayMetric,
  type TableMetric,
  type TableRow,
} from "./compare.js";
export {
  observedSchedules,
  scheduleFromHeadCount,
  schedulesYaml,
  shiftsFromHeadCount,
  staffingFromHeadCount,
  weeklyAgentHours,
  type HeadCountRounding,
  type HeadCountScheduleOptions,
  type ScheduleShift,
} from "./staffing.js";
export { replayJson, replayMarkdown, replayTableCsv, replayText, writeReplayOutput, type WrittenReplay } from "./output.js";
export { DEFAULT_SESSION_GAP_MINUTES, sessionHeadCount, type SessionHeadCountOptions } from "./staffing.js";
