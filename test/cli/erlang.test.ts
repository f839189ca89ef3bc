import { describe, expect, it } from "vitest";
import command, {
  erlangReport,
  formatErlangReport,
  formatIntervalStaffing,
  scenarioStaffingReport,
} from "../../src/cli/commands/erlang.js";
import { InputError } from "../../src/errors.js";
import { loadScenario } from "../../src/model/load.js";
import { problemsOf, runCommand } from "../helpers.js";

const TEXTBOOK = { rate: "100/30m", aht: "3m", target: "20s", sl: "0.8" };


describe("erlangReport", () => {
  it("the textbook case: 14 agents, 20 rostered at 30% shrinkage, and the published figures at 14", () => {
    const report = erlangReport({ ...TEXTBOOK, shrinkage: "0.3" });
    expect(report.model).toBe("erlang-c");
    expect(report.loadErlangs).toBeCloseTo(10, 12);
    expect(report.required.agents).toBe(14);
    expect(report.required.rostered).toBe(20);
    expect(report.table.map((r) => r.agents)).toEqual([11, 12, 13, 14, 15, 16, 17]);
    const row = report.table.find((r) => r.agents === 14)!;
    expect(Math.abs(row.probabilityOfWait - 0.1741)).toBeLessThan(5e-5);
    expect(Math.abs(row.serviceLevel - 0.8884)).toBeLessThan(5e-5);
    expect(Math.abs(row.meanWaitMinutes * 60 - 7.84)).toBeLessThan(5e-3);
    const text = formatErlangReport(report);
    expect(text).toContain("Required agents: 14, rostered with 30% shrinkage: 20");
    expect(text).toMatch(/\*14\s+17\.41%\s+88\.84%\s+7\.84s\s+71\.4%/);
  });

  it("with patience: Erlang A, 13 agents, P(abandon) 0.0250 and P(wait) 0.2258 at 13", () => {
    const report = erlangReport({ ...TEXTBOOK, patience: "5m" });
    expect(report.model).toBe("erlang-a");
    expect(report.required.agents).toBe(13);
    const row = report.table.find((r) => r.agents === 13)!;
    expect(Math.abs(row.probabilityOfAbandon - 0.025)).toBeLessThan(5e-5);
    expect(Math.abs(row.probabilityOfWait - 0.2258)).toBeLessThan(5e-5);
    expect(formatErlangReport(report)).toMatch(/P\(abandon\)/);
  });

  it("defaults to 80% in 20 s, takes shares as percentages, and tabulates a given range", () => {
    const report = erlangReport({ rate: "200/h", aht: "180s", sl: "80%", agents: "10..12" });
    expect(report.input.targetMinutes).toBeCloseTo(1 / 3, 12);
    expect(report.input.serviceLevelTarget).toBe(0.8);
    expect(report.required.agents).toBe(14);
    expect(report.table.map((r) => r.agents)).toEqual([10, 11, 12]);
    // Below 11 agents the queue is unstable: no NaN, and JSON writes the infinite wait as null.
    expect(report.table[0]!.meanWaitMinutes).toBe(Infinity);
    expect(JSON.parse(JSON.stringify(report)).table[0].meanWaitMinutes).toBeNull();
    expect(formatErlangReport(report)).toContain("unstable");
  });

  it("caps: occupancy and abandonment", () => {
    expect(erlangReport({ ...TEXTBOOK, maxOccupancy: "0.7" }).required.agents).toBe(15);
    expect(erlangReport({ ...TEXTBOOK, patience: "5m", maxAbandon: "1%" }).required.agents).toBe(15);
  });

  it("the default range never goes below one agent", () => {
    const report = erlangReport({ rate: "1/h", aht: "3m" });
    expect(report.required.agents).toBe(1);
    expect(report.table[0]!.agents).toBe(1);
  });
});

describe("erlangReport, bad input", () => {
  it("names the option and what was expected", () => {
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, sl: "1.5" }))).toEqual([
      "--sl: expected a share between 0 and 1 (such as 0.8 or 80%), got 1.5",
    ]);
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, rate: "abc" }))[0]).toMatch(/^--rate: expected a rate .* got "abc"$/);
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, aht: "-1" }))[0]).toMatch(/^--aht: expected a duration .*> 0, got "-1"$/);
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, aht: "0s" }))[0]).toMatch(/^--aht: /);
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, target: "soon" }))[0]).toMatch(/^--target: /);
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, sl: "1" }))[0]).toMatch(/^--sl: .*below 1, got 1$/);
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, shrinkage: "1" }))[0]).toMatch(/^--shrinkage: /);
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, maxOccupancy: "0" }))[0]).toMatch(/^--max-occupancy: /);
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, patience: "0m" }))[0]).toMatch(/^--patience: /);
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, agents: "20..10" }))[0]).toMatch(/^--agents: expected a range/);
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, agents: "0..3" }))[0]).toMatch(/^--agents: /);
    expect(problemsOf(() => erlangReport({ ...TEXTBOOK, maxAbandon: "0.05" }))[0]).toMatch(/^--max-abandon: needs --patience/);
    expect(problemsOf(() => erlangReport({ aht: "3m" }))[0]).toMatch(/^--rate: missing/);
  });

  it("reports every bad option at once", () => {
    const problems = problemsOf(() => erlangReport({ rate: "abc", aht: "-1", sl: "1.5" }));
    expect(problems.map((p) => p.split(":")[0])).toEqual(["--rate", "--aht", "--sl"]);
  });

  it("a load no head count under 10000 can carry", () => {
    expect(problemsOf(() => erlangReport({ rate: "1000000/m", aht: "3m" }))[0]).toMatch(
      /^--rate\/--aht: an offered load of 3000000 Erlangs cannot meet 80% answered within 20s with up to 10000 agents/,
    );
  });
});

describe("scenario staffing", () => {
  it("the Erlang C scenario file: 14 agents every hour of the week", async () => {
    const scenario = await loadScenario("scenarios/erlang-c.yaml");
    const staffing = scenarioStaffingReport(scenario, { shrinkage: "30%" });
    expect(new Set(staffing.intervals.map((r) => r.agents))).toEqual(new Set([14]));
    expect(new Set(staffing.intervals.map((r) => r.rostered))).toEqual(new Set([20]));
    const text = formatIntervalStaffing(staffing, scenario.name);
    expect(text).toContain("14/20");
    expect(text.split("\n").filter((line) => /^\d\d:00/.test(line))).toHaveLength(24);
  });

  it("options are checked", async () => {
    const scenario = await loadScenario("scenarios/erlang-c.yaml");
    expect(problemsOf(() => scenarioStaffingReport(scenario, { tier: "L4", sl: "2" }))).toEqual([
      '--tier: expected one of L1, L2, L3, pool, got "L4"',
      "--sl: expected a share between 0 and 1 (such as 0.8 or 80%), got 2",
    ]);
    const l2 = scenarioStaffingReport(scenario, { tier: "l2" });
    expect(l2.group).toBe("L2");
    expect(l2.intervals.every((r) => r.agents === 0)).toBe(true);
  });
});

describe("the yargs command", () => {
  const run = (args: string[]) => runCommand(command, args);

  it("--json prints only JSON", async () => {
    const { stdout, error } = await run(["erlang", "--rate", "100/30m", "--aht", "3m", "--shrinkage", "0.3", "--json"]);
    expect(error).toBeUndefined();
    const json = JSON.parse(stdout);
    expect(json.required).toMatchObject({ agents: 14, rostered: 20 });
  });

  it("prints the table", async () => {
    const { stdout } = await run(["erlang", "--rate", "100/30m", "--aht", "3m", "--patience", "5m"]);
    expect(stdout).toContain("Required agents: 13");
  });

  it("bad values are input errors; scenario-only options need --scenario; --scenario excludes --rate", async () => {
    expect((await run(["erlang", "--rate", "abc", "--aht", "3m"])).error).toBeInstanceOf(InputError);
    expect((await run(["erlang", "--rate", "1/m", "--aht", "3m", "--lag"])).error?.message).toMatch(/--lag: only with --scenario/);
    expect((await run(["erlang", "--scenario", "scenarios/erlang-c.yaml", "--rate", "1/m"])).error?.message).toMatch(
      /mutually exclusive/,
    );
  });

  it("--scenario with --json", async () => {
    const { stdout, error } = await run(["erlang", "--scenario", "scenarios/erlang-a.yaml", "--lag", "--json"]);
    expect(error).toBeUndefined();
    const json = JSON.parse(stdout);
    expect(json.scenario).toBe("erlang-a");
    expect(json.intervals).toHaveLength(168);
    expect(json.lag).toBe(true);
  });
});
