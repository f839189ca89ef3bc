import type { CommandModule } from "yargs";
import { InputError } from "../../errors.js";
import { progressBar } from "../progress.js";
import { checkWorkers, scenarioFromArgs, withScenarioOptions, workersOption, type ScenarioArgs } from "../scenarioOptions.js";

interface CompareArgs extends ScenarioArgs {
  scenarios: string[];
  out?: string;
  json?: boolean;
  workers?: number;
  report?: boolean;
}

const command: CommandModule<object, CompareArgs> = {
  command: "compare <scenarios..>",
  describe: "Compare scenarios on the same tickets (common random numbers): side by side and paired differences with 95% intervals, charts and report.html",
  builder: (y) =>
    workersOption(withScenarioOptions(y))
      .positional("scenarios", { type: "string", array: true, demandOption: true, describe: "Two or more scenario files; the first is the reference" })
      .option("out", { alias: "o", type: "string", describe: "Output folder (default: reports/compare-<first>-vs-<second>)" })
      .option("json", { type: "boolean", describe: "Print comparison.json on stdout and nothing else" })
      .option("report", { type: "boolean", default: true, describe: "Write charts and report.html (--no-report skips them)" })
      .example("$0 compare scenarios/tiered-baseline.yaml scenarios/flat-pool.yaml", "Tiered desk or flat pool of generalists, for the same money?")
      .example("$0 compare scenarios/tiered-baseline.yaml scenarios/kcs.yaml --horizon 26w", "What does the knowledge loop buy?") as never,
  handler: async (args) => {
    if (args.scenarios.length < 2) throw new InputError("compare: name at least two scenario files (the first is the reference)");
    // Worker threads start first: their start-up overlaps with importing the simulator and reading the scenarios.
    const { defaultWorkers, WorkerPool } = await import("../../experiment/pool.js");
    const workers = checkWorkers(args.workers) ?? defaultWorkers();
    const pool = new WorkerPool(workers).start();
    const scenarios = [];
    let comparison;
    try {
      const { compareScenarios } = await import("../../experiment/compare.js");
      for (const file of args.scenarios) scenarios.push(await scenarioFromArgs(file, args));
      ({ comparison } = await compareScenarios(scenarios, { workers, pool, onProgress: progressBar("comparing") }));
    } finally {
      await pool.close();
    }
    const { writeFolderAtomically } = await import("../../report/atomic.js");
    const { comparisonMarkdown, comparisonText, comparisonChartInput } = await import("../../report/comparisonFiles.js");
    const { comparisonCharts } = await import("../../report/runReport.js");
    const out = args.out ?? `reports/compare-${scenarios[0]!.name}-vs-${scenarios[1]!.name}`;
    const files = new Map<string, string>([
      ["comparison.json", JSON.stringify(comparison, null, 2) + "\n"],
      ["comparison.md", comparisonMarkdown(comparison)],
    ]);
    if (args.report !== false) for (const [name, content] of await comparisonCharts(comparisonChartInput(comparison))) files.set(name, content);
    await writeFolderAtomically(out, files);
    if (args.json) {
      process.stdout.write(JSON.stringify(comparison, null, 2) + "\n");
      return;
    }
    const seeds = new Set(scenarios.map((s) => s.seed));
    if (seeds.size > 1) process.stderr.write(`note: the scenarios' seeds differ; all ran with ${comparison.seed}, the first one's, so they see the same tickets\n`);
    process.stdout.write(
      `${comparison.scenarios.map((s) => s.name).join(" vs ")}: ${comparison.replications} paired replications, 95% intervals\n\n` +
        comparisonText(comparison) +
        `\n\nComparison written to ${out}/\n`,
    );
  },
};

export default command;
