/**
 * The decision variables of `tiersim optimize` (a tier's head count, a common offset on all shifts of a tier's
 * schedule, or one shift's head count), how a staffing vector becomes a scenario, what it costs, whether each tier can
 * keep up with its demand at all, and the analytic starting point (Erlang C per tier, hour by hour for schedules).
 */
import { erlangC } from "../analytic/erlangC.js";
import { weeklyRates } from "../analytic/intervalStaffing.js";
import { requiredAgents, rosteredAgents, squareRootStaffing } from "../analytic/staffing.js";
import { tierDemand, type StaffedGroup } from "../analytic/tierDemand.js";
import { InputError } from "../errors.js";
import { rosteredAgentMinutes } from "../model/staffing.js";
import { TIERS, type Scenario, type Shift, type Staffing } from "../model/types.js";
import type { Target } from "./targets.js";

const WEEK = 10080;

export type VariableKind = "agents" | "offset" | "shift";

export interface StaffingVariable {
  /** "L1", "L2", "pool", or "L1.early" for one shift. */
  name: string;
  group: StaffedGroup;
  kind: VariableKind;
  /** Shift index for kind "shift". */
  shift?: number;
  /** The scenario's own value: the head count, 0 for an offset, or the shift's head count. */
  base: number;
  min: number;
  max: number;
  /** Analytic starting value, within [min, max]. */
  start: number;
  /** How the start was found, in words. */
  startReason: string;
}

export interface VariableOptions {
  perShift?: boolean;
  maxAgents: number;
  /** Groups to vary; default every staffed tier (or the pool of a flat desk). */
  groups?: StaffedGroup[];
}

/** Groups with demand: L1 always, L2 and L3 when some category (or a wrong escalation) reaches them; the pool of a flat desk. */
export function staffedGroups(scenario: Scenario): StaffedGroup[] {
  if (scenario.structure === "flat") return ["pool"];
  const groups: StaffedGroup[] = ["L1"];
  if (tierDemand(scenario, "L2").arrivalShare > 0 || scenario.wrongEscalation.rate > 0) groups.push("L2");
  if (tierDemand(scenario, "L3").arrivalShare > 0) groups.push("L3");
  return groups;
}

export function staffingOf(scenario: Scenario, group: StaffedGroup): Staffing {
  return group === "pool" ? scenario.flat : scenario.tiers[TIERS.indexOf(group)];
}

/** The scenario path of a group's staffing, as `--set` writes it. */
export function staffingPath(group: StaffedGroup): string {
  return group === "pool" ? "flat" : `tiers.${group}`;
}

/** Build the decision variables with their bounds and analytic starting values. */
export function staffingVariables(scenario: Scenario, targets: readonly Target[], options: VariableOptions): StaffingVariable[] {
  const all = staffedGroups(scenario);
  const groups = [...new Set(options.groups ?? all)];
  const problems: string[] = [];
  for (const g of groups) {
    if (!all.includes(g)) problems.push(`--tiers: ${g} is not staffed in ${scenario.name} (its staffed groups: ${all.join(", ")})`);
  }
  if (problems.length) throw new InputError(problems);
  const variables: StaffingVariable[] = [];
  for (const group of groups) {
    const staffing = staffingOf(scenario, group);
    const demand = demandOf(scenario, group);
    const schedule = staffing.schedule;
    if (schedule === undefined) {
      const min = stabilityFloorAgents(demand.weeklyWorkMinutes, staffing.shrinkage);
      if (min > options.maxAgents) {
        problems.push(`--max-agents ${options.maxAgents}: ${group} needs at least ${min} agents to keep up with its demand; raise --max-agents`);
        continue;
      }
      const { agents, reason } = analyticHeadCount(scenario, group, targets, demand);
      variables.push({
        name: group,
        group,
        kind: "agents",
        base: staffing.agents ?? 0,
        min,
        max: options.maxAgents,
        start: clamp(agents, min, options.maxAgents),
        startReason: reason,
      });
      continue;
    }
    const peak = Math.max(0, ...schedule.map((s) => s.agents));
    if (schedule.length === 0) {
      problems.push(`${staffingPath(group)}.schedule: an empty schedule has no shifts to size`);
      continue;
    }
    const maxOffset = options.maxAgents - peak;
    // The lowest offset that keeps the tier's weekly capacity above its weekly work.
    let minOffset = -peak;
    while (minOffset < maxOffset && !stableWith(shiftAgents(schedule, minOffset), schedule, staffing.shrinkage, demand.weeklyWorkMinutes)) minOffset++;
    if (maxOffset < minOffset || !stableWith(shiftAgents(schedule, minOffset), schedule, staffing.shrinkage, demand.weeklyWorkMinutes)) {
      problems.push(
        `--max-agents ${options.maxAgents}: ${group}'s schedule cannot keep up with its demand with at most ${options.maxAgents} agents per shift; raise --max-agents`,
      );
      continue;
    }
    const { offset, reason } = analyticOffset(scenario, group, targets, demand, schedule, staffing.shrinkage, minOffset, maxOffset);
    if (!options.perShift) {
      variables.push({ name: group, group, kind: "offset", base: 0, min: minOffset, max: maxOffset, start: clamp(offset, minOffset, maxOffset), startReason: reason });
    } else {
      schedule.forEach((shift, i) => {
        const start = clamp(shift.agents + offset, 0, options.maxAgents);
        variables.push({
          name: `${group}.${shift.name}`,
          group,
          kind: "shift",
          shift: i,
          base: shift.agents,
          min: 0,
          max: options.maxAgents,
          start,
          startReason: reason,
        });
      });
    }
  }
  if (problems.length) throw new InputError(problems);
  return variables;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}

function shiftAgents(schedule: Shift[], offset: number): number[] {
  return schedule.map((s) => Math.max(0, s.agents + offset));
}

/** Apply a staffing vector to a copy of the scenario. */
export function applyStaffing(scenario: Scenario, variables: readonly StaffingVariable[], x: readonly number[]): Scenario {
  const copy: Scenario = {
    ...scenario,
    tiers: scenario.tiers.map((t) => ({ ...t, schedule: t.schedule?.map((s) => ({ ...s })) })) as Scenario["tiers"],
    flat: { ...scenario.flat, schedule: scenario.flat.schedule?.map((s) => ({ ...s })) },
  };
  variables.forEach((v, i) => {
    const staffing = staffingOf(copy, v.group);
    const value = x[i]!;
    if (v.kind === "agents") staffing.agents = value;
    else if (v.kind === "shift") staffing.schedule![v.shift!]!.agents = value;
    else {
      const original = staffingOf(scenario, v.group).schedule!;
      staffing.schedule!.forEach((s, j) => (s.agents = Math.max(0, original[j]!.agents + value)));
    }
  });
  return copy;
}

/** The `--set` overrides that give a staffing vector (to reproduce it with `tiersim run`). */
export function staffingOverrides(scenario: Scenario, variables: readonly StaffingVariable[], x: readonly number[]): string[] {
  const staffed = applyStaffing(scenario, variables, x);
  const out: string[] = [];
  const seen = new Set<StaffedGroup>();
  for (const v of variables) {
    if (seen.has(v.group)) continue;
    seen.add(v.group);
    const s = staffingOf(staffed, v.group);
    const path = staffingPath(v.group);
    if (s.schedule === undefined) out.push(`${path}.agents=${s.agents ?? 0}`);
    else s.schedule.forEach((shift, j) => out.push(`${path}.schedule.${j}.agents=${shift.agents}`));
  }
  return out;
}

/** A staffing vector per group, as people read it: { L1: 14 } or { L1: { early: 25, late: 12 } }. */
export function staffingDescription(scenario: Scenario, variables: readonly StaffingVariable[], x: readonly number[]): Record<string, number | Record<string, number>> {
  const staffed = applyStaffing(scenario, variables, x);
  const out: Record<string, number | Record<string, number>> = {};
  for (const v of variables) {
    if (out[v.group] !== undefined) continue;
    const s = staffingOf(staffed, v.group);
    if (s.schedule === undefined) out[v.group] = s.agents ?? 0;
    else out[v.group] = Object.fromEntries(s.schedule.map((shift, j) => [uniqueShiftName(s.schedule!, j), shift.agents]));
  }
  return out;
}

function uniqueShiftName(schedule: Shift[], j: number): string {
  const name = schedule[j]!.name;
  return schedule.filter((s) => s.name === name).length > 1 ? `${name}#${j + 1}` : name;
}

/** "L1 14, L2 5, L3 3" or "L1 +2 (25/10/12/5/7/4), ..." */
export function staffingLabel(scenario: Scenario, variables: readonly StaffingVariable[], x: readonly number[]): string {
  const described = staffingDescription(scenario, variables, x);
  const parts: string[] = [];
  for (const [group, value] of Object.entries(described)) {
    if (typeof value === "number") {
      parts.push(`${group} ${value}`);
      continue;
    }
    const offsetVar = variables.findIndex((v) => v.group === group && v.kind === "offset");
    const offset = offsetVar >= 0 ? ` ${x[offsetVar]! >= 0 ? "+" : ""}${x[offsetVar]}` : "";
    parts.push(`${group}${offset} (${Object.values(value).join("/")})`);
  }
  return parts.join(", ");
}

/** What a scenario pays for staff over the measured window (after the warm-up), as the simulator computes cost.total. */
export function staffingCost(scenario: Scenario): { cost: number; agentHours: number } {
  let cost = 0;
  let agentHours = 0;
  const groups: { staffing: Staffing; reached: boolean }[] =
    scenario.structure === "flat"
      ? [{ staffing: scenario.flat, reached: true }]
      : scenario.tiers.map((t, tier) => ({
          staffing: t,
          reached: tier === 0 || scenario.categories.some((c) => c.levelShares.slice(tier).some((x) => x > 0)),
        }));
  for (const { staffing, reached } of groups) {
    if (!reached) continue;
    const hours = rosteredAgentMinutes(staffing, scenario.startMinuteOfWeek, scenario.warmupMinutes, scenario.horizonMinutes) / 60;
    agentHours += hours;
    cost += hours * staffing.costPerHour;
  }
  return { cost, agentHours };
}

// ---------------------------------------------------------------------------------------------------------------
// Demand, stability and the analytic start

interface GroupDemand {
  /** Arrivals per minute at the group in each of the 168 hours of the week. */
  hourlyRates: Float64Array;
  handleMinutes: number;
  /** Minutes of work a week brings to the group. */
  weeklyWorkMinutes: number;
}

function demandOf(scenario: Scenario, group: StaffedGroup): GroupDemand {
  const d = tierDemand(scenario, group);
  // The knowledge loop moves work from L2/L3 to L1 over time: the floor allows for the most it could remove
  // (everything but brand-new problems), so that it never excludes a staffing that knowledge makes workable.
  const factor = scenario.knowledge.enabled && group !== "L1" ? scenario.knowledge.novelty : 1;
  const hourlyRates = weeklyRates(scenario.arrivals).map((r) => r * d.arrivalShare);
  const weeklyWorkMinutes = hourlyRates.reduce((s, r) => s + r * 60, 0) * d.handleMinutes * factor;
  return { hourlyRates, handleMinutes: d.handleMinutes, weeklyWorkMinutes };
}

/** Smallest head count whose available time (after shrinkage) exceeds the weekly work. */
function stabilityFloorAgents(weeklyWorkMinutes: number, shrinkage: number): number {
  if (!(weeklyWorkMinutes > 0)) return 0;
  return Math.floor(weeklyWorkMinutes / (WEEK * (1 - shrinkage)) + 1e-9) + 1;
}

function weeklyShiftMinutes(schedule: Shift[], agents: number[]): number {
  return schedule.reduce((sum, s, i) => sum + agents[i]! * s.days.length * s.durationMinutes, 0);
}

function stableWith(agents: number[], schedule: Shift[], shrinkage: number, weeklyWorkMinutes: number): boolean {
  if (!(weeklyWorkMinutes > 0)) return true;
  return weeklyShiftMinutes(schedule, agents) * (1 - shrinkage) > weeklyWorkMinutes;
}

/** Whether every varied group of a staffed scenario can keep up with its weekly demand (a necessary condition). */
export function unstableGroups(scenario: Scenario, variables: readonly StaffingVariable[]): StaffedGroup[] {
  const out: StaffedGroup[] = [];
  for (const group of new Set(variables.map((v) => v.group))) {
    const s = staffingOf(scenario, group);
    const work = demandOf(scenario, group).weeklyWorkMinutes;
    const minutes = s.schedule ? weeklyShiftMinutes(s.schedule, s.schedule.map((x) => x.agents)) : (s.agents ?? 0) * WEEK;
    if (work > 0 && !(minutes * (1 - s.shrinkage) > work)) out.push(group);
  }
  return out;
}

interface QueueRequirement {
  kind: "sl" | "mean";
  targetMinutes: number;
  serviceLevel: number;
  text: string;
}

/** The targets Erlang C can size a group for: the service level at L1 (or the pool), and waits at a tier. */
function requirementsFor(scenario: Scenario, group: StaffedGroup, targets: readonly Target[]): QueueRequirement[] {
  const out: QueueRequirement[] = [];
  const front = group === "L1" || group === "pool";
  for (const t of targets) {
    if (t.metric === "serviceLevel" && t.op === ">=" && front) {
      out.push({ kind: "sl", targetMinutes: scenario.serviceLevelTargetMinutes, serviceLevel: Math.min(t.value, 0.9999), text: t.text });
      continue;
    }
    const m = /^wait\.(\w+)\.(mean|p(\d+))$/.exec(t.metric);
    if (m && m[1] === group && t.op === "<=") {
      if (m[2] === "mean") out.push({ kind: "mean", targetMinutes: t.value, serviceLevel: 0, text: t.text });
      else out.push({ kind: "sl", targetMinutes: t.value, serviceLevel: Math.min(Number(m[3]) / 100, 0.9999), text: t.text });
    }
  }
  return out;
}

/** Agents (available, before shrinkage) Erlang C needs for the requirements at one arrival rate. */
function agentsFor(ratePerMinute: number, handleMinutes: number, requirements: QueueRequirement[], maxAgents: number): number {
  const load = ratePerMinute * handleMinutes;
  if (!(load > 0)) return 0;
  if (requirements.length === 0) return squareRootStaffing(load, 0.5);
  let agents = 0;
  for (const r of requirements) {
    if (r.kind === "sl") {
      const found = requiredAgents({ ratePerMinute, handleMinutes }, { targetMinutes: r.targetMinutes, serviceLevel: r.serviceLevel, maxAgents });
      agents = Math.max(agents, found?.agents ?? maxAgents);
    } else {
      let c = Math.floor(load) + 1;
      while (c < maxAgents && erlangC(c, ratePerMinute, handleMinutes, 0).meanWaitMinutes > r.targetMinutes) c++;
      agents = Math.max(agents, c);
    }
  }
  return agents;
}

function reasonText(requirements: QueueRequirement[], hourly: boolean): string {
  const what = requirements.length === 0 ? "square-root staffing (beta 0.5)" : `Erlang C for ${requirements.map((r) => r.text).join(" and ")}`;
  return hourly ? `${what}, hour by hour, arrival-weighted` : `${what} at the weekly mean arrival rate`;
}

function analyticHeadCount(scenario: Scenario, group: StaffedGroup, targets: readonly Target[], demand: GroupDemand): { agents: number; reason: string } {
  const requirements = requirementsFor(scenario, group, targets);
  const meanRate = demand.hourlyRates.reduce((s, r) => s + r, 0) / demand.hourlyRates.length;
  const agents = agentsFor(meanRate, demand.handleMinutes, requirements, 100_000);
  return { agents: rosteredAgents(agents, staffingOf(scenario, group).shrinkage), reason: reasonText(requirements, false) };
}

/** Rostered agents on duty at the middle of each hour of the week. */
function hourlyCoverage(schedule: Shift[], agents: number[]): Float64Array {
  const cover = new Float64Array(168);
  for (let h = 0; h < 168; h++) {
    const minute = h * 60 + 30;
    schedule.forEach((s, i) => {
      for (const day of s.days) {
        const since = (((minute - (day * 1440 + s.startMinute)) % WEEK) + WEEK) % WEEK;
        if (since < s.durationMinutes) cover[h]! += agents[i]!;
      }
    });
  }
  return cover;
}

/**
 * The common shift offset whose arrival-weighted coverage first reaches the arrival-weighted hour-by-hour Erlang C
 * requirement (rostered, after shrinkage).
 */
function analyticOffset(
  scenario: Scenario,
  group: StaffedGroup,
  targets: readonly Target[],
  demand: GroupDemand,
  schedule: Shift[],
  shrinkage: number,
  minOffset: number,
  maxOffset: number,
): { offset: number; reason: string } {
  const requirements = requirementsFor(scenario, group, targets);
  const needed = new Map<number, number>();
  let required = 0;
  let weight = 0;
  for (let h = 0; h < 168; h++) {
    const rate = demand.hourlyRates[h]!;
    let agents = needed.get(rate);
    if (agents === undefined) {
      agents = rosteredAgents(agentsFor(rate, demand.handleMinutes, requirements, 100_000), shrinkage);
      needed.set(rate, agents);
    }
    required += rate * agents;
    weight += rate;
  }
  const reason = reasonText(requirements, true);
  if (!(weight > 0)) return { offset: minOffset, reason };
  for (let offset = minOffset; offset <= maxOffset; offset++) {
    const cover = hourlyCoverage(schedule, shiftAgents(schedule, offset));
    let covered = 0;
    for (let h = 0; h < 168; h++) covered += demand.hourlyRates[h]! * cover[h]!;
    if (covered >= required) return { offset, reason };
  }
  return { offset: maxOffset, reason };
}
