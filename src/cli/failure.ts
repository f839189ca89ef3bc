import { InputError, RunError } from "../errors.js";

/** Print a failure the way a user should see it and return the exit code: 2 bad input, 1 failed run. */
export function reportFailure(error: unknown): number {
  if (error instanceof InputError) {
    process.stderr.write(error.problems.map((p) => `error: ${p}`).join("\n") + "\n");
    return 2;
  }
  if (error instanceof RunError) {
    process.stderr.write(`tiersim: the run failed: ${error.message}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (outOfMemory(error)) {
    process.stderr.write(
      `tiersim: the run failed: out of memory (${message.split("\n")[0]}).\n` +
        `Ask for less (fewer replications, a shorter horizon, no --tickets, fewer --workers), or give Node more memory: ` +
        `NODE_OPTIONS=--max-old-space-size=8192\n`,
    );
    if (process.env.TIERSIM_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
  process.stderr.write(`tiersim: internal error: ${message.split("\n")[0]}\n(set TIERSIM_DEBUG=1 for the stack trace)\n`);
  if (process.env.TIERSIM_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 1;
}

/** The failures of a run that asked for more memory than the process has (a worker's heap, a string, an array). */
function outOfMemory(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ERR_WORKER_OUT_OF_MEMORY" || code === "ERR_STRING_TOO_LONG" || code === "ERR_BUFFER_TOO_LARGE") return true;
  return error instanceof RangeError && /invalid (string|array|typed array) length|allocation failed|out of memory/i.test(error.message);
}
