import { isAlias, parseDocument, visit } from "yaml";
import { InputError } from "../errors.js";

/** One `--set path=value` override, its path split and its value parsed as YAML (so `12`, `true`, `[1, 2]`, `"8h"`). */
export interface Override {
  text: string;
  path: (string | number)[];
  value: unknown;
}

// Keys that reach an object's prototype: never a scenario field, always rejected (in the path and inside the value).
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);
/** A scenario path is a handful of fields deep; a value a few levels of maps and lists. */
const MAX_PATH_SEGMENTS = 16;
const MAX_VALUE_NESTING = 32;

export function parseOverride(text: string): Override {
  const eq = text.indexOf("=");
  if (eq <= 0) {
    throw new InputError(`--set ${shorten(text)}: expected path=value, e.g. --set tiers.L1.agents=12`);
  }
  const pathText = text.slice(0, eq).trim();
  const valueText = text.slice(eq + 1);
  const path: (string | number)[] = [];
  const segments = pathText.split(".");
  if (segments.length > MAX_PATH_SEGMENTS) throw new InputError(`--set ${shorten(text)}: a path of ${segments.length} fields is not a scenario field (at most ${MAX_PATH_SEGMENTS})`);
  for (const segment of segments) {
    if (!/^[A-Za-z0-9_-]+$/.test(segment)) {
      throw new InputError(`--set ${shorten(text)}: "${shorten(segment)}" is not a field name (letters, digits, - and _, separated by dots)`);
    }
    if (FORBIDDEN.has(segment)) throw new InputError(`--set ${shorten(text)}: "${segment}" is not a scenario field`);
    path.push(/^\d+$/.test(segment) ? Number(segment) : segment);
  }
  let value: unknown;
  try {
    // As a document, so that unknown tags (!!js/function) and aliases are errors here, not warnings on stderr.
    const doc = parseDocument(valueText, { customTags: [], resolveKnownTags: false, uniqueKeys: true, prettyErrors: false });
    const problem = [...doc.errors, ...doc.warnings][0];
    if (problem) throw new Error(problem.message);
    let alias = false;
    visit(doc, (_key, node) => {
      if (!isAlias(node)) return undefined;
      alias = true;
      return visit.BREAK;
    });
    if (alias) throw new Error("aliases (*name) are not allowed in a --set value");
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    const reason = error instanceof RangeError || /call stack/i.test(String((error as Error).message)) ? "nested too deeply" : (error as Error).message.split("\n")[0];
    throw new InputError(`--set ${shorten(text)}: the value is not valid YAML (${reason})`);
  }
  checkValue(value, text);
  return { text, path, value: value ?? valueText };
}

/** No prototype keys, no deep nesting inside a value (it is merged into the scenario, then validated recursively). */
function checkValue(value: unknown, text: string): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth >= MAX_VALUE_NESTING) throw new InputError(`--set ${shorten(text)}: the value is nested too deeply (at most ${MAX_VALUE_NESTING} levels)`);
    for (const key of Object.keys(v)) {
      if (FORBIDDEN.has(key)) throw new InputError(`--set ${shorten(text)}: "${key}" is not a scenario field`);
      stack.push([(v as Record<string, unknown>)[key], depth + 1]);
    }
  }
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
