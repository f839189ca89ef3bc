/**
 * Prototype pollution and YAML tags: neither a scenario file nor --set can reach Object.prototype, and no YAML tag is
 * ever executed or even resolved to anything but an error.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadScenario, parseScenario } from "../../src/model/load.js";
import { parseOverride } from "../../src/model/overrides.js";

const tmp = mkdtempSync(join(tmpdir(), "tiersim-proto-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = `name: p
arrivals: { rate: 10/h }
categories:
  a: { share: 1, level: { L1: 1 }, handleTime: { L1: { dist: exp, mean: 5m } } }
tiers:
  L1: { agents: 2 }
`;

function clean(): void {
  const probe = {} as Record<string, unknown>;
  for (const key of ["polluted", "x", "pwned", "share", "agents"]) {
    expect(probe[key], `Object.prototype.${key}`).toBeUndefined();
    expect((globalThis as Record<string, unknown>)[key], `globalThis.${key}`).toBeUndefined();
  }
  expect(Object.prototype.toString.call([])).toBe("[object Array]");
}

afterEach(clean);

async function refusedFile(text: string): Promise<string[]> {
  const file = join(tmp, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  try {
    await loadScenario(file);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error("expected the file to be refused");
}

describe("prototype pollution", () => {
  const files: [string, string][] = [
    ["__proto__ at the top", base + "__proto__: { polluted: 1 }\n"],
    ["__proto__ in a flow map", base.replace("name: p", "name: p\nrun: { __proto__: { polluted: 1 } }")],
    ["__proto__ as a quoted key", base + '"__proto__": { polluted: 1 }\n'],
    ["__proto__ as a category", base.replace("  a: {", "  __proto__: {")],
    ["__proto__ as a priority", base + "priorities:\n  __proto__: { share: 1 }\n"],
    ["__proto__ as a channel", base + "channels:\n  __proto__: { share: 1 }\n"],
    ["constructor.prototype", base + "constructor: { prototype: { polluted: 1 } }\n"],
    ["prototype deep inside", base.replace("L1: { agents: 2 }", "L1: { agents: 2, prototype: { polluted: 1 } }")],
    ["__proto__ through an alias", "x: &x { polluted: 1 }\n" + base + "__proto__: *x\n"],
    ["JSON __proto__", JSON.stringify({ name: "p", arrivals: { rate: 1 } }).replace("{", '{"__proto__": {"polluted": 1},')],
  ];
  for (const [label, text] of files) {
    it(`a scenario file with ${label} is refused, naming where, and pollutes nothing`, async () => {
      const problems = await refusedFile(text);
      expect(problems.join("\n")).toMatch(/\.yaml:\d+:\d+ (__proto__|constructor|prototype): not allowed as a field or a name|\.yaml:\d+:\d+/);
    });
  }

  it("names like toString, valueOf or hasOwnProperty are plain names, never Object's methods", () => {
    const text = base
      .replace("  a: {", "  toString: {")
      .concat("priorities:\n  valueOf: { share: 0.5 }\n  hasOwnProperty: { share: 0.5 }\nchannels:\n  isPrototypeOf: { share: 1 }\n");
    const s = parseScenario(text, "p.yaml");
    expect(s.categories.map((c) => c.name)).toEqual(["toString"]);
    expect(s.priorities.map((p) => [p.name, p.share])).toEqual([["valueOf", 0.5], ["hasOwnProperty", 0.5]]);
    // A category's own priority map that leaves a priority out gives it 0, not Object.prototype.valueOf.
    const partial = text.replace("level: { L1: 1 }", "level: { L1: 1 }, priority: { hasOwnProperty: 1 }");
    expect(parseScenario(partial, "p.yaml").categories[0]!.priorityShares).toEqual([0, 1]);
  });

  it("--set paths and values cannot reach a prototype", () => {
    const overrides = [
      "__proto__.polluted=1",
      "constructor.prototype.polluted=1",
      "tiers.__proto__.polluted=1",
      "tiers.L1.constructor.prototype.polluted=1",
      "prototype=1",
      "tiers={__proto__: {polluted: 1}}",
      "run={constructor: {prototype: {polluted: 1}}}",
      'tiers={"__proto__": {"polluted": 1}}',
    ];
    for (const o of overrides) {
      expect(() => parseScenario(base, "p.yaml", [o]), o).toThrow(InputError);
      clean();
    }
  });

  it("--set refuses huge list indexes instead of building a sparse list of a billion items", () => {
    const withShifts = base.replace("L1: { agents: 2 }", "L1: { schedule: [{ days: daily, start: '08:00', end: '16:00', agents: 2 }] }");
    expect(() => parseScenario(withShifts, "p.yaml", ["tiers.L1.schedule.1000000000.agents=1"])).toThrow(/has 1 items; expected an item number from 0 to 1, got 1000000000/);
    expect(() => parseScenario(withShifts, "p.yaml", ["tiers.L1.schedule.x=1"])).toThrow(/is a list; expected an item number/);
    // The next item may be added.
    expect(parseScenario(withShifts, "p.yaml", ["tiers.L1.schedule.1={ days: daily, start: '16:00', end: '23:00', agents: 1 }"]).tiers[0].schedule).toHaveLength(2);
  });
});

describe("YAML tags are never executed", () => {
  const tags = [
    "!!js/function 'function () { globalThis.pwned = 1 }'",
    "!!js/undefined ''",
    "!!js/regexp /x/",
    "!<tag:yaml.org,2002:js/function> 'function () { globalThis.pwned = 1 }'",
    "!!python/object/apply:os.system ['touch /tmp/pwned']",
    "!exec 'touch /tmp/pwned'",
    "!!binary aGVsbG8=",
    "!!timestamp 2001-12-14",
    "!!set { a, b }",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
  ];
  for (const tag of tags) {
    it(`${tag.split(" ")[0]} in a file is an error naming its position`, async () => {
      const problems = await refusedFile(base.replace("name: p", `name: p\ndescription: ${tag}`));
      expect(problems.join("\n")).toMatch(/:2:14: YAML custom tags are not allowed|:2:\d+ description: expected/);
    });
    it(`${tag.split(" ")[0]} in --set is an error, not a warning on stderr`, () => {
      expect(() => parseOverride(`description=${tag}`)).toThrow(/--set description=.*(not valid YAML|tag)/);
    });
  }
});
