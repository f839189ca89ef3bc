import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/model/load.js";
import {
  checkTarget,
  checkTargets,
  nearMatches,
  parseTarget,
  parseTargets,
  scenarioMetricKeys,
  shortfall,
  staffingHelps,
  summarizeMetrics,
} from "../../src/experiment/targets.js";
import { problemsOf } from "../helpers.js";


describe("parseTarget", () => {
  it("reads shares as fractions or percentages", () => {
    expect(parseTarget("serviceLevel>=0.8")).toMatchObject({ metric: "serviceLevel", op: ">=", value: 0.8, unit: "share" });
    expect(parseTarget("abandonment<=0.05")).toMatchObject({ metric: "abandonment", op: "<=", value: 0.05 });
    expect(parseTarget("abandonment<=5%").value).toBeCloseTo(0.05, 12);
    expect(parseTarget(" abandonment <= 5 % ").value).toBeCloseTo(0.05, 12);
    expect(parseTarget("fcr ≥ 70%")).toMatchObject({ op: ">=", value: 0.7 });
  });

  it("reads durations for minute-valued metrics, and plain numbers as minutes", () => {
    expect(parseTarget("wait.L2.p90<=4h")).toMatchObject({ metric: "wait.L2.p90", op: "<=", value: 240, unit: "minutes" });
    expect(parseTarget("wait.L1.mean<=90s").value).toBeCloseTo(1.5, 12);
    expect(parseTarget("resolveTime.p90<=30").value).toBe(30);
  });

  it("takes > and < as >= and <= (an interval cannot tell them apart), and numbers for other units", () => {
    expect(parseTarget("serviceLevel>0.8").op).toBe(">=");
    expect(parseTarget("cost.total<120000")).toMatchObject({ op: "<=", value: 120000, unit: "currency" });
  });

  it("rejects malformed targets, naming the option and what was expected", () => {
    expect(problemsOf(() => parseTarget("serviceLevel=0.8"))[0]).toMatch(/^--target serviceLevel=0\.8: expected a target such as/);
    expect(problemsOf(() => parseTarget("serviceLevel>=1.5"))[0]).toMatch(/expected a share between 0 and 1 or a percentage .* got "1\.5"/);
    expect(problemsOf(() => parseTarget("wait.L2.p90<=soon"))[0]).toMatch(/expected a duration/);
    expect(problemsOf(() => parseTarget(">=0.8"))[0]).toMatch(/expected a target/);
  });

  it("validates the metric against the keys the scenario produces, suggesting near matches for a typo", async () => {
    const scenario = await loadScenario("test/fixtures/scenarios/optimize-three-tier.yaml");
    const keys = scenarioMetricKeys(scenario);
    expect(keys).toEqual(expect.arrayContaining(["serviceLevel", "abandonment", "wait.L2.p90", "wait.L3.p90", "cost.total", "utilization.L3"]));
    expect(problemsOf(() => parseTarget("servicelevel>=0.8", keys))[0]).toBe(
      '--target servicelevel>=0.8: unknown metric "servicelevel"; did you mean "serviceLevel"?',
    );
    expect(problemsOf(() => parseTarget("wait.L2.p91<=4h", keys))[0]).toMatch(/did you mean "wait\.L2\.p90", .*"wait\.L2\.p95"/);
    expect(problemsOf(() => parseTarget("wait.L4.p90<=4h", keys))[0]).toMatch(/did you mean .*"wait\.L[1-3]\.p90"/);
    // Every problem at once.
    expect(problemsOf(() => parseTargets(["servicelevel>=0.8", "abandonment<=200%"], keys))).toHaveLength(2);
  });

  it("near matches rank case and small edits first", () => {
    expect(nearMatches("ABANDONMENT", ["abandonment", "fcr"])).toEqual(["abandonment"]);
    expect(nearMatches("zzz", ["abandonment", "fcr"])).toEqual([]);
  });
});

describe("checkTarget: met only when the conservative bound meets it", () => {
  const sl = parseTarget("serviceLevel>=0.8");
  const ab = parseTarget("abandonment<=0.05");

  it(">=: the lower bound decides; the upper bound below the target is a clear miss", () => {
    expect(checkTarget(sl, { mean: 0.85, ci95: [0.81, 0.89] })).toMatchObject({ status: "met", met: true, bound: 0.81 });
    expect(checkTarget(sl, { mean: 0.82, ci95: [0.79, 0.85] })).toMatchObject({ status: "unsure", met: false, bound: 0.79 });
    expect(checkTarget(sl, { mean: 0.75, ci95: [0.7, 0.79] })).toMatchObject({ status: "missed", met: false });
    // The bound exactly on the target meets it.
    expect(checkTarget(sl, { mean: 0.85, ci95: [0.8, 0.9] }).met).toBe(true);
  });

  it("<=: the upper bound decides", () => {
    expect(checkTarget(ab, { mean: 0.03, ci95: [0.02, 0.04] }).status).toBe("met");
    // Mean under the target but the interval reaches over it: not met with confidence.
    expect(checkTarget(ab, { mean: 0.045, ci95: [0.03, 0.06] })).toMatchObject({ status: "unsure", bound: 0.06 });
    expect(checkTarget(ab, { mean: 0.08, ci95: [0.06, 0.1] }).status).toBe("missed");
  });

  it("an undefined interval is never met; a missing figure neither", () => {
    expect(checkTarget(sl, { mean: 0.9, ci95: [null, null] }).status).toBe("unsure");
    expect(checkTarget(sl, { mean: 0.5, ci95: [null, null] }).status).toBe("missed");
    expect(checkTarget(sl, undefined).met).toBe(false);
    expect(checkTargets([sl, ab], { serviceLevel: { mean: 0.9, ci95: [0.85, 0.95] } }).map((c) => c.met)).toEqual([true, false]);
  });

  it("shortfall is relative to the target and positive when short", () => {
    expect(shortfall(sl, 0.6)).toBeCloseTo(0.25, 12);
    expect(shortfall(sl, 0.9)).toBeLessThan(0);
    expect(shortfall(ab, 0.1)).toBeCloseTo(1, 12);
    expect(shortfall(ab, null)).toBe(Infinity);
  });

  it("knows which targets agents help", () => {
    expect(staffingHelps(sl)).toBe(1);
    expect(staffingHelps(parseTarget("wait.L2.p90<=4h"))).toBe(1);
    expect(staffingHelps(parseTarget("utilization.L1>=0.6"))).toBe(-1);
    expect(staffingHelps(parseTarget("cost.total<=1000"))).toBe(-1);
    expect(staffingHelps(parseTarget("fcr>=0.7"))).toBe(0);
  });

  it("summarizeMetrics gives mean and Student-t interval per key", () => {
    const s = summarizeMetrics([{ a: 1, b: 5 }, { a: 3, b: 5 }, { a: 2, b: 5 }]);
    expect(s.a!.mean).toBe(2);
    expect(s.a!.ci95[0]).toBeCloseTo(2 - 4.3027 * (1 / Math.sqrt(3)), 3);
    expect(s.b!.ci95).toEqual([5, 5]);
    expect(Object.keys(s)).toEqual(["a", "b"]);
  });
});
