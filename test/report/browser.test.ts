import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReportFiles } from "../../src/report/runReport.js";
import { smallRun } from "./fixture.js";

/**
 * report.html in a real browser: Chromium from the system (Debian's `chromium` package), driven by playwright-core.
 * Never skipped: without Chromium this test fails and says how to install it.
 */
const CHROMIUM = process.env.TIERSIM_CHROMIUM ?? "/usr/bin/chromium";
const OUT = resolve("test-output/report");
const SCREENSHOT = resolve("test-output/report-screenshot.png");

let browser: Browser | undefined;
let reportUrl = "";

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the report's browser test needs it. ` +
        "Install it with `apt-get update && apt-get install -y chromium` (Debian/Ubuntu), or point TIERSIM_CHROMIUM at a Chromium binary. " +
        "Do not use `playwright install`.",
    );
  }
  const result = await smallRun();
  rmSync(OUT, { recursive: true, force: true });
  for (const [name, content] of await runReportFiles(result, { workers: 1 })) {
    const path = join(OUT, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  reportUrl = pathToFileURL(join(OUT, "report.html")).href;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

afterAll(async () => {
  await browser?.close();
});

interface Watched {
  page: Page;
  /** Requests for anything but the report file itself (all blocked). */
  blocked: string[];
  /** Every request the page made, file: ones included. */
  requests: string[];
  errors: string[];
}

async function open(options: { javaScriptEnabled?: boolean } = {}): Promise<Watched> {
  // bypassCSP: the page's own Content-Security-Policy would stop a request before it is made; without it, any
  // request the report tries reaches the route below and is counted.
  const context = await browser!.newContext({ viewport: { width: 1100, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true, bypassCSP: true });
  const page = await context.newPage();
  const watched: Watched = { page, blocked: [], requests: [], errors: [] };
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url === reportUrl) return route.continue();
    watched.blocked.push(url);
    return route.abort();
  });
  page.on("request", (r) => watched.requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") watched.errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => watched.errors.push(`page error: ${e.message}`));
  await page.goto(reportUrl, { waitUntil: "load" });
  return watched;
}

describe("report.html in Chromium", () => {
  it("renders every chart live with no network request and no console error, shows tooltips, and is screenshotted", async () => {
    const { page, blocked, requests, errors } = await open();
    await page.waitForFunction(() => document.documentElement.getAttribute("data-charts") === "ready", null, { timeout: 20_000 });

    const charts = await page.$$eval("[data-chart]", (els) =>
      els.map((el) => ({
        name: el.getAttribute("data-chart"),
        live: el.classList.contains("live"),
        svgs: el.querySelectorAll(":scope > svg").length,
        marks: el.querySelectorAll("svg .role-mark > *").length,
        title: el.querySelector("svg .role-title-text text")?.textContent ?? "",
      })),
    );
    expect(charts.map((c) => c.name)).toEqual(["wait-cdf", "queue-length", "knowledge-loop", "utilization", "resolve-time", "cost"]);
    for (const c of charts) {
      expect(c.live, `${c.name} rendered live`).toBe(true);
      expect(c.svgs, `${c.name}: one svg, the live one`).toBe(1);
      expect(c.marks, `${c.name} has marks`).toBeGreaterThan(2);
      expect(c.title.length, `${c.name} has a title`).toBeGreaterThan(5);
    }

    // Hover a utilization bar: the tooltip shows its figures.
    // (Scroll first: the page hides its tooltip on scroll.)
    const bar = page.locator('[data-chart="utilization"] svg .mark-rect.role-mark path').first();
    await bar.scrollIntoViewIfNeeded();
    await page.waitForTimeout(100);
    await bar.hover();
    const tip = page.locator("#tiersim-tooltip");
    await expect.poll(async () => tip.isVisible(), { timeout: 5_000 }).toBe(true);
    const tipText = await tip.innerText();
    expect(tipText).toMatch(/utilization \(95% interval\)\s+\d+\.\d% \(\d+\.\d–\d+\.\d%\)/);
    expect(tipText).toContain("L1");
    // Hover a point of the wait-time CDF (an invisible hover target): the wait and the share.
    const point = page.locator('[data-chart="wait-cdf"] svg .mark-symbol.role-mark path').nth(20);
    await point.scrollIntoViewIfNeeded();
    await page.waitForTimeout(100);
    await point.hover({ force: true });
    await expect.poll(async () => tip.innerText(), { timeout: 5_000 }).toMatch(/waited at most/);
    await page.mouse.move(5, 5);

    expect(blocked, "network requests").toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file:")), "non-file requests").toEqual([]);
    expect(errors, "console errors").toEqual([]);

    // A screenshot of the whole page (full-page capture stalls with some Chromium builds: size the viewport instead).
    await page.evaluate(() => window.scrollTo(0, 0));
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1100, height: Math.min(height, 16_000) });
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
    await page.context().close();
  });

  it("without JavaScript every chart is still there as its inline SVG", async () => {
    const { page, blocked, errors } = await open({ javaScriptEnabled: false });
    const charts = await page.$$eval("[data-chart]", (els) =>
      els.map((el) => ({ name: el.getAttribute("data-chart"), live: el.classList.contains("live"), marks: el.querySelectorAll("svg .role-mark > *").length, width: el.getBoundingClientRect().width })),
    );
    expect(charts).toHaveLength(6);
    for (const c of charts) {
      expect(c.live).toBe(false);
      expect(c.marks, `${c.name} fallback has marks`).toBeGreaterThan(2);
      expect(c.width).toBeGreaterThan(300);
    }
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
