import { readFileSync, statSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { dirname, extname, isAbsolute, join } from "node:path";
import type { ErrorObject } from "ajv";
import { isAlias, isCollection, isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { InputError } from "../errors.js";
import { scenarioValidator } from "./schemaValidator.js";
import { parseOverride, type Override } from "./overrides.js";
import { DURATION_EXPECTED, RATE_EXPECTED } from "./units.js";
import { resolveScenario } from "./resolve.js";
import type { Scenario } from "./types.js";

const EXPECTED_WORDS: Record<string, string> = {
  duration: DURATION_EXPECTED,
  positiveDuration: DURATION_EXPECTED.replace(">= 0", "> 0"),
  rate: RATE_EXPECTED,
};

/** Where a value sits, for messages: "file:line:col" or the override that set it. */
export type Locate = (path: (string | number)[], atKey?: boolean) => string;

/**
 * A scenario file is at most this big (16 MiB): a YAML parser holds some hundred bytes per value, so this bounds the
 * memory a file can take. Large data (ticket logs, arrival traces) belongs in CSV files.
 */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;
/** Nesting of maps and lists in a scenario (a real one needs about 8); deeper input would exhaust the stack. */
export const MAX_NESTING = 64;
/**
 * Separators (commas, line breaks, brackets, dashes, colons) in a scenario file: an upper bound on its YAML values,
 * counted before parsing. The parser takes some 10 microseconds and up to 1 KB per value, so 300,000 bounds a file at
 * a few seconds and a few hundred MB; the largest real scenario (an empirical list of 100,000 values) needs a third.
 */
export const MAX_SCENARIO_SEPARATORS = 300_000;

/** Offset where flow brackets first nest deeper than MAX_NESTING (quotes and comments skipped), for the message. */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = "";
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
    else if (c === "[" || c === "{") {
      if (++depth > MAX_NESTING) return i;
    } else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function separators(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // , \n [ { - :
    if (c === 44 || c === 10 || c === 91 || c === 123 || c === 45 || c === 58) n++;
  }
  return n;
}

/**
 * Read at most MAX_SCENARIO_BYTES (+1 to tell): a pipe (/dev/stdin) works, a device that never ends (/dev/zero) is
 * refused as too big instead of filling the memory.
 */
async function readBounded(file: string): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(Math.min(MAX_SCENARIO_BYTES + 1, 1 << 16));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
      total += bytesRead;
      if (total > MAX_SCENARIO_BYTES) throw tooBig(file, total, true);
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } finally {
    await handle.close();
  }
}

/** A path as a message shows it: a path of thousands of characters is cut in the middle. */
function shortPath(path: string): string {
  return path.length > 160 ? `${path.slice(0, 100)}...${path.slice(-50)}` : path;
}

function tooBig(file: string, bytes: number, atLeast = false): InputError {
  return new InputError(
    `${file}: the scenario file is ${atLeast ? "more than " : ""}${(bytes / 1048576).toFixed(1)} MiB, over the limit of ${MAX_SCENARIO_BYTES / 1048576} MiB for a scenario; ` +
      `keep large data (ticket logs, arrival traces) in CSV files`,
  );
}

/** Read, validate and resolve a scenario file (YAML or JSON), applying `--set` overrides. */
export async function loadScenario(file: string, overrides: string[] = []): Promise<Scenario> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError(`${file}: is a folder, not a scenario file`);
    if (info.size > MAX_SCENARIO_BYTES) throw tooBig(file, info.size);
    text = await readBounded(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT" ? `${file}: no such scenario file` : `${file}: cannot read the scenario (${code ?? (error as Error).message})`,
    );
  }
  return parseScenario(text, file, overrides);
}

/** Validate and resolve a scenario from its text; every problem found is reported at once in one InputError. */
export function parseScenario(text: string, file: string, overrides: string[] = []): Scenario {
  const layers = readLayers(text, file, 0);
  const applied = overrides.map(parseOverride);
  // The scenario's own fields win over those of the scenario it extends; maps merge, lists and values replace.
  let raw: RawScenario = {};
  for (let i = layers.length - 1; i >= 0; i--) raw = mergeRaw(raw, layers[i]!.raw);
  delete raw.extends;
  for (const o of applied) applyOverride(raw, o);
  const locate: Locate = (path, atKey = false) => {
    const override = applied.find((o) => startsWith(path, o.path) || (path.length > 0 && startsWith(o.path, path)));
    if (override) return `--set ${shortPath(override.text)}`;
    for (const layer of layers) {
      const offset = exactOffset(layer.doc, path, atKey);
      if (offset !== undefined) return layer.position(offset);
    }
    return layers[0]!.position(nodeOffset(layers[0]!.doc, path, atKey));
  };
  const validate = scenarioValidator();
  if (!validate(raw)) throw new InputError(schemaProblems(validate.errors ?? [], raw, locate));
  return resolveScenario(raw, { file, locate });
}

const MAX_EXTENDS_DEPTH = 8;

interface Layer {
  file: string;
  doc: Document;
  raw: RawScenario;
  position: (offset: number | undefined) => string;
}

const SCENARIO_EXTENSIONS = [".yaml", ".yml", ".json"];

/** The scenario file and, through `extends`, the files it builds on: nearest first. */
function readLayers(text: string, file: string, depth: number): Layer[] {
  if (text.includes("\u0000")) throw new InputError(`${file}: not a text file (it contains NUL bytes)`);
  if (text.length > MAX_SCENARIO_BYTES) throw tooBig(file, Buffer.byteLength(text));
  const values = separators(text);
  if (values > MAX_SCENARIO_SEPARATORS) {
    throw new InputError(
      `${file}: the scenario has about ${values.toLocaleString("en-US")} values (counting commas, lines and brackets), over the limit of ` +
        `${MAX_SCENARIO_SEPARATORS.toLocaleString("en-US")} for a scenario file; keep large data (ticket logs, arrival traces) in CSV files`,
    );
  }
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, customTags: [], resolveKnownTags: false, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    // The YAML parser recurses per level of nesting: thousands of [ or { overflow the stack before any check can run.
    if (error instanceof RangeError || /call stack/i.test(String((error as Error).message))) {
      const at = tooDeepAt(text);
      const where = at === undefined ? file : (() => {
        const { line, col } = lineCounter.linePos(at);
        return `${file}:${line}:${col}`;
      })();
      throw new InputError(`${where}: the YAML is nested too deeply (more than ${MAX_NESTING} levels of maps and lists are not a scenario)`);
    }
    throw new InputError(`${file}: cannot parse the YAML (${(error as Error).message.split("\n")[0]})`);
  }
  const position = (offset: number | undefined) => {
    if (offset === undefined) return file;
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const syntax = [...doc.errors, ...doc.warnings].map((e) => `${position(e.pos[0])}: ${yamlProblem(e.message)}`);
  if (syntax.length > 0) throw new InputError(syntax);
  if (doc.contents === null) throw new InputError(`${file}: the scenario is empty; expected a map with name, arrivals, categories and tiers`);
  checkTree(doc, position);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(`${file}: ${(error as Error).message}`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new InputError(`${position(doc.contents.range?.[0])} (top level): expected a map of scenario fields, got ${describeValue(raw)}`);
  }
  const layer: Layer = { file, doc, raw: raw as RawScenario, position };
  const parent = (raw as RawScenario).extends;
  if (parent === undefined) return [layer];
  const where = position(nodeOffset(doc, ["extends"], false));
  if (typeof parent !== "string" || parent.trim() === "") throw new InputError(`${where} extends: expected the path of a scenario file, got ${describeValue(parent)}`);
  if (depth >= MAX_EXTENDS_DEPTH) throw new InputError(`${where} extends: more than ${MAX_EXTENDS_DEPTH} levels of extends (a cycle?)`);
  // Relative to the extending file, as a user reading that file expects.
  const parentFile = isAbsolute(parent) ? parent : join(dirname(file), parent);
  // Only scenario files: a scenario someone sends must not make tiersim read (and quote in its errors) any file at all.
  if (!SCENARIO_EXTENSIONS.includes(extname(parentFile).toLowerCase())) {
    throw new InputError(`${where} extends: ${shortPath(parentFile)} is not a scenario file (expected a .yaml, .yml or .json file)`);
  }
  let parentText: string;
  try {
    const info = statSync(parentFile);
    // Only a regular file: a FIFO would block and /dev/zero would never end.
    if (!info.isFile()) throw new InputError(`${where} extends: ${shortPath(parentFile)} is ${info.isDirectory() ? "a folder" : "not a regular file"}, not a scenario file`);
    if (info.size > MAX_SCENARIO_BYTES) throw tooBig(parentFile, info.size);
    parentText = readFileSync(parentFile, "utf8");
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${where} extends: ${code === "ENOENT" ? `no such scenario file ${shortPath(parentFile)}` : `cannot read ${shortPath(parentFile)} (${code})`}`);
  }
  return [layer, ...readLayers(parentText, parentFile, depth + 1)];
}

/** Keys that reach an object's prototype: never a scenario field or name, rejected wherever they appear. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Walk the parsed YAML without recursion: refuse nesting deeper than MAX_NESTING (later steps recurse) and keys that
 * would reach a prototype (`__proto__:` in a file must not pollute, and is never a category or a priority).
 */
function checkTree(doc: Document, position: (offset: number | undefined) => string): void {
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth > MAX_NESTING) {
      throw new InputError(`${position(node.range?.[0])}: the YAML is nested too deeply (more than ${MAX_NESTING} levels of maps and lists are not a scenario)`);
    }
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        const key = item.key;
        if (isScalar(key) && FORBIDDEN_KEYS.has(String(key.value))) {
          throw new InputError(`${position(key.range?.[0])} ${String(key.value)}: not allowed as a field or a name (it would reach JavaScript object prototypes)`);
        }
        // A map or list as a key ("? [a, b]") is never a field or a name; the YAML library would only warn on stderr.
        if (isCollection(key)) throw new InputError(`${position(key.range?.[0])}: a key must be a name, not a ${isMap(key) ? "map" : "list"}`);
        if (!isAlias(item.value)) stack.push([item.value, depth + 1]);
      } else if (!isAlias(item)) {
        stack.push([item, depth + 1]);
      }
    }
  }
}

function isPlainMap(v: unknown): v is RawScenario {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Deep merge of two parsed scenario maps; own properties only, so no key can reach a prototype. */
function mergeRaw(base: RawScenario, over: RawScenario): RawScenario {
  const out: RawScenario = {};
  const put = (k: string, v: unknown) => Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const k of Object.keys(base)) put(k, base[k]);
  for (const k of Object.keys(over)) put(k, isPlainMap(out[k]) && isPlainMap(over[k]) ? mergeRaw(out[k], over[k]) : over[k]);
  return out;
}

/** The scenario as written, once the schema has passed. Field meanings: see README "Scenario format". */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawScenario = Record<string, any>;

function yamlProblem(message: string): string {
  // The parser quotes the offending token whole: a 5,000-character string makes a 5,000-character message.
  const line = message.split("\n")[0]!;
  const first = line.length > 200 ? `${line.slice(0, 197)}...` : line;
  if (/alias/i.test(first) && /count|resource/i.test(first)) return `YAML aliases expand too far (${first})`;
  if (/tag/i.test(first)) return `YAML custom tags are not allowed (${first})`;
  return `YAML syntax: ${first}`;
}

function applyOverride(raw: RawScenario, o: Override): void {
  // Create missing maps along the way, but never replace a single value by a group of fields silently.
  let node: RawScenario = raw;
  for (let i = 0; i < o.path.length - 1; i++) {
    const key = String(o.path[i]);
    checkOverrideStep(node, o, i);
    const next = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
    if (next === undefined || next === null) {
      const created: RawScenario = {};
      Object.defineProperty(node, key, { value: created, enumerable: true, writable: true, configurable: true });
      node = created;
    } else if (typeof next === "object") {
      node = next as RawScenario;
    } else {
      throw new InputError(`--set ${shortPath(o.text)}: ${o.path.slice(0, i + 1).join(".")} is a single value, not a group of fields`);
    }
  }
  const last = String(o.path[o.path.length - 1]);
  checkOverrideStep(node, o, o.path.length - 1);
  Object.defineProperty(node, last, { value: o.value, enumerable: true, writable: true, configurable: true });
}

/** In a list, an override addresses an existing item or the next one: `schedule.1000000000=...` must not make a huge sparse list. */
function checkOverrideStep(node: RawScenario, o: Override, i: number): void {
  if (!Array.isArray(node)) return;
  const key = o.path[i]!;
  const where = o.path.slice(0, i).join(".");
  if (typeof key !== "number") throw new InputError(`--set ${shortPath(o.text)}: ${where} is a list; expected an item number, got "${key}"`);
  if (key > node.length) throw new InputError(`--set ${shortPath(o.text)}: ${where} has ${node.length} items; expected an item number from 0 to ${node.length}, got ${key}`);
}

function startsWith(path: (string | number)[], prefix: (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}

/** Offset of the node at exactly this path in one file, or undefined when that file does not set it. */
function exactOffset(doc: Document, path: (string | number)[], atKey: boolean): number | undefined {
  if (path.length === 0) return undefined;
  if (atKey) {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isNode(p.key) && String((p.key as Node & { value?: unknown }).value) === String(path[path.length - 1]));
      if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
    }
    return undefined;
  }
  const node = doc.getIn(path, true);
  return isNode(node) && node.range ? node.range[0] : undefined;
}

function nodeOffset(doc: Document, path: (string | number)[], atKey: boolean): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    if (atKey && n === path.length && n > 0) {
      const parent = doc.getIn(sub.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isNode(p.key) && String((p.key as Node & { value?: unknown }).value) === String(sub[n - 1]));
        if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
      }
    }
    const node = n === 0 ? doc.contents : doc.getIn(sub, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let v: unknown = raw;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? v.slice(0, 57) + "..." : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return "a map";
}

function schemaProblems(errors: ErrorObject[], raw: unknown, locate: Locate): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword === "if") continue;
    if (e.keyword === "additionalProperties") {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const path = [...pathOf(e.instancePath), key];
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const id = path.join(".");
      if (seen.has(id)) continue;
      seen.add(id);
      problems.push(
        `${locate(path, true)} ${id}: unknown field "${key}"` +
          (allowed.length ? ` (expected one of: ${allowed.filter((k) => k !== "dist").join(", ")})` : ""),
      );
      continue;
    }
    if (e.keyword === "required") {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const path = pathOf(e.instancePath);
      const id = [...path, missing].join(".");
      if (seen.has(id)) continue;
      seen.add(id);
      problems.push(`${locate(path)} ${id}: missing; it is required`);
      continue;
    }
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  for (const [instancePath, list] of byPath) {
    const path = pathOf(instancePath);
    const id = path.join(".");
    if ([...seen].some((s) => s === id || s.startsWith(id + ".") || id.startsWith(s + "."))) continue;
    seen.add(id);
    const withWords = list.find((e) => typeof (e.parentSchema as { expected?: string })?.expected === "string");
    let expected: string;
    if (withWords) {
      const w = (withWords.parentSchema as { expected: string }).expected;
      expected = EXPECTED_WORDS[w] ?? w;
    } else {
      const e = list[0]!;
      if (e.keyword === "enum") expected = `one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
      else if (e.keyword === "type") expected = `a ${(e.params as { type: string }).type}`;
      else if (e.keyword === "minProperties") expected = "at least one entry";
      else expected = e.message ?? "something else";
    }
    problems.push(`${locate(path)} ${id || "(top level)"}: expected ${expected}, got ${describeValue(valueAt(raw, path))}`);
  }
  return problems;
}
