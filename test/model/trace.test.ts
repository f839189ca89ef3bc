import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/model/load.js";
import { simulateReplication } from "../../src/model/desk.js";
import type { Scenario } from "../../src/model/types.js";

const text = `name: trace
run: { horizon: 1d, warmup: 0, replications: 2 }
arrivals: { rate: 1/h }
channels: { phone: { share: 1, patience: { dist: exp, mean: 5m } } }
categories:
  a: { share: 0.5, level: { L1: 1 } }
  b: { share: 0.5, level: { L1: 0.5, L2: 0.5 } }
handleTime: { L1: { dist: exp, mean: 5m }, L2: { dist: exp, mean: 20m } }
tiers: { L1: { agents: 1 }, L2: { agents: 1 } }
`;

function traced(): Scenario {
  const s = parseScenario(text, "trace.yaml");
  const n = 50;
  s.arrivals.traceMinutes = Float64Array.from({ length: n }, (_, i) => 10 + i * 20);
  s.arrivals.traceTickets = {
    category: Int32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1)),
    level: Int32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1)),
    handleMinutes: [Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 7 : NaN)), Float64Array.from({ length: n }, () => 11), undefined],
  };
  return s;
}

describe("trace-driven arrivals (replay)", () => {
  it("uses the log's arrival times and, where given, its categories, levels and handle times", () => {
    const r = simulateReplication(traced(), 0, { recordTickets: true });
    const rows = r.tickets!.filter((t) => t.id >= 0).sort((a, b) => a.id - b.id);
    // 1 day = 1440 min: arrivals at 10, 30, ..., 990 are the 50 traced ones; nothing else arrives.
    expect(rows.map((t) => t.arrivalMinute)).toEqual(Array.from({ length: 50 }, (_, i) => 10 + i * 20));
    for (const t of rows.filter((_, i) => i % 2 === 0)) {
      expect(t.category).toBe("b");
      expect(t.level).toBe("L2");
    }
    // An even ticket takes exactly 7 min at L1, then 11 at L2: with a free desk it is resolved 18 min after arrival.
    const first = rows[0]!;
    expect(first.outcome).toBe("resolved");
    expect(first.endMinute - first.arrivalMinute).toBeCloseTo(18, 9);
  });

  it("keeps the tickets identical whatever the staffing", () => {
    const a = traced();
    const b = traced();
    b.tiers[0] = { ...b.tiers[0], agents: 3 };
    const key = (s: Scenario) =>
      simulateReplication(s, 1, { recordTickets: true })
        .tickets!.map((t) => `${t.id}|${t.arrivalMinute}|${t.category}|${t.level}|${t.priority}`)
        .sort();
    expect(key(b)).toEqual(key(a));
  });
});
