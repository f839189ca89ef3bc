import type { CommandModule } from "yargs";
import type { Objective, OptimizeProgress } from "../../experiment/optimize.js";
import type { StaffedGroup } from "../../analytic/tierDemand.js";
import { InputError } from "../../errors.js";
import { DEFAULT_MAX_AGENTS, DEFAULT_MAX_ITERATIONS } from "../../experiment/defaults.js";
import { checkWorkers, scenarioFromArgs, withScenarioOptions, workersOption, type ScenarioArgs } from "../scenarioOptions.js";

interface OptimizeArgs extends ScenarioArgs {
  scenario: string;
  target?: string[];
  minimize?: string;
  perShift?: boolean;
  maxAgents?: number;
  tiers?: string[];
  initialReplications?: number;
  maxIterations?: number;
  json?: boolean;
  out?: string;
  workers?: number;
}

const GROUPS = ["L1", "L2", "L3", "pool"];

const command: CommandModule<object, OptimizeArgs> = {
  command: "optimize <scenario>",
  describe: "Find the cheapest head count per tier (or per shift) whose 95% confidence bounds meet every target",
  builder: (y) =>
    workersOption(withScenarioOptions(y))
      .positional("scenario", { type: "string", demandOption: true, describe: "Scenario file (YAML or JSON)" })
      .option("target", {
        alias: "t",
        type: "string",
        array: true,
        demandOption: true,
        describe: 'A target on a metric of summary.json: "serviceLevel>=0.8", "abandonment<=5%", "wait.L2.p90<=4h" (repeatable)',
      })
      .option("minimize", { type: "string", choices: ["cost", "agent-hours"], default: "cost", describe: "What to minimize: cost.total or rostered agent-hours" })
      .option("per-shift", { type: "boolean", describe: "Size each shift of a schedule on its own (default: all shifts of a tier by a common offset)" })
      .option("max-agents", { type: "number", default: DEFAULT_MAX_AGENTS, describe: "Most agents in a tier (or in one shift)" })
      .option("tiers", { type: "string", array: true, describe: "Tiers to vary (default: every staffed tier), e.g. --tiers L1 L2" })
      .option("initial-replications", { type: "number", describe: "Replications each candidate gets first (default 4); close calls get more, up to --replications" })
      .option("max-iterations", { type: "number", default: DEFAULT_MAX_ITERATIONS, describe: "Most search moves before giving the best found" })
      .option("json", { type: "boolean", describe: "Print optimize.json on stdout and nothing else" })
      .option("out", { alias: "o", type: "string", describe: "Report folder (default: reports/<scenario name>-optimize)" })
      .example('$0 optimize scenarios/erlang-c.yaml --target "serviceLevel>=0.8"', "One tier: agrees with Erlang C (14 agents)")
      .example(
        '$0 optimize scenarios/tiered-baseline.yaml -t "serviceLevel>=0.8" -t "abandonment<=5%" -t "wait.L2.p90<=4h" -t "wait.L3.p90<=8h"',
        "Three tiers with schedules, shifted by a common offset per tier",
      )
      .example('$0 optimize scenarios/tiered-baseline.yaml -t "serviceLevel>=0.8" --per-shift --horizon 16d -r 10', "Size every shift on its own, on two weeks (after the warm-up)")
      .epilog(
        "Replications: -r/--replications is the most a candidate gets (default: the scenario's run.replications). " +
          "Horizon: --horizon (default: the scenario's run.horizon); a shorter one is quicker and gives wider intervals. " +
          "Exit code 1 when no staffing meets the targets (the report is still written).",
      ) as never,
  handler: async (args) => {
    // Heavy modules load here, not at start-up, so `tiersim --help` stays fast.
    const { optimize } = await import("../../experiment/optimize.js");
    const { optimizeJson, optimizeMarkdown, optimizeText } = await import("../../experiment/optimizeReport.js");
    const { parseTargets, scenarioMetricKeys } = await import("../../experiment/targets.js");
    const { writeFolderAtomically } = await import("../../report/atomic.js");
    const { optimizeChart } = await import("../../report/charts/optimize.js");
    const { renderCharts, chartFiles } = await import("../../report/runReport.js");
    const scenario = await scenarioFromArgs(args.scenario, args);
    const workers = checkWorkers(args.workers);
    const targets = parseTargets(args.target ?? [], scenarioMetricKeys(scenario));
    const groups = args.tiers?.flatMap((t) => String(t).split(",")).map((t) => t.trim()).filter((t) => t !== "");
    for (const g of groups ?? []) if (!GROUPS.includes(g)) throw new InputError(`--tiers: expected L1, L2, L3 or pool, got "${g}"`);
    const progress = optimizeProgress();
    const result = await optimize(scenario, {
      targets,
      minimize: (args.minimize ?? "cost") as Objective,
      perShift: args.perShift ?? false,
      maxAgents: args.maxAgents,
      groups: groups as StaffedGroup[] | undefined,
      initialReplications: args.initialReplications,
      maxIterations: args.maxIterations,
      workers,
      onProgress: progress.update,
    });
    progress.end();
    const out = args.out ?? `reports/${scenario.name}-optimize`;
    // How to run the chosen staffing: the scenario with the user's own overrides, then the staffing.
    const reproduce = [args.scenario, ...(args.set ?? []).map((s) => `--set ${s}`), ...(args.seed !== undefined ? [`--seed ${args.seed}`] : [])].join(" ");
    const files = new Map([
      ["optimize.json", optimizeJson(result)],
      ["optimize.md", optimizeMarkdown(result, reproduce)],
    ]);
    const chart = optimizeChart(result);
    if (chart) for (const [name, content] of chartFiles(await renderCharts([chart]))) files.set(name, content);
    await writeFolderAtomically(out, files);
    process.stdout.write(args.json ? optimizeJson(result) : optimizeText(result, out, reproduce));
    if (!result.chosen || result.status === "infeasible") process.exitCode = 1;
  },
};

/** One status line on stderr (only on a terminal): phase, step, candidates so far, the batch running, the best found. */
function optimizeProgress(): { update: (p: OptimizeProgress) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let shown = false;
  return {
    update: (p) => {
      if (!tty) return;
      shown = true;
      const width = 20;
      const filled = Math.round((p.done / Math.max(1, p.total)) * width);
      const elapsed = ((Date.now() - started) / 1000).toFixed(0);
      const line =
        `optimize ${p.phase}${p.step ? ` ${p.step}` : ""}: ${p.candidates} candidates [${"#".repeat(filled)}${"-".repeat(width - filled)}] ` +
        `${p.done}/${p.total} ${elapsed}s` +
        (p.best ? `  best: ${p.best}` : "");
      const columns = process.stderr.columns ?? 120;
      process.stderr.write(`\r${line.length > columns - 1 ? line.slice(0, columns - 2) + "…" : line.padEnd(columns - 1)}`);
    },
    end: () => {
      if (tty && shown) process.stderr.write("\n");
    },
  };
}

export default command;
