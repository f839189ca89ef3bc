#!/usr/bin/env node
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { commands } from "./commands/index.js";
import { reportFailure } from "./failure.js";
import { abandonPendingWrites, removeTemporaryFoldersNow } from "../report/atomic.js";
import { TIERSIM_VERSION } from "../version.js";
import { compileInWorkerThreads } from "../experiment/workerCompilation.js";

async function main(): Promise<void> {
  // Before any worker thread starts: see workerCompilation.ts.
  compileInWorkerThreads();
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

// Ctrl-C, kill, a closed terminal: leave every report folder complete or as it was (no half-written report, no
// temporary folder), then exit with the shell's code for the signal. A second signal exits at once.
const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
let interrupted = false;
function onSignal(signal: NodeJS.Signals): void {
  const code = SIGNAL_CODES[signal] ?? 1;
  if (interrupted) {
    removeTemporaryFoldersNow();
    process.exit(code);
  }
  interrupted = true;
  process.stderr.write(`\ntiersim: interrupted (${signal}); reports are left complete or as they were\n`);
  void abandonPendingWrites().finally(() => process.exit(code));
}
for (const signal of Object.keys(SIGNAL_CODES) as NodeJS.Signals[]) process.on(signal, onSignal);

// `tiersim run x --json | head -1`: a closed pipe is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.exitCode = reportFailure(error);
});

// Last resort: whatever escapes (an error in an event handler, a rejected promise nobody awaited) is reported the
// same way as any failure, without a stack trace unless TIERSIM_DEBUG is set.
process.on("uncaughtException", (error) => {
  if (interrupted) return;
  process.exitCode = reportFailure(error);
  process.exit();
});
process.on("unhandledRejection", (error) => {
  if (interrupted) return;
  process.exitCode = reportFailure(error);
  process.exit();
});

main().catch((error: unknown) => {
  // Interrupted: the signal handler reports and exits; the writes it stopped fail on their way out, quietly.
  if (interrupted) return;
  if (error instanceof UsageError) {
    process.stderr.write(`tiersim: ${error.message}\nRun \`tiersim --help\` for the commands and options.\n`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = reportFailure(error);
});
