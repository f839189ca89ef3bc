import type { SimulationResult } from "../../experiment/simulate.js";
import type { ReportChart } from "./common.js";
import { costChart } from "./cost.js";
import { knowledgeLoopChart } from "./knowledgeLoop.js";
import { queueLengthChart } from "./queueLength.js";
import { resolveTimeChart } from "./resolveTime.js";
import { utilizationChart } from "./utilization.js";
import { waitCdfChart } from "./waitCdf.js";

export type { ReportChart } from "./common.js";
export { comparisonDifferencesChart, comparisonMetricsChart, type ComparisonInput, type ComparisonMetric, type ComparisonEstimate } from "./comparison.js";

/** The charts of a run's report, in reading order; a chart without data in this run is left out. */
export function runCharts(result: SimulationResult): ReportChart[] {
  const charts = [waitCdfChart, queueLengthChart, knowledgeLoopChart, utilizationChart, resolveTimeChart, costChart].map((f) => f(result));
  return charts.filter((c): c is ReportChart => c !== undefined);
}
