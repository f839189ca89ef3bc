/**
 * loadMapping: read a mapping YAML file and validate it, reporting every problem with the file, line and field path.
 * Unknown keys are errors (a misspelt key would otherwise be silently ignored and a column silently unmapped).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from "yaml";
import { InputError } from "../../errors.js";
import { TIERS, type Tier } from "../../model/types.js";
import { FORMAT_EXPECTED, parseFormat } from "../time/formats.js";
import { parseZone, ZONE_EXPECTED } from "../time/zone.js";
import {
  OUTCOMES,
  STATUS_KINDS,
  TIME_ROLES,
  type Mapping,
  type Outcome,
  type OutcomeSpec,
  type StatusSpec,
  type TierRule,
  type TierSpec,
  type TimeRole,
  type TimeSpec,
  type ValueSpec,
} from "./types.js";

const TOP_KEYS = [
  "name", "description", "shape", "delimiter", "timezone", "missing", "id", "order", "event", "format", "times",
  "tier", "category", "priority", "channel", "agent", "status", "outcome", "strict",
] as const;

export async function loadMapping(file: string): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`${file}: cannot read the mapping file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseMapping(text, file);
}

/** Validate mapping YAML text; `file` names it in messages. */
export function parseMapping(text: string, file = "<mapping>"): Mapping {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(doc.errors.map((e) => `${file}: ${e.message.split("\n")[0]}`));
  }
  const v = new Validator(file, lineCounter);
  const mapping = v.mapping(doc.contents as Node | null);
  if (v.problems.length > 0) throw new InputError(v.problems);
  return mapping;
}

class Validator {
  readonly problems: string[] = [];
  readonly lines: Record<string, number> = {};

  constructor(
    private readonly file: string,
    private readonly lineCounter: LineCounter,
  ) {}

  private at(node: Node | Pair | null | undefined): string {
    const range = isPair(node) ? (node.key as Node | null)?.range : node?.range;
    if (!range) return this.file;
    const { line, col } = this.lineCounter.linePos(range[0]);
    return `${this.file}:${line}:${col}`;
  }

  private note(node: Node | null | undefined, field: string): void {
    if (node?.range) this.lines[field] = this.lineCounter.linePos(node.range[0]).line;
  }

  problem(node: Node | Pair | null | undefined, field: string, message: string): void {
    this.problems.push(`${this.at(node)}: ${field}: ${message}`);
  }

  /** The entries of a YAML map, complaining about keys outside `allowed`. */
  private entries(node: Node | null | undefined, field: string, allowed: readonly string[]): Map<string, Node | null> {
    const out = new Map<string, Node | null>();
    if (!isMap(node)) {
      this.problem(node, field, `expected a map with keys ${allowed.join(", ")}`);
      return out;
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) {
        this.problem(pair, field, "expected a plain key");
        continue;
      }
      const sub = field === "" ? key : `${field}.${key}`;
      if (!allowed.includes(key)) {
        this.problem(pair.key as Node, sub, `unknown key "${key}"; expected one of ${allowed.join(", ")}`);
        continue;
      }
      out.set(key, (pair.value as Node | null) ?? null);
      this.note(pair.key as Node, sub);
    }
    return out;
  }

  private string(node: Node | null | undefined, field: string): string | undefined {
    if (isScalar(node) && (typeof node.value === "string" || typeof node.value === "number")) return String(node.value);
    this.problem(node, field, "expected a text value");
    return undefined;
  }

  private stringList(node: Node | null | undefined, field: string): string[] {
    if (isScalar(node)) {
      const s = this.string(node, field);
      return s === undefined ? [] : [s];
    }
    if (!isSeq(node)) {
      this.problem(node, field, "expected a list of text values");
      return [];
    }
    const out: string[] = [];
    node.items.forEach((item, i) => {
      const s = this.string(item as Node, `${field}[${i}]`);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  private stringMap(node: Node | null | undefined, field: string): Record<string, string> {
    const out: Record<string, string> = {};
    if (!isMap(node)) {
      this.problem(node, field, "expected a map of raw value -> value");
      return out;
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const value = this.string(pair.value as Node, `${field}.${key}`);
      if (key !== undefined && value !== undefined) out[key] = value;
    }
    return out;
  }

  private tier(node: Node | null | undefined, field: string): Tier | undefined {
    const s = this.string(node, field);
    if (s === undefined) return undefined;
    if ((TIERS as readonly string[]).includes(s)) return s as Tier;
    this.problem(node, field, `"${s}" is not a tier; expected one of ${TIERS.join(", ")}`);
    return undefined;
  }

  mapping(root: Node | null): Mapping {
    const top = this.entries(root, "", TOP_KEYS);
    const get = (k: string) => top.get(k);
    const name = top.has("name") ? this.string(get("name"), "name") : undefined;
    const shapeText = top.has("shape") ? this.string(get("shape"), "shape") : undefined;
    if (!top.has("shape")) this.problem(root, "shape", 'missing; expected "tickets" (one row per ticket) or "events" (one row per event)');
    else if (shapeText !== "tickets" && shapeText !== "events" && shapeText !== undefined)
      this.problem(get("shape"), "shape", `"${shapeText}" is not a shape; expected "tickets" or "events"`);
    const shape = shapeText === "events" ? "events" : "tickets";

    const mapping: Mapping = {
      name: name ?? path.basename(this.file).replace(/\.(ya?ml)$/i, ""),
      path: this.file === "<mapping>" ? undefined : this.file,
      lines: this.lines,
      shape,
      missing: [""],
      times: {},
      strict: false,
    };
    if (top.has("description")) mapping.description = this.string(get("description"), "description");
    if (top.has("delimiter")) {
      const d = this.string(get("delimiter"), "delimiter");
      const named: Record<string, string | undefined> = { auto: undefined, tab: "\t", "\\t": "\t", "\t": "\t", comma: ",", semicolon: ";", pipe: "|" };
      if (d !== undefined) {
        if (d in named) mapping.delimiter = named[d];
        else if (d.length === 1) mapping.delimiter = d;
        else this.problem(get("delimiter"), "delimiter", `"${d}" is not a delimiter; expected "auto", "tab", ",", ";" or "|"`);
      }
    }
    if (top.has("timezone")) {
      const z = this.string(get("timezone"), "timezone");
      if (z !== undefined && parseZone(z) === undefined) this.problem(get("timezone"), "timezone", `"${z}" is not ${ZONE_EXPECTED}`);
      else mapping.timezone = z;
    }
    if (top.has("missing")) mapping.missing = ["", ...this.stringList(get("missing"), "missing").map((s) => s.trim())];
    if (top.has("id")) mapping.id = this.stringList(get("id"), "id");
    if (top.has("order")) mapping.order = this.string(get("order"), "order");
    if (top.has("format")) mapping.format = this.format(get("format"), "format");
    if (top.has("event")) mapping.event = this.timeSpec(get("event"), "event");
    if (top.has("times")) {
      for (const [role, node] of this.entries(get("times"), "times", TIME_ROLES)) {
        const spec = this.timeSpec(node, `times.${role}`);
        if (spec) mapping.times[role as TimeRole] = spec;
      }
    }
    if (top.has("tier")) mapping.tier = this.tierSpec(get("tier"), "tier");
    for (const key of ["category", "priority", "channel", "agent"] as const) {
      if (top.has(key)) mapping[key] = this.valueSpec(get(key), key);
    }
    if (top.has("status")) mapping.status = this.statusSpec(get("status"), "status");
    if (top.has("outcome")) mapping.outcome = this.outcomeSpec(get("outcome"), "outcome");
    if (top.has("strict")) {
      const node = get("strict");
      if (isScalar(node) && typeof node.value === "boolean") mapping.strict = node.value;
      else this.problem(node, "strict", "expected true or false");
    }

    if (shape === "events") {
      if (!mapping.id) this.problem(root, "id", "missing; an events log needs the column(s) naming the ticket of each event");
      if (!mapping.event) this.problem(root, "event", "missing; an events log needs the column holding the time of each event");
    } else if (!mapping.times.arrival) {
      this.problem(root, "times.arrival", "missing; a tickets log needs the column holding each ticket's arrival time");
    }
    return mapping;
  }

  private format(node: Node | null | undefined, field: string): string | undefined {
    const f = this.string(node, field);
    if (f !== undefined && parseFormat(f) === undefined) {
      this.problem(node, field, `"${f}" is not ${FORMAT_EXPECTED}`);
      return undefined;
    }
    return f;
  }

  private timeSpec(node: Node | null | undefined, field: string): TimeSpec | undefined {
    this.note(node, field);
    if (isScalar(node)) {
      const column = this.string(node, field);
      return column === undefined ? undefined : { column, field };
    }
    const e = this.entries(node, field, ["column", "date", "time", "format"]);
    const spec: TimeSpec = { field };
    if (e.has("column")) spec.column = this.string(e.get("column"), `${field}.column`);
    if (e.has("date")) spec.date = this.string(e.get("date"), `${field}.date`);
    if (e.has("time")) spec.time = this.string(e.get("time"), `${field}.time`);
    if (e.has("format")) spec.format = this.format(e.get("format"), `${field}.format`);
    const single = spec.column !== undefined;
    const split = spec.date !== undefined && spec.time !== undefined;
    if (single === split || (!single && (spec.date === undefined) !== (spec.time === undefined))) {
      this.problem(node, field, "expected either `column` (one timestamp column) or both `date` and `time` (a date column and a time-of-day column)");
      return undefined;
    }
    return spec;
  }

  private valueSpec(node: Node | null | undefined, field: string): ValueSpec | undefined {
    this.note(node, field);
    if (isScalar(node)) {
      const column = this.string(node, field);
      return column === undefined ? undefined : { column, missing: [], field };
    }
    const e = this.entries(node, field, ["column", "fixed", "values", "default", "missing"]);
    const spec: ValueSpec = { missing: [], field };
    if (e.has("column")) spec.column = this.string(e.get("column"), `${field}.column`);
    if (e.has("fixed")) spec.fixed = this.string(e.get("fixed"), `${field}.fixed`);
    if (e.has("values")) spec.values = this.stringMap(e.get("values"), `${field}.values`);
    if (e.has("default")) spec.default = this.string(e.get("default"), `${field}.default`);
    if (e.has("missing")) spec.missing = this.stringList(e.get("missing"), `${field}.missing`).map((s) => s.trim());
    if ((spec.column === undefined) === (spec.fixed === undefined)) {
      this.problem(node, field, "expected exactly one of `column` (read from a column) or `fixed` (the same for every ticket)");
      return undefined;
    }
    return spec;
  }

  private tierSpec(node: Node | null | undefined, field: string): TierSpec | undefined {
    this.note(node, field);
    if (isScalar(node)) {
      const column = this.string(node, field);
      return column === undefined ? undefined : { column, missing: [], field };
    }
    const e = this.entries(node, field, ["column", "fixed", "values", "rules", "sequence", "default", "missing"]);
    const spec: TierSpec = { missing: [], field };
    if (e.has("column")) spec.column = this.string(e.get("column"), `${field}.column`);
    if (e.has("fixed")) spec.fixed = this.tier(e.get("fixed"), `${field}.fixed`);
    if (e.has("default")) spec.default = this.tier(e.get("default"), `${field}.default`);
    if (e.has("missing")) spec.missing = this.stringList(e.get("missing"), `${field}.missing`).map((s) => s.trim());
    if (e.has("values")) {
      const raw = this.stringMap(e.get("values"), `${field}.values`);
      spec.values = {};
      for (const [k, t] of Object.entries(raw)) {
        if ((TIERS as readonly string[]).includes(t)) spec.values[k] = t as Tier;
        else this.problem(e.get("values"), `${field}.values.${k}`, `"${t}" is not a tier; expected one of ${TIERS.join(", ")}`);
      }
    }
    if (e.has("sequence")) {
      const list = this.stringList(e.get("sequence"), `${field}.sequence`);
      const bad = list.filter((t) => !(TIERS as readonly string[]).includes(t));
      if (bad.length > 0 || list.length === 0)
        this.problem(e.get("sequence"), `${field}.sequence`, `expected a list of tiers (${TIERS.join(", ")}), got ${JSON.stringify(list)}`);
      else spec.sequence = list as Tier[];
    }
    if (e.has("rules")) spec.rules = this.tierRules(e.get("rules"), `${field}.rules`);
    if ((spec.column === undefined) === (spec.fixed === undefined)) {
      this.problem(node, field, "expected exactly one of `column` (with optional values, rules or sequence) or `fixed` (one tier for every ticket)");
      return undefined;
    }
    const ways = [spec.values, spec.rules, spec.sequence].filter((w) => w !== undefined).length;
    if (ways > 1) this.problem(node, field, "use only one of `values`, `rules` and `sequence`");
    return spec;
  }

  private tierRules(node: Node | null | undefined, field: string): TierRule[] {
    if (!isSeq(node)) {
      this.problem(node, field, "expected a list of rules such as { contains: 3rd, tier: L3 }");
      return [];
    }
    const rules: TierRule[] = [];
    node.items.forEach((item, i) => {
      const sub = `${field}[${i}]`;
      const e = this.entries(item as Node, sub, ["contains", "equals", "matches", "tier"]);
      const rule: Partial<TierRule> = {};
      const conditions = ["contains", "equals", "matches"].filter((k) => e.has(k));
      if (conditions.length !== 1) this.problem(item as Node, sub, "expected exactly one of contains, equals, matches");
      if (e.has("contains")) rule.contains = this.string(e.get("contains"), `${sub}.contains`);
      if (e.has("equals")) rule.equals = this.string(e.get("equals"), `${sub}.equals`);
      if (e.has("matches")) {
        const source = this.string(e.get("matches"), `${sub}.matches`);
        try {
          if (source !== undefined) rule.matches = new RegExp(source);
        } catch (error) {
          this.problem(e.get("matches"), `${sub}.matches`, `not a regular expression: ${(error as Error).message}`);
        }
      }
      if (!e.has("tier")) this.problem(item as Node, `${sub}.tier`, "missing; expected the tier (L1, L2 or L3) the rule gives");
      else rule.tier = this.tier(e.get("tier"), `${sub}.tier`);
      if (rule.tier && conditions.length === 1) rules.push(rule as TierRule);
    });
    return rules;
  }

  private statusSpec(node: Node | null | undefined, field: string): StatusSpec | undefined {
    this.note(node, field);
    const e = this.entries(node, field, ["column", ...STATUS_KINDS]);
    if (!e.has("column")) {
      this.problem(node, `${field}.column`, "missing; expected the column holding each event's status");
      return undefined;
    }
    const column = this.string(e.get("column"), `${field}.column`);
    const spec: StatusSpec = { column: column ?? "", lists: {}, field };
    for (const kind of STATUS_KINDS) if (e.has(kind)) spec.lists[kind] = this.stringList(e.get(kind), `${field}.${kind}`);
    return column === undefined ? undefined : spec;
  }

  private outcomeSpec(node: Node | null | undefined, field: string): OutcomeSpec | undefined {
    this.note(node, field);
    const e = this.entries(node, field, ["column", "values", "default"]);
    const column = e.has("column") ? this.string(e.get("column"), `${field}.column`) : undefined;
    if (!e.has("column")) this.problem(node, `${field}.column`, "missing; expected the column holding each ticket's outcome");
    const values: Record<string, Outcome> = {};
    const toOutcome = (text: string, where: Node | null | undefined, sub: string): Outcome | undefined => {
      const t = text === "resolved" ? "served" : text;
      if ((OUTCOMES as readonly string[]).includes(t)) return t as Outcome;
      this.problem(where, sub, `"${text}" is not an outcome; expected one of ${OUTCOMES.join(", ")} (resolved = served)`);
      return undefined;
    };
    if (!e.has("values")) this.problem(node, `${field}.values`, "missing; expected a map such as { AGENT: served, HANG: abandoned }");
    else {
      for (const [raw, text] of Object.entries(this.stringMap(e.get("values"), `${field}.values`))) {
        const o = toOutcome(text, e.get("values"), `${field}.values.${raw}`);
        if (o) values[raw] = o;
      }
    }
    const spec: OutcomeSpec = { column: column ?? "", values, field };
    if (e.has("default")) {
      const d = this.string(e.get("default"), `${field}.default`);
      if (d !== undefined) spec.default = toOutcome(d, e.get("default"), `${field}.default`);
    }
    return column === undefined ? undefined : spec;
  }
}
