import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import yargs from "yargs";
import runCommand from "../../src/cli/commands/run.js";
import { keyFindings, intervalPhrase } from "../../src/report/html.js";
import { comparisonCharts, runReportFiles, specJson } from "../../src/report/runReport.js";
import { writeRunReport } from "../../src/report/writeRun.js";
import { schemaErrors, smallRun } from "./fixture.js";

const CHARTS = ["wait-cdf", "queue-length", "knowledge-loop", "utilization", "resolve-time", "cost"];
const scratch = mkdtempSync(join(tmpdir(), "tiersim-report-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Visible text of an HTML page, roughly: tags dropped, entities decoded, blanks collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<svg[\s\S]*?<\/svg>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ");
}

describe("runReportFiles", async () => {
  const result = await smallRun();
  const files = await runReportFiles(result, { workers: 1, command: ["run", "scenarios/tiered-baseline.yaml"] });
  const html = files.get("report.html")!;
  const text = visibleText(html);

  it("returns an SVG and a Vega-Lite spec per chart, and report.html", () => {
    const expected = [...CHARTS.flatMap((c) => [`charts/${c}.svg`, `charts/${c}.vl.json`]), "report.html"].sort();
    expect([...files.keys()].sort()).toEqual(expected);
    for (const c of CHARTS) {
      expect(files.get(`charts/${c}.svg`)).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const spec = JSON.parse(files.get(`charts/${c}.vl.json`)!);
      expect(spec.$schema).toContain("vega-lite");
      expect(schemaErrors(spec), c).toEqual([]);
    }
  });

  it("writes specs readable by people: indented, one data row per line, the same spec when parsed", () => {
    const raw = files.get("charts/utilization.vl.json")!;
    expect(raw).toMatch(/\n {2}"title": \{/);
    expect(raw).toMatch(/\n +\{"tier":"L1","mean":/);
    const spec = { title: "t", data: { values: [{ a: 1 }, { a: 2 }] }, mark: "point" as const, encoding: { x: { field: "a", type: "quantitative" as const, axis: { values: [1, 2] } } } };
    expect(JSON.parse(specJson(spec))).toEqual(spec);
  });

  it("report.html is one self-contained file: inline Vega, inline specs, no external resource, a CSP that forbids any", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).not.toMatch(/<img[^>]+src="(?!data:)/);
    expect(html).not.toMatch(/@import|url\(https?:/);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).toMatch(/<script>!function\(t,e\)\{[^]*\.vega=\{\}/); // vega.min.js, inline
    expect(html).toContain(`<script type="application/json" id="tiersim-chart-specs">`);
    for (const c of CHARTS) expect(html).toContain(`data-chart="${c}"`);
    // The fallback SVGs are inline, with ids prefixed so that charts cannot share clip paths.
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(CHARTS.length);
    const ids = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].flatMap((m) => [...m[0].matchAll(/\bid="([^"]+)"/g)].map((i) => i[1]));
    expect(new Set(ids).size).toBe(ids.length);
    const size = Buffer.byteLength(html);
    expect(size).toBeGreaterThan(400_000);
    expect(size).toBeLessThan(2_500_000);
  });

  it("states the key figures in plain language with their intervals", () => {
    const m = result.summary.metrics;
    const sl = (m["serviceLevel"]!.mean! * 100).toFixed(1);
    expect(text).toContain(`${sl}% of tickets were answered at L1 within the 20 min service-level target (95% interval`);
    expect(text).toMatch(/L2 specialists were busy \d+\.\d% of their available time \(rostered time minus 25\.0% shrinkage\) \(95% interval \d+\.\d–\d+\.\d%\)/);
    expect(text).toMatch(/Tickets waited [\d.]+ (s|min|h) on average for an L1 agent \(95% interval/);
    expect(text).toMatch(/L1 escalated \d+\.\d% of the tickets it handled to L2/);
    expect(text).toMatch(/Resolved within the SLA target: P1 [\d.]+% within 4 h/);
    expect(text).toMatch(/Staff cost [\d,]+ over the 5 measured days, [\d.]+ per resolved ticket/);
    expect(keyFindings(result).length).toBeGreaterThanOrEqual(10);
  });

  it("shows the scenario, the assumptions and the run manifest", () => {
    expect(text).toContain("tiered-baseline");
    expect(text).toContain(result.scenario.description.trim());
    for (const heading of ["Key figures", "Charts", "Assumptions", "Run manifest", "Staffing"]) expect(text).toContain(heading);
    expect(text).toContain("7 d per replication, starting Mon 00:00");
    expect(text).toContain("2 d discarded at the start of each replication");
    expect(text).toMatch(/3, with independent random streams derived from seed 42/);
    expect(text).toMatch(/early Mon–Fri 07:00–15:00 23/);
    expect(text).toMatch(/on-call every day 18:00–09:00 1/);
    expect(text).toContain("25.0%"); // shrinkage
    expect(text).toContain(`Node.js ${process.version}`);
    expect(text).toMatch(/tiersim 0\.\d+\.\d+/);
    expect(text).toContain("seed 42");
    expect(text).toContain("tiersim run scenarios/tiered-baseline.yaml");
  });

  it("escapes what comes from the scenario", async () => {
    const tricky = { ...result, scenario: { ...result.scenario, name: "a<b>&c", description: "<script>alert(1)</script>" } };
    const out = (await runReportFiles(tricky)).get("report.html")!;
    expect(out).toContain("a&lt;b&gt;&amp;c");
    expect(out).not.toContain("<script>alert(1)");
  });

  it("phrases intervals in one unit", () => {
    expect(intervalPhrase({ mean: 70.3, ci95: [62.9, 77.7], unit: "minutes" })).toBe("(95% interval 62.9–77.7 min)");
    expect(intervalPhrase({ mean: 0.82, ci95: [0.801, 0.843], unit: "share" })).toBe("(95% interval 80.1–84.3%)");
    expect(intervalPhrase({ mean: 5, ci95: [5, 5], unit: "currency" })).toBe("(the same in every replication)");
    expect(intervalPhrase({ mean: 5, ci95: [null, null], unit: "currency" })).toBe("(one replication: no interval)");
  });
});

describe("comparisonCharts", () => {
  it("returns the side-by-side and differences charts and a report.html", async () => {
    const est = (mean: number, half: number) => ({ mean, ci95: [mean - half, mean + half] as [number, number] });
    const files = await comparisonCharts({
      names: ["tiered", "flat"],
      title: "tiered vs flat",
      metrics: [
        { key: "serviceLevel", label: "service level", unit: "share", values: [est(0.82, 0.02), est(0.9, 0.01)], differences: [est(0, 0), est(0.08, 0.02)] },
        { key: "cost.perTicket", label: "cost per resolved ticket", unit: "currency", values: [est(30, 0.5), est(31, 0.4)], differences: [est(1, 0.3)] },
      ],
    });
    expect([...files.keys()].sort()).toEqual(
      ["charts/compare-differences.svg", "charts/compare-differences.vl.json", "charts/compare-metrics.svg", "charts/compare-metrics.vl.json", "report.html"].sort(),
    );
    const text = visibleText(files.get("report.html")!);
    expect(text).toContain("tiered vs flat");
    expect(text).toContain("flat − tiered");
    expect(text).toContain("+8.00% (+6.00% to +10.0%)");
    expect(text).toContain("+1.00 (+0.70 to +1.30)");
  });
});

describe("writing a run's folder", async () => {
  const result = await smallRun();

  it("with the report: charts and report.html beside the data files", async () => {
    const folder = join(scratch, "with");
    await writeRunReport(result, folder, { workers: 1, withReport: true, command: ["run"] });
    expect(readdirSync(folder).sort()).toEqual(["charts", "daily.csv", "manifest.json", "report.html", "summary.json", "summary.md", "timeseries.csv"]);
    expect(readdirSync(join(folder, "charts")).length).toBe(CHARTS.length * 2);
    expect(readFileSync(join(folder, "report.html"), "utf8")).toContain("worker threads");
  });

  it("without it: data files only", async () => {
    const folder = join(scratch, "without");
    await writeRunReport(result, folder, { workers: 1, withReport: false, command: ["run"] });
    expect(readdirSync(folder).sort()).toEqual(["daily.csv", "manifest.json", "summary.json", "summary.md", "timeseries.csv"]);
  });

  it("`tiersim run --no-report` skips charts and report.html; without it they are written", async () => {
    const run = async (folder: string, extra: string[]) => {
      const spy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
      const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
      try {
        await yargs(["run", "scenarios/tiered-baseline.yaml", "--workers", "1", "--set", "run.replications=2", "--set", "run.horizon=3d", "--out", folder, ...extra])
          .command(runCommand)
          .strict()
          .fail((message, error) => {
            throw error ?? new Error(message);
          })
          .parseAsync();
      } finally {
        spy.mockRestore();
        err.mockRestore();
      }
    };
    await run(join(scratch, "cli-no-report"), ["--no-report"]);
    expect(existsSync(join(scratch, "cli-no-report", "summary.json"))).toBe(true);
    expect(existsSync(join(scratch, "cli-no-report", "report.html"))).toBe(false);
    expect(existsSync(join(scratch, "cli-no-report", "charts"))).toBe(false);
    await run(join(scratch, "cli-report"), []);
    expect(existsSync(join(scratch, "cli-report", "report.html"))).toBe(true);
    expect(existsSync(join(scratch, "cli-report", "charts", "wait-cdf.svg"))).toBe(true);
  });
});
