/**
 * Fuzzing the scenario loader: thousands of random, mutated and hostile documents. Each must end in a Scenario (safe
 * to simulate) or an InputError naming where the problem is, within a few seconds, never another exception.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadScenario, MAX_SCENARIO_BYTES } from "../../src/model/load.js";
import { runs } from "../property/arbitraries.js";
import { FILE, loadOrRefuse, simulateBriefly } from "./harness.js";

/** Bundled and fixture scenarios, as text, read once. */
const SOURCES = [
  ...readdirSync("scenarios")
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => `scenarios/${f}`),
  ...readdirSync("test/fixtures/scenarios")
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => `test/fixtures/scenarios/${f}`),
].map((path) => ({ path, text: readFileSync(path, "utf8") }));

/** Scalars that have broken parsers before: wrong types, extremes, YAML specials, unit look-alikes. */
const HOSTILE_SCALARS = [
  "-1", "0", "-0", "1", "2", "0.5", "1.0000001", "0.9999999", "1e308", "-1e308", "1e-320", "5e-324", "1.7976931348623157e308",
  ".nan", ".NaN", ".inf", "-.inf", "+.inf", "~", "null", "''", '""', "[]", "{}", "[1, 2]", "{a: 1}", "true", "false", "no", "yes",
  "0x7fffffff", "0o777", "0b101", "9".repeat(400), "-" + "9".repeat(400), `'${"x".repeat(5000)}'`, "-5m", "5 m", "5mins", "1e3/h",
  "0/h", "1/0h", "100/0.00001s", "40/h", "900/d", "1/w", "Mon 25:00", "24:00", "23:60", "Mon-Sun", "Funday", "2w", "99999999999w",
  "0.000000000000000000001m", "1.5h", "90s", "&anchor x", "*nothing", "!!binary aGk=", "!!js/undefined ~", "!!str 5", "!!int 5",
  "!!float .inf", "!custom x", "[[[[", "{{{", "]]", "'unterminated", '"\\u0000"', '"\\x00"', "|\n  block", ">-\n  folded", "? complex",
  "- a", "@reserved", "`reserved", "%YAML 1.2", "---", "...", "#comment", "1:2", "12:30:45", "2024-01-01", "2024-01-01T00:00:00Z",
  "__proto__", "constructor", "toString", "valueOf", "hasOwnProperty",
];

const hostileScalar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_SCALARS) },
  { weight: 1, arbitrary: fc.double().map((x) => stringify(x).trim()) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((x) => JSON.stringify(x)) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

type Mutation =
  | { op: "delete"; at: number }
  | { op: "duplicate"; at: number }
  | { op: "swap"; at: number; with: number }
  | { op: "scalar"; at: number; value: string }
  | { op: "insert"; at: number; line: string }
  | { op: "indent"; at: number; by: number }
  | { op: "truncate"; at: number }
  | { op: "char"; at: number; char: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
  { weight: 4, arbitrary: fc.record({ op: fc.constant("scalar" as const), at: fc.nat(), value: hostileScalar }) },
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), line: fc.oneof(hostileScalar.map((v) => `  x: ${v}`), hostileScalar, fc.constantFrom("name: again", "  share: 2", "- - -", "extends: ../../../../dev/zero", "extends: scenarios", "<<: *a", "\t- tab")) }),
  fc.record({ op: fc.constant("indent" as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("char" as const), at: fc.nat(), char: fc.constantFrom(":", "-", "[", "]", "{", "}", ",", "#", "&", "*", "!", "|", ">", "'", '"', "%", "@", "\t", "\r", "\u00a0", "\ufeff", "\u2028", "é", "𝕏") }),
);

function mutate(text: string, mutations: Mutation[]): string {
  let lines = text.split("\n");
  for (const m of mutations) {
    const n = Math.max(lines.length, 1);
    const i = m.at % n;
    switch (m.op) {
      case "delete":
        lines.splice(i, 1);
        break;
      case "duplicate":
        lines.splice(i, 0, lines[i] ?? "");
        break;
      case "swap": {
        const j = m.with % n;
        [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
        break;
      }
      case "scalar": {
        // Replace the value after "key:" (or a list item), keeping the key: the mutation most likely to pass syntax.
        const line = lines[i] ?? "";
        const match = /^(\s*(?:-\s+)?[^:#]+:\s*)(.*)$/.exec(line) ?? /^(\s*-\s+)(.*)$/.exec(line);
        lines[i] = match ? match[1] + m.value : line + m.value;
        break;
      }
      case "insert":
        lines.splice(i, 0, m.line);
        break;
      case "indent":
        lines[i] = m.by >= 0 ? " ".repeat(m.by) + (lines[i] ?? "") : (lines[i] ?? "").slice(Math.min(-m.by, (lines[i] ?? "").search(/\S|$/)));
        break;
      case "truncate": {
        const all = lines.join("\n");
        lines = all.slice(0, m.at % (all.length + 1)).split("\n");
        break;
      }
      case "char": {
        const all = lines.join("\n");
        const k = m.at % (all.length + 1);
        lines = (all.slice(0, k) + m.char + all.slice(k + 1)).split("\n");
        break;
      }
    }
  }
  return lines.join("\n");
}

/** Every path (as keys) to a value in a parsed scenario, for value-level mutations. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<string | number, unknown>;
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), value);
  return copy;
}

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(-1, 0, 1, 0.5, 2, 1e308, -1e308, 5e-324, NaN, Infinity, -Infinity, 2 ** 53, 2 ** 31, -(2 ** 31), 1e9, 1e15, null, true, "", [], {}),
  fc.constantFrom("-5m", "0m", "0", "1e308", "1/0h", "1e9/h", "9999999w", "Mon 99:99", "daily", "x".repeat(300), "__proto__"),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const tmp = mkdtempSync(join(tmpdir(), "tiersim-fuzz-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the loader on hostile documents", () => {
  const cases: [string, string][] = [
    ["an empty file", ""],
    ["only spaces and newlines", "  \n\n\t\n"],
    ["only a comment", "# nothing here\n"],
    ["a lone scalar", "42"],
    ["a list", "- 1\n- 2\n"],
    ["a BOM then a map", "\ufeffname: x\n"],
    ["binary junk with NUL", "\u0000\u0001\u0002\u00ff\u00fe"],
    ["binary junk without NUL", Array.from({ length: 2000 }, (_, i) => String.fromCharCode(1 + ((i * 7919) % 254))).join("")],
    ["10,000 levels of [", "[".repeat(10_000)],
    ["10,000 levels of [ closed", "[".repeat(10_000) + "]".repeat(10_000)],
    ["10,000 levels of {a:", "{a: ".repeat(10_000) + "1" + "}".repeat(10_000)],
    ["2,000 levels of block maps", Array.from({ length: 2000 }, (_, i) => " ".repeat(i) + "a:").join("\n")],
    ["2,000 levels of block lists", Array.from({ length: 2000 }, (_, i) => " ".repeat(2 * i) + "-").join("\n")],
    ["65 levels (just over the limit)", "name: " + "[".repeat(65) + "]".repeat(65)],
    ["a billion laughs (aliases expanding exponentially)", ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 9 }, (_, i) => `${"bcdefghij"[i]}: &${"bcdefghij"[i]} [${Array(10).fill("*" + "abcdefghi"[i]).join(", ")}]`)].join("\n")],
    ["an alias to itself", "a: &a [*a]\n"],
    ["an undefined alias", "name: *nothing\n"],
    ["duplicate keys", "name: a\nname: b\n"],
    ["duplicate keys deep inside", "name: a\narrivals: { rate: 1, rate: 2 }\n"],
    ["two documents", "name: a\n---\nname: b\n"],
    ["a custom tag", "name: !!js/function 'function () { globalThis.pwned = 1 }'\n"],
    ["a local tag", "name: !exec 'rm -rf /'\n"],
    ["a binary tag", "name: !!binary aGVsbG8=\n"],
    ["set and omap tags", "name: !!set { a, b }\ndescription: !!omap [a: 1]\n"],
    ["a merge key", "base: &b { rate: 1 }\narrivals:\n  <<: *b\n"],
    ["a very long line", "name: " + "x".repeat(5_000_000)],
    ["a very long key", "x".repeat(1_000_000) + ": 1\n"],
    ["1e308 everywhere", "name: x\narrivals: { rate: 1e308 }\ncategories: { a: { share: 1e308, level: { L1: 1e308 } } }\ntiers: { L1: { agents: 1e308 } }\n"],
    [".nan and .inf", "name: x\narrivals: { rate: .inf }\ncategories: { a: { share: .nan, level: { L1: -.inf } } }\ntiers: { L1: { agents: .nan } }\n"],
    ["negative durations", "name: x\nrun: { horizon: -1d, warmup: -5m }\narrivals: { rate: -3/h }\ncategories: { a: { share: 1, level: { L1: 1 }, handleTime: { L1: { dist: exp, mean: -5m } } } }\ntiers: { L1: { agents: -2 } }\n"],
    ["CRLF line ends", readFileSync("scenarios/erlang-c.yaml", "utf8").replace(/\n/g, "\r\n")],
    ["CR-only line ends", readFileSync("scenarios/erlang-c.yaml", "utf8").replace(/\n/g, "\r")],
    ["tabs for indentation", readFileSync("scenarios/erlang-c.yaml", "utf8").replace(/^ {2}/gm, "\t")],
    ["JSON", JSON.stringify({ name: "j", arrivals: { rate: "10/h" }, categories: { a: { share: 1, level: { L1: 1 }, handleTime: { L1: { dist: "exp", mean: 5 } } } }, tiers: { L1: { agents: 2 } } })],
    ["JSON with a trailing comma", '{"name": "j", }'],
    ["__proto__ at the top", "__proto__: { polluted: 1 }\nname: x\n"],
    ["__proto__ as a category", "name: x\narrivals: { rate: 1/h }\ncategories:\n  __proto__: { share: 1, level: { L1: 1 } }\ntiers: { L1: { agents: 1 } }\n"],
    ["constructor.prototype", "name: x\nconstructor: { prototype: { polluted: 1 } }\n"],
    ["a quoted __proto__ key", 'name: x\n"__proto__": { polluted: 1 }\n'],
    ["a flow-map __proto__", "{name: x, __proto__: {polluted: 1}}"],
    ["a complex key", "? [a, b]\n: 1\nname: x\n"],
    ["a YAML directive", "%YAML 1.1\n---\nname: x\n"],
    ["an unknown directive", "%FOO bar\n---\nname: x\n"],
    ["a huge number of list items (under the size cap)", "name: x\ndescription: [" + Array(250_000).fill("1").join(",") + "]\n"],
    ["too many values for a scenario file", "name: x\ndescription: [" + Array(400_000).fill("1").join(",") + "]\n"],
    ["absurd but valid: 1e9 tickets an hour for 1000 weeks", "name: x\nrun: { horizon: 1000w }\narrivals: { rate: 1000000000/h }\ncategories: { a: { share: 1, level: { L1: 1 }, handleTime: { L1: { dist: exp, mean: 5m } } } }\ntiers: { L1: { agents: 10 } }\n"],
    ["extends a device that never ends", "extends: ../../../../../../../../dev/zero\nname: x\n"],
    ["extends a folder", "extends: .\nname: x\n"],
    ["extends a missing file", "extends: no/such/parent.yaml\nname: x\n"],
    ["extends itself", `extends: ${FILE.split("/").pop()}\nname: x\n`],
  ];
  for (const [label, text] of cases) {
    it(label, () => {
      const before = process.memoryUsage().heapUsed;
      loadOrRefuse(text);
      // Bounded memory: nothing above kept or built more than a few hundred MB.
      expect(process.memoryUsage().heapUsed - before).toBeLessThan(512 * 1024 * 1024);
      expect((Object.prototype as Record<string, unknown>)["polluted"]).toBeUndefined();
      expect((globalThis as Record<string, unknown>)["pwned"]).toBeUndefined();
    });
  }

  it("refuses absurd-but-valid scenarios by their limits, each message naming the limit and how to raise it", () => {
    const outcome = loadOrRefuse(cases.find(([l]) => l.startsWith("absurd"))![1]);
    expect(outcome.ok).toBe(false);
    const problems = (outcome as { problems: string[] }).problems.join("\n");
    expect(problems).toMatch(/run\.horizon: a horizon of 7000d .* over the limit of 7300d \(20 years\)|arrivals\.rate: about .* tickets expected/);
    expect(problems).toMatch(/--set run\.limits\.\w+=/);
  });

  it("refuses a file over the size cap before reading it, and a device that never ends", async () => {
    const big = join(tmp, "big.yaml");
    writeFileSync(big, "name: x\ndescription: " + "y".repeat(MAX_SCENARIO_BYTES) + "\n");
    await expect(loadScenario(big)).rejects.toThrow(/over the limit of 16 MiB/);
    await expect(loadScenario("/dev/zero")).rejects.toThrow(/more than 16\.\d MiB, over the limit/);
    await expect(loadScenario(tmp)).rejects.toThrow(/is a folder/);
    await expect(loadScenario(join(tmp, "missing.yaml"))).rejects.toThrow(/no such scenario file/);
  });

  it("reads invalid UTF-8 as text with replacement characters, not as an exception", async () => {
    const file = join(tmp, "latin1.yaml");
    writeFileSync(file, Buffer.concat([Buffer.from("name: caf"), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from("\n")]));
    await expect(loadScenario(file)).rejects.toBeInstanceOf(InputError);
  });
});

describe("the loader on random and mutated documents", () => {
  it("random text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: fc.constantFrom(..."{}[]:,-&*!|>'\"#%@ \n\tab1."), maxLength: 300 })), (text) => {
        loadOrRefuse(text);
      }),
      runs(1500),
    );
  });

  it("random YAML values (any shape)", () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: false, withBoxedValues: false, withSet: false, withMap: false, withTypedArray: false, withDate: true, withSparseArray: true }), (value) => {
        let text: string | undefined;
        try {
          text = stringify(value) as string | undefined;
        } catch {
          return; // not representable in YAML: nothing to load
        }
        if (typeof text === "string") loadOrRefuse(text);
      }),
      runs(1000),
    );
  });

  it("bundled scenarios with lines deleted, duplicated, swapped, re-indented, truncated and values replaced", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SOURCES), fc.array(mutation, { minLength: 1, maxLength: 4 }), (source, mutations) => {
        const outcome = loadOrRefuse(mutate(source.text, mutations));
        if (outcome.ok) {
          accepted++;
          simulateBriefly(outcome.scenario);
        }
      }),
      runs(2500),
    );
    // The fuzzer is not only producing syntax errors.
    expect(accepted).toBeGreaterThan(50);
  });

  it("bundled scenarios with random values at random paths (then simulated briefly when accepted)", () => {
    const parsed = SOURCES.map((s) => ({ ...s, value: parse(s.text) as unknown }));
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...parsed),
        fc.array(fc.tuple(fc.nat(), hostileValue), { minLength: 1, maxLength: 3 }),
        (source, edits) => {
          let value = source.value;
          for (const [pick, v] of edits) {
            const paths = pathsOf(value);
            value = setAt(value, paths[pick % paths.length]!, v);
          }
          let text: string;
          try {
            text = stringify(value);
          } catch {
            return;
          }
          const outcome = loadOrRefuse(text);
          if (outcome.ok) {
            accepted++;
            simulateBriefly(outcome.scenario);
          }
        },
      ),
      runs(2000),
    );
    expect(accepted).toBeGreaterThan(50);
  });
});
