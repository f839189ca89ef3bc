#!/usr/bin/env node
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { commands } from "./commands/index.js";
import { reportFailure } from "./failure.js";
import { TIERSIM_VERSION } from "../version.js";

async function main(): Promise<void> {
  let cli = yargs(hideBin(process.argv))
    .scriptName("tiersim")
    .usage("$0 <command> [options]\n\nSimulate and size a tiered technical-support desk (L1 -> L2 -> L3).")
    .version(TIERSIM_VERSION)
    .strict()
    .demandCommand(1, "Name a command; `tiersim --help` lists them.")
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  for (const command of commands) cli = cli.command(command);
  await cli.parseAsync();
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`tiersim: ${error.message}\nRun \`tiersim --help\` for the commands and options.\n`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = reportFailure(error);
});
