import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { simulate, type SimulationResult } from "../../src/experiment/simulate.js";
import { loadScenario } from "../../src/model/load.js";

/** A small but real run: the baseline desk, 3 replications of a week, in this thread. Cached per test file. */
const cache = new Map<string, Promise<SimulationResult>>();
export function smallRun(overrides: string[] = []): Promise<SimulationResult> {
  const key = overrides.join("\n");
  if (!cache.has(key)) {
    cache.set(key, loadScenario("scenarios/tiered-baseline.yaml", ["run.replications=3", "run.horizon=7d", ...overrides]).then((s) => simulate(s, { workers: 1 })));
  }
  return cache.get(key)!;
}

let validator: ValidateFunction | undefined;
/** The Vega-Lite JSON schema (draft-07) compiled with ajv. */
export function vegaLiteValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync("node_modules/vega-lite/build/vega-lite-schema.json", "utf8"));
    validator = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true, logger: false }).compile(schema);
  }
  return validator;
}

/** Schema errors of a spec, the most specific first, readable in a failed assertion. */
export function schemaErrors(spec: unknown): string[] {
  const validate = vegaLiteValidator();
  if (validate(spec)) return [];
  return [...(validate.errors ?? [])]
    .sort((a, b) => b.instancePath.length - a.instancePath.length)
    .slice(0, 8)
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

/** Elements of a rendered Vega SVG: mark groups by type, e.g. marks(svg, "line") = the <g class="mark-line ..."> groups. */
export function markGroups(svg: string, type: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<g class="mark-${type} role-mark[^"]*"`, "g");
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    // The group's content up to its closing tag (mark groups of these types hold no nested groups).
    const end = svg.indexOf("</g>", m.index);
    out.push(svg.slice(m.index, end));
  }
  return out;
}

/** The text content of every <text> element of an SVG. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#39;/g, "'").replace(/&quot;/g, '"'));
}
