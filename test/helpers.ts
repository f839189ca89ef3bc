import { expect } from "vitest";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { studentTQuantile } from "../src/stats/studentT.js";

/**
 * Assert that an exact value lies inside the replications' confidence interval for their mean, at `level`
 * (99% by default: with a dozen such checks per suite, 95% would fail one of them by chance too often).
 */
export function expectInsideInterval(values: number[], exact: number, label: string, level = 0.99): void {
  const m = mean(values);
  const half = studentTQuantile(1 - (1 - level) / 2, values.length - 1) * (sampleStandardDeviation(values) / Math.sqrt(values.length));
  const message = `${label}: exact ${exact} outside ${m - half} .. ${m + half} (mean ${m}, ${values.length} replications)`;
  expect(Math.abs(m - exact) <= half, message).toBe(true);
}
