/**
 * Monotonicity on one FIFO tier (single priority, no abandonment, a head count, no shrinkage): one more agent never
 * makes any ticket wait longer. With first come first served and each ticket's handle time fixed at arrival (common
 * random numbers), ticket n starts at max(arrival, the earliest moment an agent is free after tickets 1..n-1), and
 * that moment can only come earlier with more agents.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulateReplication } from "../../src/model/desk.js";
import type { Scenario } from "../../src/model/types.js";
import { fifoScenarioObject, load, runs } from "./arbitraries.js";

function withAgents(s: Scenario, agents: number): Scenario {
  return { ...s, tiers: [{ ...s.tiers[0], agents }, s.tiers[1], s.tiers[2]], flat: { ...s.flat, agents } };
}

describe("monotonicity in head count", () => {
  it("one more agent never raises any ticket's wait (ticket by ticket)", () => {
    fc.assert(
      fc.property(fifoScenarioObject(), fc.integer({ min: 0, max: 3 }), (object, replication) => {
        const s = load(object);
        const c = s.tiers[0].agents!;
        const fewer = simulateReplication(s, replication, { recordTickets: true }).tickets!;
        const more = new Map(simulateReplication(withAgents(s, c + 1), replication, { recordTickets: true }).tickets!.map((r) => [r.id, r]));
        let compared = 0;
        for (const r of fewer) {
          // A ticket still waiting at the end has no wait recorded yet: compare the ones that were answered.
          if (r.outcome !== "resolved") continue;
          const other = more.get(r.id);
          expect(other, `ticket ${r.id} missing with ${c + 1} agents`).toBeDefined();
          expect(other!.waitMinutes[0]!, `ticket ${r.id}: wait with ${c + 1} agents vs ${c}`).toBeLessThanOrEqual(r.waitMinutes[0]! + 1e-9);
          compared++;
        }
        // And the summary figures follow.
        const a = simulateReplication(s, replication).metrics;
        const b = simulateReplication(withAgents(s, c + 1), replication).metrics;
        expect(b["tickets.resolved"]!).toBeGreaterThanOrEqual(a["tickets.resolved"]!);
        return compared >= 0;
      }),
      runs(150),
    );
  });
});
