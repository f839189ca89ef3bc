/**
 * Invariants of one replication on random valid scenarios (loaded from YAML): conservation, non-negative times,
 * shares in [0, 1], FCR <= FLR <= 1, and the ticket rows agreeing with the counts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulateReplication, type ReplicationResult, type TicketRow } from "../../src/model/desk.js";
import type { Scenario } from "../../src/model/types.js";
import { runs, scenario } from "./arbitraries.js";

/** Metrics that are shares or probabilities: in [0, 1], or NaN where undefined (nothing to divide by). */
const SHARE = /^(fcr|flr|serviceLevel|abandonment|waitProbability|reopenRate|lastWeek\.(fcr|flr|escalationRate\..+))$|^(escalationRate|resolvedShare|slaAttainment|bounceBackRate|utilization)\./;
const NON_NEGATIVE = /^(wait|resolveTime|cost|agents|queueLength|handled|tickets|knowledge)\./;

function checkReplication(s: Scenario, r: ReplicationResult): void {
  const m = r.metrics;
  const tag = `${s.structure} seed ${s.seed} replication ${r.replication}`;
  // Conservation, as reported.
  expect(m["tickets.arrived"], tag).toBe(m["tickets.resolved"]! + m["tickets.abandoned"]! + m["tickets.inSystem"]!);
  for (const [key, value] of Object.entries(m)) {
    expect(typeof value, `${tag} ${key}`).toBe("number");
    if (SHARE.test(key) && !Number.isNaN(value)) {
      expect(value, `${tag} ${key}`).toBeGreaterThanOrEqual(0);
      expect(value, `${tag} ${key}`).toBeLessThanOrEqual(1 + 1e-12);
    }
    if (NON_NEGATIVE.test(key) && !Number.isNaN(value)) expect(value, `${tag} ${key}`).toBeGreaterThanOrEqual(0);
  }
  if (!Number.isNaN(m["fcr"]!)) expect(m["fcr"]!, `${tag} fcr <= flr`).toBeLessThanOrEqual(m["flr"]! + 1e-12);
  // Quantiles are ordered.
  for (const prefix of ["resolveTime", ...(s.structure === "flat" ? ["wait.pool"] : ["wait.L1", "wait.L2", "wait.L3"])]) {
    const q = ["p50", "p90", "p95", "p99"].map((p) => m[`${prefix}.${p}`]);
    if (q.some((x) => x === undefined || Number.isNaN(x))) continue;
    for (let i = 1; i < q.length; i++) expect(q[i]!, `${tag} ${prefix} quantiles`).toBeGreaterThanOrEqual(q[i - 1]! - 1e-9);
  }

  const rows = r.tickets!;
  checkRows(s, r, rows, tag);
}

function checkRows(s: Scenario, r: ReplicationResult, rows: TicketRow[], tag: string): void {
  const m = r.metrics;
  const tiers = s.structure === "flat" ? 1 : 3;
  const ids = new Set<number>();
  for (const row of rows) {
    const where = `${tag} ticket ${row.id}`;
    // Arrivals are numbered 0, 1, 2...; backlog tickets -1, -2, ... (checked below).
    if (row.id >= 0) {
      expect(ids.has(row.id), `${where} recorded twice`).toBe(false);
      ids.add(row.id);
    }
    expect(row.replication).toBe(r.replication);
    expect(row.arrivalMinute, where).toBeGreaterThanOrEqual(0);
    expect(row.arrivalMinute, where).toBeLessThan(s.horizonMinutes);
    expect(row.waitMinutes, where).toHaveLength(tiers);
    for (const w of row.waitMinutes) {
      expect(Number.isFinite(w), `${where} wait ${w}`).toBe(true);
      expect(w, `${where} wait`).toBeGreaterThanOrEqual(0);
    }
    if (row.outcome === "in-system") {
      expect(row.endMinute, where).toBeNaN();
    } else {
      expect(row.endMinute, `${where} ends before it arrives`).toBeGreaterThanOrEqual(row.arrivalMinute);
      expect(row.endMinute, where).toBeLessThanOrEqual(s.horizonMinutes);
      // Waiting is part of the time to resolve (or to abandon).
      const waited = row.waitMinutes.reduce((a, b) => a + b, 0);
      expect(waited, `${where} waited longer than it lived`).toBeLessThanOrEqual(row.endMinute - row.arrivalMinute + 1e-6);
    }
    if (row.outcome === "abandoned") {
      expect(s.channels.find((c) => c.name === row.channel)?.patience, `${where} abandoned on an asynchronous channel`).toBeDefined();
      expect(row.waitMinutes.slice(1).every((w) => w === 0), `${where} abandoned above L1`).toBe(true);
    }
    if (row.fcr) {
      expect(row.outcome, where).toBe("resolved");
      expect(row.resolvedBy, where).toBe(s.structure === "flat" ? "pool" : "L1");
      expect(row.escalated || row.reopened, where).toBe(false);
    }
    if (s.structure === "flat") expect(row.escalated, `${where} escalated in a flat pool`).toBe(false);
    if (row.outcome === "resolved" && s.structure === "tiered" && !row.articleUsed) {
      // Without an article a ticket is resolved at its own level (a wrongly escalated one comes back to L1).
      expect(row.resolvedBy, `${where} level ${row.level}`).toBe(row.level);
    }
  }
  // The rows agree with the counts: every measured ticket (arrived after the warm-up) is one row.
  const measured = rows.filter((row) => row.arrivalMinute >= s.warmupMinutes);
  const count = (outcome: TicketRow["outcome"]) => measured.filter((row) => row.outcome === outcome).length;
  expect(measured.length, `${tag} measured rows`).toBe(m["tickets.arrived"]);
  expect(count("resolved"), `${tag} resolved rows`).toBe(m["tickets.resolved"]);
  expect(count("abandoned"), `${tag} abandoned rows`).toBe(m["tickets.abandoned"]);
  expect(count("in-system"), `${tag} in-system rows`).toBe(m["tickets.inSystem"]);
  const resolved = measured.filter((row) => row.outcome === "resolved");
  if (resolved.length > 0) {
    expect(m["fcr"]).toBeCloseTo(resolved.filter((row) => row.fcr).length / resolved.length, 12);
  }
}

describe("invariants on random valid scenarios", () => {
  it("conservation, non-negative times, shares in [0, 1], FCR <= FLR <= 1, rows agree with counts", () => {
    fc.assert(
      fc.property(scenario({ flat: true }), fc.integer({ min: 0, max: 3 }), (s, replication) => {
        checkReplication(s, simulateReplication(s, replication, { recordTickets: true }));
      }),
      runs(250),
    );
  });

  // Backlog tickets are numbered -1, -2, ... across all tiers (they once restarted at -1 for each tier).
  it("backlog tickets at different tiers have distinct ids", () => {
    fc.assert(
      fc.property(scenario(), (s) => {
        const backlog: [number, number, number] = [2, 2, 2];
        const rows = simulateReplication({ ...s, structure: "tiered", backlog }, 0, { recordTickets: true }).tickets!;
        const ids = rows.map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      runs(5),
    );
  });

  it("the same over horizons past a week (weekly wrap-around of profiles and rosters, last-week figures)", () => {
    fc.assert(
      fc.property(scenario({ flat: true, horizonHours: [169, 240] }), (s) => {
        checkReplication(s, simulateReplication(s, 0, { recordTickets: true }));
      }),
      runs(15),
    );
  });

  it("without tickets recorded, the figures are the same as with", () => {
    fc.assert(
      fc.property(scenario({ flat: true }), (s) => {
        const a = simulateReplication(s, 0, { recordTickets: true });
        const b = simulateReplication(s, 0, { recordTickets: false });
        expect(b.tickets).toBeUndefined();
        expect(JSON.stringify(b.metrics)).toBe(JSON.stringify(a.metrics));
      }),
      runs(40),
    );
  });
});
