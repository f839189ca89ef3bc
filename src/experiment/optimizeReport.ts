/** optimize.json and optimize.md, and the terminal summary of `tiersim optimize`. */
import { formatDuration } from "../model/units.js";
import { formatValue, markdownTable, textTable } from "../report/format.js";
import type { CandidateRecord, OptimizeResult } from "./optimize.js";
import { describeTarget, type TargetCheck } from "./targets.js";
import { metricUnit } from "./units.js";

/** The figures shown beside the targets for the chosen staffing. */
function keyMetrics(result: OptimizeResult): string[] {
  const metrics = result.chosen?.metrics ?? {};
  const tiers = ["L1", "L2", "L3", "pool"];
  const keys = [
    "serviceLevel",
    "abandonment",
    ...tiers.flatMap((t) => [`wait.${t}.mean`, `wait.${t}.p90`]),
    ...tiers.map((t) => `utilization.${t}`),
    "resolveTime.mean",
    "cost.total",
    "cost.perTicket",
  ];
  const targetKeys = new Set(result.targets.map((t) => t.metric));
  return keys.filter((k) => metrics[k] !== undefined && !targetKeys.has(k));
}

function interval(lo: number | null, hi: number | null, unit: string): string {
  return lo === null || hi === null ? "n/a" : `${formatValue(lo, unit)} to ${formatValue(hi, unit)}`;
}

function checkCell(check: TargetCheck | undefined, unit: string): string {
  if (!check) return "-";
  const mark = check.status === "met" ? "met" : check.status === "missed" ? "missed" : "unsure";
  return `${formatValue(check.mean, unit)} [${interval(check.ci95[0], check.ci95[1], unit)}] ${mark}`;
}

/** What was simulated, in one sentence. */
export function settingsText(result: OptimizeResult): string {
  const s = result.settings;
  const reps = s.initialReplications === s.maxReplications ? `${s.maxReplications}` : `${s.initialReplications} to ${s.maxReplications}`;
  return (
    `Each candidate: ${reps} replications (more only where an interval straddles a target) of ${formatDuration(s.horizonMinutes)} ` +
    `(first ${formatDuration(s.warmupMinutes)} warm-up), seed ${result.seed}, the same replications for every candidate ` +
    `(common random numbers). Staffing: ${s.perShift ? "each shift on its own" : "head count per tier, schedules shifted by a common offset"}; ` +
    `at most ${s.maxAgents} agents per tier or shift; minimizing ${result.minimize === "cost" ? "cost.total" : "rostered agent-hours"}` +
    (result.minimize === "cost" && result.candidates.every((c) => c.cost === 0) ? " (the scenario has no costs per hour: the fewest agent-hours win)." : ".")
  );
}

function targetRows(result: OptimizeResult): string[][] {
  const chosen = result.chosen;
  if (!chosen) return [];
  return result.targets.map((t, i) => {
    const c = chosen.checks[i]!;
    return [t.text, formatValue(c.mean, t.unit), interval(c.ci95[0], c.ci95[1], t.unit), formatValue(c.bound, t.unit), c.status];
  });
}

function metricRows(result: OptimizeResult): string[][] {
  const metrics = result.chosen?.metrics ?? {};
  return keyMetrics(result).map((k) => {
    const m = metrics[k]!;
    return [k, formatValue(m.mean, m.unit), interval(m.ci95[0], m.ci95[1], m.unit)];
  });
}

function candidateRows(result: OptimizeResult): string[][] {
  return result.candidates.map((c: CandidateRecord) => [
    String(c.id),
    `${c.phase}${c.step ? ` ${c.step}` : ""}`,
    c.label,
    formatValue(c.cost, "currency"),
    c.unstable.length ? "-" : String(c.replications),
    ...result.targets.map((t, i) => (c.unstable.length ? "-" : checkCell(c.checks[i], t.unit))),
    c.unstable.length ? `unstable (${c.unstable.join(", ")} below its load; not simulated)` : c.verdict,
  ]);
}

function candidateHeader(result: OptimizeResult): string[] {
  return ["#", "phase", "staffing", "cost", "reps", ...result.targets.map((t) => t.text), "verdict"];
}

function unreachableLines(result: OptimizeResult): string[] {
  return result.unreachable.map((u) => {
    const unit = metricUnit(result.targets.find((t) => t.text === u.target)?.metric ?? "");
    return `- ${u.target}: ${u.reason}. Best reached: ${formatValue(u.best.mean, unit)} (${interval(u.best.ci95[0], u.best.ci95[1], unit)}) with ${u.at}.`;
  });
}

function statusLine(result: OptimizeResult): string {
  switch (result.status) {
    case "optimal":
      return `Found: ${result.message}.`;
    case "infeasible":
      return `No staffing meets every target: ${result.message}.`;
    default:
      return `Stopped: ${result.message}.`;
  }
}

export function optimizeText(result: OptimizeResult, out?: string, scenarioFile = "<scenario>"): string {
  const lines: string[] = [];
  lines.push(`${result.scenario}: cheapest staffing meeting ${result.targets.map(describeTarget).join(", ")}`);
  lines.push(settingsText(result), "");
  lines.push(statusLine(result));
  if (result.unreachable.length) lines.push(...unreachableLines(result));
  if (result.chosen) {
    const c = result.chosen;
    lines.push("", `Staffing: ${c.label}`, `Cost: ${formatValue(c.cost, "currency")} (${formatValue(c.agentHours, "count")} rostered agent-hours), ${c.replications} replications`);
    lines.push(`Reproduce: tiersim run ${scenarioFile} ${c.overrides.map((o) => `--set ${o}`).join(" ")}`, "");
    lines.push(textTable(["target", "mean", "95% interval", "bound", "status"], targetRows(result)), "");
    lines.push(textTable(["metric", "mean", "95% interval"], metricRows(result)));
  }
  lines.push("", `Candidates tried: ${result.candidates.length} (${result.simulatedReplications} replications simulated, ${result.iterations} moves)`);
  lines.push(textTable(candidateHeader(result), candidateRows(result)));
  if (out) lines.push("", `Written to ${out}/ (optimize.json, optimize.md, charts/optimize-candidates.svg)`);
  return lines.join("\n") + "\n";
}

export function optimizeMarkdown(result: OptimizeResult, scenarioFile = "<scenario>"): string {
  const lines: string[] = [];
  lines.push(`# ${result.scenario}: optimized staffing`, "");
  lines.push(`Targets: ${result.targets.map((t) => `\`${t.text}\``).join(", ")}. A target counts as met when the 95% confidence interval's conservative bound meets it (the lower bound for >=, the upper bound for <=).`, "");
  lines.push(settingsText(result), "");
  lines.push(`**${statusLine(result)}**`, "");
  if (result.unreachable.length) lines.push(...unreachableLines(result), "");
  if (result.chosen) {
    const c = result.chosen;
    lines.push("## Chosen staffing", "");
    const staffingRows = Object.entries(c.staffing).map(([group, value]) => [
      group,
      typeof value === "number" ? String(value) : Object.entries(value).map(([shift, n]) => `${shift} ${n}`).join(", "),
    ]);
    lines.push(markdownTable(["tier", "agents"], staffingRows), "");
    lines.push(`Cost ${formatValue(c.cost, "currency")}, ${formatValue(c.agentHours, "count")} rostered agent-hours over the measured window, ${c.replications} replications.`, "");
    lines.push("Reproduce with:", "", "```", `tiersim run ${scenarioFile} ${c.overrides.map((o) => `--set ${o}`).join(" ")}`, "```", "");
    lines.push("## Targets", "", markdownTable(["target", "mean", "95% interval", "conservative bound", "status"], targetRows(result)), "");
    lines.push("## Other figures", "", markdownTable(["metric", "mean", "95% interval"], metricRows(result)), "");
  }
  lines.push("## Starting point", "");
  lines.push(
    markdownTable(
      ["variable", "range", "analytic start", "from", "chosen"],
      result.variables.map((v) => [v.name, `${v.min} .. ${v.max}`, String(v.start), v.startReason, v.chosen === null ? "-" : String(v.chosen)]),
    ),
    "",
  );
  if (result.variables.some((v) => v.kind === "offset")) lines.push("An offset adds the same number of agents to every shift of the tier's schedule (a shift never goes below 0).", "");
  lines.push(`## Candidates tried`, "");
  lines.push(`${result.candidates.length} candidates, ${result.simulatedReplications} replications simulated, ${result.iterations} moves. Each target cell: mean [95% interval] and whether it is met.`, "");
  lines.push(markdownTable(candidateHeader(result), candidateRows(result)), "");
  return lines.join("\n");
}

export function optimizeJson(result: OptimizeResult): string {
  return JSON.stringify(result, null, 2) + "\n";
}
