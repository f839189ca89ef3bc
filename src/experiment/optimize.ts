/**
 * `tiersim optimize`: the cheapest staffing per tier whose 95% confidence bounds meet every target.
 *
 * Method
 * 1. Variables: a head count per tier, or for a tier with a schedule a common offset on all its shifts (or, per shift,
 *    each shift's head count). Each is bounded below by the head count that keeps the tier stable under its static
 *    demand and above by --max-agents.
 * 2. An analytic start per tier (Erlang C for the service-level and wait targets, hour by hour for schedules).
 * 3. The most staffing allowed ("the corner") is simulated first: a target that staffing can help but that is not met
 *    even there cannot be met at all, and the answer says so with the best value reached, instead of searching.
 * 4. Raise: while the current staffing misses a target, simulate one more agent in each variable and keep the one that
 *    most reduces the worst shortfall per unit of cost (if none helps, jump halfway towards the corner).
 * 5. Lower: from a staffing that meets every target, try fewer agents in each variable (in steps that double while
 *    they keep succeeding), keep the cheapest that still meets every target, until one agent fewer in any variable
 *    misses a target; that is checked explicitly for the final staffing.
 *
 * Every candidate runs with common random numbers: the same seed and the same replication indexes, so the tickets are
 * identical across staffings and differences between candidates are not noise from different tickets. Candidates run a
 * few replications first; one whose interval straddles a target gets more (doubling) up to the maximum, and only a
 * target whose conservative bound meets it counts as met.
 */
import { DEFAULT_MAX_AGENTS, DEFAULT_MAX_ITERATIONS } from "./defaults.js";
export { DEFAULT_MAX_AGENTS, DEFAULT_MAX_ITERATIONS };
import type { StaffedGroup } from "../analytic/tierDemand.js";
import { InputError } from "../errors.js";
import type { Scenario } from "../model/types.js";
import { estimate } from "../stats/confidence.js";
import { withWorkerPool, type WorkerPool, type ReplicationJob } from "./pool.js";
import { finiteOrNull, type MetricSummary } from "./summary.js";
import {
  checkTargets,
  shortfall,
  staffingHelps,
  summarizeMetrics,
  type IntervalLike,
  type Target,
  type TargetCheck,
} from "./targets.js";
import {
  applyStaffing,
  staffingCost,
  staffingDescription,
  staffingLabel,
  staffingOverrides,
  staffingVariables,
  unstableGroups,
  type StaffingVariable,
} from "./optimizeStaffing.js";

export type Objective = "cost" | "agent-hours";
export type OptimizePhase = "start" | "corner" | "raise" | "lower" | "verify" | "exchange";

export interface OptimizeOptions {
  targets: Target[];
  /** What to minimize: cost.total (default) or rostered agent-hours. */
  minimize?: Objective;
  /** Vary each shift of a schedule on its own instead of all shifts of a tier by a common offset. */
  perShift?: boolean;
  /** Most agents in a tier (head count) or in any one shift; default 200. */
  maxAgents?: number;
  /** Groups to vary; default every staffed tier. */
  groups?: StaffedGroup[];
  /** Replications a candidate gets first; default min(4, maxReplications). */
  initialReplications?: number;
  /** Most replications a candidate gets when a decision is close; default the scenario's run.replications. */
  maxReplications?: number;
  /** Most moves (raise and lower steps together); default 200. */
  maxIterations?: number;
  workers?: number;
  onProgress?: (progress: OptimizeProgress) => void;
}

export interface OptimizeProgress {
  phase: OptimizePhase;
  step: number;
  candidates: number;
  /** Replications finished and planned in the batch running now. */
  done: number;
  total: number;
  /** The cheapest staffing found so far that meets every target. */
  best?: string;
}

export type Verdict = "feasible" | "infeasible" | "unstable" | "not decided";

export interface CandidateRecord {
  id: number;
  phase: OptimizePhase;
  step: number;
  label: string;
  staffing: Record<string, number | Record<string, number>>;
  overrides: string[];
  cost: number;
  agentHours: number;
  replications: number;
  /** Groups that cannot keep up with their weekly demand: such a candidate is not simulated. */
  unstable: string[];
  checks: TargetCheck[];
  /** Every target met with confidence at the replications run. */
  met: boolean;
  verdict: Verdict;
}

export interface UnreachableTarget {
  target: string;
  /** The best value reached (at the most staffing allowed, or at the cheapest staffing meeting the other targets). */
  best: IntervalLike;
  at: string;
  reason: string;
}

export interface OptimizeResult {
  scenario: string;
  structure: Scenario["structure"];
  seed: number;
  status: "optimal" | "infeasible" | "limit";
  message: string;
  targets: Target[];
  minimize: Objective;
  settings: {
    horizonMinutes: number;
    warmupMinutes: number;
    initialReplications: number;
    maxReplications: number;
    maxAgents: number;
    perShift: boolean;
    maxIterations: number;
  };
  variables: (StaffingVariable & { chosen: number | null })[];
  /** The chosen candidate's record, with all its metrics. */
  chosen: (Pick<CandidateRecord, "label" | "staffing" | "overrides" | "cost" | "agentHours" | "replications" | "checks"> & {
    metrics: Record<string, MetricSummary>;
  }) | null;
  unreachable: UnreachableTarget[];
  candidates: CandidateRecord[];
  iterations: number;
  simulatedReplications: number;
}

interface Candidate {
  x: number[];
  key: string;
  scenario: Scenario;
  objective: number;
  unstable: StaffedGroup[];
  reps: Record<string, number>[];
  record: CandidateRecord;
}


export async function optimize(scenario: Scenario, options: OptimizeOptions): Promise<OptimizeResult> {
  return withWorkerPool(options.workers, (pool) => search(scenario, options, pool));
}

async function search(scenario: Scenario, options: OptimizeOptions, pool: WorkerPool): Promise<OptimizeResult> {
  const targets = options.targets;
  if (targets.length === 0) throw new InputError("optimize: give at least one --target, e.g. --target serviceLevel>=0.8");
  const minimize = options.minimize ?? "cost";
  const maxAgents = options.maxAgents ?? DEFAULT_MAX_AGENTS;
  const maxReplications = options.maxReplications ?? scenario.replications;
  const initialReplications = options.initialReplications ?? Math.min(4, maxReplications);
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const problems: string[] = [];
  if (!Number.isInteger(maxAgents) || maxAgents < 1) problems.push(`--max-agents: expected a whole number >= 1, got ${maxAgents}`);
  if (!Number.isInteger(maxReplications) || maxReplications < 2) problems.push(`--replications: expected a whole number >= 2, got ${maxReplications}`);
  if (!Number.isInteger(initialReplications) || initialReplications < 2 || initialReplications > maxReplications) {
    problems.push(`--initial-replications: expected a whole number from 2 to --replications (${maxReplications}), got ${initialReplications}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) problems.push(`--max-iterations: expected a whole number >= 1, got ${maxIterations}`);
  if (problems.length) throw new InputError(problems);

  const variables = staffingVariables(scenario, targets, { perShift: options.perShift, maxAgents, groups: options.groups });
  const upTargets = targets.filter((t) => staffingHelps(t) >= 0);
  const downTargets = targets.filter((t) => staffingHelps(t) < 0);
  const useCost = minimize === "cost";

  const cache = new Map<string, Candidate>();
  const candidates: Candidate[] = [];
  let simulated = 0;
  let phase: OptimizePhase = "start";
  let step = 0;
  let best: Candidate | undefined;

  // A staffing's scenario and cost, worked out once: the exchange phase prices a move before it becomes a candidate.
  const prices = new Map<string, { staffed: Scenario; cost: number; agentHours: number; objective: number }>();
  const priced = (x: number[]) => {
    const key = x.join(",");
    let p = prices.get(key);
    if (p === undefined) {
      const staffed = applyStaffing(scenario, variables, x);
      const { cost, agentHours } = staffingCost(staffed);
      p = { staffed, cost, agentHours, objective: useCost ? cost + 1e-6 * agentHours : agentHours };
      prices.set(key, p);
    }
    return p;
  };
  const candidate = (x: number[]): Candidate => {
    const key = x.join(",");
    const cached = cache.get(key);
    if (cached) return cached;
    const { staffed, cost, agentHours, objective } = priced(x);
    const unstable = unstableGroups(staffed, variables);
    const c: Candidate = {
      x: [...x],
      key,
      scenario: staffed,
      objective,
      unstable,
      reps: [],
      record: {
        id: candidates.length + 1,
        phase,
        step,
        label: staffingLabel(scenario, variables, x),
        staffing: staffingDescription(scenario, variables, x),
        overrides: staffingOverrides(scenario, variables, x),
        cost: round(cost),
        agentHours: round(agentHours),
        replications: 0,
        unstable,
        checks: [],
        met: false,
        verdict: unstable.length > 0 ? "unstable" : "not decided",
      },
    };
    cache.set(key, c);
    candidates.push(c);
    return c;
  };

  const figures = (c: Candidate, n = c.reps.length): Record<string, IntervalLike> => {
    const out: Record<string, IntervalLike> = {};
    for (const t of targets) {
      if (out[t.metric]) continue;
      const e = estimate(c.reps.slice(0, n).map((r) => r[t.metric] ?? NaN));
      out[t.metric] = { mean: finiteOrNull(e.mean), ci95: [finiteOrNull(e.ci95[0]), finiteOrNull(e.ci95[1])] };
    }
    return out;
  };
  const meanOf = (c: Candidate, metric: string, n: number): number | null => {
    const values = c.reps.slice(0, n).map((r) => r[metric] ?? NaN).filter((v) => !Number.isNaN(v));
    return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
  };
  const refresh = (c: Candidate) => {
    if (c.unstable.length > 0) return;
    c.record.replications = c.reps.length;
    c.record.checks = checkTargets(targets, figures(c));
    c.record.met = c.record.checks.every((k) => k.met);
    c.record.verdict = c.record.met
      ? "feasible"
      : c.record.checks.some((k) => k.status === "missed") || c.reps.length >= maxReplications
        ? "infeasible"
        : "not decided";
  };
  const checksFor = (c: Candidate, subset: readonly Target[]) => checkTargets(subset, figures(c));
  const meets = (c: Candidate, subset: readonly Target[]) => c.unstable.length === 0 && c.reps.length > 0 && checksFor(c, subset).every((k) => k.met);

  /** Run replications so that each candidate has at least `n` (unstable ones are never run). */
  const evaluate = async (list: Candidate[], n: (c: Candidate) => number) => {
    const jobs: ReplicationJob[] = [];
    const owners: Candidate[] = [];
    for (const c of new Set(list)) {
      if (c.unstable.length > 0) continue;
      for (let r = c.reps.length; r < n(c); r++) {
        jobs.push({ scenario: c.scenario, replication: r, recordTickets: false });
        owners.push(c);
      }
    }
    if (jobs.length === 0) return;
    const bestLabel = best?.record.label;
    const results = await pool.run(jobs, (done, total) =>
      options.onProgress?.({ phase, step, candidates: candidates.length, done, total, best: bestLabel }),
    );
    results.forEach((result, i) => owners[i]!.reps.push(result.metrics));
    simulated += jobs.length;
    for (const c of new Set(owners)) refresh(c);
  };

  /**
   * Decide whether each candidate meets the subset of targets: more replications (doubling, up to the maximum) only
   * while some target's interval straddles it and none is clearly missed.
   */
  const decide = async (list: Candidate[], subset: readonly Target[]) => {
    await evaluate(list, () => initialReplications);
    for (;;) {
      const more = list.filter((c) => {
        if (c.unstable.length > 0 || c.reps.length >= maxReplications) return false;
        const checks = checksFor(c, subset);
        return !checks.some((k) => k.status === "missed") && checks.some((k) => k.status === "unsure");
      });
      if (more.length === 0) break;
      await evaluate(more, (c) => Math.min(maxReplications, c.reps.length * 2));
    }
  };

  const lower = variables.map((v) => v.min);
  const upper = variables.map((v) => v.max);
  const start = candidate(variables.map((v) => v.start));
  phase = "corner";
  const corner = candidate(upper);
  phase = "start";
  await decide([start, corner], upTargets);

  // Targets staffing can help (or might) that even the most staffing allowed does not meet: no search can meet them.
  const unreachable: UnreachableTarget[] = [];
  for (const t of upTargets) {
    if (corner.unstable.length > 0) break;
    const check = checksFor(corner, [t])[0]!;
    if (check.met) continue;
    const atStart = checksFor(start, [t])[0]!;
    const startHalf = halfWidth(atStart);
    const cornerHalf = halfWidth(check);
    const barely =
      atStart.mean !== null && check.mean !== null && Math.abs(check.mean - atStart.mean) <= Math.max(startHalf, cornerHalf, 1e-12);
    const bestCheck = staffingHelps(t) === 0 && betterThan(t, atStart, check) ? atStart : check;
    const bestAt = bestCheck === atStart ? start : corner;
    let reason: string;
    if (check.status === "unsure") {
      reason = `not met with 95% confidence even with the most staffing allowed (the interval straddles the target at ${corner.reps.length} replications)`;
    } else {
      reason = `not met even with the most staffing allowed (--max-agents ${maxAgents})`;
    }
    if (barely) reason += `; staffing barely changes ${t.metric}`;
    unreachable.push({ target: t.text, best: { mean: bestCheck.mean, ci95: bestCheck.ci95 }, at: bestAt.record.label, reason });
  }

  const finish = (status: OptimizeResult["status"], message: string, chosen: Candidate | undefined): OptimizeResult => {
    for (const c of candidates) refresh(c);
    return {
      scenario: scenario.name,
      structure: scenario.structure,
      seed: scenario.seed,
      status,
      message,
      targets,
      minimize,
      settings: {
        horizonMinutes: scenario.horizonMinutes,
        warmupMinutes: scenario.warmupMinutes,
        initialReplications,
        maxReplications,
        maxAgents,
        perShift: options.perShift ?? false,
        maxIterations,
      },
      variables: variables.map((v, i) => ({ ...v, chosen: chosen ? chosen.x[i]! : null })),
      chosen: chosen
        ? {
            label: chosen.record.label,
            staffing: chosen.record.staffing,
            overrides: chosen.record.overrides,
            cost: chosen.record.cost,
            agentHours: chosen.record.agentHours,
            replications: chosen.reps.length,
            checks: checkTargets(targets, figures(chosen)),
            metrics: summarizeMetrics(chosen.reps),
          }
        : null,
      unreachable,
      candidates: candidates.map((c) => c.record),
      iterations: step,
      simulatedReplications: simulated,
    };
  };

  if (unreachable.length > 0) {
    const list = unreachable.map((u) => u.target).join(", ");
    return finish("infeasible", `cannot be met: ${list}`, undefined);
  }

  // Raise until the targets staffing helps are met.
  let x = start;
  phase = "raise";
  while (!meets(x, upTargets)) {
    if (step >= maxIterations) {
      return finish("limit", `stopped after ${step} moves without meeting every target; raise --max-iterations`, undefined);
    }
    step++;
    const up = variables.map((_, j) => j).filter((j) => x.x[j]! < upper[j]!);
    if (up.length === 0) break;
    const neighbours = up.map((j) => {
      const y = [...x.x];
      y[j]! += 1;
      return candidate(y);
    });
    await evaluate(neighbours, () => initialReplications);
    const xChecks = checksFor(x, upTargets);
    const violated = upTargets.filter((_, i) => !xChecks[i]!.met);
    const worst = violated.reduce((a, b) => (violationOf(b, x, figures) > violationOf(a, x, figures) ? b : a));
    const gain = (t: Target, y: Candidate) => {
      const n = Math.min(x.reps.length, y.reps.length);
      const before = shortfall(t, meanOf(x, t.metric, n));
      const after = shortfall(t, meanOf(y, t.metric, n));
      if (before === Infinity && after === Infinity) return 0;
      return before - after;
    };
    const pick = (score: (y: Candidate) => number): Candidate | undefined => {
      let chosen: Candidate | undefined;
      let bestScore = 0;
      for (const y of neighbours) {
        const s = score(y) / Math.max(y.objective - x.objective, 1e-9);
        if (s > bestScore) {
          bestScore = s;
          chosen = y;
        }
      }
      return chosen;
    };
    let next = pick((y) => gain(worst, y)) ?? pick((y) => violated.reduce((s, t) => s + Math.max(0, gain(t, y)), 0));
    if (!next) {
      // No single agent helps: jump halfway towards the most staffing allowed (which meets these targets).
      const y = x.x.map((v, j) => Math.ceil((v + upper[j]!) / 2));
      next = candidate(y);
    }
    x = next;
    await decide([x], upTargets);
  }
  if (!meets(x, upTargets)) return finish("limit", "the search reached the most staffing allowed without meeting every target", undefined);
  best = x;

  // Lower: remove agents while every target staffing helps stays met. Returns false when the iteration cap stopped it.
  const lowerAll = async (): Promise<boolean> => {
    phase = "lower";
    const stepSize = variables.map(() => 1);
    const blocked = new Set<number>();
    for (;;) {
      if (step >= maxIterations) return false;
      const open = variables.map((_, j) => j).filter((j) => !blocked.has(j) && x.x[j]! > lower[j]!);
      let tries: { j: number; c: Candidate }[];
      let verifying = false;
      if (open.length > 0) {
        tries = open.map((j) => {
          const y = [...x.x];
          y[j] = Math.max(lower[j]!, y[j]! - stepSize[j]!);
          return { j, c: candidate(y) };
        });
      } else {
        // Check explicitly that one agent fewer in any variable misses a target.
        phase = "verify";
        verifying = true;
        tries = variables
          .map((_, j) => j)
          .filter((j) => x.x[j]! > lower[j]!)
          .map((j) => {
            const y = [...x.x];
            y[j]! -= 1;
            return { j, c: candidate(y) };
          });
        if (tries.length === 0) return true;
      }
      step++;
      await decide(
        tries.map((t) => t.c),
        upTargets,
      );
      const ok = tries.filter((t) => meets(t.c, upTargets)).sort((a, b) => a.c.objective - b.c.objective);
      for (const t of tries) {
        if (meets(t.c, upTargets)) continue;
        if (stepSize[t.j]! > 1) stepSize[t.j] = Math.max(1, Math.floor(stepSize[t.j]! / 2));
        else blocked.add(t.j);
      }
      if (ok.length === 0) {
        if (verifying) return true;
        continue;
      }
      const chosen = ok[0]!;
      x = chosen.c;
      best = x;
      if (verifying) {
        blocked.clear();
        stepSize.fill(1);
        phase = "lower";
      } else {
        stepSize[chosen.j]! *= 2;
      }
    }
  };

  // Exchange: one agent moved from one variable to another where it costs less (an L3 engineer for an L1 agent, a
  // long shift for a short one), kept if every target stays met. Removing agents one variable at a time cannot find
  // such a move. Returns true when a move was kept (the search then lowers again from there).
  const exchange = async (): Promise<boolean> => {
    phase = "exchange";
    const moves: Candidate[] = [];
    for (let from = 0; from < variables.length; from++) {
      for (let to = 0; to < variables.length; to++) {
        if (from === to || x.x[from]! <= lower[from]! || x.x[to]! >= upper[to]!) continue;
        const y = [...x.x];
        y[from]! -= 1;
        y[to]! += 1;
        // Costed before it becomes a candidate: the report lists every candidate, and dearer moves are never tried.
        if (priced(y).objective >= x.objective) continue;
        const c = candidate(y);
        if (c.unstable.length === 0) moves.push(c);
      }
    }
    if (moves.length === 0) return false;
    step++;
    await decide(moves, upTargets);
    const ok = moves.filter((c) => meets(c, upTargets)).sort((a, b) => a.objective - b.objective);
    if (ok.length === 0) return false;
    x = ok[0]!;
    best = x;
    return true;
  };

  // Where the iteration cap stopped the search, if it did.
  let stoppedIn: "lower" | "exchange" | undefined;
  for (;;) {
    if (!(await lowerAll())) {
      stoppedIn = "lower";
      break;
    }
    if (step >= maxIterations) {
      stoppedIn = "exchange";
      break;
    }
    if (!(await exchange())) break;
  }

  // Targets that staffing works against (a budget, a minimum utilization): met at the cheapest staffing or not at all.
  await decide([x], targets);
  for (const t of downTargets) {
    const check = checksFor(x, [t])[0]!;
    if (check.met) continue;
    unreachable.push({
      target: t.text,
      best: { mean: check.mean, ci95: check.ci95 },
      at: x.record.label,
      reason: "adding agents works against it, and the cheapest staffing that meets the other targets does not meet it",
    });
  }
  if (unreachable.length > 0) {
    return finish("infeasible", `cannot be met together with the other targets: ${unreachable.map((u) => u.target).join(", ")}`, x);
  }
  if (stoppedIn === "lower") {
    return finish("limit", `stopped lowering after ${step} moves: the staffing meets every target but may not be the cheapest; raise --max-iterations`, x);
  }
  if (stoppedIn === "exchange") {
    return finish(
      "limit",
      `stopped after ${step} moves, before trying to move an agent to where it costs less: the staffing meets every target and one agent fewer in any variable misses one, but a cheaper staffing may exist; raise --max-iterations`,
      x,
    );
  }
  return finish(
    "optimal",
    "meets every target with 95% confidence; one agent fewer in any variable, or one agent moved to where it costs less, misses at least one",
    x,
  );
}

function violationOf(t: Target, c: Candidate, figures: (c: Candidate) => Record<string, IntervalLike>): number {
  const f = figures(c)[t.metric];
  const bound = t.op === ">=" ? f?.ci95[0] : f?.ci95[1];
  return shortfall(t, bound ?? f?.mean ?? null);
}

function halfWidth(check: TargetCheck): number {
  const [lo, hi] = check.ci95;
  return lo !== null && hi !== null ? (hi - lo) / 2 : 0;
}

function betterThan(t: Target, a: TargetCheck, b: TargetCheck): boolean {
  if (a.mean === null) return false;
  if (b.mean === null) return true;
  return t.op === ">=" ? a.mean > b.mean : a.mean < b.mean;
}

function round(x: number): number {
  return Number(x.toPrecision(10));
}
