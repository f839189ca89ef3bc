import { EventCalendar } from "../engine/calendar.js";
import { randomStream } from "../engine/random.js";
import { LogHistogram, type SerializedHistogram } from "../stats/logHistogram.js";
import { RunError } from "../errors.js";
import { ArrivalProcess } from "./arrivals.js";
import { rosteredAgentMinutes, StaffingSteps } from "./staffing.js";
import { TicketDrawer } from "./ticketDraw.js";
import { Plan, TicketFlag, TicketState, TicketStore } from "./ticketStore.js";
import { TIERS, type Scenario } from "./types.js";
import { TimeSeriesRecorder, type TimeSeries } from "./timeseries.js";
import { DOUBLE_ZERO } from "../engine/layout.js";

/** A handler of an event taken from the calendar, with its two payloads. */
type EventHandler = (this: Desk, a: number, b: number) => void;

const enum Ev {
  Arrival = 0,
  ServiceEnd = 1,
  Abandon = 2,
  StaffChange = 3,
  Reopen = 4,
  Tick = 5,
  WarmupEnd = 6,
  Publish = 7,
  Expire = 8,
  Fix = 9,
  End = 10,
}

/**
 * Events per call of handleEvents, which returns now and then so that code the compiler optimizes mid-run takes over
 * at the next batch: a single long loop would keep running its first, on-stack-replaced version.
 */
const BATCH = 4096;
/** The percentiles of waits and resolve times a replication reports (metric names end .p50 .p90 .p95 .p99). */
const REPORTED_QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;

/** One row of `tickets.csv`: a ticket's whole life, recorded only with `--tickets`. */
export interface TicketRow {
  replication: number;
  id: number;
  arrivalMinute: number;
  category: string;
  priority: string;
  channel: string;
  level: string;
  problem: number;
  outcome: "resolved" | "abandoned" | "in-system";
  resolvedBy: string;
  endMinute: number;
  waitMinutes: number[];
  fcr: boolean;
  escalated: boolean;
  reopened: boolean;
  bouncedBack: boolean;
  articleUsed: boolean;
}

export interface ReplicationResult {
  replication: number;
  /** Figures of this replication, keyed as in DESIGN.md ("wait.L1.mean", "fcr", ...). NaN where undefined. */
  metrics: Record<string, number>;
  /** Quantile sketches of this replication, for pooled distributions and charts ("wait.L1", "resolveTime"). */
  histograms: Record<string, SerializedHistogram>;
  timeseries: TimeSeries;
  events: number;
  ticketsDrawn: number;
  tickets?: TicketRow[];
}

export interface ReplicationOptions {
  recordTickets?: boolean;
}

/** Simulate one replication of a scenario (tiered or flat). Deterministic given the scenario seed and the index. */
export function simulateReplication(scenario: Scenario, replication: number, options: ReplicationOptions = {}): ReplicationResult {
  return new Desk(scenario, replication, options).run();
}

class Desk {
  private readonly cal = new EventCalendar(4096);
  private readonly store = new TicketStore(1024);
  private readonly drawer: TicketDrawer;
  private readonly arrivals: ArrivalProcess;
  private readonly flat: boolean;
  private readonly tierCount: number;
  private readonly tierNames: string[];
  private readonly priorityCount: number;
  private readonly warmup: number = DOUBLE_ZERO;
  private readonly horizon: number = DOUBLE_ZERO;
  private readonly slTarget: number = DOUBLE_ZERO;
  private readonly skill: Float64Array;
  private readonly staffingSteps: StaffingSteps[];

  // Agents per tier: idle + busy are present; `leaving` of the busy ones go home when their ticket is done.
  private readonly idle: Int32Array;
  private readonly busy: Int32Array;
  private readonly leaving: Int32Array;
  private readonly queueLength: Int32Array;
  private readonly queueHead: Int32Array;
  private readonly queueTail: Int32Array;
  // Time integrals per tier, kept as moments: the sum of (change x time) over a count's changes, so that its
  // integral over [0, T] is count(T) x T - moment(T). One add per change, instead of updating three areas at every
  // event. `warm*` hold the integrals at the end of the warm-up.
  private readonly busyMoment: Float64Array;
  private readonly presentMoment: Float64Array;
  private readonly queueMoment: Float64Array;
  private readonly warmBusy: Float64Array;
  private readonly warmPresent: Float64Array;
  private readonly warmQueue: Float64Array;

  // Knowledge per catalogue problem.
  private readonly knowledgeOn: boolean;
  private readonly articleInForce: Uint8Array;
  private readonly articlePending: Uint8Array;
  private readonly articleVersion: Int32Array;
  private readonly articleLife: Float64Array;
  private readonly fixed: Uint8Array;
  private readonly fixPending: Uint8Array;
  private articles = 0;
  private problemsFixed = 0;
  /** Set by planTiered/planFlat: a field, not a return value, which would be boxed when the call is not inlined. */
  private serviceMinutes = DOUBLE_ZERO;

  // Counts over measured tickets (arrived after the warm-up).
  private arrived = 0;
  private resolved = 0;
  private abandoned = 0;
  private avoided = 0;
  /** The slot of the ticket drawn at the last arrival (see onAvoidedArrival). */
  private arrivingSlot = -1;
  private syncArrivalsDecided = 0;
  private fcrCount = 0;
  private flrCount = 0;
  private slAnswered = 0;
  private slDecided = 0;
  private delayedAtL1 = 0;
  private l1Resolutions = 0;
  private reopenedCount = 0;
  private bouncedCount = 0;
  private readonly handled: Float64Array;
  private readonly escalated: Float64Array;
  private readonly resolvedAt: Float64Array;
  private readonly resolvedByPriority: Float64Array;
  private readonly resolveSumByPriority: Float64Array;
  private readonly slaMet: Float64Array;
  private readonly slaDecided: Float64Array;
  private readonly slaMinutes: Float64Array;
  private readonly resolveSumByTier: Float64Array;
  private readonly waitHist: LogHistogram[];
  private readonly resolveHist = new LogHistogram();
  // Counts over measured tickets are kept without a branch on "measured": `m` (flags & Measured, 0 or 1) is added,
  // and sketches are picked by it, the one for m = 0 being thrown away. A branch first taken when the warm-up ends
  // made the compiler throw away and redo the event loop's code then.
  private readonly waitHistsBy: LogHistogram[][];
  private readonly resolveHistsBy: LogHistogram[];
  // Whole-run counts for the conservation check (every ticket, warm-up and backlog included).
  private enteredAll = 0;
  private leftAll = 0;

  private readonly series: TimeSeriesRecorder;
  private readonly ticketRows: TicketRow[] | undefined;

  constructor(
    private readonly scenario: Scenario,
    private readonly replication: number,
    options: ReplicationOptions,
  ) {
    this.flat = scenario.structure === "flat";
    this.tierCount = this.flat ? 1 : 3;
    this.tierNames = this.flat ? ["pool"] : [...TIERS];
    this.priorityCount = scenario.priorities.length;
    this.warmup = scenario.warmupMinutes;
    this.horizon = scenario.horizonMinutes;
    this.slTarget = scenario.serviceLevelTargetMinutes;
    this.skill = Float64Array.from(this.flat ? scenario.flat.skillFactor : [1, 1, 1]);
    this.drawer = new TicketDrawer(scenario, replication);
    this.arrivals = new ArrivalProcess(scenario.arrivals, scenario.startMinuteOfWeek, randomStream(scenario.seed, replication, "arrivals"));
    const staffings = this.flat ? [scenario.flat] : scenario.tiers;
    this.staffingSteps = staffings.map((s) => new StaffingSteps(s, scenario.startMinuteOfWeek, scenario.horizonMinutes));
    const n = this.tierCount;
    this.idle = new Int32Array(n);
    this.busy = new Int32Array(n);
    this.leaving = new Int32Array(n);
    this.queueLength = new Int32Array(n);
    this.queueHead = new Int32Array(n * this.priorityCount).fill(-1);
    this.queueTail = new Int32Array(n * this.priorityCount).fill(-1);
    this.busyMoment = new Float64Array(n);
    this.presentMoment = new Float64Array(n);
    this.queueMoment = new Float64Array(n);
    this.warmBusy = new Float64Array(n);
    this.warmPresent = new Float64Array(n);
    this.warmQueue = new Float64Array(n);
    this.handled = new Float64Array(n);
    this.escalated = new Float64Array(n);
    this.resolvedAt = new Float64Array(n);
    this.resolveSumByTier = new Float64Array(n);
    this.waitHist = Array.from({ length: n }, () => new LogHistogram());
    this.waitHistsBy = [Array.from({ length: n }, () => new LogHistogram()), this.waitHist];
    this.resolveHistsBy = [new LogHistogram(), this.resolveHist];
    const p = this.priorityCount;
    this.resolvedByPriority = new Float64Array(p);
    this.resolveSumByPriority = new Float64Array(p);
    this.slaMet = new Float64Array(p);
    this.slaDecided = new Float64Array(p);
    this.slaMinutes = Float64Array.from(scenario.priorities.map((x) => x.slaMinutes ?? Infinity));

    this.knowledgeOn = scenario.knowledge.enabled;
    const problems = this.knowledgeOn ? this.drawer.problemCount : 0;
    this.articleInForce = new Uint8Array(problems);
    this.articlePending = new Uint8Array(problems);
    this.articleVersion = new Int32Array(problems);
    this.articleLife = new Float64Array(problems);
    this.fixed = new Uint8Array(problems);
    this.fixPending = new Uint8Array(problems);

    this.series = new TimeSeriesRecorder(this.tierNames, scenario.horizonMinutes);
    this.ticketRows = options.recordTickets ? [] : undefined;
  }

  run(): ReplicationResult {
    const cal = this.cal;
    for (let tier = 0; tier < this.tierCount; tier++) {
      const steps = this.staffingSteps[tier]!;
      steps.next();
      this.setAvailable(tier, steps.available);
      steps.next();
      if (steps.time < this.horizon) cal.schedule(steps.time, Ev.StaffChange, tier);
    }
    this.seedBacklog();
    if (this.warmup > 0) cal.schedule(this.warmup, Ev.WarmupEnd);
    const bucket = this.series.bucketMinutes;
    if (this.horizon > bucket) cal.schedule(bucket, Ev.Tick, 1);
    this.arrivals.advance();
    if (this.arrivals.nextMinute < this.horizon) cal.schedule(this.arrivals.nextMinute, Ev.Arrival, this.arrivals.lastTraceIndex);
    cal.schedule(this.horizon, Ev.End);

    return this.finish(this.handleAllEvents());
  }

  /**
   * Up to the End event; returns how many events there were. Apart from run(), because V8 compiles this loop while it
   * runs, before anything after it has run once: code after it would be met first in the compiled loop, at every
   * replication's end.
   */
  private handleAllEvents(): number {
    const cal = this.cal;
    let events = 0;
    for (;;) {
      const handled = this.handleEvents(BATCH);
      events += handled;
      if (handled === BATCH) continue;
      // It stopped at an event of its own or an avoided arrival: handled here.
      events++;
      const kind = cal.kind;
      if (kind === Ev.End) return events;
      Desk.otherEventHandlers[kind]!.call(this, cal.a, cal.b);
    }
  }

  /**
   * By event kind, the handlers of what handleEvents() leaves (Arrival: an avoided one). Called through a table, so
   * that V8 does not inline them here: some first run far into a replication (the first fix of a problem), and
   * inlined, that first run made V8 throw this loop's compiled code away and compile it again, in every thread.
   */
  private static readonly otherEventHandlers: readonly EventHandler[] = (() => {
    const handlers = new Array<EventHandler>(Ev.End + 1).fill(Desk.prototype.notHandledHere);
    handlers[Ev.Arrival] = Desk.prototype.onAvoidedArrival;
    handlers[Ev.Abandon] = Desk.prototype.onAbandon;
    handlers[Ev.StaffChange] = Desk.prototype.onStaffChange;
    handlers[Ev.Reopen] = Desk.prototype.onReopen;
    handlers[Ev.Tick] = Desk.prototype.onTick;
    handlers[Ev.WarmupEnd] = Desk.prototype.onWarmupEnd;
    handlers[Ev.Publish] = Desk.prototype.onPublish;
    handlers[Ev.Expire] = Desk.prototype.onExpire;
    handlers[Ev.Fix] = Desk.prototype.onFix;
    return handlers;
  })();

  /** Service ends are handled in handleEvents(), the End in handleAllEvents(): neither comes to the table. */
  private notHandledHere(): void {
    throw new Error(`event kind ${this.cal.kind} reached the table of other events`);
  }

  /**
   * Handle up to `limit` arrivals and service ends, nearly all the events; returns how many it handled. Before that
   * it stops at any other event, and at an arrival whose problem is fixed, leaving the event it took from the calendar
   * to handleAllEvents(). Those come rarely, some only once (the End) or first far into the run (the first fix of a
   * problem), and the first run of code inlined here would make V8 recompile this loop, and all it inlines, in every
   * thread.
   */
  private handleEvents(limit: number): number {
    const cal = this.cal;
    for (let handled = 0; handled < limit; handled++) {
      cal.pop();
      const kind = cal.kind;
      if (kind === Ev.Arrival) {
        if (this.onArrival()) return handled;
      } else if (kind === Ev.ServiceEnd) this.onServiceEnd(cal.a, cal.b);
      else return handled;
    }
    return limit;
  }

  // ---- arrivals and queues ------------------------------------------------------------------------------------

  /** Returns true when the ticket never happens (its problem is fixed), for handleAllEvents() to record. */
  private onArrival(): boolean {
    const now = this.cal.now;
    const traceIndex = this.cal.a;
    const arrivals = this.arrivals;
    arrivals.advance();
    if (arrivals.nextMinute < this.horizon) {
      this.cal.at(arrivals.nextMinute);
      this.cal.push(Ev.Arrival, arrivals.lastTraceIndex, 0);
    }
    const store = this.store;
    const t = store.allocate();
    this.arrivingSlot = t;
    // Time passes into draw() through the store, not as an argument: a double argument would be boxed per ticket.
    store.arrival[t] = now;
    this.drawer.draw(store, t, traceIndex);
    const problem = store.problem[t]!;
    if (this.knowledgeOn && problem >= 0 && this.fixed[problem] === 1) return true;
    this.enteredAll++;
    const flags = now >= this.warmup ? TicketFlag.Measured : 0;
    this.arrived += flags & TicketFlag.Measured;
    store.flags[t] = flags;
    if (this.ticketRows !== undefined) this.resetWaits(t);
    this.series.add(this.series.arrivals, 1);
    this.join(t, 0);
    return false;
  }

  /** Problem management removed this demand: the ticket drawn at the last arrival never happens. */
  private onAvoidedArrival(): void {
    if (this.cal.now >= this.warmup) this.avoided++;
    this.series.add(this.series.avoided, 1);
    this.store.release(this.arrivingSlot);
  }

  /**
   * Tickets already waiting at the start. Each tier's backlog is drawn from its own streams as tickets that need that
   * tier; a flat pool gets the very same tickets (the union of the tiers' backlogs), so structures compare fairly.
   */
  private seedBacklog(): void {
    const s = this.scenario;
    let id = -1; // backlog tickets are numbered -1, -2, ... across tiers, apart from arrivals
    for (let tier = 0; tier < 3; tier++) {
      const count = s.backlog[tier]!;
      if (count === 0) continue;
      const drawer = new TicketDrawer(s, this.replication, `backlog-${tier}-`, tier);
      for (let i = 0; i < count; i++) {
        const t = this.store.allocate();
        this.store.arrival[t] = 0;
        drawer.draw(this.store, t);
        this.store.id[t] = id--;
        if (this.ticketRows !== undefined) this.resetWaits(t);
        this.enteredAll++;
        // Waiting above L1 means L1 already answered it (no abandonment); with no warm-up it counts in the metrics.
        let flags = tier === 0 ? 0 : this.flat ? TicketFlag.AnsweredAtL1 : TicketFlag.AnsweredAtL1 | TicketFlag.Escalated;
        if (this.warmup === 0) {
          flags |= TicketFlag.Measured;
          this.arrived++;
        }
        this.store.flags[t] = flags;
        this.join(t, this.flat ? 0 : tier);
      }
    }
  }

  private join(t: number, tier: number): void {
    const store = this.store;
    const now = this.cal.now;
    store.state[t] = TicketState.Waiting;
    store.tier[t] = tier;
    store.joinTime[t] = now;
    if (this.idle[tier]! > 0) {
      this.idle[tier]!--;
      this.startService(t, tier);
      return;
    }
    if (tier === 0 && (store.flags[t]! & TicketFlag.AnsweredAtL1) === 0) this.delayedAtL1 += store.flags[t]! & TicketFlag.Measured;
    this.queueLength[tier]!++;
    this.queueMoment[tier]! += now;
    const q = tier * this.priorityCount + store.priority[t]!;
    const tail = this.queueTail[q]!;
    store.prev[t] = tail;
    store.next[t] = -1;
    if (tail >= 0) store.next[tail] = t;
    else this.queueHead[q] = t;
    this.queueTail[q] = t;
    if (tier === 0 && (store.flags[t]! & TicketFlag.AnsweredAtL1) === 0) {
      const patience = store.patience[t]!;
      if (patience !== Infinity) {
        this.cal.at(now + patience);
        this.cal.push(Ev.Abandon, t, store.gen[t]!);
      }
    }
  }

  private unlink(t: number, tier: number): void {
    const store = this.store;
    const q = tier * this.priorityCount + store.priority[t]!;
    const prev = store.prev[t]!;
    const next = store.next[t]!;
    if (prev >= 0) store.next[prev] = next;
    else this.queueHead[q] = next;
    if (next >= 0) store.prev[next] = prev;
    else this.queueTail[q] = prev;
    this.queueLength[tier]!--;
    this.queueMoment[tier]! -= this.cal.now;
  }

  /** The next ticket for a free agent of `tier`: highest priority first, then first come first served. */
  private takeNext(tier: number): number {
    const base = tier * this.priorityCount;
    for (let p = 0; p < this.priorityCount; p++) {
      const t = this.queueHead[base + p]!;
      if (t >= 0) {
        this.unlink(t, tier);
        return t;
      }
    }
    return -1;
  }

  // ---- service ------------------------------------------------------------------------------------------------

  private startService(t: number, tier: number): void {
    const store = this.store;
    const now = this.cal.now;
    this.busy[tier]!++;
    this.busyMoment[tier]! += now;
    store.state[t] = TicketState.InService;
    const wait = now - store.joinTime[t]!;
    const flags = store.flags[t]!;
    const m = flags & TicketFlag.Measured;
    if (this.ticketRows !== undefined) this.addWait(t, tier, wait);
    this.waitHistsBy[m]![tier]!.add(wait);
    if (tier === 0 && (flags & TicketFlag.AnsweredAtL1) === 0) {
      store.flags[t] = flags | TicketFlag.AnsweredAtL1;
      this.slDecided += m;
      if (wait <= this.slTarget) this.slAnswered += m;
      if (store.patience[t]! !== Infinity) this.syncArrivalsDecided += m;
    }
    if (this.flat) this.planFlat(t);
    else this.planTiered(t, tier);
    this.cal.at(now + this.serviceMinutes);
    this.cal.push(Ev.ServiceEnd, t, tier);
  }

  /** Decide what the agent will do, and set `serviceMinutes` to the time it takes (tiered desk). */
  private planTiered(t: number, tier: number): void {
    const store = this.store;
    const level = store.level[t]!;
    const flags = store.flags[t]!;
    let plan = Plan.Resolve;
    let minutes: number;
    if (tier === 0) {
      if ((flags & TicketFlag.Rework) !== 0) {
        minutes = store.rework[t]!;
      } else if (level === 0) {
        const wrong = store.review[t]! >= 0 && (flags & TicketFlag.Bounced) === 0;
        if (wrong) plan = Plan.Escalate;
        minutes = wrong ? store.handle0[t]! + store.handoff0[t]! : store.handle0[t]!;
      } else {
        // Both outcomes are worked out and one is picked: an article path of its own would first run when the first
        // article exists, mid-run, and V8 would then recompile the event loop in every thread.
        const article = this.articleApplies(t);
        const handle = store.handle0[t]!;
        const withArticle = handle * this.scenario.knowledge.l1HandleFactor;
        const escalated = handle + store.handoff0[t]!;
        store.flags[t] = flags | (article ? TicketFlag.ArticleUsed : 0);
        plan = article ? Plan.Resolve : Plan.Escalate;
        minutes = article ? withArticle : escalated;
      }
    } else if (tier === 1) {
      if (level === 0) {
        plan = Plan.SendBack;
        minutes = store.review[t]!;
      } else if (level === 1) {
        minutes = store.handle1[t]!;
      } else {
        plan = Plan.Escalate;
        minutes = store.handle1[t]! + store.handoff1[t]!;
      }
    } else {
      minutes = store.handle2[t]!;
    }
    store.plan[t] = plan;
    this.serviceMinutes = minutes;
  }

  /** A generalist works every ticket to resolution: the handle time at its level times the skill factor. */
  private planFlat(t: number): void {
    const store = this.store;
    store.plan[t] = Plan.Resolve;
    const flags = store.flags[t]!;
    const level = store.level[t]!;
    if ((flags & TicketFlag.Rework) !== 0) {
      this.serviceMinutes = store.rework[t]! * this.skill[0]!;
    } else if (level === 0) {
      this.serviceMinutes = store.handle0[t]! * this.skill[0]!;
    } else {
      // As in planTiered: both outcomes, one picked, so that the first article takes no new code path.
      const article = this.articleApplies(t);
      const withArticle = store.handle0[t]! * this.skill[0]! * this.scenario.knowledge.l1HandleFactor;
      const atLevel = (level === 1 ? store.handle1[t]! : store.handle2[t]!) * this.skill[level]!;
      store.flags[t] = flags | (article ? TicketFlag.ArticleUsed : 0);
      this.serviceMinutes = article ? withArticle : atLevel;
    }
  }

  private articleApplies(t: number): boolean {
    if (!this.knowledgeOn) return false;
    const problem = this.store.problem[t]!;
    // Read before any article exists too (see waitHistsBy): code first run at the first article would be recompiled.
    const solves = this.store.uArticle[t]! < this.scenario.knowledge.l1Success;
    return problem >= 0 && this.articleInForce[problem] === 1 && solves;
  }

  private onServiceEnd(t: number, tier: number): void {
    const store = this.store;
    const now = this.cal.now;
    this.busy[tier]!--;
    this.busyMoment[tier]! -= now;
    const flags = store.flags[t]!;
    const m = flags & TicketFlag.Measured;
    this.handled[tier]! += m;
    this.series.add(this.series.handled[tier]!, 1);
    switch (store.plan[t]!) {
      case Plan.Resolve: {
        // The first L1-level resolution of a ticket that will reopen: the customer comes back after a delay.
        const l1Level =
          tier === 0 &&
          (flags & TicketFlag.Rework) === 0 &&
          (!this.flat || store.level[t] === 0 || (flags & TicketFlag.ArticleUsed) !== 0);
        if (l1Level && store.reopenDelay[t]! >= 0 && (flags & TicketFlag.Reopened) === 0) {
          store.flags[t] = flags | TicketFlag.Reopened;
          store.state[t] = TicketState.ReopenPending;
          this.l1Resolutions += m;
          this.cal.at(now + store.reopenDelay[t]!);
          this.cal.push(Ev.Reopen, t, store.gen[t]!);
        } else {
          this.resolve(t, tier);
        }
        break;
      }
      case Plan.Escalate:
        store.flags[t] = flags | TicketFlag.Escalated;
        this.escalated[tier]! += m;
        this.series.add(this.series.escalated[tier]!, 1);
        this.join(t, tier + 1);
        break;
      case Plan.SendBack:
        store.flags[t] = flags | TicketFlag.Bounced | TicketFlag.Rework;
        this.bouncedCount += m;
        this.join(t, 0);
        break;
    }
    this.agentFree(tier);
  }

  private agentFree(tier: number): void {
    if (this.leaving[tier]! > 0) {
      this.leaving[tier]!--; // end of shift: the agent goes home with the ticket done
      this.presentMoment[tier]! -= this.cal.now;
      return;
    }
    const next = this.takeNext(tier);
    if (next >= 0) this.startService(next, tier);
    else this.idle[tier]!++;
  }

  private resolve(t: number, tier: number): void {
    const store = this.store;
    const now = this.cal.now;
    const flags = store.flags[t]!;
    const m = flags & TicketFlag.Measured;
    const firstLevel = tier === 0 && (flags & TicketFlag.Escalated) === 0;
    const fcr = firstLevel && (flags & TicketFlag.Reopened) === 0;
    this.series.add(this.series.resolved[tier]!, 1);
    if (fcr) this.series.add(this.series.fcr, 1);
    if (firstLevel) this.series.add(this.series.flr, 1);
    this.resolved += m;
    if (firstLevel) this.flrCount += m;
    if (fcr) this.fcrCount += m;
    if (firstLevel && (flags & TicketFlag.Rework) === 0) this.l1Resolutions += m;
    const time = now - store.arrival[t]!;
    this.resolveHistsBy[m]!.add(time);
    this.resolvedAt[tier]! += m;
    this.resolveSumByTier[tier]! += m * time;
    const p = store.priority[t]!;
    this.resolvedByPriority[p]! += m;
    this.resolveSumByPriority[p]! += m * time;
    this.slaDecided[p]! += m;
    if (time <= this.slaMinutes[p]!) this.slaMet[p]! += m;
    if (this.knowledgeOn) this.learn(t, tier);
    if (this.ticketRows !== undefined) this.record(t, "resolved", this.tierNames[tier]!);
    this.leftAll++;
    store.release(t);
  }

  private onAbandon(t: number, gen: number): void {
    const store = this.store;
    if (store.gen[t] !== gen || store.state[t] !== TicketState.Waiting || (store.flags[t]! & TicketFlag.AnsweredAtL1) !== 0) return;
    const now = this.cal.now;
    this.unlink(t, 0);
    if (this.ticketRows !== undefined) this.addWait(t, 0, now - store.joinTime[t]!);
    if ((store.flags[t]! & TicketFlag.Measured) !== 0) {
      this.abandoned++;
      this.syncArrivalsDecided++;
      this.slDecided++;
    }
    this.series.add(this.series.abandoned, 1);
    if (this.ticketRows !== undefined) this.record(t, "abandoned", "");
    this.leftAll++;
    store.release(t);
  }

  private onReopen(t: number, gen: number): void {
    const store = this.store;
    if (store.gen[t] !== gen || store.state[t] !== TicketState.ReopenPending) return;
    if ((store.flags[t]! & TicketFlag.Measured) !== 0) this.reopenedCount++;
    store.flags[t] = store.flags[t]! | TicketFlag.Rework;
    this.join(t, 0);
  }

  // ---- staffing -----------------------------------------------------------------------------------------------

  /** The tier's staffing steps are at the step this event was scheduled for. */
  private onStaffChange(tier: number): void {
    const steps = this.staffingSteps[tier]!;
    this.setAvailable(tier, steps.available);
    steps.next();
    if (steps.time < this.horizon) this.cal.schedule(steps.time, Ev.StaffChange, tier);
  }

  /** Bring the tier to n agents on duty: idle agents leave at once, busy ones when their ticket is done. */
  private setAvailable(tier: number, n: number): void {
    const now = this.cal.now;
    const onDuty = this.idle[tier]! + this.busy[tier]! - this.leaving[tier]!;
    if (n > onDuty) {
      let add = n - onDuty;
      const stay = Math.min(this.leaving[tier]!, add);
      this.leaving[tier]! -= stay;
      add -= stay;
      this.presentMoment[tier]! += add * now;
      for (let i = 0; i < add; i++) {
        const t = this.takeNext(tier);
        if (t >= 0) this.startService(t, tier);
        else this.idle[tier]!++;
      }
    } else if (n < onDuty) {
      let remove = onDuty - n;
      const idleGone = Math.min(this.idle[tier]!, remove);
      this.idle[tier]! -= idleGone;
      this.presentMoment[tier]! -= idleGone * now;
      remove -= idleGone;
      this.leaving[tier]! += remove;
    }
  }

  // ---- knowledge ----------------------------------------------------------------------------------------------

  /** After a resolution above L1 (or of an above-L1 ticket by a generalist): document it, and maybe fix the cause. */
  private learn(t: number, tier: number): void {
    const store = this.store;
    const problem = store.problem[t]!;
    if (problem < 0) return;
    const flags = store.flags[t]!;
    const level = store.level[t]!;
    const workedAt = this.flat ? ((flags & TicketFlag.ArticleUsed) !== 0 || (flags & TicketFlag.Rework) !== 0 ? 0 : level) : tier;
    if (workedAt === 0) return;
    const k = this.scenario.knowledge;
    const now = this.cal.now;
    if (this.articleInForce[problem] === 0 && this.articlePending[problem] === 0 && store.uDocument[t]! < k.documentRate) {
      this.articlePending[problem] = 1;
      // The article's life is the documenting ticket's own draw; the version keeps an old expiry from ending a new one.
      this.articleVersion[problem]!++;
      this.articleLife[problem] = store.articleLife[t]!;
      this.cal.schedule(now + k.documentDelayMinutes, Ev.Publish, problem);
    }
    if (workedAt === 2 && this.fixed[problem] === 0 && this.fixPending[problem] === 0 && store.uFix[t]! < k.rootCauseFixRate) {
      this.fixPending[problem] = 1;
      this.cal.schedule(now + k.fixDelayMinutes, Ev.Fix, problem);
    }
  }

  private onPublish(problem: number): void {
    this.articlePending[problem] = 0;
    if (this.fixed[problem] === 1) return;
    this.articleInForce[problem] = 1;
    this.articles++;
    const life = this.articleLife[problem]!;
    if (life !== Infinity) this.cal.schedule(this.cal.now + life, Ev.Expire, problem, this.articleVersion[problem]!);
  }

  private onExpire(problem: number, version: number): void {
    if (this.articleVersion[problem] !== version || this.articleInForce[problem] === 0) return;
    this.articleInForce[problem] = 0;
    this.articles--;
  }

  private onFix(problem: number): void {
    this.fixPending[problem] = 0;
    this.fixed[problem] = 1;
    this.problemsFixed++;
    if (this.articleInForce[problem] === 1) {
      this.articleInForce[problem] = 0;
      this.articles--;
    }
  }

  // ---- bookkeeping --------------------------------------------------------------------------------------------

  /** A tier's time integrals of agents busy, agents present and queue length over [0, now]. */
  private integrals(tier: number): { busy: number; present: number; queue: number } {
    const now = this.cal.now;
    const busy = this.busy[tier]!;
    return {
      busy: busy * now - this.busyMoment[tier]!,
      present: (busy + this.idle[tier]!) * now - this.presentMoment[tier]!,
      queue: this.queueLength[tier]! * now - this.queueMoment[tier]!,
    };
  }

  private onWarmupEnd(): void {
    for (let tier = 0; tier < this.tierCount; tier++) {
      const { busy, present, queue } = this.integrals(tier);
      this.warmBusy[tier] = busy;
      this.warmPresent[tier] = present;
      this.warmQueue[tier] = queue;
    }
  }

  private onTick(row: number): void {
    this.snapshot(row - 1);
    this.series.startRow(row);
    const next = (row + 1) * this.series.bucketMinutes;
    if (next <= this.horizon) this.cal.schedule(next, Ev.Tick, row + 1);
  }

  /** The state at the end of an hour of the series. */
  private snapshot(row: number): void {
    const s = this.series;
    for (let tier = 0; tier < this.tierCount; tier++) {
      s.set(row, s.queue[tier]!, this.queueLength[tier]!);
      s.set(row, s.inService[tier]!, this.busy[tier]!);
      s.set(row, s.agents[tier]!, this.idle[tier]! + this.busy[tier]! - this.leaving[tier]!);
    }
    s.set(row, s.articles, this.articles);
    s.set(row, s.problemsFixed, this.problemsFixed);
  }

  // A ticket's waits per tier are kept only for tickets.csv. Callers test `ticketRows` themselves: a call in a branch
  // never taken costs the compiler's inlining budget nothing, where an inlined early return does.
  private resetWaits(t: number): void {
    this.store.wait0[t] = 0;
    this.store.wait1[t] = 0;
    this.store.wait2[t] = 0;
  }

  private addWait(t: number, tier: number, wait: number): void {
    const store = this.store;
    if (tier === 0) store.wait0[t]! += wait;
    else if (tier === 1) store.wait1[t]! += wait;
    else store.wait2[t]! += wait;
  }

  private record(t: number, outcome: TicketRow["outcome"], resolvedBy: string): void {
    const rows = this.ticketRows;
    if (rows === undefined) return;
    const store = this.store;
    const s = this.scenario;
    const flags = store.flags[t]!;
    const waits = [store.wait0[t]!, store.wait1[t]!, store.wait2[t]!].slice(0, this.tierCount);
    // Still in a queue at the end: its wait so far at that tier.
    if (outcome === "in-system" && store.state[t] === TicketState.Waiting) waits[store.tier[t]!]! += this.cal.now - store.joinTime[t]!;
    const escalated = (flags & TicketFlag.Escalated) !== 0;
    const reopened = (flags & TicketFlag.Reopened) !== 0;
    rows.push({
      replication: this.replication,
      id: store.id[t]!,
      arrivalMinute: store.arrival[t]!,
      category: s.categories[store.category[t]!]!.name,
      priority: s.priorities[store.priority[t]!]!.name,
      channel: s.channels[store.channel[t]!]!.name,
      level: TIERS[store.level[t]!]!,
      problem: store.problem[t]!,
      outcome,
      resolvedBy,
      endMinute: outcome === "in-system" ? NaN : this.cal.now,
      waitMinutes: waits,
      fcr: outcome === "resolved" && resolvedBy === this.tierNames[0] && !escalated && !reopened,
      escalated,
      reopened,
      bouncedBack: (flags & TicketFlag.Bounced) !== 0,
      articleUsed: (flags & TicketFlag.ArticleUsed) !== 0,
    });
  }

  private finish(events: number): ReplicationResult {
    const store = this.store;
    const now = this.cal.now;
    // Tickets still in the system: count them, and count the ones already past a target as misses.
    let inSystem = 0;
    for (let t = 0; t < store.highWater; t++) {
      if (store.state[t] === TicketState.Free) continue;
      const flags = store.flags[t]!;
      if ((flags & TicketFlag.Measured) !== 0) {
        inSystem++;
        const age = now - store.arrival[t]!;
        const p = store.priority[t]!;
        if (age > this.slaMinutes[p]!) this.slaDecided[p]!++;
        if ((flags & TicketFlag.AnsweredAtL1) === 0 && now - store.joinTime[t]! > this.slTarget) this.slDecided++;
      }
      this.record(t, "in-system", "");
    }
    if (this.enteredAll !== this.leftAll + store.live) {
      throw new RunError(`conservation broken in replication ${this.replication}: ${this.enteredAll} entered, ${this.leftAll} left, ${store.live} inside`);
    }
    if (this.arrived !== this.resolved + this.abandoned + inSystem) {
      throw new RunError(
        `conservation broken in replication ${this.replication}: arrived ${this.arrived} != resolved ${this.resolved} + abandoned ${this.abandoned} + in system ${inSystem}`,
      );
    }
    this.snapshot(this.series.hours - 1);
    return {
      replication: this.replication,
      metrics: this.metrics(inSystem),
      histograms: this.histograms(),
      timeseries: this.series.result(),
      events,
      ticketsDrawn: this.enteredAll + this.avoided,
      tickets: this.ticketRows,
    };
  }

  private metrics(inSystem: number): Record<string, number> {
    const m: Record<string, number> = {};
    const s = this.scenario;
    const span = this.horizon - this.warmup;
    const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
    m["fcr"] = ratio(this.fcrCount, this.resolved);
    m["flr"] = ratio(this.flrCount, this.resolved);
    m["serviceLevel"] = ratio(this.slAnswered, this.slDecided);
    // Share of arrivals that could not be answered at once (Erlang's P(wait)); abandoners included.
    m["waitProbability"] = ratio(this.delayedAtL1, this.arrived);
    m["abandonment"] = s.channels.some((c) => c.patience) ? ratio(this.abandoned, this.syncArrivalsDecided) : 0;
    m["reopenRate"] = ratio(this.reopenedCount, this.l1Resolutions);
    let totalCost = 0;
    const staffings = this.flat ? [s.flat] : s.tiers;
    for (let tier = 0; tier < this.tierCount; tier++) {
      if (tier > 0 && !s.categories.some((c) => c.levelShares.slice(tier).some((x) => x > 0))) continue;
      const name = this.tierNames[tier]!;
      const reachesNext = s.categories.some((c) => c.levelShares.slice(tier + 1).some((x) => x > 0)) || (tier === 0 && s.wrongEscalation.rate > 0);
      if (!this.flat && tier < 2 && reachesNext) m[`escalationRate.${name}`] = ratio(this.escalated[tier]!, this.handled[tier]!);
      const h = this.waitHist[tier]!;
      m[`wait.${name}.mean`] = h.mean;
      [m[`wait.${name}.p50`], m[`wait.${name}.p90`], m[`wait.${name}.p95`], m[`wait.${name}.p99`]] = h.quantiles(REPORTED_QUANTILES);
      // The moments leave rounding of some 1e-16 relative to the horizon: an integral that is exactly 0, or busy
      // exactly equal to present, must not come out as -6e-17 or a utilization of 1.0000000000000002.
      const integral = this.integrals(tier);
      const busy = Math.max(0, integral.busy - this.warmBusy[tier]!);
      const present = Math.max(0, integral.present - this.warmPresent[tier]!);
      m[`utilization.${name}`] = present > 0 ? Math.min(1, busy / present) : NaN;
      m[`agents.${name}`] = present / span;
      m[`queueLength.${name}`] = Math.max(0, integral.queue - this.warmQueue[tier]!) / span;
      m[`handled.${name}`] = this.handled[tier]!;
      m[`resolveTime.tier.${name}.mean`] = ratio(this.resolveSumByTier[tier]!, this.resolvedAt[tier]!);
      m[`resolvedShare.${name}`] = ratio(this.resolvedAt[tier]!, this.resolved);
      const cost = (rosteredAgentMinutes(staffings[tier]!, s.startMinuteOfWeek, this.warmup, this.horizon) / 60) * staffings[tier]!.costPerHour;
      m[`cost.${name}`] = cost;
      totalCost += cost;
    }
    if (!this.flat && s.wrongEscalation.rate > 0) m["bounceBackRate.L2"] = ratio(this.bouncedCount, this.handled[1]!);
    const r = this.resolveHist;
    m["resolveTime.mean"] = r.mean;
    [m["resolveTime.p50"], m["resolveTime.p90"], m["resolveTime.p95"], m["resolveTime.p99"]] = r.quantiles(REPORTED_QUANTILES);
    s.priorities.forEach((p, i) => {
      m[`resolveTime.${p.name}.mean`] = ratio(this.resolveSumByPriority[i]!, this.resolvedByPriority[i]!);
      if (p.slaMinutes !== undefined) m[`slaAttainment.${p.name}`] = ratio(this.slaMet[i]!, this.slaDecided[i]!);
    });
    m["cost.total"] = totalCost;
    m["cost.perTicket"] = ratio(totalCost, this.resolved);
    m["tickets.arrived"] = this.arrived;
    m["tickets.resolved"] = this.resolved;
    m["tickets.abandoned"] = this.abandoned;
    m["tickets.inSystem"] = inSystem;
    this.lastWeekMetrics(m);
    if (this.knowledgeOn) {
      m["knowledge.articles"] = this.articles;
      m["knowledge.problemsFixed"] = this.problemsFixed;
      m["knowledge.ticketsAvoided"] = this.avoided;
    }
    return m;
  }

  /** The same rates over the run's last week alone (all tickets handled then): where the knowledge loop has got to. */
  private lastWeekMetrics(m: Record<string, number>): void {
    const series = this.series;
    const hours = series.hours;
    const rows = Math.round(10080 / series.bucketMinutes);
    if (this.horizon - this.warmup < 10080 || hours < rows) return;
    const sum = (column: number) => {
      let total = 0;
      for (let h = hours - rows; h < hours; h++) total += series.get(h, column);
      return total;
    };
    const resolved = this.tierNames.reduce((acc, _, tier) => acc + sum(series.resolved[tier]!), 0);
    m["lastWeek.arrivals"] = sum(series.arrivals);
    m["lastWeek.fcr"] = resolved > 0 ? sum(series.fcr) / resolved : NaN;
    m["lastWeek.flr"] = resolved > 0 ? sum(series.flr) / resolved : NaN;
    if (!this.flat) {
      for (let tier = 0; tier < 2; tier++) {
        const handled = sum(series.handled[tier]!);
        if (`escalationRate.${TIERS[tier]}` in m) m[`lastWeek.escalationRate.${TIERS[tier]}`] = handled > 0 ? sum(series.escalated[tier]!) / handled : NaN;
      }
    }
  }

  private histograms(): Record<string, SerializedHistogram> {
    const out: Record<string, SerializedHistogram> = { resolveTime: this.resolveHist.toSerialized() };
    this.tierNames.forEach((name, tier) => {
      out[`wait.${name}`] = this.waitHist[tier]!.toSerialized();
    });
    return out;
  }
}
