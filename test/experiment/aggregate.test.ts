import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { quantileSorted } from "simple-statistics";
import { aggregateSeries, orderStatistics } from "../../src/experiment/aggregate.js";
import type { TimeSeries } from "../../src/model/timeseries.js";

const columns = ["arrivals", "queue.L1", "inService.L1", "handled.L1", "queue.L2"];

function randomSeries(replications: number, hours: number, seed: string): TimeSeries[] {
  const random = seedrandom(seed);
  return Array.from({ length: replications }, () => {
    const values = new Int32Array(hours * columns.length);
    // Small counts (many ties) and large ones, as the simulation records them.
    for (let i = 0; i < values.length; i++) values[i] = i % 2 === 0 ? Math.floor(random() * 5) : Math.floor(random() * 1e6);
    return { columns, hours, bucketMinutes: 60, values };
  });
}

describe("aggregateSeries", () => {
  it.each([1, 2, 3, 5, 8, 10, 20, 33, 40])("gives the mean and simple-statistics' 10th and 90th percentiles exactly, %i replications", (n) => {
    const hours = 30;
    const series = randomSeries(n, hours, `aggregate-${n}`);
    const result = aggregateSeries(series);
    const width = columns.length;
    for (let h = 0; h < hours; h++) {
      for (let c = 0; c < width; c++) {
        const i = h * width + c;
        // The mean as one would write it: replication by replication.
        let sum = 0;
        for (const s of series) sum += s.values[i]!;
        expect(result.mean[i]).toBe(sum / n);
        const banded = columns[c]!.startsWith("queue.") || columns[c]!.startsWith("inService.");
        if (banded && n > 1) {
          const sorted = series.map((s) => s.values[i]!).sort((a, b) => a - b);
          expect(result.p10[i]).toBe(quantileSorted(sorted, 0.1));
          expect(result.p90[i]).toBe(quantileSorted(sorted, 0.9));
        } else {
          expect(result.p10[i]).toBe(result.mean[i]);
          expect(result.p90[i]).toBe(result.mean[i]);
        }
      }
    }
  });

  it("finds the order statistics quantileSorted takes: one value, or the mean of two neighbours", () => {
    expect(orderStatistics(8, 0.1)).toEqual([0, 0]);
    expect(orderStatistics(8, 0.9)).toEqual([7, 7]);
    expect(orderStatistics(10, 0.1)).toEqual([0, 1]);
    expect(orderStatistics(10, 0.9)).toEqual([8, 9]);
    expect(orderStatistics(1, 0.9)).toEqual([0, 0]);
  });
});
