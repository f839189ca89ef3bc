/**
 * Limits on what a run may ask of the machine: each is refused with an InputError that states the limit and how to
 * raise it; following the advice (run.limits.<name>, or --set run.limits.<name>=...) makes the scenario load.
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { parseScenario } from "../../src/model/load.js";
import { DEFAULT_LIMITS, limitsOf } from "../../src/model/resolve.js";
import { LIMITS, simulate } from "../../src/experiment/simulate.js";
import type { Scenario } from "../../src/model/types.js";
import { problemsOf } from "../helpers.js";

const base = `name: limits
run: { horizon: 2d, warmup: 0, replications: 2 }
arrivals: { rate: 10/h }
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

const refused = (text: string, overrides: string[] = []): string[] => problemsOf(() => parseScenario(text, "limits.yaml", overrides));

/** The advice in a limit message: the --set that raises the limit. */
function advice(problem: string): string {
  const m = /--set (run\.limits\.\w+=\S+)$/.exec(problem);
  expect(m, `no --set advice in: ${problem}`).not.toBeNull();
  return m![1]!;
}

describe("limits", () => {
  const cases: { limit: string; overrides: string[]; where: RegExp }[] = [
    { limit: "replications", overrides: ["run.replications=20000"], where: /run\.replications: 20,000 replications, over the limit of 10,000/ },
    { limit: "horizon", overrides: ["run.horizon=1100w"], where: /run\.horizon: a horizon of 7700d \(21\.1 years\), over the limit of 7300d \(20 years\)/ },
    { limit: "tickets", overrides: ["arrivals.rate=3000/h", "run.horizon=1000w", "run.replications=100", "run.limits.ticketsPerReplication=1e12", "run.limits.seriesHours=1e12"], where: /arrivals\.rate: about 5\.04e10 tickets expected over the run \(5\.04e8 per replication x 100 replications\), over the limit of 2\.00e9/ },
    { limit: "ticketsPerReplication", overrides: ["arrivals.rate=1000000/h", "run.horizon=4w"], where: /arrivals\.rate: about 6\.72e8 tickets expected in one replication .*over the limit of 2\.00e7/ },
    { limit: "agents", overrides: ["tiers.L1.agents=100001"], where: /tiers\.L1\.agents: 100,001 agents on duty at once, over the limit of 100,000 per tier/ },
    { limit: "agents", overrides: ["tiers.L2={ schedule: [{ days: daily, start: '08:00', end: '20:00', agents: 60000 }, { days: Mon, start: '10:00', end: '12:00', agents: 60000 }] }"], where: /tiers\.L2\.schedule: 120,000 agents on duty at once/ },
    { limit: "problems", overrides: ["categories.a.problems.count=2000000"], where: /categories: 2\.00e6 catalogue problems over all categories, over the limit of 1\.00e6/ },
    { limit: "empiricalValues", overrides: [`handleTime.L1={ dist: empirical, values: [${Array(100_001).fill(3).join(",")}] }`], where: /values: 100,001 values in an empirical distribution, over the limit of 100,000/ },
    { limit: "seriesHours", overrides: ["run.horizon=1000w", "run.replications=1000", "arrivals.rate=0.001/h"], where: /run\.horizon: 1\.68e8 hours of hourly series to keep .*over the limit of 5\.00e6/ },
  ];

  for (const c of cases) {
    it(`${c.limit}: refused, with the limit and how to raise it; raising it as advised loads`, () => {
      const problems = refused(base, c.overrides);
      const mine = problems.filter((p) => c.where.test(p));
      expect(mine, problems.join("\n")).toHaveLength(1);
      expect(mine[0]).toContain(`run.limits.${c.limit}`);
      // Follow every piece of advice given (one limit can bring others along, e.g. horizon and series hours).
      const raise = problems.map(advice);
      const s = parseScenario(base, "limits.yaml", [...c.overrides, ...raise]);
      expect(s.name).toBe("limits");
    });
  }

  it("limits can be raised in the scenario file too, and are kept on the loaded scenario", () => {
    const text = base.replace("run: { horizon: 2d, warmup: 0, replications: 2 }", "run: { horizon: 2d, warmup: 0, replications: 20000, limits: { replications: 50000 } }");
    const s = parseScenario(text, "limits.yaml");
    expect(s.replications).toBe(20000);
    expect(limitsOf(s).replications).toBe(50000);
    expect(limitsOf(s).tickets).toBe(DEFAULT_LIMITS.tickets);
  });

  it("a limit itself must be a positive number, or a duration for the horizon", () => {
    expect(refused(base, ["run.limits.tickets=-1"])[0]).toMatch(/run\.limits\.tickets: expected a number > 0/);
    expect(refused(base, ["run.limits.tickets=.inf"])[0]).toMatch(/run\.limits\.tickets: expected a number > 0/);
    expect(refused(base, ["run.limits.horizon=forever"])[0]).toMatch(/run\.limits\.horizon: expected a duration/);
    expect(refused(base, ["run.limits.maxTickets=5"])[0]).toMatch(/unknown field "maxTickets" \(expected one of: replications, tickets, ticketsPerReplication, horizon, agents, problems, empiricalValues, seriesHours, ticketRows\)/);
  });

  it("NaN and Infinity never pass a check (YAML .nan and .inf)", () => {
    for (const o of ["arrivals.rate=.inf", "tiers.L1.agents=.inf", "run.horizon=.inf", "categories.a.share=.nan", "handleTime.L1.mean=.nan", "backlog.L1=.inf"]) {
      expect(refused(base, [o]).length, o).toBeGreaterThan(0);
    }
  });

  it("distributions whose parameters would draw NaN are refused", () => {
    expect(refused(base, ["handleTime.L1={ dist: lognormal, mean: 0.0000001, sd: 60 }"])[0]).toMatch(/sd at most 1000 x mean/);
    expect(refused(base, ["handleTime.L1={ dist: gamma, mean: 5, cv: 1e-200 }"])[0]).toMatch(/coefficient of variation from 0\.000001 to 1000/);
    expect(refused(base, ["handleTime.L1={ dist: weibull, shape: 1e-9, scale: 5 }"])[0]).toMatch(/shape from 0\.01 to 1000/);
    expect(refused(base, ["handleTime.L1={ dist: exp, mean: 0 }"])[0]).toMatch(/handleTime\.L1\.mean: expected .* > 0, got 0/);
    expect(refused(base, ["run.horizon=0"])[0]).toMatch(/run\.horizon: expected .* > 0/);
  });

  it("simulate() checks what the call adds: more replications, tickets kept in memory", async () => {
    const s = parseScenario(base, "limits.yaml");
    await expect(simulate(s, { workers: 1, replications: LIMITS.replications + 1 })).rejects.toThrow(/limits\.yaml run\.replications: 10,001 replications, over the limit of 10,000.*--set run\.limits\.replications=10001/);
    const busy = parseScenario(base, "limits.yaml", ["arrivals.rate=5000/h", "run.horizon=2w"]);
    await expect(simulate(busy, { workers: 1, replications: 2, recordTickets: true })).rejects.toThrow(/rows of tickets\.csv .* over the limit of 2\.00e6.*\(or leave out --tickets\)/);
  });

  it("simulate() honours limits raised on a scenario built in code", async () => {
    const s = parseScenario(base, "limits.yaml", ["run.horizon=6h"]);
    const tight: Scenario = { ...s, limits: { ...limitsOf(s), replications: 2 } } as Scenario;
    await expect(simulate(tight, { workers: 1, replications: 3 })).rejects.toBeInstanceOf(InputError);
    const r = await simulate(tight, { workers: 1, replications: 2 });
    expect(r.summary.replications).toBe(2);
  });
});
