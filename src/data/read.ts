/**
 * readTicketLog: stream a ticket log (CSV/TSV, optionally gzip) through a mapping into one record per ticket,
 * with counts and data-quality findings.
 */
import { InputError } from "../errors.js";
import { TIERS } from "../model/types.js";
import { BoundMapping } from "./mapping/bind.js";
import type { Mapping } from "./mapping/types.js";
import { OUTCOMES } from "./mapping/types.js";
import { inspectLog, readRows, type LogFile } from "./source/rows.js";
import { AgentHoursBuilder } from "./tickets/agentHours.js";
import { FindingsLog } from "./tickets/findings.js";
import { EventTicketBuilder, NotGroupedError } from "./tickets/fromEvents.js";
import { TicketRowBuilder } from "./tickets/fromRows.js";
import type { LogCounts, LogMeasures, TicketLog, TicketRecord } from "./tickets/record.js";

export interface ReadOptions {
  /** Any row that would be skipped is an InputError naming it (default: the mapping's `strict`, else false). */
  strict?: boolean;
  /** Called every 50,000 rows with the number read so far (progress for long logs). */
  onProgress?: (rows: number) => void;
}

const PROGRESS_EVERY = 50_000;

export async function readTicketLog(logPath: string, mapping: Mapping, options: ReadOptions = {}): Promise<TicketLog> {
  const strict = options.strict ?? mapping.strict;
  const log = await inspectLog(logPath, mapping.delimiter);
  const findings = new FindingsLog(logPath, strict);
  const bound = new BoundMapping(mapping, log, findings);

  let pass = await readPass(log, bound, findings, mapping.shape === "events", options);
  if (pass instanceof NotGroupedError) {
    // The rows of a ticket are spread over the file: read again keeping every ticket open until the end.
    const reappearsAt = pass.row;
    findings.clear();
    pass = (await readPass(log, bound, findings, false, options)) as PassResult;
    findings.note(
      "not-grouped",
      reappearsAt,
      "the log is not grouped by ticket (a ticket's rows are spread over the file); it was read keeping every ticket open, which needs more memory",
      { severity: "info" },
    );
  }
  const { tickets, rows, rowsUsed, agentHours } = pass as PassResult;
  if (tickets.length === 0) {
    const why = findings.list().slice(0, 5).map((f) => `  ${f.message}`);
    throw new InputError([`${logPath}: no ticket could be read with the mapping ${mapping.path ?? mapping.name} (${rows} data rows)`, ...why]);
  }
  for (const t of tickets) {
    if (t.outcome === "unresolved")
      findings.note("no-resolution", t.row, "ticket with no resolution (no resolved or closed time, no resolving status) by the end of the log", {
        unit: "ticket",
      });
  }
  // Stable sort: tickets arriving in the same minute keep file order.
  tickets.sort((a, b) => a.arrivalMinute - b.arrivalMinute);
  return {
    source: {
      path: logPath,
      mapping: mapping.path ?? mapping.name,
      shape: mapping.shape,
      delimiter: log.delimiter,
      compressed: log.compressed,
      columns: log.columns,
    },
    mapping,
    tickets,
    counts: countTickets(tickets, rows, findings.skippedRows, rowsUsed),
    findings: findings.list(),
    measures: measuresOf(mapping, tickets),
    agentHours: agentHours.hours,
  };
}

interface PassResult {
  tickets: TicketRecord[];
  rows: number;
  rowsUsed: number;
  agentHours: AgentHoursBuilder;
}

async function readPass(
  log: LogFile,
  bound: BoundMapping,
  findings: FindingsLog,
  grouped: boolean,
  options: ReadOptions,
): Promise<PassResult | NotGroupedError> {
  const agentHours = new AgentHoursBuilder();
  let rows = 0;
  const onBadRow = (p: { row: number; message: string }) => {
    rows++;
    findings.note("bad-row", p.row, p.message, { skipped: true });
  };
  const progress = (n: number) => {
    if (options.onProgress && n % PROGRESS_EVERY === 0) options.onProgress(n);
  };
  if (bound.mapping.shape === "tickets") {
    const builder = new TicketRowBuilder(bound, findings, agentHours);
    const tickets: TicketRecord[] = [];
    for await (const row of readRows(log, onBadRow)) {
      progress(++rows);
      const t = builder.add(row);
      if (t) tickets.push(t);
    }
    return { tickets, rows, rowsUsed: tickets.length, agentHours };
  }
  const builder = new EventTicketBuilder(bound, findings, agentHours, grouped);
  try {
    for await (const row of readRows(log, onBadRow)) {
      progress(++rows);
      builder.add(row);
    }
  } catch (error) {
    if (error instanceof NotGroupedError) return error;
    throw error;
  }
  return { tickets: builder.end(), rows, rowsUsed: builder.rowsUsed, agentHours };
}

function countTickets(tickets: TicketRecord[], rows: number, rowsSkipped: number, rowsUsed: number): LogCounts {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as LogCounts["outcomes"];
  const highestTier = { L1: 0, L2: 0, L3: 0, none: 0 } as LogCounts["highestTier"];
  for (const t of tickets) {
    outcomes[t.outcome]++;
    highestTier[t.highestTier ?? "none"]++;
  }
  return { rows, rowsSkipped, rowsUsed, tickets: tickets.length, outcomes, highestTier };
}

function measuresOf(mapping: Mapping, tickets: TicketRecord[]): LogMeasures {
  const serviceTimes = mapping.times.answered !== undefined && mapping.times.end !== undefined;
  const handle = mapping.shape === "tickets" ? (serviceTimes ? "service" : "none") : mapping.status?.lists.working ? "working" : "none";
  const tiersSeen = new Set(tickets.map((t) => t.highestTier).filter((t) => t !== undefined));
  return {
    handle,
    wait: tickets.some((t) => Object.keys(t.waitMinutes).length > 0),
    patience: tickets.some((t) => t.outcome === "abandoned" && t.queueMinutes !== undefined),
    agents: tickets.some((t) => t.agents.length > 0),
    tiers: mapping.tier !== undefined && mapping.tier.fixed === undefined && tiersSeen.size > 0 && TIERS.length > 0,
  };
}
