import { parse as parseYamlValue } from "yaml";
import { InputError } from "../errors.js";

/** One `--set path=value` override, its path split and its value parsed as YAML (so `12`, `true`, `[1, 2]`, `"8h"`). */
export interface Override {
  text: string;
  path: (string | number)[];
  value: unknown;
}

// Keys that reach an object's prototype: never a scenario field, always rejected.
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

export function parseOverride(text: string): Override {
  const eq = text.indexOf("=");
  if (eq <= 0) {
    throw new InputError(`--set ${text}: expected path=value, e.g. --set tiers.L1.agents=12`);
  }
  const pathText = text.slice(0, eq).trim();
  const valueText = text.slice(eq + 1);
  const path: (string | number)[] = [];
  for (const segment of pathText.split(".")) {
    if (!/^[A-Za-z0-9_-]+$/.test(segment)) {
      throw new InputError(`--set ${text}: "${segment}" is not a field name (letters, digits, - and _, separated by dots)`);
    }
    if (FORBIDDEN.has(segment)) throw new InputError(`--set ${text}: "${segment}" is not a scenario field`);
    path.push(/^\d+$/.test(segment) ? Number(segment) : segment);
  }
  let value: unknown;
  try {
    value = parseYamlValue(valueText, { maxAliasCount: 0, customTags: [] });
  } catch (error) {
    throw new InputError(`--set ${text}: the value is not valid YAML (${(error as Error).message.split("\n")[0]})`);
  }
  return { text, path, value: value ?? valueText };
}
