/**
 * The fitted scenario, written as YAML text with a comment on where each number came from.
 * The shape is the scenario format of tiersim (see scenarios/*.yaml): run, arrivals, priorities, channels,
 * categories, handleTime, tiers.
 */
import { TIERS, type Tier } from "../../model/types.js";
import { formatDuration } from "../../model/units.js";
import type { FitResult, ServiceTimeFit } from "../fit/types.js";
import { distribution, list, num, roundShares, scalar, withComment } from "./yamlText.js";

/** Handle time written for a tier no ticket reaches (a single-stage desk's L2 and L3): it is never drawn. */
const NOMINAL_HANDLE = "{ dist: exp, mean: 30m }";
const PLACEHOLDER_COST: Record<Tier, number> = { L1: 30, L2: 45, L3: 70 };

export function scenarioYaml(fit: FitResult): string {
  const w = fit.window.window;
  const out: string[] = [];
  const callCenter = fit.patience !== undefined;
  out.push(
    `# Fitted by \`tiersim fit\` (tiersim ${fit.tiersimVersion}) from ${fit.source.path}`,
    `# with the mapping ${fit.source.mapping}. fit.md beside this file has the estimates with their intervals,`,
    `# the distribution comparisons and the data-quality findings; fit.json has everything in machine form.`,
    `# Window used for every figure below: ${w.from}..${w.to} (${w.days} days, ${fit.ticketsInWindow.toLocaleString("en-US")} arrivals).`,
  );
  for (const f of fit.findings.filter((f) => f.severity === "warning")) out.push(...wrapComment(`WARNING: ${f.message}`));
  out.push(
    `name: ${scalar(fit.name)}`,
    `description: ${JSON.stringify(`Fitted from ${fit.source.path} (${w.from}..${w.to}); ${fit.service.measure} times per tier`)}`,
    "seed: 1",
    "structure: tiered",
    withComment(
      `run: { horizon: 28d, warmup: 2d, replications: 10, start: "Mon 00:00", serviceLevelTarget: ${callCenter ? "20s" : "20m"} }`,
      "conventions, not from the log",
      0,
    ),
    "",
  );

  const a = fit.arrivals;
  out.push(
    `arrivals:                                   # Poisson maximum likelihood on the window's ${a.arrivals.toLocaleString("en-US")} arrivals by hour of week`,
    withComment(`  rate: ${num(a.ratePerHour)}/h`, "mean rate over the week; rate at time t = rate x hourOfDay[h] x dayOfWeek[d]"),
    `  # hour-of-day multipliers (mean 1), 00:00-01:00 first; the separable fit misses the 168 observed counts by ${(100 * a.quality.relativeAbsoluteError).toFixed(1)}%`,
    `  hourOfDay: ${list(a.hourOfDay)}`,
    `  # day-of-week multipliers (mean 1), Monday first${a.unobservedDays.length ? "; days absent from the window borrowed from the usual weekday shares" : ""}`,
    `  dayOfWeek: ${list(a.dayOfWeek)}`,
    "",
  );

  const priorities = fit.priorities.length > 0 ? fit.priorities : [{ name: "normal", tickets: fit.ticketsInWindow, share: 1 }];
  out.push(withComment("priorities:", fit.priorities.length > 0 ? "shares of the window's tickets (no SLA in the log)" : "the log has no priority: one class", 0));
  const prioShares = roundShares(priorities.map((p) => p.share));
  priorities.forEach((p, i) => out.push(withComment(`  ${scalar(p.name)}: { share: ${num(prioShares[i]!)} }`, `${p.tickets.toLocaleString("en-US")} tickets`)));
  out.push("");

  if (fit.channels.length > 0) {
    const pat = fit.patience;
    out.push(
      withComment(
        "channels:",
        pat ? "shares of the window's tickets; patience where the log shows abandonment" : "shares of the window's tickets; no abandonment in the log, so no patience (asynchronous)",
        0,
      ),
    );
    const chShares = roundShares(fit.channels.map((c) => c.share));
    fit.channels.forEach((c, i) => {
      const patience = pat ? `, patience: { dist: exp, mean: ${formatDuration(pat.meanMinutes)} }` : "";
      out.push(`  ${scalar(c.name)}: { share: ${num(chShares[i]!)}${patience} }`);
    });
    if (pat)
      out.push(
        `  # patience: ${pat.method}; ${pat.abandons.toLocaleString("en-US")} abandons over ${Math.round(pat.exposureMinutes).toLocaleString("en-US")} minutes in queue of ${pat.queued.toLocaleString("en-US")} callers,`,
        `  # 95% interval ${formatDuration(pat.ci95[0])}..${formatDuration(pat.ci95[1])}; abandonment ${(100 * pat.abandonment.share).toFixed(1)}% of callers reaching the queue`,
      );
    out.push("");
  }

  out.push(withComment("categories:", "shares of the window's tickets; level = highest tier reached", 0));
  const catShares = roundShares(fit.categories.map((c) => c.share));
  fit.categories.forEach((c, i) => {
    const pooled = c.pooled ? ` (pools ${c.pooled.length} smaller categories)` : "";
    out.push(`  ${scalar(c.name)}:`, withComment(`    share: ${num(catShares[i]!)}`, `${c.tickets.toLocaleString("en-US")} tickets${pooled}`));
    const lv = c.levels.tickets > 0 ? roundShares(TIERS.map((t) => c.levels.shares[t].share)) : [1, 0, 0];
    out.push(
      withComment(
        `    level: { L1: ${num(lv[0]!)}, L2: ${num(lv[1]!)}, L3: ${num(lv[2]!)} }`,
        c.levels.tickets > 0 ? `${c.levels.tickets.toLocaleString("en-US")} tickets with a tier` : "no tier in the log",
      ),
    );
    const own = TIERS.filter((t) => c.handle[t]);
    if (own.length > 0) {
      out.push(`    handleTime:                             # own fits (at least 200 observations)`);
      for (const t of own) out.push(withComment(`      ${t}: ${distribution(c.handle[t]!.chosen.spec)}`, fitComment(c.handle[t]!), 0));
    }
  });
  out.push("");

  out.push(withComment("handleTime:", `default per tier: ${fit.service.description}`, 0));
  for (const t of TIERS) {
    const f = fit.service.byTier[t];
    out.push(f ? withComment(`  ${t}: ${distribution(f.chosen.spec)}`, fitComment(f), 0) : withComment(`  ${t}: ${NOMINAL_HANDLE}`, `nominal: fewer than 2 ${t} times in the window to fit (never drawn when no level share reaches ${t})`, 0));
  }
  out.push("");

  out.push("tiers:");
  for (const t of TIERS) {
    const s = fit.staffing[t];
    const cost = `costPerHour: ${PLACEHOLDER_COST[t]}`;
    if (s.method === "observed" && s.schedule) {
      out.push(
        `  ${t}:`,
        withComment("    shrinkage: 0", "the observed head counts are agents actually serving: no shrinkage on top"),
        withComment(`    ${cost}`, "placeholder: costs are not in the log"),
        `    schedule:                               # ${s.note}`,
      );
      for (const shift of s.schedule)
        out.push(`      - { name: ${JSON.stringify(shift.name)}, days: ${shift.days}, start: "${shift.start}", end: "${shift.end}", agents: ${shift.agents} }`);
    } else {
      out.push(withComment(`  ${t}: { agents: ${s.agents ?? 0}, shrinkage: 0, ${cost} }`, `${s.note}; cost is a placeholder`, 0));
    }
  }
  out.push("");
  out.push(
    "# Measured but not part of the scenario shape above (see fit.md):",
    `#   escalation L1 -> higher: ${pctCi(fit.escalation.L1)}; L2 -> L3: ${pctCi(fit.escalation.L2)}`,
    `#   bounce-backs: ${pctCi(fit.bounceBacks.toL1)} of tickets that reached L2/L3 came back down to L1 (the simulator's wrong escalations)`,
  );
  return out.join("\n") + "\n";
}

function fitComment(f: ServiceTimeFit): string {
  if (f.candidates.length === 1) return `exponential: only ${f.n} observations, too few to compare families; sample mean ${formatDuration(f.sample.mean)}`;
  const second = f.candidates[1];
  const delta = second ? `, next ${second.family} +${(second.aic - f.chosen.aic).toFixed(0)} AIC` : "";
  return `${f.chosen.family} by AIC of 4 families${delta}; KS D ${f.chosen.ks.toFixed(3)}; n ${f.n.toLocaleString("en-US")}; sample mean ${formatDuration(f.sample.mean)}`;
}

function pctCi(p: { share: number; ci95: [number, number]; successes: number; trials: number }): string {
  if (!(p.trials > 0)) return "n/a (no tickets)";
  return `${(100 * p.share).toFixed(1)}% (95% CI ${(100 * p.ci95[0]).toFixed(1)}-${(100 * p.ci95[1]).toFixed(1)}%, ${p.successes}/${p.trials})`;
}

function wrapComment(text: string, width = 116): string[] {
  const lines: string[] = [];
  let line = "#";
  for (const word of text.split(/\s+/)) {
    if (line.length + word.length + 1 > width) {
      lines.push(line);
      line = "#  ";
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}
