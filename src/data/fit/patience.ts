/**
 * Patience of callers, where the log has abandoned contacts: exponential maximum likelihood with the answered
 * callers as right-censored observations (they would have waited at least as long as they did).
 * The MLE of the abandonment rate is then abandons / total time in queue (of everyone who queued).
 */
import type { TicketRecord } from "../tickets/record.js";
import { poissonRateInterval, wilson, type Proportion } from "./intervals.js";

export interface PatienceFit {
  method: string;
  /** Contacts that queued (reached the desk, not phantom) with a known time in queue. */
  queued: number;
  abandons: number;
  /** Sum of time in queue over all of them, minutes. */
  exposureMinutes: number;
  /** Mean patience = exposure / abandons, minutes, with its 95% interval (chi-square bounds on the rate). */
  meanMinutes: number;
  ci95: [number, number];
  /** Share of contacts reaching the desk that abandoned (abandoners in the IVR not counted). */
  abandonment: Proportion;
  /** Contacts that hung up before joining the agents' queue (e.g. in the IVR): not in the fit. */
  leftBeforeQueue: number;
  phantom: number;
}

export function fitPatience(tickets: TicketRecord[]): PatienceFit | undefined {
  let queued = 0;
  let abandons = 0;
  let exposure = 0;
  let reached = 0;
  let abandonedAtDesk = 0;
  let leftBeforeQueue = 0;
  let phantom = 0;
  for (const t of tickets) {
    if (t.outcome === "phantom") {
      phantom++;
      continue;
    }
    if (!t.reachedDesk) {
      if (t.outcome === "abandoned") leftBeforeQueue++;
      continue;
    }
    reached++;
    if (t.outcome === "abandoned") abandonedAtDesk++;
    if (t.queueMinutes === undefined) continue;
    queued++;
    exposure += t.queueMinutes;
    if (t.outcome === "abandoned") abandons++;
  }
  if (abandons === 0 || exposure <= 0) return undefined;
  const [rateLow, rateHigh] = poissonRateInterval(abandons, exposure);
  return {
    method:
      "exponential maximum likelihood with right censoring: answered callers count as censored at their wait; mean patience = total time in queue / abandons",
    queued,
    abandons,
    exposureMinutes: exposure,
    meanMinutes: exposure / abandons,
    ci95: [1 / rateHigh, rateLow > 0 ? 1 / rateLow : Infinity],
    abandonment: wilson(abandonedAtDesk, reached),
    leftBeforeQueue,
    phantom,
  };
}
