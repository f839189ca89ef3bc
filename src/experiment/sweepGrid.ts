/**
 * The grid of a sweep: `--vary path=values` options, each a range "6..14", a range with a step "0..1:0.25", a list
 * "0,0.25,0.5" or a single value, values read as YAML scalars (as `--set` reads them). Grid points are numbered in
 * row-major order: the first parameter changes slowest.
 */
import { DEFAULT_MAX_POINTS } from "./defaults.js";
export { DEFAULT_MAX_POINTS };
import { parse as parseYamlValue } from "yaml";
import { InputError } from "../errors.js";

export type GridValue = number | string | boolean | null;

export interface SweepParameter {
  /** Scenario path, as `--set` writes it: "tiers.L1.agents". */
  path: string;
  /** The values as the user wrote them: "6..14". */
  spec: string;
  values: GridValue[];
  /** Each value as text for the override `path=text`. */
  texts: string[];
}


const VARY_EXPECTED = 'expected path=values, values being a range "6..14", a range with a step "0..1:0.25" or a list "0,0.25,0.5"';
const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const RANGE = new RegExp(String.raw`^\s*(${NUMBER})\s*\.\.\s*(${NUMBER})\s*(?::\s*(${NUMBER})\s*)?$`);
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/** Parse one `--vary` option. `maxPoints` bounds a range's length before it is expanded. */
export function parseVary(text: string, maxPoints = DEFAULT_MAX_POINTS): SweepParameter {
  const option = `--vary ${text}`;
  const eq = String(text).indexOf("=");
  if (eq <= 0) throw new InputError(`${option}: ${VARY_EXPECTED}, e.g. --vary tiers.L1.agents=6..14`);
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  for (const segment of path.split(".")) {
    if (!/^[A-Za-z0-9_-]+$/.test(segment) || FORBIDDEN.has(segment)) {
      throw new InputError(`${option}: "${segment}" is not a field name (letters, digits, - and _, separated by dots)`);
    }
  }
  if (spec === "") throw new InputError(`${option}: no values; ${VARY_EXPECTED}`);

  const range = RANGE.exec(spec);
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    const step = range[3] === undefined ? 1 : Number(range[3]);
    if (!(step > 0)) throw new InputError(`${option}: the step must be a number > 0, got ${range[3]}`);
    if (from > to) throw new InputError(`${option}: the range runs from ${range[1]} down to ${range[2]}; write it from the smaller value to the larger`);
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > maxPoints) {
      throw new InputError(`${option}: ${count} values, over the limit of ${maxPoints} grid points; use a larger step or raise the limit with --max-points`);
    }
    const values = Array.from({ length: count }, (_, i) => Number((from + i * step).toPrecision(12)));
    return { path, spec, values, texts: values.map(String) };
  }
  if (spec.includes("..")) throw new InputError(`${option}: "${spec}" is not a range; ${VARY_EXPECTED}`);

  const texts = spec.split(",").map((s) => s.trim());
  const values: GridValue[] = [];
  for (const item of texts) {
    if (item === "") throw new InputError(`${option}: an empty value in the list; ${VARY_EXPECTED}`);
    let value: unknown;
    try {
      value = parseYamlValue(item, { maxAliasCount: 0, customTags: [] });
    } catch (error) {
      throw new InputError(`${option}: "${item}" is not a valid value (${(error as Error).message.split("\n")[0]})`);
    }
    if (value !== null && typeof value === "object") throw new InputError(`${option}: "${item}" is not a single value (lists and maps cannot be swept)`);
    values.push(value === undefined ? item : (value as GridValue));
  }
  const seen = new Set<string>();
  for (const v of values) {
    const key = JSON.stringify(v);
    if (seen.has(key)) throw new InputError(`${option}: the value ${key} is listed twice`);
    seen.add(key);
  }
  return { path, spec, values, texts };
}

/** Parse every `--vary`, checking that no path is varied twice and the grid stays within the limit. */
export function parseGrid(varies: readonly string[], maxPoints = DEFAULT_MAX_POINTS): SweepParameter[] {
  if (varies.length === 0) throw new InputError("--vary: give at least one parameter to vary, e.g. --vary tiers.L1.agents=6..14");
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new InputError(`--max-points: expected a whole number >= 1, got ${maxPoints}`);
  const problems: string[] = [];
  const parameters: SweepParameter[] = [];
  for (const text of varies) {
    try {
      parameters.push(parseVary(String(text), maxPoints));
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length) throw new InputError(problems);
  const paths = new Set<string>();
  for (const p of parameters) {
    if (paths.has(p.path)) problems.push(`--vary ${p.path}: varied twice; give all its values in one --vary`);
    for (const q of paths) {
      if (p.path.startsWith(q + ".") || q.startsWith(p.path + ".")) problems.push(`--vary ${p.path}: overlaps --vary ${q}`);
    }
    paths.add(p.path);
  }
  if (problems.length) throw new InputError(problems);
  const size = gridSize(parameters);
  if (size > maxPoints) {
    const dims = parameters.map((p) => p.values.length).join(" x ");
    throw new InputError(
      `--vary: the grid has ${size} points (${dims}), over the limit of ${maxPoints}; narrow the ranges, or raise the limit deliberately with --max-points ${size}`,
    );
  }
  return parameters;
}

export function gridSize(parameters: readonly SweepParameter[]): number {
  return parameters.reduce((n, p) => n * p.values.length, 1);
}

/** Index of each parameter's value at grid point `point` (row-major: the last parameter changes fastest). */
export function gridIndexes(parameters: readonly SweepParameter[], point: number): number[] {
  const out = new Array<number>(parameters.length);
  let rest = point;
  for (let i = parameters.length - 1; i >= 0; i--) {
    const n = parameters[i]!.values.length;
    out[i] = rest % n;
    rest = Math.floor(rest / n);
  }
  return out;
}

/** The overrides that make grid point `point`: ["tiers.L1.agents=6", "knowledge.documentRate=0.25"]. */
export function pointOverrides(parameters: readonly SweepParameter[], point: number): string[] {
  const idx = gridIndexes(parameters, point);
  return parameters.map((p, i) => `${p.path}=${p.texts[idx[i]!]!}`);
}

/** The parameter values of grid point `point`, keyed by path. */
export function pointValues(parameters: readonly SweepParameter[], point: number): Record<string, GridValue> {
  const idx = gridIndexes(parameters, point);
  return Object.fromEntries(parameters.map((p, i) => [p.path, p.values[idx[i]!]!]));
}
