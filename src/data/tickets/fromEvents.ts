/**
 * Events logs (one row per status change or audit update): rows are grouped into tickets by id, put in order
 * (by the mapping's order column, else by time), and summarized into one TicketRecord each.
 * A grouped file (each ticket's rows together) needs only the current ticket in memory; when a ticket turns up
 * again after others, the reader starts over keeping every ticket open (see NotGroupedError).
 */
import type { Tier } from "../../model/types.js";
import { isBad, type BoundMapping, type Instant, type Row, type TierResolver, type TimeReader } from "../mapping/bind.js";
import type { StatusKind, TimeRole } from "../mapping/types.js";
import type { LogRow } from "../source/rows.js";
import type { AgentHoursBuilder } from "./agentHours.js";
import type { FindingsLog } from "./findings.js";
import type { TicketRecord } from "./record.js";

interface PendingEvent {
  row: number;
  key: number;
  utc: number;
  offset: number;
  tierText?: string;
  kind: StatusKind;
  status?: string;
  agent?: string;
}

interface PendingTicket {
  id: string;
  firstRow: number;
  events: PendingEvent[];
  maxKey: number;
  unordered: boolean;
  times: Partial<Record<TimeRole, Instant>>;
  category?: string;
  priority?: string;
  channel?: string;
}

/** Thrown in grouped mode when a ticket's rows are not contiguous. */
export class NotGroupedError extends Error {
  constructor(
    readonly id: string,
    readonly row: number,
  ) {
    super(`ticket ${id} reappears on row ${row}`);
  }
}

const ENDED: ReadonlySet<StatusKind> = new Set(["resolved", "closed", "cancelled"]);

export class EventTicketBuilder {
  private readonly eventTime: TimeReader;
  private readonly order?: (row: Row) => number | undefined;
  private readonly times = new Map<TimeRole, TimeReader>();
  private readonly id: (row: Row) => string | undefined;
  private readonly tierText: (row: Row) => string | undefined;
  private readonly status: (row: Row) => { kind: StatusKind; text?: string };
  private readonly category: (row: Row) => string | undefined;
  private readonly priority: (row: Row) => string | undefined;
  private readonly channel: (row: Row) => string | undefined;
  private readonly agent: (row: Row) => string | undefined;
  private readonly tiers: TierResolver;
  private readonly open = new Map<string, PendingTicket>();
  private readonly finished = new Set<string>();
  private current: PendingTicket | undefined;
  readonly tickets: TicketRecord[] = [];
  rowsUsed = 0;

  constructor(
    private readonly bound: BoundMapping,
    private readonly findings: FindingsLog,
    private readonly agentHours: AgentHoursBuilder,
    private readonly grouped: boolean,
  ) {
    const m = bound.mapping;
    this.eventTime = bound.timeReader(m.event!);
    this.order = bound.orderReader();
    for (const [role, spec] of Object.entries(m.times) as [TimeRole, NonNullable<(typeof m.times)[TimeRole]>][])
      this.times.set(role, bound.timeReader(spec));
    this.id = bound.idReader();
    this.tierText = bound.tierTextReader();
    this.status = bound.statusReader();
    this.category = bound.valueReader(m.category);
    this.priority = bound.valueReader(m.priority);
    this.channel = bound.valueReader(m.channel);
    this.agent = bound.valueReader(m.agent);
    this.tiers = bound.tierResolver();
  }

  add({ row, values }: LogRow): void {
    const m = this.bound.mapping;
    const id = this.id(values);
    if (id === undefined) {
      this.findings.note("missing-id", row, `no ticket id (column ${m.id!.map((c) => `"${c}"`).join(" + ")} is empty or missing)`, { skipped: true });
      return;
    }
    const time = this.eventTime(values, row);
    if (time === undefined || isBad(time)) {
      if (isBad(time)) this.findings.note("unparseable-date", row, `${time.problem}; the event has no usable time`, { skipped: true, value: time.bad });
      else this.findings.note("missing-event-time", row, `no event time (${m.event!.field} is empty)`, { skipped: true });
      return;
    }
    let key = time.utcMinute;
    if (this.order) {
      const k = this.order(values);
      if (k === undefined) {
        this.findings.note("bad-order", row, `column "${m.order}" (order) is not a number`, { skipped: true, value: values[this.bound.index(m.order!)] ?? "" });
        return;
      }
      key = k;
    }
    const ticket = this.ticketFor(id, row);
    if (key < ticket.maxKey) {
      ticket.unordered = true;
      this.findings.note(
        "out-of-order",
        row,
        `event out of order: it comes after a later event of the same ticket (by ${m.order ? `column "${m.order}"` : "event time"}); events were put back in order`,
      );
    }
    ticket.maxKey = Math.max(ticket.maxKey, key);
    const status = this.status(values);
    const event: PendingEvent = { row, key, utc: time.utcMinute, offset: time.offsetMinutes, kind: status.kind };
    const tierText = this.tierText(values);
    if (tierText !== undefined) event.tierText = tierText;
    if (status.text !== undefined) event.status = status.text;
    const agent = this.agent(values);
    if (agent !== undefined) event.agent = agent;
    ticket.events.push(event);
    for (const [role, read] of this.times) {
      const t = read(values, row);
      if (isBad(t)) this.findings.note("unparseable-date", row, `${t.problem}; treated as missing`, { value: t.bad });
      else if (t !== undefined) ticket.times[role] = t;
    }
    // The last value seen wins: a ticket's category or priority can be corrected while it is worked.
    const category = this.category(values);
    if (category !== undefined) ticket.category = category;
    const priority = this.priority(values);
    if (priority !== undefined) ticket.priority = priority;
    const channel = this.channel(values);
    if (channel !== undefined) ticket.channel = channel;
    this.rowsUsed++;
  }

  private ticketFor(id: string, row: number): PendingTicket {
    if (this.grouped) {
      if (this.current?.id === id) return this.current;
      if (this.current) this.finish(this.current);
      if (this.finished.has(id)) throw new NotGroupedError(id, row);
      this.current = newTicket(id, row);
      return this.current;
    }
    let t = this.open.get(id);
    if (!t) this.open.set(id, (t = newTicket(id, row)));
    return t;
  }

  /** Summarize the tickets still open; returns every ticket read. */
  end(): TicketRecord[] {
    if (this.current) this.finish(this.current);
    this.current = undefined;
    for (const t of this.open.values()) this.finish(t);
    this.open.clear();
    return this.tickets;
  }

  private finish(p: PendingTicket): void {
    this.finished.add(p.id);
    const m = this.bound.mapping;
    const events = p.events;
    if (p.unordered) events.sort((a, b) => a.key - b.key); // stable: rows with equal keys keep file order
    this.tiers.reset();
    const sojourn: Partial<Record<Tier, number>> = {};
    const handle: Partial<Record<Tier, number>> = {};
    const wait: Partial<Record<Tier, number>> = {};
    const sequence: Tier[] = [];
    const agents = new Set<string>();
    let current: Tier | undefined;
    let firstWorking: number | undefined;
    let lastActive = -1;
    events.forEach((e, i) => {
      if (!ENDED.has(e.kind)) lastActive = i;
    });
    let ended = false;
    let reopened = false;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const tier = this.tiers.resolve(e.tierText);
      if (tier === undefined && e.tierText !== undefined && m.tier)
        this.findings.note("unknown-tier", e.row, `tier value in column "${m.tier.column}" matches no rule of ${m.tier.field} and there is no default`, {
          value: e.tierText,
        });
      if (tier) current = tier;
      if (current && sequence[sequence.length - 1] !== current) sequence.push(current);
      if (e.kind === "resolved" || e.kind === "closed") ended = true;
      else if (ended && (e.kind === "working" || e.kind === "queued")) reopened = true;
      if (e.kind === "working" && firstWorking === undefined) firstWorking = e.utc;
      if (e.agent !== undefined) {
        agents.add(e.agent);
        if (current) this.agentHours.mark(current, e.agent, e.utc + e.offset);
      }
      const next = events[i + 1];
      if (!next) break;
      let dt = next.utc - e.utc;
      if (dt < 0) {
        this.findings.note("time-backwards", next.row, `event time earlier than the previous event's${m.order ? ` (in "${m.order}" order)` : ""}; the interval counts as 0`);
        dt = 0;
      }
      if (current && !ENDED.has(e.kind)) {
        sojourn[current] = (sojourn[current] ?? 0) + dt;
        if (e.kind === "working") handle[current] = (handle[current] ?? 0) + dt;
        if (e.kind === "queued") wait[current] = (wait[current] ?? 0) + dt;
      }
    }
    let resolvedAt: number | undefined;
    let closedAt: number | undefined;
    let cancelled = false;
    for (let i = lastActive + 1; i < events.length; i++) {
      const e = events[i]!;
      if (e.kind === "resolved") resolvedAt ??= e.utc;
      else if (e.kind === "closed") closedAt = e.utc;
      else if (e.kind === "cancelled") cancelled = true;
    }
    const first = events[0]!;
    const last = events[events.length - 1]!;
    const created = p.times.arrival ?? { utcMinute: first.utc, offsetMinutes: first.offset };
    const resolved = p.times.resolved?.utcMinute ?? resolvedAt;
    const closed = p.times.closed?.utcMinute ?? closedAt;
    const record: TicketRecord = {
      id: p.id,
      row: p.firstRow,
      createdMinute: created.utcMinute,
      arrivalMinute: created.utcMinute,
      utcOffsetMinutes: created.offsetMinutes,
      reachedDesk: true,
      endMinute: last.utc,
      outcome: cancelled ? "cancelled" : resolved !== undefined || closed !== undefined ? "served" : "unresolved",
      tiers: sequence,
      sojournMinutes: sojourn,
      handleMinutes: m.status?.lists.working ? handle : {},
      waitMinutes: m.status?.lists.queued ? wait : {},
      agents: [...agents],
      reopened,
    };
    const answered = p.times.answered?.utcMinute ?? firstWorking;
    if (answered !== undefined) record.answeredMinute = answered;
    if (p.times.queued) record.queuedMinute = p.times.queued.utcMinute;
    if (resolved !== undefined) record.resolvedMinute = resolved;
    if (closed !== undefined) record.closedMinute = closed;
    if (sequence.length > 0) {
      record.highestTier = sequence.reduce((a, b) => (b > a ? b : a));
      record.lastTier = sequence[sequence.length - 1];
    }
    if (last.status !== undefined) record.status = last.status;
    if (p.category !== undefined) record.category = p.category;
    if (p.priority !== undefined) record.priority = p.priority;
    if (p.channel !== undefined) record.channel = p.channel;
    this.tickets.push(record);
  }
}

function newTicket(id: string, row: number): PendingTicket {
  return { id, firstRow: row, events: [], maxKey: -Infinity, unordered: false, times: {} };
}
