/**
 * Fuzzing --set: random and hostile overrides on the bundled scenarios. Each run ends in a Scenario (safe to
 * simulate) or an InputError naming the override; no prototype is ever touched.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { parseOverride } from "../../src/model/overrides.js";
import { runs } from "../property/arbitraries.js";
import { loadOrRefuse, simulateBriefly } from "./harness.js";

const BASE = readFileSync("scenarios/tiered-baseline.yaml", "utf8");
const ERLANG = readFileSync("scenarios/erlang-c.yaml", "utf8");

function paths(value: unknown, prefix: string[] = [], out: string[] = []): string[] {
  if (prefix.length > 0) out.push(prefix.join("."));
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, String(i)], out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}
const KNOWN_PATHS = [...new Set([...paths(parse(BASE)), ...paths(parse(ERLANG)), "run.limits.tickets", "run.limits.horizon", "run.limits.replications", "knowledge.enabled", "structure", "flat.agents", "backlog.L1"])];

const segment = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "0", "1", "999999999", "-1", "L1", "L4", "tiers", "agents", "", " ", "a b", "x.y", "é", "$ref", "length"),
  fc.string({ maxLength: 8 }),
);
const path = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KNOWN_PATHS) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...KNOWN_PATHS), segment).map(([p, s]) => `${p}.${s}`) },
  { weight: 1, arbitrary: fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join(".")) },
);
/** Values a person might really set: most runs should load, so the simulation after them is exercised too. */
const plausible = fc.oneof(fc.integer({ min: 0, max: 30 }).map(String), fc.constantFrom("0.1", "0.25", "0.5", "5m", "30m", "2h", "1d", "3d", "20/h", "true", "false", "tiered", "flat"));
const value = fc.oneof(
  { weight: 3, arbitrary: plausible },
  fc.constantFrom("", "0", "-1", "1", "2", "12", "1e308", "-1e308", ".nan", ".inf", "-.inf", "~", "null", "true", "[]", "{}", "[1, 2]", "{a: 1}", "8h", "-8h", "0m", "40/h", "1e9/h", "1/0h", "2w", "10000w", "Mon 00:00", "daily",
    "{dist: exp, mean: 5m}", "{dist: exp, mean: 0}", "{dist: lognormal, mean: 1e-300, sd: 1}", "{dist: gamma, mean: 5m, cv: 1e-200}", "{dist: weibull, shape: 1e-9, scale: 5m}", "{dist: empirical, values: []}",
    "{__proto__: {polluted: 1}}", "{constructor: {prototype: {polluted: 1}}}", "&a [*a]", "!!js/function x", "!!binary aGk=", "[[[[[[[[", "'unterminated", "a: b: c", "- x\n- y", "x".repeat(10_000), "[".repeat(5_000), "= ="),
  fc.string({ maxLength: 20 }),
  fc.double().map(String),
  fc.integer().map(String),
);
const override = fc.oneof({ weight: 9, arbitrary: fc.tuple(path, value).map(([p, v]) => `${p}=${v}`) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) });

describe("--set overrides, fuzzed", () => {
  it("random overrides on the bundled scenarios end in a Scenario or an InputError naming the override", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(BASE, ERLANG), fc.array(override, { minLength: 1, maxLength: 3 }), (text, overrides) => {
        const outcome = loadOrRefuse(text, overrides);
        expect((Object.prototype as Record<string, unknown>)["polluted"]).toBeUndefined();
        if (outcome.ok) {
          accepted++;
          simulateBriefly(outcome.scenario, 5_000);
        }
      }),
      runs(2000),
    );
    expect(accepted).toBeGreaterThan(15);
  });

  it("parseOverride alone: path=value or an InputError, whatever the text", () => {
    fc.assert(
      fc.property(fc.oneof(override, fc.string({ unit: "binary", maxLength: 60 })), (text) => {
        try {
          const o = parseOverride(text);
          expect(o.path.length).toBeGreaterThan(0);
          for (const p of o.path) expect(["__proto__", "constructor", "prototype"]).not.toContain(String(p));
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          for (const p of (error as InputError).problems) expect(p.startsWith("--set ")).toBe(true);
        }
      }),
      runs(3000),
    );
  });
});
