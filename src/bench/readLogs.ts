/**
 * Reading speed of the three real logs of scenarios/data through readTicketLog (gunzip, CSV parsing, mapping, ticket
 * building), each whole. Prints rows, tickets, seconds, rows per second and the heap in use after reading.
 * Not a test: nothing asserts; the one budget (the UCI log, 141,712 rows, read in under 10 s) is printed beside it.
 *
 *   node dist/bench/readLogs.js            all three
 *   node dist/bench/readLogs.js uci bank   some of them (bank, bpic, uci)
 */
import { cpus, availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { loadMapping } from "../data/mapping/load.js";
import { readTicketLog } from "../data/read.js";

interface LogBench {
  key: string;
  name: string;
  log: string;
  mapping: string;
  /** Seconds the whole log should read in on a small machine, where there is a budget. */
  budgetSeconds?: number;
}

const root = fileURLToPath(new URL("../../", import.meta.url));
const LOGS: LogBench[] = [
  { key: "bank", name: "Anonymous Bank, January 1999", log: "scenarios/data/anonymous-bank/january.txt.gz", mapping: "scenarios/mappings/anonymous-bank.yaml" },
  { key: "bpic", name: "BPIC 2013 (Volvo IT incidents)", log: "scenarios/data/bpic2013-incidents/incidents.csv.gz", mapping: "scenarios/mappings/bpic2013.yaml" },
  { key: "uci", name: "UCI 498 (ServiceNow incidents)", log: "scenarios/data/uci-incidents/incident_event_log.csv.gz", mapping: "scenarios/mappings/uci-servicenow.yaml", budgetSeconds: 10 },
];

const fmt = (x: number, digits = 0) => x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const unknown = only.filter((k) => !LOGS.some((l) => l.key === k));
  if (unknown.length > 0) {
    process.stderr.write(`readLogs: unknown log ${unknown.join(", ")}; expected some of ${LOGS.map((l) => l.key).join(", ")}\n`);
    process.exitCode = 2;
    return;
  }
  console.log(`readTicketLog on the real logs: ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, Node ${process.version}`);
  for (const b of LOGS.filter((l) => only.length === 0 || only.includes(l.key))) {
    const mapping = await loadMapping(root + b.mapping);
    const started = process.hrtime.bigint();
    const log = await readTicketLog(root + b.log, mapping);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const heapMB = process.memoryUsage().heapUsed / 1048576;
    const c = log.counts;
    const budget = b.budgetSeconds === undefined ? "" : `   budget ${b.budgetSeconds} s: ${seconds < b.budgetSeconds ? "within" : "OVER"}`;
    console.log(
      `\n${b.name} (${b.log})\n` +
        `  ${fmt(c.rows)} rows (${fmt(c.rowsSkipped)} skipped) -> ${fmt(c.tickets)} tickets in ${fmt(seconds, 2)} s: ` +
        `${fmt(c.rows / seconds)} rows/s, ${fmt(c.tickets / seconds)} tickets/s; heap ${fmt(heapMB)} MB${budget}`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`readLogs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
