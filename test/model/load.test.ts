import { describe, expect, it } from "vitest";
import { parseScenario, loadScenario } from "../../src/model/load.js";
import { InputError } from "../../src/errors.js";
import { problemsOf } from "../helpers.js";

const base = `name: t
arrivals:
  rate: 10/h
categories:
  a:
    share: 1
    level: { L1: 0.8, L2: 0.2 }
handleTime:
  L1: { dist: exp, mean: 5m }
  L2: { dist: exp, mean: 20m }
tiers:
  L1: { agents: 3 }
  L2: { agents: 2 }
`;

const problems = (text: string, overrides: string[] = []): string[] => problemsOf(() => parseScenario(text, "x.yaml", overrides));

describe("scenario loading", () => {
  it("resolves a valid scenario with defaults and minutes", () => {
    const s = parseScenario(base, "x.yaml");
    expect(s.arrivals.ratePerMinute).toBeCloseTo(1 / 6, 12);
    expect(s.horizonMinutes).toBe(28 * 1440);
    expect(s.categories[0]!.levelShares).toEqual([0.8, 0.2, 0]);
    expect(s.tiers[1].agents).toBe(2);
    expect(s.structure).toBe("tiered");
  });

  it("names file, line, column, field and expectation for a negative head count", () => {
    const p = problems(base.replace("L2: { agents: 2 }", "L2: { agents: -1 }"));
    expect(p).toEqual(["x.yaml:13:17 tiers.L2.agents: expected a whole number >= 0, got -1"]);
  });

  it("rejects unknown keys, naming the allowed ones", () => {
    const p = problems(base.replace("  L1: { agents: 3 }", "  L1: { agents: 3, agnets: 4 }"));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^x\.yaml:12:20 tiers\.L1\.agnets: unknown field "agnets" \(expected one of: agents, schedule, shrinkage, costPerHour, handoffTime\)$/);
  });

  it("rejects a probability above 1 and a bad duration, all at once", () => {
    const p = problems(base.replace("share: 1\n", "share: 1.5\n").replace("mean: 20m", "mean: 20 minutes"));
    expect(p).toHaveLength(2);
    expect(p.some((x) => /^x\.yaml:6:12 categories\.a\.share: expected a share between 0 and 1, got 1\.5$/.test(x))).toBe(true);
    expect(p.some((x) => /handleTime\.L2\.mean: expected a duration such as .*got "20 minutes"$/.test(x))).toBe(true);
  });

  it("checks that shares sum to 1", () => {
    const p = problems(base.replace("level: { L1: 0.8, L2: 0.2 }", "level: { L1: 0.8, L2: 0.3 }"));
    expect(p).toEqual(["x.yaml:7:12 categories.a.level: the level shares must sum to 1, they sum to 1.1"]);
  });

  it("requires a handle time and staffing for every tier tickets can reach", () => {
    const p = problems(base.replace("  L2: { dist: exp, mean: 20m }\n", "").replace("  L2: { agents: 2 }\n", ""));
    expect(p.some((x) => /categories\.a\.handleTime\.L2: missing/.test(x))).toBe(true);
    expect(p.some((x) => /tiers\.L2: missing/.test(x))).toBe(true);
  });

  it("reports YAML syntax errors with their position", () => {
    const p = problems("name: t\narrivals: [\n");
    expect(p[0]).toMatch(/^x\.yaml:\d+:\d+: YAML syntax/);
  });

  it("refuses custom tags and alias bombs", () => {
    expect(problems(base + "description: !!js/function 'x'\n")[0]).toMatch(/custom tags|tag/i);
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill("*" + String.fromCharCode(96 + i)).join(", ")}]`);
    expect(problems(bomb.join("\n") + "\n")[0]).toMatch(/alias/i);
  });

  it("applies --set overrides and validates them the same way", () => {
    const s = parseScenario(base, "x.yaml", ["tiers.L1.agents=7", "run.replications=3", "arrivals.rate=30/h"]);
    expect(s.tiers[0].agents).toBe(7);
    expect(s.replications).toBe(3);
    expect(s.arrivals.ratePerMinute).toBeCloseTo(0.5, 12);
    expect(problems(base, ["tiers.L1.agents=-2"])).toEqual(["--set tiers.L1.agents=-2 tiers.L1.agents: expected a whole number >= 0, got -2"]);
    expect(problems(base, ["tiers.L1.agnets=2"])[0]).toMatch(/^--set tiers\.L1\.agnets=2 tiers\.L1\.agnets: unknown field/);
  });

  it("rejects prototype paths in --set", () => {
    for (const o of ["__proto__.x=1", "constructor.prototype.x=1", "tiers.__proto__=1", "a..b=1", "=3", "noequals"]) {
      expect(() => parseScenario(base, "x.yaml", [o])).toThrow(InputError);
    }
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });

  it("names a missing file and an empty one", async () => {
    await expect(loadScenario("does/not/exist.yaml")).rejects.toThrow(/does\/not\/exist\.yaml: no such scenario file/);
    expect(problems("")[0]).toMatch(/empty/);
    expect(problems("\u0000\u0001binary")[0]).toMatch(/not a text file/);
  });

  it("loads every bundled scenario", async () => {
    for (const f of ["tiered-baseline", "erlang-c", "erlang-a"]) {
      const s = await loadScenario(`scenarios/${f}.yaml`);
      expect(s.name).toBe(f);
    }
  });
});
