import type { CommandModule } from "yargs";

interface MergeArgs {
  shards: string[];
  out?: string;
  metric?: string;
  json?: boolean;
}

const command: CommandModule<object, MergeArgs> = {
  command: "merge <shards...>",
  describe: "Combine the shards of a sweep (tiersim sweep --shard k/n) into the result of the unsharded sweep",
  builder: (y) =>
    y
      .positional("shards", { type: "string", array: true, demandOption: true, describe: "Shard folders (or their sweep.json files), all n of them" })
      .option("out", { alias: "o", type: "string", describe: "Output folder (default: reports/<scenario name>-sweep)" })
      .option("metric", { alias: "m", type: "string", describe: "Metric to chart and print (default serviceLevel)" })
      .option("json", { type: "boolean", describe: "Print the merged sweep.json on stdout and nothing else" })
      .example("$0 merge shards/1 shards/2 shards/3 --out reports/sweep", "Byte-identical to running the sweep without --shard")
      .epilog("Refuses shards of different sweeps (scenario, overrides, grid, seed, replications, version), duplicates and missing shards.") as never,
  handler: async (args) => {
    // Heavy modules load here, not at start-up, so `tiersim --help` stays fast.
    const { mergeShards } = await import("../../experiment/shard.js");
    const { readSweepOutput } = await import("../../experiment/sweep.js");
    const { chartMetric, sweepFiles, sweepText } = await import("../../experiment/sweepFiles.js");
    const { writeFolderAtomically } = await import("../../report/atomic.js");
    const inputs = [];
    for (const path of args.shards) inputs.push(await readSweepOutput(String(path)));
    const output = mergeShards(inputs);
    const metric = chartMetric(output, args.metric);
    const out = args.out ?? `reports/${output.scenario}-sweep`;
    const { files, warnings } = await sweepFiles(output, metric);
    await writeFolderAtomically(out, files);
    for (const w of warnings) process.stderr.write(`tiersim: ${w}\n`);
    process.stdout.write(args.json ? files.get("sweep.json")! : sweepText(output, metric, out));
  },
};

export default command;
