/**
 * `tiersim erlang`: how many agents a queue needs, by Erlang C (or Erlang A with --patience), with a table around the
 * answer; or, with --scenario, hour-by-hour staffing of one tier over the week. Parsing and the report are pure
 * functions (erlangReport, scenarioStaffingReport) so that tests need no process.
 */
import type { Argv, CommandModule } from "yargs";
import { InputError } from "../../errors.js";
import { intervalStaffing, type IntervalStaffing } from "../../analytic/intervalStaffing.js";
import { type QueuePerformance, type QueueSpec, staffingTable } from "../../analytic/performance.js";
import { DEFAULT_MAX_AGENTS, type StaffingTarget, requiredAgents, rosteredAgents } from "../../analytic/staffing.js";
import type { StaffedGroup } from "../../analytic/tierDemand.js";
import type { Scenario } from "../../model/types.js";
import { DAY_NAMES, DURATION_EXPECTED, RATE_EXPECTED, formatDuration, parseDuration, parseRate } from "../../model/units.js";

/** Option values as the command line gives them (strings), or numbers from code. */
type OptionValue = string | number | undefined;

export interface ErlangOptions {
  rate?: OptionValue;
  aht?: OptionValue;
  target?: OptionValue;
  sl?: OptionValue;
  patience?: OptionValue;
  maxAbandon?: OptionValue;
  shrinkage?: OptionValue;
  maxOccupancy?: OptionValue;
  /** "a..b" or a single head count. */
  agents?: OptionValue;
}

export interface ErlangReport {
  model: "erlang-c" | "erlang-a";
  input: {
    ratePerMinute: number;
    handleMinutes: number;
    targetMinutes: number;
    serviceLevelTarget: number;
    patienceMinutes: number | null;
    maxAbandon: number | null;
    maxOccupancy: number;
    shrinkage: number;
  };
  loadErlangs: number;
  required: { agents: number; rostered: number; performance: QueuePerformance };
  table: QueuePerformance[];
}

export const DEFAULT_TARGET = "20s";
export const DEFAULT_SERVICE_LEVEL = 0.8;
/** Widest --agents range a table may have. */
const MAX_TABLE_ROWS = 1000;

/** Parse the options, size the queue and tabulate head counts around the answer. Throws InputError on bad input. */
export function erlangReport(options: ErlangOptions): ErlangReport {
  const problems: string[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
      return undefined;
    }
  };
  const ratePerMinute = attempt(() => positiveRate("--rate", options.rate));
  const handleMinutes = attempt(() => positiveDuration("--aht", options.aht));
  const targetMinutes = attempt(() => duration("--target", options.target ?? DEFAULT_TARGET));
  const serviceLevelTarget = attempt(() => share("--sl", options.sl ?? DEFAULT_SERVICE_LEVEL, { below1: true }));
  const patienceMinutes = attempt(() =>
    options.patience === undefined ? undefined : positiveDuration("--patience", options.patience),
  );
  const maxAbandon = attempt(() => (options.maxAbandon === undefined ? undefined : share("--max-abandon", options.maxAbandon)));
  const shrinkage = attempt(() => share("--shrinkage", options.shrinkage ?? 0, { below1: true }));
  const maxOccupancy = attempt(() => share("--max-occupancy", options.maxOccupancy ?? 1, { above0: true }));
  const agentRange = attempt(() => (options.agents === undefined ? undefined : parseAgentRange(options.agents)));
  if (maxAbandon !== undefined && patienceMinutes === undefined && problems.length === 0) {
    problems.push("--max-abandon: needs --patience (without a patience nobody abandons)");
  }
  if (problems.length > 0) throw new InputError(problems);

  const queue: QueueSpec = { ratePerMinute: ratePerMinute!, handleMinutes: handleMinutes!, patienceMinutes };
  const target: StaffingTarget = {
    targetMinutes: targetMinutes!,
    serviceLevel: serviceLevelTarget!,
    maxAbandon,
    maxOccupancy: maxOccupancy!,
  };
  const loadErlangs = queue.ratePerMinute * queue.handleMinutes;
  const required = requiredAgents(queue, target);
  if (required === undefined) {
    throw new InputError(
      `--rate/--aht: an offered load of ${formatNumber(loadErlangs)} Erlangs cannot meet ${describeTarget(target)} ` +
        `with up to ${DEFAULT_MAX_AGENTS} agents; expected a smaller load or a looser target`,
    );
  }
  const [from, to] = agentRange ?? [Math.max(1, required.agents - 3), required.agents + 3];
  return {
    model: patienceMinutes === undefined ? "erlang-c" : "erlang-a",
    input: {
      ratePerMinute: queue.ratePerMinute,
      handleMinutes: queue.handleMinutes,
      targetMinutes: target.targetMinutes,
      serviceLevelTarget: target.serviceLevel,
      patienceMinutes: patienceMinutes ?? null,
      maxAbandon: maxAbandon ?? null,
      maxOccupancy: maxOccupancy!,
      shrinkage: shrinkage!,
    },
    loadErlangs,
    required: {
      agents: required.agents,
      rostered: rosteredAgents(required.agents, shrinkage!),
      performance: required.performance,
    },
    table: staffingTable(queue, target.targetMinutes, from, to),
  };
}

export function formatErlangReport(report: ErlangReport): string {
  const { input } = report;
  const withPatience = input.patienceMinutes !== null;
  const target: StaffingTarget = {
    targetMinutes: input.targetMinutes,
    serviceLevel: input.serviceLevelTarget,
    maxAbandon: input.maxAbandon ?? undefined,
    maxOccupancy: input.maxOccupancy,
  };
  const lines = [
    `Offered load ${report.loadErlangs.toFixed(2)} Erlangs: ${formatNumber(input.ratePerMinute * 60)} arrivals/h x ` +
      `${formatDuration(input.handleMinutes)} mean handle time` +
      (withPatience ? `, mean patience ${formatDuration(input.patienceMinutes!)} (Erlang A)` : " (Erlang C)"),
    `Target: ${describeTarget(target)}`,
    `Required agents: ${report.required.agents}` +
      (input.shrinkage > 0
        ? `, rostered with ${percent(input.shrinkage, 1, true)} shrinkage: ${report.required.rostered}`
        : ""),
    "",
  ];
  const header = ["agents", "P(wait)", "service level", "mean wait", "occupancy"];
  if (withPatience) header.push("P(abandon)");
  const rows = report.table.map((row) => {
    const cells = [
      `${row.agents === report.required.agents ? "*" : " "}${row.agents}`,
      percent(row.probabilityOfWait, 2),
      percent(row.serviceLevel, 2),
      formatWait(row.meanWaitMinutes),
      percent(row.occupancy, 1),
    ];
    if (withPatience) cells.push(percent(row.probabilityOfAbandon, 2));
    return cells;
  });
  lines.push(...alignRight([header, ...rows]));
  lines.push("", `* required. Mean wait is over answered arrivals (ASA).${withPatience ? " Service level counts abandoners as misses." : ""}`);
  return lines.join("\n") + "\n";
}

export interface ScenarioStaffingOptions {
  tier?: string;
  lag?: boolean;
  target?: OptionValue;
  sl?: OptionValue;
  shrinkage?: OptionValue;
  maxOccupancy?: OptionValue;
}

const GROUPS: readonly StaffedGroup[] = ["L1", "L2", "L3", "pool"];

/** Per-interval staffing of one tier of a loaded scenario. Throws InputError on bad input. */
export function scenarioStaffingReport(scenario: Scenario, options: ScenarioStaffingOptions = {}): IntervalStaffing {
  const problems: string[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
      return undefined;
    }
  };
  let group: StaffedGroup | undefined;
  if (options.tier !== undefined) {
    group = GROUPS.find((g) => g.toLowerCase() === String(options.tier).toLowerCase());
    if (group === undefined) problems.push(`--tier: expected one of ${GROUPS.join(", ")}, got ${JSON.stringify(options.tier)}`);
  }
  const targetMinutes = attempt(() => (options.target === undefined ? undefined : duration("--target", options.target)));
  const serviceLevel = attempt(() => share("--sl", options.sl ?? DEFAULT_SERVICE_LEVEL, { below1: true }));
  const shrinkage = attempt(() =>
    options.shrinkage === undefined ? undefined : share("--shrinkage", options.shrinkage, { below1: true }),
  );
  const maxOccupancy = attempt(() => share("--max-occupancy", options.maxOccupancy ?? 1, { above0: true }));
  if (problems.length > 0) throw new InputError(problems);
  return intervalStaffing(scenario, { group, serviceLevel, targetMinutes, shrinkage, maxOccupancy, lag: options.lag });
}

export function formatIntervalStaffing(staffing: IntervalStaffing, scenarioName: string): string {
  const lines = [
    `Scenario ${scenarioName}, ${staffing.group}: ${percent(staffing.arrivalShare, 1, true)} of arrivals, mean handle time ` +
      `${formatDuration(staffing.handleMinutes)}` +
      (staffing.handoffMinutes > 0 ? ` (${formatDuration(staffing.handoffMinutes)} of it writing handoff notes)` : ""),
    `Target: ${percent(staffing.serviceLevel, 1, true)} answered within ${formatDuration(staffing.targetMinutes)}` +
      (staffing.maxOccupancy < 1 ? `, occupancy at most ${percent(staffing.maxOccupancy, 1, true)}` : "") +
      `; Erlang C per hour (${staffing.lag ? `lagged SIPP, ${formatDuration(staffing.handleMinutes)} lag` : "SIPP"})`,
    `Agents needed / rostered with ${percent(staffing.shrinkage, 1, true)} shrinkage, by hour of day and day of week:`,
    "",
  ];
  if (staffing.arrivalShare === 0) lines.push(`No ticket reaches ${staffing.group} in this scenario.`, "");
  const table: string[][] = [["hour", ...DAY_NAMES]];
  for (let hour = 0; hour < 24; hour++) {
    const row = [`${String(hour).padStart(2, "0")}:00`];
    for (let day = 0; day < 7; day++) {
      const cell = staffing.intervals[day * 24 + hour]!;
      row.push(`${cell.agents}/${cell.rostered}`);
    }
    table.push(row);
  }
  lines.push(...alignRight(table));
  lines.push(
    "",
    `Agent-hours per week: ${staffing.agentHours} needed, ${staffing.rosteredHours} rostered. ` +
      "Each hour is sized as if its rate held (no backlog carried over).",
  );
  return lines.join("\n") + "\n";
}

// ---- parsing -------------------------------------------------------------------------------------------------------

function positiveRate(option: string, value: OptionValue): number {
  if (value === undefined) throw new InputError(`${option}: missing; expected ${RATE_EXPECTED.replace(">= 0", "> 0")}`);
  const rate = parseRate(value);
  if (rate === undefined || !(rate > 0)) {
    throw new InputError(`${option}: expected ${RATE_EXPECTED.replace(">= 0", "> 0")}, got ${JSON.stringify(value)}`);
  }
  return rate;
}

function duration(option: string, value: OptionValue): number {
  const minutes = parseDuration(value);
  if (minutes === undefined) throw new InputError(`${option}: expected ${DURATION_EXPECTED}, got ${JSON.stringify(value)}`);
  return minutes;
}

function positiveDuration(option: string, value: OptionValue): number {
  const expected = DURATION_EXPECTED.replace(">= 0", "> 0");
  if (value === undefined) throw new InputError(`${option}: missing; expected ${expected}`);
  const minutes = parseDuration(value);
  if (minutes === undefined || !(minutes > 0)) throw new InputError(`${option}: expected ${expected}, got ${JSON.stringify(value)}`);
  return minutes;
}

/** A share as 0.8 or "80%"; `below1` excludes 1, `above0` excludes 0. */
function share(option: string, value: OptionValue, bounds: { below1?: boolean; above0?: boolean } = {}): number {
  const text = String(value).trim();
  const percentForm = /%$/.test(text);
  const number = text === "" ? NaN : Number(percentForm ? text.slice(0, -1) : text) / (percentForm ? 100 : 1);
  const got = text === "" ? "nothing" : text;
  if (!Number.isFinite(number) || number < 0 || number > 1) {
    throw new InputError(`${option}: expected a share between 0 and 1 (such as 0.8 or 80%), got ${got}`);
  }
  if (bounds.below1 && number === 1) throw new InputError(`${option}: expected a share between 0 and 1, below 1, got ${got}`);
  if (bounds.above0 && number === 0) throw new InputError(`${option}: expected a share between 0 and 1, above 0, got ${got}`);
  return number;
}

/** "10..20" (or "10-20", or "12") as [from, to]. */
function parseAgentRange(value: string | number): [number, number] {
  const text = String(value).trim();
  const match = /^(\d+)\s*(?:\.\.|-)\s*(\d+)$/.exec(text) ?? /^(\d+)$/.exec(text);
  const from = match ? Number(match[1]) : NaN;
  const to = match ? Number(match[2] ?? match[1]) : NaN;
  if (!(from >= 1) || !(to >= from) || to - from >= MAX_TABLE_ROWS) {
    throw new InputError(
      `--agents: expected a range of head counts such as 10..20 (whole numbers, 1 <= from <= to, at most ${MAX_TABLE_ROWS} rows), got ${JSON.stringify(value)}`,
    );
  }
  return [from, to];
}

// ---- printing ------------------------------------------------------------------------------------------------------

function describeTarget(target: StaffingTarget): string {
  let text = `${percent(target.serviceLevel, 1, true)} answered within ${formatDuration(target.targetMinutes)}`;
  if (target.maxAbandon !== undefined) text += `, at most ${percent(target.maxAbandon, 1, true)} abandoning`;
  if ((target.maxOccupancy ?? 1) < 1) text += `, occupancy at most ${percent(target.maxOccupancy!, 1, true)}`;
  return text;
}

/** A share as a percentage; `trim` drops a ".0" tail (for prose, not for table columns). */
function percent(share: number, digits: number, trim = false): string {
  const text = (share * 100).toFixed(digits);
  return `${trim ? text.replace(/\.0+$/, "") : text}%`;
}

function formatNumber(x: number): string {
  return Number(x.toPrecision(6)).toString();
}

/** Seconds when under a minute, then minutes, hours: the units a person reads a wait in. */
function formatWait(minutes: number): string {
  if (!Number.isFinite(minutes)) return "unstable";
  if (minutes === 0) return "0s";
  if (minutes < 1) return `${(minutes * 60).toFixed(minutes * 60 < 10 ? 2 : 1)}s`;
  return formatDuration(minutes);
}

function alignRight(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  return rows.map((row) => row.map((cell, i) => cell.padStart(widths[i]!)).join("  "));
}

// ---- the command ---------------------------------------------------------------------------------------------------

interface ErlangArgs extends ErlangOptions {
  json?: boolean;
  scenario?: string;
  tier?: string;
  lag?: boolean;
  set?: string[];
  out?: string;
}

const command: CommandModule<object, ErlangArgs> = {
  command: "erlang",
  describe: "Agents needed for a service level, by Erlang C / Erlang A (or hour by hour for a scenario's tier)",
  builder: (yargs: Argv<object>) =>
    yargs
      .option("rate", { type: "string", describe: 'Arrival rate, e.g. "100/30m", "200/h" (or a number per minute)' })
      .option("aht", { type: "string", describe: 'Mean handle time, e.g. "3m", "180s"' })
      .option("target", { type: "string", describe: `Answer-time target, e.g. "20s" (default ${DEFAULT_TARGET}; with --scenario, the scenario's)` })
      .option("sl", { type: "string", describe: `Share to answer within the target, e.g. 0.8 or 80% (default ${DEFAULT_SERVICE_LEVEL})` })
      .option("patience", { type: "string", describe: "Mean customer patience (exponential): switches to Erlang A, abandoners count as misses" })
      .option("max-abandon", { type: "string", describe: "Also require at most this share abandoning (needs --patience)" })
      .option("shrinkage", { type: "string", describe: "Share of rostered time not available, for the rostered head count (default 0; with --scenario, the tier's)" })
      .option("max-occupancy", { type: "string", describe: "Also require occupancy at most this share (default 1)" })
      .option("agents", { type: "string", describe: "Head counts to tabulate, e.g. 10..20 (default: required -3 to +3)" })
      .option("scenario", { type: "string", describe: "Scenario file: staff one tier hour by hour over the week (SIPP)" })
      .option("tier", { type: "string", describe: "With --scenario: L1, L2, L3 or pool (default L1; pool for a flat scenario)" })
      .option("lag", { type: "boolean", describe: "With --scenario: lagged SIPP, each hour sized on the rate one mean handle time earlier" })
      .option("set", { type: "string", array: true, describe: "With --scenario: override a scenario value, path=value" })
      .option("out", { alias: "o", type: "string", describe: "With --scenario: folder for staffing.csv and the chart (default reports/<name>-staffing-<tier>)" })
      .option("json", { type: "boolean", default: false, describe: "Print only JSON on stdout" })
      .conflicts("scenario", ["rate", "aht", "patience", "max-abandon", "agents"])
      .example("$0 erlang --rate 100/30m --aht 3m --target 20s --sl 0.8", "Agents for 80% answered in 20 s (Erlang C)")
      .example("$0 erlang --rate 200/h --aht 3m --patience 5m --shrinkage 0.3", "With abandonment (Erlang A) and rostered head count")
      .example("$0 erlang --rate 200/h --aht 3m --agents 10..20 --json", "A table of 10 to 20 agents, as JSON")
      .example("$0 erlang --scenario desk.yaml --tier L2 --lag", "L2 agents hour by hour over the week")
      .check((argv) => {
        if (argv.scenario === undefined) {
          for (const name of ["tier", "lag", "set"] as const) {
            if (argv[name] !== undefined) throw new InputError(`--${name}: only with --scenario`);
          }
        }
        return true;
      }) as unknown as Argv<ErlangArgs>,
  handler: async (argv) => {
    if (argv.scenario !== undefined) {
      const { loadScenario } = await import("../../model/load.js");
      const scenario = await loadScenario(argv.scenario, argv.set ?? []);
      const staffing = scenarioStaffingReport(scenario, argv);
      const out = argv.out ?? `reports/${scenario.name}-staffing-${staffing.group}`;
      await writeStaffingFolder(scenario, staffing, out);
      process.stdout.write(
        argv.json
          ? JSON.stringify({ scenario: scenario.name, ...staffing }, null, 2) + "\n"
          : formatIntervalStaffing(staffing, scenario.name) + `\nTable and chart written to ${out}/\n`,
      );
      return;
    }
    const report = erlangReport(argv);
    process.stdout.write(argv.json ? JSON.stringify(report, null, 2) + "\n" : formatErlangReport(report));
  },
};

/** staffing.csv and the chart of needed against rostered agents, written in one piece. */
async function writeStaffingFolder(scenario: Scenario, staffing: IntervalStaffing, out: string): Promise<void> {
  const { csvLine } = await import("../../report/csv.js");
  const { staffingChart } = await import("../../report/charts/staffing.js");
  const { renderCharts, chartFiles } = await import("../../report/runReport.js");
  const { writeFolderAtomically } = await import("../../report/atomic.js");
  let csv = csvLine(["day", "hour", "ratePerHour", "agents", "rostered", "serviceLevel", "occupancy"]);
  for (const r of staffing.intervals) csv += csvLine([r.dayName, r.hour, r.ratePerHour, r.agents, r.rostered, r.serviceLevel, r.occupancy]);
  const files = new Map<string, string>([["staffing.csv", csv], ...chartFiles(await renderCharts([staffingChart(scenario, staffing)]))]);
  await writeFolderAtomically(out, files);
}

export default command;
