import type { CommandModule } from "yargs";
import { TIERS } from "../../model/types.js";
import { formatDuration } from "../../model/units.js";
import type { FitResult } from "../../data/fit/types.js";

interface FitArgs {
  log: string;
  map: string;
  out?: string;
  name?: string;
  strict?: boolean;
  json?: boolean;
}

const command: CommandModule<object, FitArgs> = {
  command: "fit <log>",
  describe: "Read a real ticket log through a column mapping and fit a scenario to it (arrivals, levels, handle times, patience, staffing)",
  builder: (y) =>
    y
      .positional("log", { type: "string", demandOption: true, describe: "Ticket log: CSV or TSV, optionally .gz; one row per ticket or per event" })
      .option("map", { alias: "m", type: "string", demandOption: true, describe: "Mapping YAML saying which columns mean what (see scenarios/mappings/)" })
      .option("out", { alias: "o", type: "string", describe: "Output folder (default: reports/fit-<mapping name>, or reports/fit-<name> with --name)" })
      .option("name", { type: "string", describe: "Name of the fitted scenario (default: fitted-<mapping name>)" })
      .option("strict", { type: "boolean", describe: "Any row that would be skipped (bad id, date, field count) is an error" })
      .option("json", { type: "boolean", describe: "Print fit.json on stdout and nothing else" })
      .example("$0 fit scenarios/data/bpic2013-incidents/incidents.csv.gz --map scenarios/mappings/bpic2013.yaml", "Fit the Volvo IT incident log")
      .example("$0 fit scenarios/data/anonymous-bank/january.txt.gz -m scenarios/mappings/anonymous-bank.yaml --name bank", "Fit a call center: arrivals, patience, observed head counts")
      .example("$0 fit export.csv -m my-mapping.yaml --strict --json > fit.json", "Fail on any bad row; machine-readable output") as never,
  handler: async (args) => {
    // The data modules (CSV parser, YAML, fitting, charts) are imported here, not at start-up, so `tiersim --help` stays instant.
    const { loadMapping } = await import("../../data/mapping/load.js");
    const { readTicketLog } = await import("../../data/read.js");
    const { fitTicketLog } = await import("../../data/fit/fitLog.js");
    const { jsonReplacer, writeFitOutput } = await import("../../data/output/writeFit.js");
    const mapping = await loadMapping(args.map);
    const name = args.name ?? `fitted-${mapping.name}`;
    const out = args.out ?? `reports/fit-${args.name ?? mapping.name}`;
    process.stderr.write(`reading ${args.log} with ${args.map}\n`);
    const log = await readTicketLog(args.log, mapping, {
      strict: args.strict,
      onProgress: (rows) => process.stderr.write(`  ${rows.toLocaleString("en-US")} rows\n`),
    });
    const fit = fitTicketLog(log, { name });
    const written = await writeFitOutput(fit, out, { charts: true });
    for (const w of written.chartWarnings ?? []) process.stderr.write(`${w}\n`);
    if (args.json) {
      process.stdout.write(JSON.stringify(fit, jsonReplacer, 2) + "\n");
      process.stderr.write(`written to ${out}/\n`);
      return;
    }
    const charts = written.files.some((f) => f.endsWith(".svg") || f.endsWith(".vl.json")) ? ", charts/" : "";
    process.stdout.write(fitSummaryText(fit) + `\nScenario, fit.json, fit.md${charts} written to ${out}/ (${written.files.length} files)\n`);
  },
};

export default command;

/** The readable summary `tiersim fit` prints. */
export function fitSummaryText(fit: FitResult): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const c = fit.counts;
  const L: string[] = [];
  L.push(
    `${fit.name}: ${n(c.rows)} rows, ${n(c.rowsSkipped)} skipped, ${n(c.tickets)} tickets (` +
      Object.entries(c.outcomes)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${n(v)} ${k}`)
        .join(", ") +
      ")",
  );
  if (fit.readFindings.length > 0) {
    L.push("", "Reading:");
    for (const f of fit.readFindings) L.push(`  ${f.severity}: ${f.message}`);
  }
  L.push("", "Data quality:");
  for (const f of fit.findings) L.push(`  ${f.severity}: ${f.message}`);
  const w = fit.window.window;
  const a = fit.arrivals;
  L.push(
    "",
    `Window used: ${w.from}..${w.to} (${w.days} days, ${n(fit.ticketsInWindow)} arrivals)`,
    `Arrivals: ${a.ratePerHour.toFixed(2)}/h on average; busiest hour x${Math.max(...a.hourOfDay).toFixed(2)}, busiest day x${Math.max(...a.dayOfWeek).toFixed(2)}; profile error ${pct(a.quality.relativeAbsoluteError)}`,
  );
  if (fit.levels.tickets > 0)
    L.push(
      `Highest tier reached: ` +
        TIERS.map((t) => `${t} ${pct(fit.levels.shares[t].share)} (${n(fit.levels.shares[t].successes)})`).join(", ") +
        `; escalation L1 ${pct(fit.escalation.L1.share)}, bounce-backs ${Number.isFinite(fit.bounceBacks.toL1.share) ? pct(fit.bounceBacks.toL1.share) : "n/a"}`,
    );
  L.push(`Handle times (${fit.service.description}):`);
  for (const t of TIERS) {
    const f = fit.service.byTier[t];
    if (!f) continue;
    L.push(`  ${t}: ${f.chosen.family}, mean ${formatDuration(f.chosen.mean)}, sd ${formatDuration(f.chosen.sd)} (n ${n(f.n)}, KS ${f.chosen.ks.toFixed(3)}; AIC order ${f.candidates.map((x) => x.family).join(" < ")})`);
  }
  for (const t of TIERS) {
    const wt = fit.waits[t];
    if (wt) L.push(`Wait at ${t}: mean ${formatDuration(wt.mean)}, p90 ${formatDuration(wt.p90)} (n ${n(wt.n)})`);
  }
  if (fit.resolveTime) L.push(`Time to resolve: mean ${formatDuration(fit.resolveTime.mean)}, median ${formatDuration(fit.resolveTime.p50)}`);
  if (fit.patience)
    L.push(
      `Patience: mean ${formatDuration(fit.patience.meanMinutes)} (95% ${formatDuration(fit.patience.ci95[0])}-${formatDuration(fit.patience.ci95[1])}); abandonment ${pct(fit.patience.abandonment.share)} of callers reaching the queue`,
    );
  for (const t of TIERS) {
    const s = fit.staffing[t];
    if (s.method !== "none") L.push(`Staffing ${t}: ${s.method}${s.agents !== undefined ? `, ${s.agents} agents` : `, ${s.schedule?.length ?? 0} shifts`}`);
  }
  return L.join("\n");
}
