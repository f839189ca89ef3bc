import { describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { runCharts } from "../../src/report/charts/index.js";
import { comparisonDifferencesChart, comparisonMetricsChart, type ComparisonInput } from "../../src/report/charts/comparison.js";
import { thinCdf } from "../../src/report/charts/waitCdf.js";
import { durationTicks, humanDuration, symlogPosition } from "../../src/report/charts/common.js";
import { compileSpec, offlineLoader, renderSvg, TIER_COLORS, textWidth, themed, withoutHoverLayers } from "../../src/report/render.js";
import { markGroups, schemaErrors, smallRun, svgTexts } from "./fixture.js";

const COMPARISON: ComparisonInput = {
  names: ["tiered", "flat", "flat+2"],
  metrics: [
    {
      key: "serviceLevel",
      label: "service level",
      unit: "share",
      values: [
        { mean: 0.82, ci95: [0.8, 0.84] },
        { mean: 0.9, ci95: [0.88, 0.92] },
        { mean: 0.95, ci95: [0.94, 0.96] },
      ],
      differences: [
        { mean: 0.08, ci95: [0.06, 0.1] },
        { mean: 0.13, ci95: [0.12, 0.14] },
      ],
    },
    {
      key: "cost.perTicket",
      label: "cost per resolved ticket",
      unit: "currency",
      values: [
        { mean: 30.1, ci95: [29.6, 30.5] },
        { mean: 31.2, ci95: [30.9, 31.5] },
        { mean: null, ci95: [null, null] },
      ],
      differences: [
        { mean: 0, ci95: [0, 0] },
        { mean: 1.1, ci95: [-0.2, 2.4] },
        { mean: null, ci95: [null, null] },
      ],
    },
    {
      key: "wait.L1.mean",
      label: "wait at L1, mean",
      unit: "minutes",
      values: [
        { mean: 3.1, ci95: [2.9, 3.3] },
        { mean: 2.2, ci95: [2.0, 2.4] },
        { mean: 1.4, ci95: [1.3, 1.5] },
      ],
    },
  ],
};

describe("run charts", async () => {
  const result = await smallRun();
  const charts = runCharts(result);
  const byName = new Map(charts.map((c) => [c.name, c]));

  it("makes every chart of the issue for a tiered run", () => {
    expect(charts.map((c) => c.name)).toEqual(["wait-cdf", "queue-length", "knowledge-loop", "utilization", "resolve-time", "cost"]);
    for (const c of charts) {
      expect(c.title.length).toBeGreaterThan(5);
      expect(c.caption.length).toBeGreaterThan(40);
    }
  });

  it("every spec validates against the Vega-Lite JSON schema, and so does its static form", () => {
    for (const c of charts) {
      expect(schemaErrors(c.spec), c.name).toEqual([]);
      expect(schemaErrors(withoutHoverLayers(c.spec)), `${c.name} without hover layers`).toEqual([]);
    }
  });

  it("every spec is self-contained: inline data only, the theme inside", () => {
    for (const c of charts) {
      const json = JSON.stringify(c.spec);
      expect(json).not.toMatch(/"url"\s*:/);
      expect(c.spec.config?.font).toContain("Helvetica");
      expect(() => compileSpec(c.spec)).not.toThrow();
    }
  });

  it("wait-time CDF: one line per tier in the tier's colour, the service-level target as a rule, titles with units", async () => {
    const svg = await renderSvg(byName.get("wait-cdf")!.spec);
    expect(svg.startsWith("<svg")).toBe(true);
    const lines = [...svg.matchAll(/aria-roledescription="line mark"[^>]*stroke="(#[0-9A-Fa-f]{6})"/g)].map((m) => m[1]);
    expect(lines).toEqual([TIER_COLORS.L1, TIER_COLORS.L2, TIER_COLORS.L3]);
    const texts = svgTexts(svg);
    expect(texts).toContain("How long tickets wait for an agent");
    expect(texts).toContain("service-level target (L1): 20 min");
    expect(texts.some((t) => t.startsWith("wait before an agent picks the ticket up"))).toBe(true);
    expect(texts).toContain("share of tickets picked up (%)");
    expect(texts).toEqual(expect.arrayContaining(["L1", "L2", "L3", "20 min"]));
    const rules = markGroups(svg, "rule").join("");
    expect(rules).toContain(`stroke="#C00000"`);
    // The hover-only points are left out of the static image.
    expect(markGroups(svg, "symbol")).toHaveLength(0);
  });

  it("queue length: a panel per tier with its band (area) and mean (line), warm-up shaded", async () => {
    const svg = await renderSvg(byName.get("queue-length")!.spec);
    const texts = svgTexts(svg);
    expect(texts).toContain("Queue length over the run, per tier");
    expect(texts).toEqual(expect.arrayContaining(["L1 queue", "L2 queue", "L3 queue", "tickets waiting", "warm-up"]));
    expect(markGroups(svg, "area")).toHaveLength(3);
    expect(markGroups(svg, "line")).toHaveLength(3);
    for (const tier of ["L1", "L2", "L3"]) expect(svg).toContain(`stroke="${TIER_COLORS[tier]}"`);
    // A 7-day run gets a tick per day, labelled with the weekday.
    expect(texts).toEqual(expect.arrayContaining(["Mon", "Tue", "Sun"]));
  });

  it("knowledge loop: FCR and escalation per day; articles appear when the loop is on", async () => {
    const off = await renderSvg(byName.get("knowledge-loop")!.spec);
    expect(svgTexts(off)).toEqual(expect.arrayContaining(["first-contact resolution", "escalated from L1 to L2", "escalated from L2 to L3"]));
    expect(svgTexts(off)).not.toContain("articles in force");
    const on = runCharts(await smallRun(["knowledge.enabled=true"])).find((c) => c.name === "knowledge-loop")!;
    expect(schemaErrors(on.spec)).toEqual([]);
    const svg = await renderSvg(on.spec);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["The knowledge loop: resolution and escalation per day", "articles in force", "count (end of day)"]));
  });

  it("utilization: a bar per tier in its colour with an error bar and the interval written out", async () => {
    const svg = await renderSvg(byName.get("utilization")!.spec);
    const bars = markGroups(svg, "rect").join("");
    for (const tier of ["L1", "L2", "L3"]) expect(bars).toContain(`fill="${TIER_COLORS[tier]}"`);
    const texts = svgTexts(svg);
    expect(texts).toContain("utilization (% of available agent time)");
    const u = result.summary.metrics["utilization.L2"]!;
    const label = texts.find((t) => /^\d+\.\d% \(\d+\.\d–\d+\.\d%\)$/.test(t));
    expect(label, texts.join(" | ")).toBeDefined();
    expect(texts).toContain(`${(u.mean! * 100).toFixed(1)}% (${(u.ci95[0]! * 100).toFixed(1)}–${(u.ci95[1]! * 100).toFixed(1)}%)`);
    // Error bars are drawn as rules (one per tier) with ticks.
    expect(markGroups(svg, "rule").length).toBeGreaterThanOrEqual(1);
  });

  it("resolve time by priority against the SLA, and attainment per priority", async () => {
    const svg = await renderSvg(byName.get("resolve-time")!.spec);
    const texts = svgTexts(svg);
    expect(texts).toEqual(expect.arrayContaining(["Time to resolve by priority", "P1", "P2", "P3", "P4", "SLA attainment (% of tickets)", "time from arrival to resolution (log scale)"]));
    expect(markGroups(svg, "rect").join("")).toContain("path"); // the attainment bars
    expect(svg).toContain(`fill="#C00000"`); // the SLA target ticks
  });

  it("cost: per tier with shares, and per resolved ticket split by tier", async () => {
    const svg = await renderSvg(byName.get("cost")!.spec);
    const texts = svgTexts(svg);
    expect(texts).toContain("Where the money goes");
    expect(texts.some((t) => t.startsWith("Cost per resolved ticket:") && t.includes("95% interval"))).toBe(true);
    expect(texts.some((t) => /^\d[\d,]* \(\d+\.\d%\)$/.test(t))).toBe(true);
    expect(texts.some((t) => /in all$/.test(t))).toBe(true);
  });

  it("a flat run: one tier, the pool, in its own colour", async () => {
    const flat = runCharts(await smallRun(["structure=flat", "flat.agents=60", "flat.costPerHour=40"]));
    expect(flat.map((c) => c.name)).toEqual(["wait-cdf", "queue-length", "utilization", "resolve-time", "cost"]);
    for (const c of flat) expect(schemaErrors(c.spec), c.name).toEqual([]);
    const svg = await renderSvg(flat.find((c) => c.name === "wait-cdf")!.spec);
    expect([...svg.matchAll(/aria-roledescription="line mark"[^>]*stroke="(#[0-9A-Fa-f]{6})"/g)].map((m) => m[1])).toEqual([TIER_COLORS.pool]);
    expect(svgTexts(svg)).toContain("service-level target (pool): 20 min");
  });
});

describe("comparison charts", () => {
  it("key metrics side by side with intervals: valid, one panel per metric, each scenario's point", async () => {
    const chart = comparisonMetricsChart(COMPARISON)!;
    expect(schemaErrors(chart.spec)).toEqual([]);
    const svg = await renderSvg(chart.spec);
    const texts = svgTexts(svg);
    expect(texts).toEqual(expect.arrayContaining(["service level", "cost per resolved ticket", "wait at L1, mean", "tiered", "flat", "flat+2", "minutes", "%"]));
    // 3 + 2 (the null is left out) + 3 points.
    expect((svg.match(/aria-roledescription="point"/g) ?? []).length).toBe(8);
  });

  it("paired differences against the first scenario, with a zero line; filled where the interval excludes zero", async () => {
    const chart = comparisonDifferencesChart(COMPARISON)!;
    expect(schemaErrors(chart.spec)).toEqual([]);
    const svg = await renderSvg(chart.spec);
    const texts = svgTexts(svg);
    expect(texts).toEqual(expect.arrayContaining(["Differences against tiered", "flat − tiered", "flat+2 − tiered", "difference (percentage points)"]));
    // Differences for service level (2) and cost (1: flat; the null is left out); none given for the wait.
    expect((svg.match(/aria-roledescription="point"/g) ?? []).length).toBe(3);
    expect(texts).not.toContain("wait at L1, mean");
  });

  it("no differences chart for a single scenario", () => {
    expect(comparisonDifferencesChart({ names: ["only"], metrics: COMPARISON.metrics })).toBeUndefined();
  });
});

describe("rendering", () => {
  it("refuses specs that would load data from outside, and its loader refuses every request", async () => {
    const spec = themed({ data: { url: "https://example.com/data.json" }, mark: "bar", encoding: { x: { field: "a", type: "nominal" } } } as TopLevelSpec);
    await expect(renderSvg(spec)).rejects.toThrow(/inline/);
    await expect(offlineLoader().load("https://example.com/x.json")).rejects.toThrow(/refused/);
    await expect(offlineLoader().load("file:///etc/passwd")).rejects.toThrow(/refused/);
  });

  it("measures text with real font metrics, not the 0.8 em guess", () => {
    expect(textWidth("iiii", 10)).toBeCloseTo(8.88, 2);
    expect(textWidth("WWWW", 10)).toBeCloseTo(37.76, 2);
    expect(textWidth("L1", 12, true)).toBeGreaterThan(textWidth("L1", 12));
  });

  it("a chart with a long title is as wide as its title, not clipped", async () => {
    const title = "A deliberately long title that must fit entirely";
    const svg = await renderSvg(themed({ title, width: 100, height: 50, data: { values: [{ a: 1 }] }, mark: "point", encoding: { x: { field: "a", type: "quantitative" } } }));
    expect(svgTexts(svg)).toContain(title);
    const width = Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    expect(width).toBeGreaterThanOrEqual(textWidth(title, 16, true));
  });

  it("duration helpers: labels people read, ticks spaced on the scale", () => {
    expect(["0", "30 s", "20 min", "112 min", "4 h", "3 d"]).toEqual([0, 0.5, 20, 112.4, 240, 4320].map((m) => humanDuration(m)));
    expect(humanDuration(62.9, 70.3)).toBe("62.9 min");
    const ticks = durationTicks(0, 1440, symlogPosition, 8, [20]);
    expect(ticks[0]).toBe(0);
    expect(ticks).toContain(20);
    expect(ticks.length).toBeLessThanOrEqual(9);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!).toBeGreaterThan(ticks[i - 1]!);
  });

  it("thins a CDF without losing its ends or its shape", () => {
    const points = Array.from({ length: 2000 }, (_, i) => ({ value: (i + 1) / 100, share: (i + 1) / 2000 }));
    const thin = thinCdf(points);
    expect(thin.length).toBeLessThan(600);
    expect(thin[0]).toEqual(points[0]);
    expect(thin[thin.length - 1]).toEqual(points[points.length - 1]);
    for (let i = 1; i < thin.length; i++) expect(thin[i]!.share - thin[i - 1]!.share).toBeLessThanOrEqual(0.0025 + 1e-12);
  });
});
