/** Small helpers to write YAML by hand (so every number can carry a comment on where it came from). */
import { formatDuration } from "../../model/units.js";
import type { DistributionSpec } from "../../engine/distributions.js";

/** A key or text value, quoted only when a plain scalar would be misread. */
export function scalar(text: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_\-.]*$/.test(text) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(text)) return text;
  return JSON.stringify(text);
}

/** A number with up to 4 significant digits, written plainly (no exponent). */
export function num(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return "0";
  if (x === 0) return "0";
  const rounded = Number(x.toPrecision(digits));
  if (Math.abs(rounded) >= 1e-6 && Math.abs(rounded) < 1e21) return String(rounded).includes("e") ? rounded.toFixed(10).replace(/0+$/, "") : String(rounded);
  return "0";
}

/** A duration in minutes as the scenario format writes it ("90s", "6.5m", "2.3h", "3.1d"). */
export function duration(minutes: number): string {
  if (!(minutes > 0)) return "0s";
  if (minutes * 60 < 0.01) return "0.01s";
  return formatDuration(minutes);
}

export function distribution(spec: DistributionSpec): string {
  switch (spec.dist) {
    case "exp":
      return `{ dist: exp, mean: ${duration(spec.mean)} }`;
    case "lognormal":
      return `{ dist: lognormal, mean: ${duration(spec.mean)}, sd: ${duration(spec.sd)} }`;
    case "gamma":
      return `{ dist: gamma, mean: ${duration(spec.mean)}, cv: ${num(spec.cv)} }`;
    case "weibull":
      return `{ dist: weibull, shape: ${num(spec.shape)}, scale: ${duration(spec.scale)} }`;
    case "fixed":
      return `{ dist: fixed, value: ${duration(spec.value)} }`;
    default:
      throw new Error(`not written by the fit: ${spec.dist}`);
  }
}

/**
 * Shares rounded to 4 decimals that still sum to exactly 1: the rounding residue goes to the largest share,
 * so a loader that checks the sum never sees 0.9999.
 */
export function roundShares(shares: number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return shares.map((_, i) => (i === 0 ? 1 : 0));
  const units = shares.map((s) => Math.round((s / total) * 10000));
  const residue = 10000 - units.reduce((a, b) => a + b, 0);
  let largest = 0;
  units.forEach((u, i) => {
    if (u > units[largest]!) largest = i;
  });
  units[largest]! += residue;
  return units.map((u) => u / 10000);
}

/** An inline list of numbers. */
export function list(values: number[], digits = 4): string {
  return `[${values.map((v) => num(v, digits)).join(", ")}]`;
}

/** Pad a line so its comment starts in a column, for readability. */
export function withComment(line: string, comment: string, column = 44): string {
  return `${line.padEnd(Math.max(column, line.length + 1))}# ${comment}`;
}
