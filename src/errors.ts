/**
 * An error caused by the user's input (a scenario, a log, a mapping, a command-line option).
 * The CLI prints its message alone, without a stack trace, and exits with code 2.
 * `problems` lists every problem found, one line each, each naming file:line:col or row, field and what was expected.
 */
export class InputError extends Error {
  readonly problems: string[];
  constructor(problems: string | string[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.join("\n"));
    this.name = "InputError";
    this.problems = list;
  }
}

/** A run that failed for a reason other than bad input (an invariant broken, a worker crashed): exit code 1. */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunError";
  }
}
