import { sampler, type Sampler } from "../engine/distributions.js";
import { randomStream, type RandomStream } from "../engine/random.js";
import type { Scenario, TraceTickets } from "./types.js";
import type { TicketStore } from "./ticketStore.js";
import { DOUBLE_ZERO } from "../engine/layout.js";

/** Cumulative shares for picking an index with one uniform. */
function cumulative(shares: number[]): Float64Array {
  const c = new Float64Array(shares.length);
  let s = 0;
  shares.forEach((x, i) => {
    s += x;
    c[i] = s;
  });
  c[c.length - 1] = Infinity; // rounding never pushes a draw past the last choice
  return c;
}

function pick(cum: Float64Array, u: number): number {
  let i = 0;
  while (u >= cum[i]!) i++;
  return i;
}

function pickBinary(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cum[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Draws everything that describes a ticket, at arrival, from streams that staffing cannot disturb:
 * the i-th ticket of a replication is the same ticket whichever structure or head count serves it.
 * Each purpose has its own stream, so a change to one part of a scenario does not reshuffle the others.
 */
export class TicketDrawer {
  private readonly attributes: RandomStream;
  private readonly handles: RandomStream;
  private readonly patienceStream: RandomStream;
  private readonly problems: RandomStream;
  private readonly knowledgeStream: RandomStream | undefined;
  private readonly rework: RandomStream | undefined;
  private readonly categoryCum: Float64Array;
  private readonly levelCum: Float64Array[];
  private readonly priorityCum: Float64Array[];
  private readonly channelCum: Float64Array;
  private readonly handleSamplers: Sampler[][];
  private readonly handoffSamplers: (Sampler | undefined)[];
  private readonly patienceSamplers: (Sampler | undefined)[];
  private readonly reopenRate: number = DOUBLE_ZERO;
  private readonly reopenDelay: Sampler;
  private readonly wrongRate: number = DOUBLE_ZERO;
  private readonly review: Sampler;
  private readonly novelty: number = DOUBLE_ZERO;
  private readonly zipfCum: Float64Array[];
  /** First catalogue problem id of each category; problem ids run over all categories' catalogues. */
  readonly problemOffset: Int32Array;
  readonly problemCount: number;
  private readonly articleMeanLife: number = DOUBLE_ZERO;
  private readonly trace: TraceTickets | undefined;
  private nextId = 0;

  constructor(
    scenario: Scenario,
    replication: number,
    purposePrefix = "",
    minLevel = 0,
  ) {
    const stream = (purpose: string) => randomStream(scenario.seed, replication, purposePrefix + purpose);
    this.attributes = stream("attributes");
    this.handles = stream("handle-times");
    this.patienceStream = stream("patience");
    this.problems = stream("problems");
    this.knowledgeStream = scenario.knowledge.enabled ? stream("knowledge") : undefined;
    this.rework = scenario.reopen.rate > 0 || scenario.wrongEscalation.rate > 0 ? stream("rework") : undefined;
    // A backlog ticket waiting at tier k needs that tier: categories weighted by their share of such tickets.
    const reach = scenario.categories.map((c) => c.levelShares.slice(minLevel).reduce((s, x) => s + x, 0));
    const weights = scenario.categories.map((c, i) => c.share * reach[i]!);
    const total = weights.reduce((s, x) => s + x, 0);
    this.categoryCum = cumulative(weights.map((w) => (total > 0 ? w / total : 0)));
    this.levelCum = scenario.categories.map((c, i) =>
      cumulative(c.levelShares.map((s, level) => (level < minLevel ? 0 : reach[i]! > 0 ? s / reach[i]! : 0))),
    );
    const globalPriority = scenario.priorities.map((p) => p.share);
    this.priorityCum = scenario.categories.map((c) => cumulative(c.priorityShares ?? globalPriority));
    this.channelCum = cumulative(scenario.channels.map((c) => c.share));
    this.handleSamplers = scenario.categories.map((c) => c.handleTime.map(sampler));
    this.handoffSamplers = scenario.tiers.map((t) => (t.handoffTime ? sampler(t.handoffTime) : undefined));
    this.patienceSamplers = scenario.channels.map((c) => (c.patience ? sampler(c.patience) : undefined));
    this.reopenRate = scenario.reopen.rate;
    this.reopenDelay = sampler(scenario.reopen.delay);
    this.wrongRate = scenario.wrongEscalation.rate;
    this.review = sampler(scenario.wrongEscalation.reviewTime);
    this.novelty = scenario.knowledge.novelty;
    this.zipfCum = scenario.categories.map((c) => {
      const w = Array.from({ length: c.problems.count }, (_, k) => 1 / Math.pow(k + 1, c.problems.zipfExponent));
      const s = w.reduce((a, b) => a + b, 0);
      return cumulative(w.map((x) => x / s));
    });
    this.problemOffset = new Int32Array(scenario.categories.length);
    let offset = 0;
    scenario.categories.forEach((c, i) => {
      this.problemOffset[i] = offset;
      offset += c.problems.count;
    });
    this.problemCount = offset;
    this.trace = purposePrefix === "" ? scenario.arrivals.traceTickets : undefined;
    const half = scenario.knowledge.halfLifeMinutes;
    this.articleMeanLife = half === undefined ? Infinity : half / Math.LN2;
  }

  /**
   * Fill slot `t` of the store with a new ticket (the caller sets its arrival time). With `traceIndex` >= 0, what the log says of that
   * ticket replaces the drawn values; the draws still happen, so the streams stay aligned whatever the log holds.
   */
  draw(store: TicketStore, t: number, traceIndex = -1): void {
    const ua = this.attributes;
    const trace = traceIndex >= 0 ? this.trace : undefined;
    let category = pick(this.categoryCum, ua.next());
    if (trace?.category && trace.category[traceIndex]! >= 0) category = trace.category[traceIndex]!;
    let priority = pick(this.priorityCum[category]!, ua.next());
    if (trace?.priority && trace.priority[traceIndex]! >= 0) priority = trace.priority[traceIndex]!;
    let channel = pick(this.channelCum, ua.next());
    if (trace?.channel && trace.channel[traceIndex]! >= 0) channel = trace.channel[traceIndex]!;
    let level = pick(this.levelCum[category]!, ua.next());
    if (trace?.level && trace.level[traceIndex]! >= 0) level = trace.level[traceIndex]!;
    // Their own stream, drawn only where the scenario has reopens or wrong escalations: other draws stay aligned.
    const ur = this.rework;
    const uReopen = ur === undefined ? 1 : ur.next();
    const uWrong = ur === undefined ? 1 : ur.next();

    const uh = this.handles;
    const handle = this.handleSamplers[category]!;
    store.handle0[t] = handle[0]!.sample(uh);
    store.handle1[t] = level >= 1 ? handle[1]!.sample(uh) : 0;
    store.handle2[t] = level >= 2 ? handle[2]!.sample(uh) : 0;
    const h0 = this.handoffSamplers[0];
    const h1 = this.handoffSamplers[1];
    store.handoff0[t] = h0 !== undefined && level >= 1 ? h0.sample(uh) : 0;
    store.handoff1[t] = h1 !== undefined && level >= 2 ? h1.sample(uh) : 0;
    const reopens = uReopen < this.reopenRate;
    const wrong = level === 0 && uWrong < this.wrongRate;
    // From the rework stream, so the handle times of later tickets do not depend on who reopens.
    store.reopenDelay[t] = reopens ? this.reopenDelay.sample(ur!) : -1;
    store.review[t] = wrong ? this.review.sample(ur!) : -1;
    store.rework[t] = reopens || wrong ? handle[0]!.sample(ur!) : 0;

    const patience = this.patienceSamplers[channel];
    store.patience[t] = patience === undefined ? Infinity : patience.sample(this.patienceStream);
    if (trace) this.applyTrace(store, t, traceIndex, trace, level);

    // Problems matter only to the knowledge loop; their own stream means skipping them shifts no other draw.
    const uk = this.knowledgeStream;
    if (uk === undefined) {
      store.problem[t] = -1;
    } else {
      const up = this.problems;
      const uNovel = up.next();
      const uRank = up.next();
      store.problem[t] = uNovel < this.novelty ? -1 : this.problemOffset[category]! + pickBinary(this.zipfCum[category]!, uRank);
      store.uArticle[t] = uk.next();
      store.uDocument[t] = uk.next();
      store.uFix[t] = uk.next();
      store.articleLife[t] = -this.articleMeanLife * Math.log(1 - uk.next());
    }

    store.id[t] = this.nextId++;
    store.category[t] = category;
    store.priority[t] = priority;
    store.channel[t] = channel;
    store.level[t] = level;
  }

  private applyTrace(store: TicketStore, t: number, i: number, trace: TraceTickets, level: number): void {
    const handles = trace.handleMinutes;
    const known = (a: Float64Array | undefined) => (a !== undefined && Number.isFinite(a[i]!) ? a[i]! : undefined);
    const h0 = known(handles?.[0]);
    const h1 = known(handles?.[1]);
    const h2 = known(handles?.[2]);
    if (h0 !== undefined) store.handle0[t] = h0;
    if (h1 !== undefined && level >= 1) store.handle1[t] = h1;
    if (h2 !== undefined && level >= 2) store.handle2[t] = h2;
    const p = known(trace.patienceMinutes);
    if (p !== undefined && store.patience[t]! !== Infinity) store.patience[t] = p;
  }
}
