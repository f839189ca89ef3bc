import type { CommandModule } from "yargs";
import { InputError } from "../../errors.js";
import { parseDuration } from "../../model/units.js";
import { progressBar } from "../progress.js";
import { checkWorkers, scenarioFromArgs, workersOption } from "../scenarioOptions.js";

interface ReplayArgs {
  log: string;
  map: string;
  scenario: string;
  from?: string;
  to?: string;
  "whole-log"?: boolean;
  use?: string | string[];
  staffing?: "scenario" | "observed";
  "session-gap"?: string;
  rounding?: "nearest" | "up" | "down";
  drain?: string;
  replications?: number;
  seed?: number;
  set?: string[];
  workers?: number;
  out?: string;
  json?: boolean;
  strict?: boolean;
}

function duration(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const minutes = parseDuration(text);
  if (minutes === undefined) throw new InputError(`${option}: expected a duration such as "90s", "15m", "8h", "2d" or a number of minutes >= 0, got "${text}"`);
  return minutes;
}

const command: CommandModule<object, ReplayArgs> = {
  command: "replay <log>",
  describe: "Drive a scenario with a real log's arrivals (and optionally its tickets) and compare simulated with observed waits, abandonment and resolution times",
  builder: (y) =>
    workersOption(y)
      .positional("log", { type: "string", demandOption: true, describe: "Ticket log: CSV or TSV, optionally .gz (as for `tiersim fit`)" })
      .option("map", { alias: "m", type: "string", demandOption: true, describe: "Mapping YAML saying which columns mean what (see scenarios/mappings/)" })
      .option("scenario", { alias: "s", type: "string", demandOption: true, describe: "Scenario whose staffing, routing and distributions serve the replayed tickets (e.g. the one `tiersim fit` wrote)" })
      .option("from", { type: "string", describe: "First day to replay, YYYY-MM-DD on the desk's clock (default: start of the part of the log that looks complete)" })
      .option("to", { type: "string", describe: "Last day to replay, YYYY-MM-DD (default: end of the part of the log that looks complete)" })
      .option("whole-log", { type: "boolean", describe: "Replay every day of the log, even the parts that look incomplete" })
      .option("use", {
        type: "string",
        describe: "Also take these from each ticket of the log (comma-separated): categories, priorities, channels, levels, handle-times, patience, or all. Names are matched to the scenario's; unknown ones are drawn",
      })
      .option("staffing", {
        choices: ["scenario", "observed"] as const,
        default: "scenario" as const,
        describe: "scenario: the scenario's staffing; observed: the head count the log shows per hour of the week over the replayed days, as one-hour shifts",
      })
      .option("session-gap", { type: "string", describe: 'With --staffing observed: idle gaps between an agent\'s services up to this long count as on duty (default "10m")' })
      .option("rounding", { choices: ["nearest", "up", "down"] as const, describe: "With --staffing observed: how mean head counts become whole agents (default nearest)" })
      .option("drain", { type: "string", describe: 'Simulated time after the last replayed day, for open tickets to finish (default: twice the log\'s 90th percentile time to resolve, 1d..28d)' })
      .option("replications", { alias: "r", type: "number", describe: "Independent replications (default: the scenario's run.replications)" })
      .option("seed", { type: "number", describe: "Scenario seed (run.seed)" })
      .option("set", { type: "string", array: true, describe: "Override a scenario value: --set tiers.L1.agents=12 (repeatable)" })
      .option("out", { alias: "o", type: "string", describe: "Output folder (default: reports/replay-<scenario name>)" })
      .option("json", { type: "boolean", describe: "Print replay.json on stdout and nothing else" })
      .option("strict", { type: "boolean", describe: "Any log row that would be skipped is an error" })
      .example(
        "$0 replay scenarios/data/anonymous-bank/january.txt.gz -m scenarios/mappings/anonymous-bank.yaml -s reports/fit-anonymous-bank/fitted-anonymous-bank.yaml --staffing observed",
        "The bank's January calls on the fitted scenario with the agents the log shows",
      )
      .example(
        "$0 replay scenarios/data/bpic2013-incidents/incidents.csv.gz -m scenarios/mappings/bpic2013.yaml -s reports/fit-bpic2013/fitted-bpic2013.yaml --use categories,priorities,levels",
        "Volvo IT's incidents with their real products, impacts and support lines",
      )
      .example(
        "$0 replay scenarios/data/uci-incidents/incident_event_log.csv.gz -m scenarios/mappings/uci-servicenow.yaml -s my-desk.yaml --from 2016-03-01 --to 2016-03-31 --use all",
        "March 2016 of the ServiceNow log on your own staffing",
      ) as never,
  handler: async (args) => {
    // The data modules, the simulator and the charts are imported here, not at start-up, so `tiersim --help` stays instant.
    const { loadMapping } = await import("../../data/mapping/load.js");
    const { readTicketLog } = await import("../../data/read.js");
    const { parseUse } = await import("../../data/replay/trace.js");
    const { replayLog } = await import("../../data/replay/run.js");
    const { replayJson, replayText, writeReplayOutput } = await import("../../data/replay/output.js");
    const { defaultWorkers } = await import("../../experiment/pool.js");

    const use = parseUse(args.use);
    const drainMinutes = duration(args.drain, "--drain");
    const sessionGapMinutes = duration(args["session-gap"], "--session-gap");
    if (args.replications !== undefined && (!Number.isInteger(args.replications) || args.replications < 1))
      throw new InputError(`--replications: expected a whole number >= 1, got ${args.replications}`);
    if (args["whole-log"] && (args.from !== undefined || args.to !== undefined)) throw new InputError("--whole-log: give it or --from/--to, not both");
    const workers = checkWorkers(args.workers) ?? defaultWorkers();
    const mapping = await loadMapping(args.map);
    const scenario = await scenarioFromArgs(args.scenario, { set: args.set, seed: args.seed, replications: args.replications });
    process.stderr.write(`reading ${args.log} with ${args.map}\n`);
    const log = await readTicketLog(args.log, mapping, {
      strict: args.strict,
      onProgress: (rows) => process.stderr.write(`  ${rows.toLocaleString("en-US")} rows\n`),
    });
    for (const f of log.findings.filter((x) => x.skipped)) process.stderr.write(`  ${f.severity}: ${f.message}\n`);
    const result = await replayLog(scenario, log, {
      from: args.from,
      to: args.to,
      wholeLog: args["whole-log"],
      use,
      staffing: args.staffing,
      rounding: args.rounding,
      sessionGapMinutes,
      drainMinutes,
      workers,
      onProgress: progressBar(`replaying on ${scenario.name}`),
    });
    const out = args.out ?? `reports/replay-${scenario.name}`;
    const written = await writeReplayOutput(result, out);
    for (const w of written.warnings) process.stderr.write(`warning: ${w}\n`);
    if (args.json) {
      process.stdout.write(replayJson(result));
      process.stderr.write(`written to ${out}/\n`);
      return;
    }
    process.stdout.write(replayText(result, out));
  },
};

export default command;
