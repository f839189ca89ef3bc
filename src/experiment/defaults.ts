/** Defaults and guards of the experiment commands, in a module light enough for the CLI to load at start-up. */
export const DEFAULT_MAX_AGENTS = 200;
export const DEFAULT_MAX_ITERATIONS = 200;
export const DEFAULT_MAX_POINTS = 10_000;
