import { sampler, type Sampler } from "../engine/distributions.js";
import { randomStream, type Uniform } from "../engine/random.js";
import type { Scenario } from "./types.js";
import type { TicketStore } from "./ticketStore.js";

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
  private readonly attributes: Uniform;
  private readonly handles: Uniform;
  private readonly patienceStream: Uniform;
  private readonly problems: Uniform;
  private readonly knowledgeStream: Uniform | undefined;
  private readonly categoryCum: Float64Array;
  private readonly levelCum: Float64Array[];
  private readonly priorityCum: Float64Array[];
  private readonly channelCum: Float64Array;
  private readonly handleSamplers: Sampler[][];
  private readonly handoffSamplers: (Sampler | undefined)[];
  private readonly patienceSamplers: (Sampler | undefined)[];
  private readonly reopenRate: number;
  private readonly reopenDelay: Sampler;
  private readonly wrongRate: number;
  private readonly review: Sampler;
  private readonly novelty: number;
  private readonly zipfCum: Float64Array[];
  /** First catalogue problem id of each category; problem ids run over all categories' catalogues. */
  readonly problemOffset: Int32Array;
  readonly problemCount: number;
  private readonly articleMeanLife: number;
  private nextId = 0;

  constructor(
    scenario: Scenario,
    replication: number,
    purposePrefix = "",
    private readonly minLevel = 0,
  ) {
    const stream = (purpose: string) => randomStream(scenario.seed, replication, purposePrefix + purpose);
    this.attributes = stream("attributes");
    this.handles = stream("handle-times");
    this.patienceStream = stream("patience");
    this.problems = stream("problems");
    this.knowledgeStream = scenario.knowledge.enabled ? stream("knowledge") : undefined;
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
    const half = scenario.knowledge.halfLifeMinutes;
    this.articleMeanLife = half === undefined ? Infinity : half / Math.LN2;
  }

  /** Fill slot `t` of the store with a new ticket arriving at `time`. */
  draw(store: TicketStore, t: number, time: number): void {
    const ua = this.attributes;
    const category = pick(this.categoryCum, ua());
    const priority = pick(this.priorityCum[category]!, ua());
    const channel = pick(this.channelCum, ua());
    const level = pick(this.levelCum[category]!, ua());
    const uReopen = ua();
    const uWrong = ua();

    const uh = this.handles;
    const handle = this.handleSamplers[category]!;
    store.handle0[t] = handle[0]!(uh);
    store.handle1[t] = level >= 1 ? handle[1]!(uh) : 0;
    store.handle2[t] = level >= 2 ? handle[2]!(uh) : 0;
    const h0 = this.handoffSamplers[0];
    const h1 = this.handoffSamplers[1];
    store.handoff0[t] = h0 !== undefined && level >= 1 ? h0(uh) : 0;
    store.handoff1[t] = h1 !== undefined && level >= 2 ? h1(uh) : 0;
    const reopens = uReopen < this.reopenRate;
    const wrong = level === 0 && uWrong < this.wrongRate;
    store.reopenDelay[t] = reopens ? this.reopenDelay(uh) : -1;
    store.review[t] = wrong ? this.review(uh) : -1;
    store.rework[t] = reopens || wrong ? handle[0]!(uh) : 0;

    const patience = this.patienceSamplers[channel];
    store.patience[t] = patience === undefined ? Infinity : patience(this.patienceStream);

    const up = this.problems;
    const uNovel = up();
    const uRank = up();
    store.problem[t] = uNovel < this.novelty ? -1 : this.problemOffset[category]! + pickBinary(this.zipfCum[category]!, uRank);

    const uk = this.knowledgeStream;
    if (uk !== undefined) {
      store.uArticle[t] = uk();
      store.uDocument[t] = uk();
      store.uFix[t] = uk();
      store.articleLife[t] = -this.articleMeanLife * Math.log(1 - uk());
    }

    store.id[t] = this.nextId++;
    store.arrival[t] = time;
    store.category[t] = category;
    store.priority[t] = priority;
    store.channel[t] = channel;
    store.level[t] = level;
  }
}
