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
  process.stderr.write(`tiersim: internal error: ${message}\n(set TIERSIM_DEBUG=1 for the stack trace)\n`);
  if (process.env.TIERSIM_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 1;
}
