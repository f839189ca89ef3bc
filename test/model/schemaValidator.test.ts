import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { ErrorObject, Format, ValidateFunction } from "ajv";
import { scenarioSchema } from "../../src/model/schema.js";
import { SCENARIO_FORMATS, scenarioAjv } from "../../src/model/schemaValidator.js";

// The build's precompiled validator (what the CLI loads) must judge every document exactly as ajv compiling the
// schema at run time does (what the tests, run from src/, use).
const factory = createRequire(import.meta.url)("../../dist/model/scenarioValidator.cjs") as (formats: Record<string, Format>) => ValidateFunction;
const precompiled = factory(SCENARIO_FORMATS);
const runtime = scenarioAjv().compile(scenarioSchema);

const judged = (validate: ValidateFunction, doc: unknown) => ({
  valid: validate(doc),
  errors: (validate.errors ?? []).map((e: ErrorObject) => ({ path: e.instancePath, keyword: e.keyword, params: e.params, message: e.message, expected: (e.parentSchema as { expected?: string } | undefined)?.expected })),
});

const files = [
  ...readdirSync("scenarios").filter((f) => f.endsWith(".yaml")).map((f) => `scenarios/${f}`),
  ...readdirSync("test/fixtures/scenarios").map((f) => `test/fixtures/scenarios/${f}`),
];

/** Documents that break the schema in different ways, built from a real scenario. */
function broken(doc: Record<string, unknown>): unknown[] {
  const copy = () => structuredClone(doc) as Record<string, any>;
  const out: unknown[] = [];
  const set = (change: (d: Record<string, any>) => void) => {
    const d = copy();
    change(d);
    out.push(d);
  };
  set((d) => (d.arrivals = { rate: "fast" }));
  set((d) => (d.arrivals = { rate: 5, hourOfDay: [1, 2] }));
  set((d) => (d.tiers = { L1: { agents: -1, shrinkage: 1 } }));
  set((d) => (d.unknownKey = 1));
  set((d) => (d.run = { horizon: "0d", warmup: "soon", replications: 1, start: "Someday 25:00" }));
  set((d) => (d.handleTime = { L1: { dist: "exp" }, L2: { dist: "normal", mean: 3 }, L3: { dist: "empirical", values: [] } }));
  set((d) => (d.categories = { a: { share: 2, level: { L1: 1.5, L4: 0 } } }));
  set((d) => (d.knowledge = { enabled: "yes", novelty: NaN, halfLife: "-3d" }));
  set((d) => (d.tiers = { L1: { schedule: [{ days: "Someday", start: "9", end: "17:00", agents: 2.5 }] } }));
  set((d) => delete d.name);
  out.push(null, [], "text", 42);
  return out;
}

describe("the precompiled scenario validator", () => {
  it("judges every bundled scenario, and many broken ones, exactly as ajv compiling the schema at run time", () => {
    let documents = 0;
    let invalid = 0;
    for (const file of files) {
      const doc = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      for (const d of [doc, ...broken(doc)]) {
        const a = judged(precompiled, d);
        const b = judged(runtime, d);
        expect(a, `${file}: ${JSON.stringify(d).slice(0, 80)}`).toEqual(b);
        documents++;
        if (!a.valid) invalid++;
      }
    }
    expect(documents).toBeGreaterThan(100);
    expect(invalid).toBeGreaterThan(documents / 2);
  });
});
