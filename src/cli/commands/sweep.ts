import type { CommandModule } from "yargs";
import { DEFAULT_MAX_POINTS } from "../../experiment/defaults.js";
import { InputError } from "../../errors.js";
import { progressBar } from "../progress.js";
import { checkWorkers, overridesFrom, withScenarioOptions, workersOption, type ScenarioArgs } from "../scenarioOptions.js";

interface SweepArgs extends ScenarioArgs {
  scenario: string;
  vary?: string[];
  metric?: string;
  json?: boolean;
  out?: string;
  shard?: string;
  maxPoints?: number;
  workers?: number;
}

const command: CommandModule<object, SweepArgs> = {
  command: "sweep <scenario>",
  describe: "Run a scenario over a grid of parameter values: sweep.csv, sweep.json and a chart of one metric",
  builder: (y) =>
    workersOption(withScenarioOptions(y))
      .positional("scenario", { type: "string", demandOption: true, describe: "Scenario file (YAML or JSON)" })
      .option("vary", {
        alias: "v",
        type: "string",
        array: true,
        demandOption: true,
        describe: 'A scenario path and its values: a range "6..14", a range with a step "0..1:0.25" or a list "0,0.25,0.5" (repeatable; the grid is every combination)',
      })
      .option("metric", { alias: "m", type: "string", describe: "Metric to chart and print (default serviceLevel); every metric goes to sweep.csv" })
      .option("json", { type: "boolean", describe: "Print sweep.json on stdout and nothing else" })
      .option("out", { alias: "o", type: "string", describe: "Output folder (default: reports/<scenario name>-sweep, or ...-sweep-shard-<k>-of-<n>)" })
      .option("shard", { type: "string", describe: "Run only part k of n of the grid (k/n, 1-based), or auto/n to take k from JOB_COMPLETION_INDEX + 1" })
      .option("max-points", { type: "number", default: DEFAULT_MAX_POINTS, describe: "Largest grid allowed; raise it deliberately for a bigger sweep" })
      .example("$0 sweep scenarios/tiered-baseline.yaml --vary tiers.L2.schedule.0.agents=18..30:2 -r 10", "Service level against L2 day-shift head count")
      .example(
        "$0 sweep scenarios/kcs.yaml --vary knowledge.documentRate=0,0.25,0.5,0.75 --vary tiers.L2.agents=6..10 --metric wait.L2.p90",
        "Two parameters: a line per L2 head count, and a heatmap",
      )
      .example("$0 sweep scenarios/kcs.yaml --vary tiers.L2.agents=4..40 --shard 2/4 --out shards/2", "One of four shards; then: tiersim merge shards/* --out reports/sweep")
      .epilog("Every grid point runs the same replications (same seed, same replication indexes): common random numbers across the grid.") as never,
  handler: async (args) => {
    // Heavy modules load here, not at start-up, so `tiersim --help` stays fast.
    const { defaultWorkers } = await import("../../experiment/pool.js");
    const { parseShard } = await import("../../experiment/shard.js");
    const { planSweep, runSweep } = await import("../../experiment/sweep.js");
    const { chartMetric, sweepFiles, sweepText } = await import("../../experiment/sweepFiles.js");
    const { checkMetricKey, scenarioMetricKeys } = await import("../../experiment/targets.js");
    const { writeFolderAtomically } = await import("../../report/atomic.js");
    for (const o of args.set ?? []) if (typeof o !== "string") throw new InputError(`--set: expected path=value`);
    const shard = args.shard === undefined ? undefined : parseShard(String(args.shard));
    const plan = await planSweep(args.scenario, overridesFrom(args), (args.vary ?? []).map(String), { maxPoints: args.maxPoints });
    if (args.metric !== undefined) checkMetricKey(args.metric, scenarioMetricKeys(plan.base), "--metric");
    const workers = checkWorkers(args.workers) ?? defaultWorkers();
    const label = shard ? `sweeping ${plan.base.name} (shard ${shard.index}/${shard.count})` : `sweeping ${plan.base.name}`;
    const output = await runSweep(plan, { shard, workers, onProgress: progressBar(label) });
    const metric = chartMetric(output, args.metric);
    const out = args.out ?? (shard ? `reports/${plan.base.name}-sweep-shard-${shard.index}-of-${shard.count}` : `reports/${plan.base.name}-sweep`);
    const { files, warnings } = await sweepFiles(output, metric);
    await writeFolderAtomically(out, files);
    for (const w of warnings) process.stderr.write(`tiersim: ${w}\n`);
    process.stdout.write(args.json ? files.get("sweep.json")! : sweepText(output, metric, out));
  },
};

export default command;
