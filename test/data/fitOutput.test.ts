import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import fitCommand from "../../src/cli/commands/fit.js";
import { fitTicketLog } from "../../src/data/fit/fitLog.js";
import type { FitResult } from "../../src/data/fit/types.js";
import { loadMapping } from "../../src/data/mapping/load.js";
import { writeFitOutput } from "../../src/data/output/writeFit.js";
import { readTicketLog } from "../../src/data/read.js";
import { ticketTrace } from "../../src/data/tickets/trace.js";
import type { TicketLog } from "../../src/data/tickets/record.js";
import { parseScenario } from "../../src/model/load.js";
import { parseDuration, parseRate } from "../../src/model/units.js";

const BANK = "scenarios/data/anonymous-bank/january.txt.gz";

describe("fit output", () => {
  let log: TicketLog;
  let fit: FitResult;
  beforeAll(async () => {
    log = await readTicketLog(BANK, await loadMapping("scenarios/mappings/anonymous-bank.yaml"));
    fit = fitTicketLog(log, { name: "fitted-bank" });
  });
  afterEach(() => vi.restoreAllMocks());

  it("writes the scenario, fit.json and fit.md into place, replacing an earlier fit, leaving no temp folder", async () => {
    const parent = await mkdtemp(path.join(tmpdir(), "tiersim-fit-"));
    const out = path.join(parent, "fit-bank");
    await writeFitOutput(fit, out);
    await writeFile(path.join(out, "stale.txt"), "from an earlier fit");
    const written = await writeFitOutput(fit, out);
    expect((await readdir(out)).sort()).toEqual(["fit.json", "fit.md", "fitted-bank.yaml"]);
    expect(await readdir(parent)).toEqual(["fit-bank"]);
    expect(written.files.map((f) => path.basename(f))).toEqual(["fitted-bank.yaml", "fit.json", "fit.md"]);
    const json = JSON.parse(await readFile(path.join(out, "fit.json"), "utf8")) as FitResult;
    expect(json.arrivals.observed).toHaveLength(168);
    expect(json.service.byTier.L1!.cdfPoints.length).toBeGreaterThan(50);
    const md = await readFile(path.join(out, "fit.md"), "utf8");
    expect(md).toMatch(/## Data quality/);
    expect(md).toMatch(/\| gamma \*\*chosen\*\* \|/);
  });

  it("the scenario YAML has the documented shape, comments, and loads as a tiersim scenario", async () => {
    const parent = await mkdtemp(path.join(tmpdir(), "tiersim-fit-"));
    const out = path.join(parent, "fit");
    await writeFitOutput(fit, out);
    const text = await readFile(path.join(out, "fitted-bank.yaml"), "utf8");
    expect(text).toMatch(/^# Fitted by `tiersim fit`/);
    expect(text).toMatch(/patience: \{ dist: exp, mean: [\d.]+m \}/);
    const raw = parse(text) as Record<string, any>;
    expect(raw).toMatchObject({ name: "fitted-bank", structure: "tiered", seed: 1 });
    expect(parseRate(raw.arrivals.rate)! * 60).toBeCloseTo(fit.arrivals.ratePerHour, 2);
    expect(raw.arrivals.hourOfDay).toHaveLength(24);
    expect(raw.arrivals.dayOfWeek).toHaveLength(7);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(Object.values(raw.priorities).map((p: any) => p.share))).toBeCloseTo(1, 12);
    expect(sum(Object.values(raw.categories).map((c: any) => c.share))).toBeCloseTo(1, 12);
    for (const c of Object.values(raw.categories) as any[]) expect(sum(Object.values(c.level) as number[])).toBeCloseTo(1, 12);
    expect(parseDuration(raw.handleTime.L1.mean)).toBeCloseTo(fit.service.byTier.L1!.chosen.mean, 1);
    expect(raw.tiers.L1.schedule.length).toBeGreaterThan(20);
    expect(raw.tiers.L2).toMatchObject({ agents: 0 });
    const scenario = parseScenario(text, "fitted-bank.yaml");
    expect(scenario.arrivals.ratePerMinute * 60).toBeCloseTo(fit.arrivals.ratePerHour, 2);
    expect(scenario.channels[0]!.patience).toMatchObject({ dist: "exp" });
  });

  it("a replay can take real arrivals, categories, priorities, levels and handle times from the log", () => {
    const trace = ticketTrace(log, { from: "1999-01-04", to: "1999-01-10" });
    expect(trace.startDate).toBe("1999-01-04");
    expect(trace.startMinuteOfWeek).toBe(0); // a Monday
    expect(trace.arrivalMinutes.length).toBe(trace.tickets.length);
    for (let i = 1; i < trace.arrivalMinutes.length; i++) expect(trace.arrivalMinutes[i]!).toBeGreaterThanOrEqual(trace.arrivalMinutes[i - 1]!);
    expect(trace.arrivalMinutes[0]!).toBeGreaterThanOrEqual(0);
    expect(trace.arrivalMinutes[trace.arrivalMinutes.length - 1]!).toBeLessThan(7 * 1440);
    const served = trace.tickets.find((t) => t.outcome === "served" && t.handleMinutes.L1 !== undefined)!;
    expect(served).toMatchObject({ highestTier: "L1", channel: "phone" });
    expect(served.category).toBeDefined();
    expect(served.priority).toMatch(/^P[123]$/);
    expect(trace.tickets.some((t) => t.outcome === "phantom" || !t.reachedDesk)).toBe(false);
  });

  it("`tiersim fit --json` prints only JSON on stdout and writes the files", async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), "tiersim-fit-")), "events");
    const stdout: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (stdout.push(String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const handler = fitCommand.handler as (args: Record<string, unknown>) => Promise<void>;
    await handler({ log: "test/fixtures/data/events-out-of-order.csv", map: "test/fixtures/data/events.yaml", out, json: true, _: [], $0: "tiersim" });
    const result = JSON.parse(stdout.join("")) as FitResult;
    expect(result.name).toBe("fitted-events");
    expect(result.counts.tickets).toBe(3);
    expect(result.findings.find((f) => f.code === "too-small")).toBeDefined();
    expect((await readdir(out)).sort()).toEqual(["fit.json", "fit.md", "fitted-events.yaml"]);
  });

  it("the readable summary names counts, findings and fitted figures", async () => {
    const stdout: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (stdout.push(String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const out = path.join(await mkdtemp(path.join(tmpdir(), "tiersim-fit-")), "bank");
    const handler = fitCommand.handler as (args: Record<string, unknown>) => Promise<void>;
    await handler({ log: BANK, map: "scenarios/mappings/anonymous-bank.yaml", out, name: "bank", _: [], $0: "tiersim" });
    const text = stdout.join("");
    expect(text).toMatch(/31,599 rows, 0 skipped, 31,599 tickets \(27,060 served, 4,299 abandoned, 240 phantom\)/);
    expect(text).toMatch(/Patience: mean [\d.]+m/);
    expect(text).toMatch(/Handle times/);
    expect(text).toMatch(/written to .*bank\//);
  });
});
