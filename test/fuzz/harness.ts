/**
 * What every fuzzed input must end in: a Scenario that is safe to simulate, or an InputError whose every problem
 * names where it is (the file, or the --set option). Never another exception, never more than a few seconds.
 */
import { expect } from "vitest";
import { InputError } from "../../src/errors.js";
import { parseScenario } from "../../src/model/load.js";
import { expectedTicketsPerReplication, limitsOf } from "../../src/model/resolve.js";
import type { Scenario } from "../../src/model/types.js";
import { simulateReplication } from "../../src/model/desk.js";
import { sampler } from "../../src/engine/distributions.js";
import { randomStream } from "../../src/engine/random.js";

/** Fuzzed documents pose as a file in scenarios/, so that `extends: tiered-baseline.yaml` finds its parent. */
export const FILE = "scenarios/fuzz.yaml";
/** Time one input may take to be accepted or refused (generous: typical cases take a millisecond). */
export const CASE_MS = 5_000;

export type Outcome = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };

/** Load, and check that the outcome is one of the two allowed ones. */
export function loadOrRefuse(text: string, overrides: string[] = []): Outcome {
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = { ok: true, scenario: parseScenario(text, FILE, overrides) };
  } catch (error) {
    if (!(error instanceof InputError)) {
      throw new Error(`not an InputError but ${(error as Error)?.name}: ${(error as Error)?.message}\n--- input (${text.length} chars) ---\n${text.slice(0, 2000)}\n--- overrides ---\n${overrides.join("\n")}`);
    }
    outcome = { ok: false, problems: error.problems };
  }
  const elapsed = performance.now() - started;
  expect(elapsed, `took ${elapsed.toFixed(0)} ms`).toBeLessThan(CASE_MS);
  if (!outcome.ok) checkProblems(outcome.problems);
  else checkScenario(outcome.scenario);
  return outcome;
}

/** Every problem says where: a file (this one, or one it extends: "scenarios/x.yaml:3:5 ...") or "--set ...". */
export function checkProblems(problems: string[]): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(typeof p).toBe("string");
    expect(p.startsWith(FILE) || p.startsWith("--set ") || /^[\w./-]+\.ya?ml[: ]/.test(p), `problem does not say where: ${p}`).toBe(true);
    expect(p, "a stack trace in a message").not.toMatch(/\n\s+at /);
    expect(p.length, "a message longer than a screen").toBeLessThan(2000);
  }
}

/** Walk a value and check every number in it is finite (a loaded scenario holds no NaN or Infinity). */
function finiteNumbers(value: unknown, path: string, seen = new Set<unknown>()): void {
  if (typeof value === "number") {
    expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
    return;
  }
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  for (const [k, v] of Object.entries(value)) finiteNumbers(v, `${path}.${k}`, seen);
}

/** An accepted scenario: finite numbers, within its limits, distributions that draw finite values >= 0. */
export function checkScenario(s: Scenario): void {
  finiteNumbers(s, "scenario");
  const limits = limitsOf(s);
  expect(s.horizonMinutes).toBeLessThanOrEqual(limits.horizonMinutes);
  expect(s.replications).toBeLessThanOrEqual(limits.replications);
  expect(expectedTicketsPerReplication(s)).toBeLessThanOrEqual(limits.ticketsPerReplication);
  const u = randomStream(1, 0, "fuzz");
  const specs = [
    ...s.categories.flatMap((c) => c.handleTime),
    ...s.channels.map((c) => c.patience),
    ...s.tiers.map((t) => t.handoffTime),
    s.reopen.delay,
    s.wrongEscalation.reviewTime,
  ];
  for (const spec of specs) {
    if (spec === undefined) continue;
    const draw = sampler(spec);
    for (let i = 0; i < 50; i++) {
      const x = draw.sample(u);
      expect(Number.isNaN(x) || x < 0, `${JSON.stringify(spec)} drew ${x}`).toBe(false);
    }
  }
}

/**
 * Simulate an accepted scenario briefly (at most a day, when that is at most `maxTickets` tickets): whatever the
 * loader accepts, the engine must run without an exception (no NaN event times, no broken conservation).
 */
export function simulateBriefly(s: Scenario, maxTickets = 20_000): boolean {
  const horizonMinutes = Math.min(s.horizonMinutes, 1440);
  const brief: Scenario = { ...s, horizonMinutes, warmupMinutes: Math.min(s.warmupMinutes, horizonMinutes / 2) };
  if (expectedTicketsPerReplication(brief) > maxTickets) return false;
  const started = performance.now();
  const r = simulateReplication(brief, 0);
  const m = r.metrics;
  expect(m["tickets.arrived"]).toBe(m["tickets.resolved"]! + m["tickets.abandoned"]! + m["tickets.inSystem"]!);
  expect(performance.now() - started).toBeLessThan(CASE_MS);
  return true;
}
