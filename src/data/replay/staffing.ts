/**
 * Staffing from a log: the head count a log shows per hour of the week (distinct agents serving in each clock hour,
 * averaged over the weeks observed) turned into a scenario schedule of one-hour shifts, so that a replay can ask
 * "what happened with the staffing that was there". Consecutive hours of a day with the same head count are merged
 * into one shift, which changes nothing in the roster but keeps the YAML readable.
 */
import { TIERS, type Shift, type Staffing, type Tier } from "../../model/types.js";
import { DAY_NAMES } from "../../model/units.js";
import type { FitResult } from "../fit/types.js";
import type { HeadCount } from "../fit/staffing.js";
export { DEFAULT_SESSION_GAP_MINUTES, sessionHeadCount, type SessionHeadCountOptions } from "../fit/staffing.js";

/** How a mean head count (e.g. 4.4 agents) becomes whole agents. */
export type HeadCountRounding = "nearest" | "up" | "down";

/** One shift as a scenario file writes it: `{ name, days: Mon, start: "08:00", end: "09:00", agents: 4 }`. */
export interface ScheduleShift {
  name: string;
  days: string;
  start: string;
  end: string;
  agents: number;
}

export interface HeadCountScheduleOptions {
  rounding?: HeadCountRounding;
  /** Merge consecutive hours of a day with the same head count into one shift (default true). */
  merge?: boolean;
}

const HOURS_PER_WEEK = 168;

function roundAgents(x: number, rounding: HeadCountRounding): number {
  if (!Number.isFinite(x) || x <= 0) return 0;
  // A tolerance so that a mean of 3.0000000001 agents is not rounded up to 4.
  if (rounding === "up") return Math.ceil(x - 1e-9);
  if (rounding === "down") return Math.floor(x + 1e-9);
  return Math.round(x);
}

/** 168 head counts per hour of the week (Monday 00-01 first) as shifts of whole hours, in scenario-file form. */
export function scheduleFromHeadCount(meanAgents: readonly number[], options: HeadCountScheduleOptions = {}): ScheduleShift[] {
  if (meanAgents.length !== HOURS_PER_WEEK) throw new Error(`expected ${HOURS_PER_WEEK} head counts (one per hour of the week), got ${meanAgents.length}`);
  const rounding = options.rounding ?? "nearest";
  const merge = options.merge ?? true;
  const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;
  const shifts: ScheduleShift[] = [];
  for (let d = 0; d < 7; d++) {
    let h = 0;
    while (h < 24) {
      const agents = roundAgents(meanAgents[d * 24 + h]!, rounding);
      let end = h + 1;
      if (merge) while (end < 24 && roundAgents(meanAgents[d * 24 + end]!, rounding) === agents) end++;
      if (agents > 0) shifts.push({ name: `${DAY_NAMES[d]} ${hh(h)}-${hh(end)}`, days: DAY_NAMES[d]!, start: hh(h), end: end === 24 ? "24:00" : hh(end), agents });
      h = end;
    }
  }
  return shifts;
}

/** The same shifts in the simulator's form (minutes from Monday 00:00). */
export function shiftsFromHeadCount(meanAgents: readonly number[], options: HeadCountScheduleOptions = {}): Shift[] {
  return scheduleFromHeadCount(meanAgents, options).map((s) => {
    const day = DAY_NAMES.indexOf(s.days);
    const start = Number(s.start.slice(0, 2)) * 60;
    const end = Number(s.end.slice(0, 2)) * 60;
    return { name: s.name, days: [day], startMinute: start, durationMinutes: end - start, agents: s.agents };
  });
}

/** A tier's staffing from an observed head count: its weekly roster, no shrinkage (the agents seen were serving). */
export function staffingFromHeadCount(headCount: HeadCount, costPerHour: number, options: HeadCountScheduleOptions = {}): Staffing {
  return { schedule: shiftsFromHeadCount(headCount.meanAgents, options), shrinkage: 0, costPerHour };
}

/**
 * The observed staffing of a fit, per tier that has a head count (the log names agents): the schedules a scenario
 * can take as `tiers.<tier>.schedule`. Tiers without a head count are left out.
 */
export function observedSchedules(fit: Pick<FitResult, "headCount">, options: HeadCountScheduleOptions = {}): Partial<Record<Tier, ScheduleShift[]>> {
  const out: Partial<Record<Tier, ScheduleShift[]>> = {};
  for (const tier of TIERS) {
    const hc = fit.headCount[tier];
    if (hc) out[tier] = scheduleFromHeadCount(hc.meanAgents, options);
  }
  return out;
}

/** The `tiers:` block of a scenario with these schedules, as YAML text (for a user to paste or `extends`). */
export function schedulesYaml(schedules: Partial<Record<Tier, ScheduleShift[]>>, costPerHour: Partial<Record<Tier, number>> = {}): string {
  const lines = ["tiers:"];
  for (const tier of TIERS) {
    const shifts = schedules[tier];
    if (!shifts) continue;
    lines.push(`  ${tier}:`, "    shrinkage: 0", `    costPerHour: ${costPerHour[tier] ?? 0}`, "    schedule:");
    for (const s of shifts) lines.push(`      - { name: ${JSON.stringify(s.name)}, days: ${s.days}, start: "${s.start}", end: "${s.end}", agents: ${s.agents} }`);
  }
  return lines.join("\n") + "\n";
}

/** Agent-hours per week of a roster built from a head count, against the head count's own total (for reports). */
export function weeklyAgentHours(meanAgents: readonly number[], options: HeadCountScheduleOptions = {}): { rostered: number; observed: number } {
  const rounding = options.rounding ?? "nearest";
  let rostered = 0;
  let observed = 0;
  for (const x of meanAgents) {
    rostered += roundAgents(x, rounding);
    observed += Number.isFinite(x) ? x : 0;
  }
  return { rostered, observed };
}

/** Idle gaps between an agent's services up to this long count as time on duty (waiting for the next call). */
