/**
 * A ticket log as a replay trace: real arrival times in minutes from a start at local midnight, with each ticket's
 * record alongside (category, priority, channel, highest tier = level, handle times per tier).
 */
import { dayNumber, dayOfWeek, formatDay, parseDay } from "../time/calendar.js";
import type { TicketLog, TicketRecord } from "./record.js";

export interface TicketTrace {
  /** Local date (desk clock) the trace starts on, at 00:00. */
  startDate: string;
  /** Minutes from Monday 00:00 at which the trace starts (a scenario's run.start). */
  startMinuteOfWeek: number;
  /** Arrival of each ticket in minutes from the start, ascending. */
  arrivalMinutes: Float64Array;
  /** The tickets in the same order. */
  tickets: TicketRecord[];
}

export interface TraceOptions {
  /** First and last local date to include ("2016-03-01"); default the whole log. */
  from?: string;
  to?: string;
}

/** Tickets that reached the desk (phantoms and IVR hang-ups left out), by arrival. */
export function ticketTrace(log: TicketLog, options: TraceOptions = {}): TicketTrace {
  const fromDay = options.from !== undefined ? parseDay(options.from) : undefined;
  const toDay = options.to !== undefined ? parseDay(options.to) : undefined;
  const local = (t: TicketRecord) => t.arrivalMinute + t.utcOffsetMinutes;
  const tickets = log.tickets.filter((t) => {
    if (!t.reachedDesk || t.outcome === "phantom") return false;
    const d = dayNumber(local(t));
    return (fromDay === undefined || d >= fromDay) && (toDay === undefined || d <= toDay);
  });
  if (tickets.length === 0) throw new Error("no ticket in the requested range");
  const startDay = fromDay ?? dayNumber(local(tickets[0]!));
  const start = startDay * 1440;
  const arrivalMinutes = Float64Array.from(tickets, (t) => local(t) - start);
  return { startDate: formatDay(startDay), startMinuteOfWeek: dayOfWeek(startDay) * 1440, arrivalMinutes, tickets };
}
