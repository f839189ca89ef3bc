/** The unit of a metric, from its key: what summary.json states beside each figure. */
export function metricUnit(key: string): string {
  if (key.startsWith("lastWeek.")) return key === "lastWeek.arrivals" ? "tickets" : metricUnit(key.slice(9));
  if (/^(wait|resolveTime)\./.test(key)) return "minutes";
  if (/^(fcr|flr|serviceLevel|waitProbability|abandonment|reopenRate|escalationRate|utilization|slaAttainment|bounceBackRate|resolvedShare)\b/.test(key)) return "share";
  if (key.startsWith("cost.")) return "currency";
  if (key.startsWith("agents.")) return "agents";
  if (/^(tickets|queueLength|handled)\./.test(key)) return "tickets";
  return "count";
}

/** Whether a larger value of a metric is better (true), worse (false), or neither (undefined): for verdicts. */
export function higherIsBetter(key: string): boolean | undefined {
  if (key.startsWith("lastWeek.")) return key === "lastWeek.arrivals" ? false : higherIsBetter(key.slice(9));
  if (/^(fcr|flr|serviceLevel|slaAttainment|resolvedShare\.L1|knowledge\.(articles|problemsFixed|ticketsAvoided))/.test(key)) return true;
  // Ticket counts have no better direction: fewer tickets resolved may just mean less demand (root causes fixed).
  if (/^(wait|waitProbability|resolveTime|abandonment|escalationRate|cost|reopenRate|bounceBackRate|queueLength)\b/.test(key)) return false;
  if (key === "tickets.abandoned" || key === "tickets.inSystem") return false;
  return undefined;
}
