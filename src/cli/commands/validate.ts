import type { CommandModule } from "yargs";
import { InputError } from "../../errors.js";
import { scenarioFromArgs, withScenarioOptions, type ScenarioArgs } from "../scenarioOptions.js";

interface ValidateArgs extends ScenarioArgs {
  scenarios: string[];
  json?: boolean;
}

const command: CommandModule<object, ValidateArgs> = {
  command: "validate <scenarios..>",
  describe: "Check scenario files: OK with what they describe, or every problem at once with file:line:col",
  builder: (y) =>
    withScenarioOptions(y)
      .positional("scenarios", { type: "string", array: true, demandOption: true, describe: "Scenario files" })
      .option("json", { type: "boolean", describe: "Print {file, ok, problems} for each file as JSON" })
      .example("$0 validate scenarios/*.yaml", "Check every bundled scenario") as never,
  handler: async (args) => {
    const { expectedArrivals } = await import("../../model/arrivals.js");
    const { formatDuration } = await import("../../model/units.js");
    const reports: { file: string; ok: boolean; problems: string[]; description?: string }[] = [];
    for (const file of args.scenarios) {
      try {
        const s = await scenarioFromArgs(file, args);
        const weekly = expectedArrivals(s.arrivals, s.startMinuteOfWeek, 0, 10080);
        reports.push({
          file,
          ok: true,
          problems: [],
          description:
            `${s.structure} desk "${s.name}": about ${Math.round(weekly).toLocaleString("en-US")} tickets a week, ` +
            `${s.categories.length} categories, ${s.replications} replications of ${formatDuration(s.horizonMinutes)}`,
        });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        reports.push({ file, ok: false, problems: error.problems });
      }
    }
    if (args.json) process.stdout.write(JSON.stringify(reports, null, 2) + "\n");
    else {
      for (const r of reports) {
        if (r.ok) process.stdout.write(`OK ${r.file}: ${r.description}\n`);
        else process.stdout.write(`FAILED ${r.file}: ${r.problems.length} problem${r.problems.length > 1 ? "s" : ""}\n${r.problems.map((p) => `  ${p}`).join("\n")}\n`);
      }
    }
    if (reports.some((r) => !r.ok)) process.exitCode = 2;
  },
};

export default command;
