/** Tickets logs (one row per ticket, e.g. a call-center log): each row becomes one TicketRecord. */
import type { Tier } from "../../model/types.js";
import { isBad, type BoundMapping, type Instant, type Row, type TierResolver, type TimeReader } from "../mapping/bind.js";
import type { Outcome, TimeRole } from "../mapping/types.js";
import type { LogRow } from "../source/rows.js";
import type { AgentHoursBuilder } from "./agentHours.js";
import type { FindingsLog } from "./findings.js";
import type { TicketRecord } from "./record.js";

export class TicketRowBuilder {
  private readonly times = new Map<TimeRole, TimeReader>();
  private readonly id?: (row: Row) => string | undefined;
  private readonly seen = new Set<string>();
  private readonly tierText: (row: Row) => string | undefined;
  private readonly category: (row: Row) => string | undefined;
  private readonly priority: (row: Row) => string | undefined;
  private readonly channel: (row: Row) => string | undefined;
  private readonly agent: (row: Row) => string | undefined;
  private readonly outcome?: (row: Row, rowNumber: number) => Outcome | undefined;
  /** Roles read from a time-of-day column on the arrival's date column: they roll over midnight. */
  private readonly rollsOver = new Set<TimeRole>();
  private readonly tiers: TierResolver;

  constructor(
    private readonly bound: BoundMapping,
    private readonly findings: FindingsLog,
    private readonly agentHours: AgentHoursBuilder,
  ) {
    const m = bound.mapping;
    for (const [role, spec] of Object.entries(m.times) as [TimeRole, NonNullable<(typeof m.times)[TimeRole]>][]) {
      this.times.set(role, bound.timeReader(spec));
      if (role !== "arrival" && spec.date !== undefined && spec.date === m.times.arrival?.date) this.rollsOver.add(role);
    }
    if (m.id) this.id = bound.idReader();
    this.tierText = bound.tierTextReader();
    this.tiers = bound.tierResolver();
    this.category = bound.valueReader(m.category);
    this.priority = bound.valueReader(m.priority);
    this.channel = bound.valueReader(m.channel);
    this.agent = bound.valueReader(m.agent);
    this.outcome = bound.outcomeReader();
  }

  /** The ticket of one row, or undefined if the row is skipped (and noted). */
  add({ row, values }: LogRow): TicketRecord | undefined {
    const m = this.bound.mapping;
    let id = String(row);
    if (this.id) {
      const v = this.id(values);
      if (v === undefined) {
        this.findings.note("missing-id", row, `no ticket id (column ${m.id!.map((c) => `"${c}"`).join(" + ")} is empty or missing)`, { skipped: true });
        return undefined;
      }
      if (this.seen.has(v)) {
        this.findings.note("duplicate-id", row, "ticket id already seen on an earlier row (the first row is kept)", { skipped: true, value: v });
        return undefined;
      }
      this.seen.add(v);
      id = v;
    }
    const arrivalRead = this.times.get("arrival")!(values, row);
    if (arrivalRead === undefined || isBad(arrivalRead)) {
      const spec = m.times.arrival!;
      const column = spec.column ?? `${spec.date}+${spec.time}`;
      if (isBad(arrivalRead)) this.findings.note("unparseable-date", row, `${arrivalRead.problem}; the row has no usable arrival time`, { skipped: true, value: arrivalRead.bad });
      else this.findings.note("missing-arrival", row, `no arrival time (column "${column}" is empty)`, { skipped: true });
      return undefined;
    }
    const arrival = arrivalRead;
    const t = (role: TimeRole): number | undefined => {
      const read = this.times.get(role)?.(values, row);
      if (read === undefined) return undefined;
      if (isBad(read)) {
        this.findings.note("unparseable-date", row, `${read.problem}; treated as missing`, { value: read.bad });
        return undefined;
      }
      return this.rollOver(role, read, arrival, row);
    };
    const queued = t("queued");
    const queueExit = t("queueExit");
    const answered = t("answered");
    const end = t("end");
    const resolved = t("resolved");
    const closed = t("closed");

    const tierText = this.tierText(values);
    const tier: Tier | undefined = this.tiers.resolve(tierText);
    if (m.tier && tier === undefined && tierText !== undefined)
      this.findings.note("unknown-tier", row, `tier value in column "${m.tier.column}" matches no rule of ${m.tier.field} and there is no default`, { value: tierText });

    let outcome: Outcome | undefined = this.outcome?.(values, row);
    if (outcome === undefined) outcome = resolved !== undefined || closed !== undefined || (!this.outcome && end !== undefined) ? "served" : "unresolved";

    // Desk arrival: when the log separates joining the agents' queue from first contact, that is the arrival.
    const hasQueueRole = m.times.queued !== undefined;
    // A served contact reached the desk even when its queue and answer times are missing.
    const deskArrival = hasQueueRole ? (queued ?? answered ?? (outcome === "served" ? arrival.utcMinute : undefined)) : arrival.utcMinute;
    const record: TicketRecord = {
      id,
      row,
      createdMinute: arrival.utcMinute,
      arrivalMinute: deskArrival ?? arrival.utcMinute,
      utcOffsetMinutes: arrival.offsetMinutes,
      reachedDesk: deskArrival !== undefined,
      outcome,
      tiers: tier ? [tier] : [],
      sojournMinutes: {},
      handleMinutes: {},
      waitMinutes: {},
      agents: [],
      reopened: false,
    };
    if (queued !== undefined) record.queuedMinute = queued;
    if (answered !== undefined) record.answeredMinute = answered;
    if (end !== undefined) record.endMinute = end;
    // A served contact with no separate resolution time (a call) is resolved when its service ends.
    const resolvedAt = resolved ?? (outcome === "served" && closed === undefined ? end : undefined);
    if (resolvedAt !== undefined) record.resolvedMinute = resolvedAt;
    if (closed !== undefined) record.closedMinute = closed;
    if (tier) {
      record.highestTier = tier;
      record.lastTier = tier;
      const done = resolved ?? closed ?? end;
      if (done !== undefined) record.sojournMinutes[tier] = this.duration(done - arrival.utcMinute, row, "time in the system");
      if (outcome === "served" && answered !== undefined && end !== undefined)
        record.handleMinutes[tier] = this.duration(end - answered, row, "service time (end before answer)");
      if (outcome === "served" && answered !== undefined && record.reachedDesk)
        record.waitMinutes[tier] = this.duration(answered - record.arrivalMinute, row, "wait (answered before queued)");
    }
    if (queued !== undefined) {
      // Exposure to abandonment: from joining the queue until answered, or until leaving it.
      const left = outcome === "served" ? answered : (queueExit ?? end);
      if (left !== undefined) record.queueMinutes = this.duration(left - queued, row, "time in queue");
    } else if (outcome === "served" && record.reachedDesk && hasQueueRole) record.queueMinutes = 0;
    const category = this.category(values);
    if (category !== undefined) record.category = category;
    const priority = this.priority(values);
    if (priority !== undefined) record.priority = priority;
    const channel = this.channel(values);
    if (channel !== undefined) record.channel = channel;
    const agent = this.agent(values);
    if (agent !== undefined) {
      record.agents.push(agent);
      if (tier && answered !== undefined && end !== undefined && end >= answered) {
        const offset = arrival.offsetMinutes;
        this.agentHours.markSpan(tier, agent, answered + offset, end + offset);
      }
    }
    return record;
  }

  /**
   * A time of day more than 12 hours earlier than the arrival's, on the arrival's date, is on the next day (a call
   * across midnight). Smaller gaps are clock glitches in the log and are left for the negative-duration check.
   */
  private rollOver(role: TimeRole, read: Instant, arrival: Instant, row: number): number {
    if (this.rollsOver.has(role) && read.utcMinute < arrival.utcMinute - 720) {
      this.findings.note("past-midnight", row, `time in ${this.bound.mapping.times[role]!.field} is earlier in the day than the arrival: taken as the next day`, {
        severity: "info",
      });
      return read.utcMinute + 1440;
    }
    return read.utcMinute;
  }

  /** Durations cannot be negative; a negative one is noted and counted as 0. */
  private duration(minutes: number, row: number, what: string): number {
    if (minutes >= 0) return minutes;
    this.findings.note("negative-duration", row, `negative ${what}; counted as 0`, { value: `${minutes.toFixed(2)} min` });
    return 0;
  }
}
