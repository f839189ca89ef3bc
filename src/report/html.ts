import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { DistributionSpec } from "../engine/distributions.js";
import type { SimulationResult } from "../experiment/simulate.js";
import type { MetricSummary } from "../experiment/summary.js";
import { expectedArrivals } from "../model/arrivals.js";
import type { Scenario, Staffing } from "../model/types.js";
import { DAY_NAMES } from "../model/units.js";
import { TIERSIM_VERSION } from "../version.js";
import { activeTiers, humanDuration, measuredDays, tierPeople } from "./charts/common.js";
import { tierShrinkage } from "./charts/utilization.js";
import { formatValue, formatWithInterval } from "./format.js";
import { keyMetricKeys, metricLabel } from "./runFiles.js";
import { tierColor, type VegaSpec } from "./render.js";

/**
 * report.html: one self-contained file that opens offline in any browser. Each chart is inline SVG (readable with
 * scripts off); with scripts on, the inlined Vega runtime replaces it by a live view with tooltips. Nothing is
 * fetched: no CDN, no fonts, no images, and a Content-Security-Policy that forbids any connection makes sure of it.
 */

/** A chart ready for the page: its static SVG and its compiled Vega spec (with the tooltip layers). */
export interface HtmlChart {
  name: string;
  title: string;
  caption: string;
  svg: string;
  vega: VegaSpec;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** JSON safe inside a <script> element: no "</script>", no "<!--". */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

let vegaRuntime: string | undefined;
/** Vega's minified browser build (about 0.5 MB), read once from the installed package. */
export function vegaBrowserBuild(): string {
  if (vegaRuntime === undefined) {
    const entry = createRequire(import.meta.url).resolve("vega");
    const code = readFileSync(join(dirname(entry), "vega.min.js"), "utf8");
    vegaRuntime = code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
  }
  return vegaRuntime;
}

/** Give an inline SVG's ids a per-chart prefix: several SVGs on one page must not share clip-path ids. */
function prefixIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

/** One chart as a <figure>: the static SVG inside the container the script will render into. */
export function chartFigure(chart: HtmlChart): string {
  const svg = prefixIds(chart.svg.replace(/^<\?xml[^>]*>\s*/, ""), `fallback-${chart.name}`);
  return `<figure class="chart-figure" id="chart-${escapeHtml(chart.name)}">
<div class="chart" data-chart="${escapeHtml(chart.name)}" role="img" aria-label="${escapeHtml(chart.title)}">${svg}</div>
<figcaption>${escapeHtml(chart.caption)} <span class="files">Files: <code>charts/${escapeHtml(chart.name)}.svg</code>, <code>charts/${escapeHtml(chart.name)}.vl.json</code> (Vega-Lite).</span></figcaption>
</figure>`;
}

const STYLE = `
:root { --ink: #222; --muted: #5a5a5a; --rule: #e3e3e3; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 Helvetica, Arial, "Liberation Sans", sans-serif; color: var(--ink); background: #f6f6f4; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 48px; background: white; min-height: 100vh; }
header h1 { font-size: 28px; margin: 0 0 4px; }
header .description { font-size: 16px; margin: 4px 0 8px; }
header .meta { color: var(--muted); font-size: 13px; margin: 0; }
nav { margin: 14px 0 8px; font-size: 13px; }
nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
h2 { font-size: 20px; margin: 32px 0 10px; padding-top: 10px; border-top: 1px solid var(--rule); }
h3 { font-size: 15px; margin: 18px 0 6px; }
ul.findings { padding-left: 20px; }
ul.findings li { margin: 5px 0; }
ul.findings .figure { font-weight: bold; }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--rule); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12px; }
.chart-figure { margin: 22px 0 30px; }
.chart { overflow-x: auto; }
.chart svg { max-width: 100%; height: auto; display: block; }
.chart.live svg { max-width: none; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; max-width: 860px; }
figcaption .files { display: block; margin-top: 2px; }
.tier { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: baseline; }
details summary { cursor: pointer; color: var(--accent); font-size: 14px; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
#tiersim-tooltip { position: fixed; z-index: 10; pointer-events: none; background: rgba(255,255,255,0.97); border: 1px solid #bbb;
  border-radius: 4px; padding: 6px 9px; font-size: 12px; box-shadow: 0 2px 8px rgba(0,0,0,0.15); max-width: 420px; }
#tiersim-tooltip table { margin: 0; }
#tiersim-tooltip th, #tiersim-tooltip td { border: 0; padding: 1px 8px 1px 0; }
#tiersim-tooltip th { color: var(--muted); font-weight: normal; }
@media print { body { background: white; } main { padding: 0; } nav, #tiersim-tooltip { display: none; } .chart-figure { break-inside: avoid; } }
`;

/**
 * The script that turns each static chart into a live Vega view with tooltips. The loader refuses every request, so
 * a spec could not fetch anything even if it tried; if a view fails to render, the static SVG stays.
 */
const BOOT = `
(function () {
  "use strict";
  var tip = document.getElementById("tiersim-tooltip");
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; }); }
  function text(v) { return v === null || v === undefined ? "" : typeof v === "number" ? (Math.round(v * 1000) / 1000).toLocaleString("en-US") : String(v); }
  function tooltip(handler, event, item, value) {
    if (value === null || value === undefined || value === "") { tip.hidden = true; return; }
    var html = "";
    if (typeof value === "object") {
      for (var k in value) if (Object.prototype.hasOwnProperty.call(value, k)) html += "<tr><th>" + esc(k) + "</th><td>" + esc(text(value[k])) + "</td></tr>";
      html = "<table>" + html + "</table>";
    } else html = esc(text(value));
    tip.innerHTML = html;
    tip.hidden = false;
    var x = event.clientX + 14, y = event.clientY + 14, w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = Math.max(8, event.clientX - w - 14);
    if (y + h > window.innerHeight - 8) y = Math.max(8, event.clientY - h - 14);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  if (typeof vega === "undefined") return;
  var loader = vega.loader();
  loader.load = loader.sanitize = loader.http = loader.file = function (uri) {
    return Promise.reject(new Error("tiersim report: charts never load anything (" + uri + ")"));
  };
  var specs = JSON.parse(document.getElementById("tiersim-chart-specs").textContent);
  var containers = document.querySelectorAll("[data-chart]");
  var pending = [];
  Array.prototype.forEach.call(containers, function (el) {
    var spec = specs[el.getAttribute("data-chart")];
    if (!spec) return;
    var fallback = el.innerHTML;
    var view = new vega.View(vega.parse(spec), { renderer: "svg", loader: loader, tooltip: tooltip, hover: true });
    el.innerHTML = "";
    pending.push(view.initialize(el).runAsync().then(function () {
      el.classList.add("live");
    }, function (error) {
      view.finalize();
      el.innerHTML = fallback;
      console.warn("tiersim report: showing the static chart for " + el.getAttribute("data-chart") + ": " + error);
    }));
  });
  Promise.all(pending).then(function () { document.documentElement.setAttribute("data-charts", "ready"); });
  document.addEventListener("scroll", function () { tip.hidden = true; }, { passive: true });
})();
`;

export interface HtmlDocument {
  /** The <title>. */
  title: string;
  /** The page body inside <main>, already HTML. */
  body: string;
  /** Charts on the page (their figures are in `body`), for the live views. */
  charts: HtmlChart[];
}

/** A complete self-contained HTML document: styles, body, Vega runtime, chart specs and boot script, all inline. */
export function htmlDocument(doc: HtmlDocument): string {
  const specs: Record<string, VegaSpec> = {};
  for (const c of doc.charts) specs[c.name] = c.vega;
  // 'unsafe-eval': Vega compiles its expressions with new Function. Nothing may be fetched: no connect, no img, no font.
  const csp = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tiersim ${escapeHtml(TIERSIM_VERSION)}">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${doc.body}
</main>
<div id="tiersim-tooltip" role="tooltip" hidden></div>
${doc.charts.length > 0 ? `<script>${vegaBrowserBuild()}</script>
<script type="application/json" id="tiersim-chart-specs">${scriptJson(specs)}</script>
<script>${BOOT}</script>` : ""}
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------------------------
// The run report

export interface RunManifestInfo {
  tiersimVersion: string;
  nodeVersion: string;
  createdAt: string;
  seed: number;
  replications: number;
  scenarioFile?: string;
  workers?: number;
  command?: string[];
}

const pct = (m: MetricSummary | undefined) => formatValue(m?.mean ?? null, "share");

/** "(95% interval 80.1–84.4%)", "(95% interval 62.9 min to 77.7 min)", or why there is none. */
export function intervalPhrase(m: MetricSummary | undefined, unit = m?.unit ?? ""): string {
  if (!m) return "";
  const [lo, hi] = m.ci95;
  if (lo === null || hi === null) return "(one replication: no interval)";
  if (lo === hi) return "(the same in every replication)";
  let a: string;
  let b: string;
  if (unit === "minutes") {
    // Both ends in the unit of the mean: "70.3 min (95% interval 62.9–77.7 min)".
    const as = m.mean ?? hi;
    a = humanDuration(lo, as).replace(/ \S+$/, "");
    b = humanDuration(hi, as);
  } else {
    a = formatValue(lo, unit);
    b = formatValue(hi, unit);
    if (unit === "share") a = a.replace("%", "");
  }
  if (a === b.replace("%", "") || a === b) return `(95% interval ${b} at the precision shown)`;
  return unit === "share" || unit === "minutes" ? `(95% interval ${a}–${b})` : `(95% interval ${a} to ${b})`;
}

function figure(text: string): string {
  return `<span class="figure">${escapeHtml(text)}</span>`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The key figures in plain language, each with its 95% interval: HTML list items. */
export function keyFindings(result: SimulationResult): string[] {
  const { summary, scenario } = result;
  const m = summary.metrics;
  const tiers = activeTiers(result);
  const first = result.tierNames[0]!;
  const out: string[] = [];
  const iv = (key: string) => escapeHtml(intervalPhrase(m[key]));

  if (m["serviceLevel"]?.mean != null) {
    const where = scenario.structure === "flat" ? "" : ` at ${first}`;
    out.push(
      `${figure(pct(m["serviceLevel"]))} of tickets were answered${where} within the ${escapeHtml(humanDuration(scenario.serviceLevelTargetMinutes))} service-level target ${iv("serviceLevel")}; customers who hung up first count as misses.`,
    );
  }
  const sync = scenario.channels.filter((c) => c.patience).map((c) => c.name);
  if (sync.length > 0 && m["abandonment"]?.mean != null) {
    out.push(`${figure(pct(m["abandonment"]))} of ${escapeHtml(listWords(sync))} customers hung up before an agent answered ${iv("abandonment")}.`);
  }
  if (m["fcr"]?.mean != null) {
    const flr = m["flr"]?.mean != null && scenario.structure !== "flat" ? ` ${figure(pct(m["flr"]))} were resolved at ${first} without escalation, reopens included ${iv("flr")}.` : "";
    out.push(`${figure(pct(m["fcr"]))} of resolved tickets were resolved at first contact: no escalation, no reopening ${iv("fcr")}.${flr}`);
  }
  for (let i = 0; i < result.tierNames.length - 1; i++) {
    const t = result.tierNames[i]!;
    const next = result.tierNames[i + 1]!;
    if (m[`escalationRate.${t}`]?.mean == null) continue;
    out.push(`${escapeHtml(t)} escalated ${figure(pct(m[`escalationRate.${t}`]))} of the tickets it handled to ${escapeHtml(next)} ${iv(`escalationRate.${t}`)}.`);
  }
  for (const t of tiers) {
    const mean = m[`wait.${t}.mean`];
    if (mean?.mean == null) continue;
    const p90 = m[`wait.${t}.p90`]?.mean;
    const who = tierPeople(t).replace(/s$/, "");
    // "an L1 agent", "an engineer", "a generalist": L is read "el".
    const article = /^([aeiou]|L\d)/i.test(who) ? "an" : "a";
    const tail = p90 == null ? "" : p90 === 0 ? "; 9 in 10 were picked up at once" : `; 9 in 10 were picked up within ${figure(humanDuration(p90))}`;
    out.push(`Tickets waited ${figure(humanDuration(mean.mean))} on average for ${article} ${escapeHtml(who)} ${iv(`wait.${t}.mean`)}${tail}.`);
  }
  for (const t of tiers) {
    const u = m[`utilization.${t}`];
    if (u?.mean == null) continue;
    const shrink = tierShrinkage(result, t);
    const avail = shrink > 0 ? ` (rostered time minus ${formatValue(shrink, "share")} shrinkage)` : "";
    out.push(`${escapeHtml(capitalize(tierPeople(t)))} were busy ${figure(pct(u))} of their available time${escapeHtml(avail)} ${iv(`utilization.${t}`)}.`);
  }
  if (m["resolveTime.mean"]?.mean != null) {
    const p90 = m["resolveTime.p90"]?.mean;
    out.push(
      `A ticket took ${figure(humanDuration(m["resolveTime.mean"].mean))} on average from arrival to resolution ${iv("resolveTime.mean")}` +
        (p90 != null ? `; 9 in 10 were resolved within ${figure(humanDuration(p90))}.` : "."),
    );
  }
  const sla = scenario.priorities.filter((p) => p.slaMinutes !== undefined && m[`slaAttainment.${p.name}`]?.mean != null);
  if (sla.length > 0) {
    const parts = sla.map((p) => `${escapeHtml(p.name)} ${figure(pct(m[`slaAttainment.${p.name}`]))} within ${escapeHtml(humanDuration(p.slaMinutes!))} ${iv(`slaAttainment.${p.name}`)}`);
    out.push(`Resolved within the SLA target: ${parts.join("; ")}.`);
  }
  if (m["cost.total"]?.mean != null) {
    const total = m["cost.total"].mean;
    const shares = tiers
      .filter((t) => m[`cost.${t}`]?.mean != null && total > 0)
      .map((t) => `${t} ${formatValue(m[`cost.${t}`]!.mean! / total, "share")}`);
    const per = m["cost.perTicket"]?.mean != null ? `, ${figure(formatValue(m["cost.perTicket"].mean, "currency"))} per resolved ticket ${iv("cost.perTicket")}` : "";
    out.push(
      `Staff cost ${figure(formatValue(total, "currency"))} over the ${measuredDays(result)} measured days${per}` +
        (shares.length > 1 ? `; ${escapeHtml(shares.join(", "))} of it.` : "."),
    );
  }
  if (m["tickets.arrived"]?.mean != null) {
    const f = (k: string) => formatValue(m[k]?.mean ?? null, "tickets");
    out.push(
      `Per replication, ${figure(f("tickets.arrived"))} tickets arrived in the measured period; ${f("tickets.resolved")} were resolved, ` +
        `${f("tickets.abandoned")} abandoned and ${f("tickets.inSystem")} were still open at the end.`,
    );
  }
  if (scenario.knowledge.enabled && m["knowledge.articles"]?.mean != null) {
    const f = (k: string) => formatValue(m[k]?.mean ?? null, "count");
    out.push(
      `The knowledge loop published ${figure(f("knowledge.articles"))} articles; ${f("knowledge.problemsFixed")} root causes were fixed, ` +
        `which avoided ${f("knowledge.ticketsAvoided")} tickets.`,
    );
  }
  return out;
}

/** A distribution as a person reads it: "lognormal, mean 8 min, sd 6 min". */
export function describeDistribution(d: DistributionSpec | undefined): string {
  if (!d) return "none";
  const t = humanDuration;
  switch (d.dist) {
    case "exp":
      return `exponential, mean ${t(d.mean)}`;
    case "fixed":
      return `fixed, ${t(d.value)}`;
    case "uniform":
      return `uniform, ${t(d.min)} to ${t(d.max)}`;
    case "triangular":
      return `triangular, ${t(d.min)} / ${t(d.mode)} / ${t(d.max)} (min / mode / max)`;
    case "lognormal":
      return `lognormal, mean ${t(d.mean)}, sd ${t(d.sd)}`;
    case "gamma":
      return `gamma, mean ${t(d.mean)}, cv ${d.cv}`;
    case "weibull":
      return `Weibull, shape ${d.shape}, scale ${t(d.scale)}`;
    case "empirical":
      return `empirical, ${d.values.length} values`;
  }
}

function clock(minuteOfDay: number): string {
  const m = ((Math.round(minuteOfDay) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** Days of a shift as ranges: "Mon–Fri", "Sat–Sun", "every day", "Mon, Wed". */
export function dayRanges(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return "every day";
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const a = DAY_NAMES[sorted[i]!]!;
    const b = DAY_NAMES[sorted[j]!]!;
    ranges.push(j === i ? a : j === i + 1 ? `${a}, ${b}` : `${a}–${b}`);
    i = j + 1;
  }
  return ranges.join(", ");
}

function staffingCell(s: Staffing): string {
  if (!s.schedule) return `${escapeHtml(String(s.agents ?? 0))} agents around the clock`;
  const rows = s.schedule.map(
    (sh) =>
      `<tr><td>${escapeHtml(sh.name)}</td><td>${escapeHtml(dayRanges(sh.days))}</td><td>${clock(sh.startMinute)}–${clock(sh.startMinute + sh.durationMinutes)}</td><td class="num">${sh.agents}</td></tr>`,
  );
  return `<table><tr><th>shift</th><th>days</th><th>hours</th><th class="num">agents</th></tr>${rows.join("")}</table>`;
}

function staffingOf(scenario: Scenario, tier: string): Staffing | undefined {
  if (tier === "pool") return scenario.flat;
  const i = ["L1", "L2", "L3"].indexOf(tier);
  return i >= 0 ? scenario.tiers[i as 0 | 1 | 2] : undefined;
}

/** The assumptions: run settings, demand, staffing per tier, ticket mix, knowledge loop. */
export function assumptionsHtml(result: SimulationResult): string {
  const s = result.scenario;
  const sm = result.summary;
  const tiers = activeTiers(result);
  const runRows: [string, string][] = [
    ["structure", s.structure === "flat" ? "flat: one pool of generalists works every ticket to resolution" : `tiered: ${result.tierNames.join(" → ")}, escalating with a handoff`],
    ["horizon", `${humanDuration(s.horizonMinutes)} per replication, starting ${DAY_NAMES[Math.floor(s.startMinuteOfWeek / 1440) % 7]} ${clock(s.startMinuteOfWeek % 1440)}`],
    ["warm-up", `${humanDuration(s.warmupMinutes)} discarded at the start of each replication (the desk starts ${s.backlog.some((b) => b > 0) ? `with a backlog of ${s.backlog.join(" / ")} tickets` : "empty"})`],
    ["replications", `${sm.replications}, with independent random streams derived from seed ${sm.seed}; every figure is their mean with a 95% Student-t interval`],
    ["service-level target", `answered at ${result.tierNames[0]} within ${humanDuration(s.serviceLevelTargetMinutes)}`],
  ];
  const a = s.arrivals;
  const demand = a.traceMinutes
    ? `a replayed trace of ${a.traceMinutes.length.toLocaleString("en-US")} arrival times`
    : `${formatValue(a.ratePerMinute * 60, "count")} tickets per hour base rate, shaped by hour-of-day and day-of-week profiles: about ` +
      `${Math.round(expectedArrivals(a, s.startMinuteOfWeek, 0, 10080)).toLocaleString("en-US")} tickets per week (peak hour ×${Math.max(...a.hourOfDay)}, busiest day ×${Math.max(...a.dayOfWeek)})`;
  runRows.push(["demand", demand]);

  const staffRows = tiers.map((t) => {
    const st = staffingOf(s, t);
    const agents = sm.metrics[`agents.${t}`]?.mean;
    return `<tr><td><span class="tier" style="background:${tierColor(t)}"></span><b>${escapeHtml(t)}</b></td><td>${st ? staffingCell(st) : "n/a"}</td>` +
      `<td class="num">${st ? formatValue(st.shrinkage, "share") : ""}</td><td class="num">${agents != null ? formatValue(agents, "count") : ""}</td>` +
      `<td class="num">${st ? formatValue(st.costPerHour, "currency") : ""}</td>` +
      `<td>${t !== "pool" && s.tiers[result.tierNames.indexOf(t) as 0 | 1 | 2]?.handoffTime && t !== result.tierNames[result.tierNames.length - 1] ? escapeHtml(describeDistribution(s.tiers[result.tierNames.indexOf(t) as 0 | 1 | 2]!.handoffTime)) : ""}</td></tr>`;
  });
  const flatNote = s.structure === "flat" ? `<p>Generalists' handle time is the handle time at the ticket's level times ${s.flat.skillFactor.map((f, i) => `${["L1", "L2", "L3"][i]} ×${f}`).join(", ")}.</p>` : "";

  const cats = s.categories.map(
    (c) =>
      `<tr><td>${escapeHtml(c.name)}</td><td class="num">${formatValue(c.share, "share")}</td><td class="num">${c.levelShares.map((x) => formatValue(x, "share")).join(" / ")}</td>` +
      `<td>${c.handleTime.map((d, i) => `${["L1", "L2", "L3"][i]}: ${escapeHtml(describeDistribution(d))}`).join("<br>")}</td></tr>`,
  );
  const pris = s.priorities.map(
    (p) => `<tr><td>${escapeHtml(p.name)}</td><td class="num">${formatValue(p.share, "share")}</td><td>${p.slaMinutes === undefined ? "none" : escapeHtml(humanDuration(p.slaMinutes))}</td></tr>`,
  );
  const chans = s.channels.map(
    (c) => `<tr><td>${escapeHtml(c.name)}</td><td class="num">${formatValue(c.share, "share")}</td><td>${c.patience ? `synchronous; patience ${escapeHtml(describeDistribution(c.patience))}` : "asynchronous: customers wait"}</td></tr>`,
  );
  const k = s.knowledge;
  const knowledge = k.enabled
    ? `on: an L2/L3 resolution is documented with probability ${formatValue(k.documentRate, "share")} after ${humanDuration(k.documentDelayMinutes)}; an article makes an above-L1 ticket L1-resolvable with probability ${formatValue(k.l1Success, "share")} (L1 handle time ×${k.l1HandleFactor}); ` +
      `an L3 resolution fixes the root cause with probability ${formatValue(k.rootCauseFixRate, "share")} after ${humanDuration(k.fixDelayMinutes)}; ` +
      `${k.halfLifeMinutes ? `articles go stale with a half-life of ${humanDuration(k.halfLifeMinutes)}; ` : ""}novelty ${formatValue(k.novelty, "share")}`
    : "off";
  const other: [string, string][] = [
    ["knowledge loop", knowledge],
    ["reopens", s.reopen.rate > 0 ? `${formatValue(s.reopen.rate, "share")} of L1 resolutions reopen after a delay (${describeDistribution(s.reopen.delay)})` : "none"],
    ["wrong escalations", s.wrongEscalation.rate > 0 ? `${formatValue(s.wrongEscalation.rate, "share")} of L1-resolvable tickets escalated anyway; L2 reviews them (${describeDistribution(s.wrongEscalation.reviewTime)}) and sends them back` : "none"],
  ];
  const dl = (rows: [string, string][]) => `<table>${rows.map(([k2, v]) => `<tr><th>${escapeHtml(k2)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`;
  return `<h3>Run</h3>
${dl(runRows)}
<h3>Staffing</h3>
<table><tr><th>tier</th><th>roster</th><th class="num">shrinkage</th><th class="num">agents available (mean)</th><th class="num">cost per hour</th><th>handoff to next tier</th></tr>${staffRows.join("")}</table>
${flatNote}
<h3>Tickets</h3>
<table><tr><th>category</th><th class="num">share</th><th class="num">level needed L1 / L2 / L3</th><th>handle time</th></tr>${cats.join("")}</table>
<table><tr><th>priority</th><th class="num">share</th><th>SLA (resolution target)</th></tr>${pris.join("")}</table>
<table><tr><th>channel</th><th class="num">share</th><th>customers</th></tr>${chans.join("")}</table>
${dl(other)}`;
}

function manifestHtml(info: RunManifestInfo): string {
  const rows: [string, string][] = [
    ["tiersim", info.tiersimVersion],
    ["Node.js", info.nodeVersion],
    ["seed", String(info.seed)],
    ["replications", String(info.replications)],
    ["scenario file", info.scenarioFile ?? "(built in code)"],
    ["created", info.createdAt],
  ];
  if (info.workers !== undefined) rows.push(["worker threads", String(info.workers)]);
  if (info.command && info.command.length > 0) rows.push(["command", `tiersim ${info.command.join(" ")}`]);
  return `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`).join("")}</table>
<p>The same scenario, seed and tiersim version give the same figures, whatever the number of worker threads. <code>manifest.json</code> holds the scenario as resolved.</p>`;
}

function metricsTable(result: SimulationResult): string {
  const keys = keyMetricKeys(result.summary, result.tierNames);
  const row = (k: string) => {
    const m = result.summary.metrics[k]!;
    const [lo, hi] = m.ci95;
    return `<tr><td>${escapeHtml(metricLabel(k))}</td><td><code>${escapeHtml(k)}</code></td><td class="num">${escapeHtml(formatValue(m.mean, m.unit))}</td>` +
      `<td class="num">${lo === null || hi === null ? "" : escapeHtml(`${formatValue(lo, m.unit)} to ${formatValue(hi, m.unit)}`)}</td></tr>`;
  };
  const all = Object.entries(result.summary.metrics).map(
    ([k, m]) => `<tr><td><code>${escapeHtml(k)}</code></td><td class="num">${escapeHtml(formatWithInterval(m))}</td><td>${escapeHtml(m.unit)}</td></tr>`,
  );
  return `<table><tr><th>figure</th><th>key in summary.json</th><th class="num">mean</th><th class="num">95% interval</th></tr>${keys.map(row).join("")}</table>
<details><summary>All ${all.length} metrics</summary><table><tr><th>key</th><th class="num">mean (95% interval)</th><th>unit</th></tr>${all.join("")}</table></details>`;
}

/** The run's report.html. */
export function runReportHtml(result: SimulationResult, charts: HtmlChart[], info: RunManifestInfo): string {
  const s = result.scenario;
  const sm = result.summary;
  const findings = keyFindings(result);
  const body = `<header>
<h1>${escapeHtml(s.name)}</h1>
${s.description ? `<p class="description">${escapeHtml(s.description.trim())}</p>` : ""}
<p class="meta">${escapeHtml(sm.structure)} desk · ${sm.replications} replications of ${escapeHtml(humanDuration(sm.horizonMinutes))} · first ${escapeHtml(humanDuration(sm.warmupMinutes))} discarded as warm-up · seed ${sm.seed} · tiersim ${escapeHtml(info.tiersimVersion)}</p>
<nav><a href="#key-figures">Key figures</a><a href="#charts">Charts</a><a href="#assumptions">Assumptions</a><a href="#manifest">Run manifest</a></nav>
</header>
<section id="key-figures">
<h2>Key figures</h2>
<p>Every figure is the mean over ${sm.replications} independent replications, after the warm-up, with its 95% confidence interval.</p>
<ul class="findings">
${findings.map((f) => `<li>${f}</li>`).join("\n")}
</ul>
${metricsTable(result)}
</section>
<section id="charts">
<h2>Charts</h2>
<p>Hover over a chart for the figures behind it.</p>
${charts.map(chartFigure).join("\n")}
</section>
<section id="assumptions">
<h2>Assumptions</h2>
${assumptionsHtml(result)}
</section>
<section id="manifest">
<h2>Run manifest</h2>
${manifestHtml(info)}
</section>
<footer>Generated by tiersim ${escapeHtml(info.tiersimVersion)} on ${escapeHtml(info.createdAt)}. This file is self-contained: it needs no network connection.</footer>`;
  return htmlDocument({ title: `${s.name}: tiersim report`, body, charts });
}

// ---------------------------------------------------------------------------------------------------------------
// The comparison report

export interface ComparisonHtmlInput {
  names: string[];
  title?: string;
  description?: string;
  metrics: { key: string; label: string; unit: string; values: { mean: number | null; ci95: [number | null, number | null] }[]; differences?: { mean: number | null; ci95: [number | null, number | null] }[] }[];
}

/** A comparison's report.html: the scenarios, a table of the key figures with intervals and differences, the charts. */
export function comparisonReportHtml(input: ComparisonHtmlInput, charts: HtmlChart[]): string {
  const title = input.title ?? input.names.join(" vs ");
  const base = input.names[0] ?? "";
  const cell = (e: { mean: number | null; ci95: [number | null, number | null] } | undefined, unit: string, signed = false) => {
    if (!e || e.mean === null) return "n/a";
    const f = (v: number | null) => (signed && v !== null && v > 0 ? "+" : "") + formatValue(v, unit);
    const [lo, hi] = e.ci95;
    return lo === null || hi === null ? f(e.mean) : `${f(e.mean)} (${f(lo)} to ${f(hi)})`;
  };
  const header = `<tr><th>figure</th>${input.names.map((n) => `<th class="num">${escapeHtml(n)}</th>`).join("")}${input.names.slice(1).map((n) => `<th class="num">${escapeHtml(`${n} − ${base}`)}</th>`).join("")}</tr>`;
  const rows = input.metrics.map((m) => {
    const d = m.differences ?? [];
    const offset = d.length === input.names.length ? 1 : 0;
    return `<tr><td>${escapeHtml(m.label)} <code>${escapeHtml(m.key)}</code></td>${input.names.map((_, i) => `<td class="num">${escapeHtml(cell(m.values[i], m.unit))}</td>`).join("")}` +
      `${input.names.slice(1).map((_, i) => `<td class="num">${escapeHtml(cell(d[i + offset], m.unit, true))}</td>`).join("")}</tr>`;
  });
  const body = `<header>
<h1>${escapeHtml(title)}</h1>
${input.description ? `<p class="description">${escapeHtml(input.description)}</p>` : ""}
<p class="meta">${input.names.length} scenarios · tiersim ${escapeHtml(TIERSIM_VERSION)} · Node.js ${escapeHtml(process.version)} · ${escapeHtml(new Date().toISOString())}</p>
</header>
<section id="key-figures">
<h2>Key figures</h2>
<p>Means over replications with 95% intervals; differences are paired on the same tickets (common random numbers) against ${escapeHtml(base)}.</p>
<table>${header}${rows.join("")}</table>
</section>
<section id="charts">
<h2>Charts</h2>
${charts.map(chartFigure).join("\n")}
</section>
<footer>Generated by tiersim ${escapeHtml(TIERSIM_VERSION)}. This file is self-contained: it needs no network connection.</footer>`;
  return htmlDocument({ title: `${title}: tiersim comparison`, body, charts });
}
