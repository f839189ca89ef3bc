/** fit.md: the fit explained for a person: estimates with intervals, distribution comparisons, data quality. */
import { TIERS } from "../../model/types.js";
import { DAY_NAMES, formatDuration } from "../../model/units.js";
import type { Proportion } from "../fit/intervals.js";
import type { FitResult, ServiceTimeFit, TimeSummary } from "../fit/types.js";

const n = (x: number) => x.toLocaleString("en-US");
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "n/a");
const prop = (p: Proportion) => (p.trials > 0 ? `${pct(p.share)} (${pct(p.ci95[0])}–${pct(p.ci95[1])}; ${n(p.successes)}/${n(p.trials)})` : "n/a");
const dur = (m: number) => (Number.isFinite(m) ? formatDuration(m) : "n/a");

export function fitReportMarkdown(fit: FitResult): string {
  const L: string[] = [];
  const w = fit.window;
  L.push(`# Fit: ${fit.name}`, "");
  L.push(
    `- Log: \`${fit.source.path}\` (${fit.source.shape === "events" ? "one row per event" : "one row per ticket"}, ${fit.source.compressed ? "gzip, " : ""}delimiter ${JSON.stringify(fit.source.delimiter)})`,
    `- Mapping: \`${fit.source.mapping}\``,
    `- Scenario written: \`${fit.scenarioFile}\` (tiersim ${fit.tiersimVersion})`,
    `- Window used for the fits: **${w.window.from}..${w.window.to}** (${w.window.days} days, ${n(fit.ticketsInWindow)} arrivals)`,
    "",
  );

  L.push("## Data quality", "");
  if (fit.findings.length === 0) L.push("No finding.");
  for (const f of fit.findings) L.push(`- **${f.severity}** (${f.code}): ${f.message}`);
  L.push("");
  L.push("### Reading the log", "");
  const c = fit.counts;
  L.push(
    `${n(c.rows)} data rows, ${n(c.rowsSkipped)} skipped, ${n(c.rowsUsed)} used; ${n(c.tickets)} tickets: ` +
      Object.entries(c.outcomes)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${n(v)} ${k}`)
        .join(", ") +
      ".",
    "",
  );
  if (fit.readFindings.length === 0) L.push("No bad row, date or order problem found.");
  for (const f of fit.readFindings) L.push(`- **${f.severity}**: ${f.message}`);
  L.push("");
  L.push(
    "### Arrival days",
    "",
    `Arrivals span ${w.span.from}..${w.span.to} (${w.span.days} days); ${pct(w.bulk.share)} fall in ${w.bulk.from}..${w.bulk.to}. ` +
      `Usual weekday shares (Monday first): ${w.weekdayShares.map((s) => pct(s)).join(", ")}. ` +
      `A day counts as complete when its arrivals, adjusted for its weekday, reach half the peak level (${w.peakLevel.toFixed(0)}/day).`,
    "",
  );

  const a = fit.arrivals;
  L.push("## Arrivals", "");
  L.push(
    `Base rate **${a.ratePerHour.toFixed(3)}/h** (rate at t = rate x hourOfDay[h] x dayOfWeek[d]), Poisson maximum likelihood on the ${n(a.arrivals)} arrivals of the window by hour of week.`,
    `Fitted total ${a.quality.totalFitted.toFixed(1)} against ${n(a.quality.totalObserved)} observed; relative absolute error over the 168 hours ${pct(a.quality.relativeAbsoluteError)}; Pearson chi-square ${a.quality.pearsonChiSquare.toFixed(0)} on ${a.quality.degreesOfFreedom} degrees of freedom (dispersion ${a.quality.dispersion.toFixed(2)}).`,
    "",
    "| day | multiplier |",
    "|---|---|",
    ...a.dayOfWeek.map((m, d) => `| ${DAY_NAMES[d]}${a.unobservedDays.includes(d) ? " (borrowed)" : ""} | ${m.toFixed(3)} |`),
    "",
    "| hour | multiplier | hour | multiplier |",
    "|---|---|---|---|",
    ...Array.from({ length: 12 }, (_, h) => `| ${h}:00 | ${a.hourOfDay[h]!.toFixed(3)} | ${h + 12}:00 | ${a.hourOfDay[h + 12]!.toFixed(3)} |`),
    "",
  );

  L.push("## Levels, escalation, bounce-backs", "");
  L.push("Highest tier reached (Wilson 95% intervals):", "", "| tier | window | whole log |", "|---|---|---|");
  for (const t of TIERS) L.push(`| ${t} | ${prop(fit.levels.shares[t])} | ${prop(fit.levelsWholeLog.shares[t])} |`);
  L.push(
    "",
    `- Escalation out of L1: ${prop(fit.escalation.L1)}`,
    `- Escalation out of L2 to L3: ${prop(fit.escalation.L2)}`,
    `- Bounce-backs to L1 after reaching L2/L3: ${prop(fit.bounceBacks.toL1)}; moves down: ${Object.entries(fit.bounceBacks.moves)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(", ")}`,
    "",
  );

  L.push(`## Handle times`, "", `Measure: ${fit.service.description}.`, "");
  for (const t of TIERS) {
    const f = fit.service.byTier[t];
    if (f) L.push(...serviceSection(`${t}`, f));
  }
  for (const cat of fit.categories)
    for (const t of TIERS) {
      const f = cat.handle[t];
      if (f) L.push(...serviceSection(`${t}, category ${cat.name}`, f));
    }

  L.push("## Categories, priorities, channels", "");
  L.push("| category | tickets | share | L1 | L2 | L3 | escalation L1 |", "|---|---|---|---|---|---|---|");
  for (const cat of fit.categories)
    L.push(
      `| ${cat.name}${cat.pooled ? ` (${cat.pooled.length} pooled)` : ""} | ${n(cat.tickets)} | ${pct(cat.share)} | ${pct(cat.levels.shares.L1.share)} | ${pct(cat.levels.shares.L2.share)} | ${pct(cat.levels.shares.L3.share)} | ${prop(cat.escalation.L1)} |`,
    );
  L.push("");
  if (fit.priorities.length) L.push(`Priorities: ${fit.priorities.map((p) => `${p.name} ${pct(p.share)} (${n(p.tickets)})`).join(", ")}.`, "");
  if (fit.channels.length) L.push(`Channels: ${fit.channels.map((p) => `${p.name} ${pct(p.share)} (${n(p.tickets)})`).join(", ")}.`, "");

  L.push("## Waits and time to resolve", "");
  const waits = TIERS.filter((t) => fit.waits[t]);
  if (waits.length === 0) L.push("The log does not show queue waits.");
  for (const t of waits) L.push(`- Wait at ${t}: ${summary(fit.waits[t]!)}`);
  if (fit.resolveTime) L.push(`- Time to resolve (arrival to resolution or closure): ${summary(fit.resolveTime)}`);
  L.push("");

  L.push("## Patience and abandonment", "");
  const p = fit.patience;
  if (!p) L.push("The log shows no abandoned contacts with a time in queue: no patience estimate.");
  else
    L.push(
      `Mean patience **${dur(p.meanMinutes)}** (95% ${dur(p.ci95[0])}–${dur(p.ci95[1])}). Method: ${p.method}.`,
      `${n(p.abandons)} abandons among ${n(p.queued)} callers who queued, over ${n(Math.round(p.exposureMinutes))} minutes in queue. ` +
        `Abandonment among contacts reaching the queue: ${prop(p.abandonment)}. Left out: ${n(p.leftBeforeQueue)} hung up before joining the queue (IVR), ${n(p.phantom)} phantom.`,
    );
  L.push("");

  L.push("## Staffing", "");
  for (const t of TIERS) {
    const s = fit.staffing[t];
    const hc = fit.headCount[t];
    const peak = hc ? Math.max(...hc.meanAgents) : 0;
    L.push(`- ${t}: ${s.method}${s.agents !== undefined ? `, ${s.agents} agents` : ""}${s.schedule ? `, ${s.schedule.length} shifts` : ""}. ${s.note}.${hc ? ` Observed: ${hc.distinctAgents} distinct agents, peak mean head count ${peak.toFixed(1)}.` : ""}`);
  }
  L.push("");
  return L.join("\n");
}

function summary(s: TimeSummary): string {
  return `mean ${dur(s.mean)}, median ${dur(s.p50)}, p90 ${dur(s.p90)} (n ${n(s.n)})`;
}

function serviceSection(title: string, f: ServiceTimeFit): string[] {
  const rows = f.candidates.map((c) => {
    const params = Object.entries(c.params)
      .map(([k, v]) => `${k} ${v.toPrecision(4)} ± ${(c.standardErrors[k] ?? NaN).toPrecision(2)}`)
      .join(", ");
    return `| ${c.family}${c === f.chosen ? " **chosen**" : ""} | ${params} | ${dur(c.mean)} | ${dur(c.sd)} | ${c.aic.toFixed(1)} | ${(c.aic - f.chosen.aic).toFixed(1)} | ${c.ks.toFixed(4)} |`;
  });
  return [
    `### ${title}`,
    "",
    `n ${n(f.n)} (${n(f.excluded)} zero or invalid left out, ${n(f.censored)} unresolved left out); sample mean ${dur(f.sample.mean)}, sd ${dur(f.sample.sd)}, median ${dur(f.sample.p50)}, p90 ${dur(f.sample.p90)}. ` +
      `KS 5% critical value for a fully specified distribution: ${f.ksCritical95.toFixed(4)} (smaller with estimated parameters).`,
    "",
    "| family | parameters (± standard error; minutes) | mean | sd | AIC | ΔAIC | KS D |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ];
}
