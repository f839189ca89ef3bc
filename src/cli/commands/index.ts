import type { CommandModule } from "yargs";
import run from "./run.js";
import validate from "./validate.js";
import compare from "./compare.js";
import erlang from "./erlang.js";
import fit from "./fit.js";
import replay from "./replay.js";
import sweep from "./sweep.js";
import optimize from "./optimize.js";
import merge from "./merge.js";

/** Every `tiersim` command; each module lives in its own file beside this one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [run, validate, compare, erlang, fit, replay, sweep, optimize, merge];
