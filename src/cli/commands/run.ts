import type { CommandModule } from "yargs";
import { progressBar } from "../progress.js";
import { checkWorkers, scenarioFromArgs, withScenarioOptions, workersOption, type ScenarioArgs } from "../scenarioOptions.js";

interface RunArgs extends ScenarioArgs {
  scenario: string;
  out?: string;
  json?: boolean;
  tickets?: boolean;
  workers?: number;
  report?: boolean;
}

const command: CommandModule<object, RunArgs> = {
  command: "run <scenario>",
  describe: "Simulate a scenario and write its report (summary.json, summary.md, timeseries.csv, charts, report.html)",
  builder: (y) =>
    workersOption(withScenarioOptions(y))
      .positional("scenario", { type: "string", demandOption: true, describe: "Scenario file (YAML or JSON)" })
      .option("out", { alias: "o", type: "string", describe: "Report folder (default: reports/<scenario name>)" })
      .option("json", { type: "boolean", describe: "Print summary.json on stdout and nothing else" })
      .option("tickets", { type: "boolean", describe: "Also write tickets.csv, one row per ticket (memory grows with tickets)" })
      .option("report", { type: "boolean", default: true, describe: "Write charts and report.html (--no-report skips them)" })
      .example("$0 run scenarios/tiered-baseline.yaml", "20 replications of four weeks, report in reports/tiered-baseline/")
      .example("$0 run scenarios/tiered-baseline.yaml --set tiers.L1.agents=16 -r 50 --out reports/l1-16", "What if L1 had 16 agents?")
      .example("$0 run scenarios/erlang-c.yaml --json | jq '.metrics.serviceLevel'", "Machine-readable output") as never,
  handler: async (args) => {
    // The simulator and the report are imported here, not at start-up, so `tiersim --help` stays instant. Worker
    // threads start first: their start-up overlaps with importing the simulator and reading the scenario.
    const { defaultWorkers, WorkerPool } = await import("../../experiment/pool.js");
    const workers = checkWorkers(args.workers) ?? defaultWorkers();
    const pool = new WorkerPool(workers).start();
    let result;
    let scenario;
    try {
      const { simulate } = await import("../../experiment/simulate.js");
      scenario = await scenarioFromArgs(args.scenario, args);
      result = await simulate(scenario, { workers, pool, recordTickets: args.tickets ?? false, onProgress: progressBar(`simulating ${scenario.name}`) });
    } finally {
      await pool.close();
    }
    const { writeRunReport } = await import("../../report/writeRun.js");
    const { keyMetricKeys, metricLabel } = await import("../../report/runFiles.js");
    const { formatValue, textTable } = await import("../../report/format.js");
    const out = args.out ?? `reports/${scenario.name}`;
    await writeRunReport(result, out, { workers, withReport: args.report !== false, command: process.argv.slice(2) });
    if (args.json) {
      process.stdout.write(JSON.stringify(result.summary, null, 2) + "\n");
      return;
    }
    const keys = keyMetricKeys(result.summary, result.tierNames);
    const rows = keys.map((k) => {
      const m = result.summary.metrics[k]!;
      const interval = m.ci95[0] === null ? "" : `${formatValue(m.ci95[0], m.unit, m.mean)} .. ${formatValue(m.ci95[1], m.unit, m.mean)}`;
      return [metricLabel(k), formatValue(m.mean, m.unit), interval];
    });
    process.stdout.write(
      `${scenario.name}: ${result.summary.structure} desk, ${result.summary.replications} replications, 95% intervals\n\n` +
        textTable(["metric", "mean", "95% interval"], rows) +
        `\n\nReport written to ${out}/\n`,
    );
  },
};

export default command;
