import type { Uniform } from "./random.js";
import { DOUBLE_ZERO } from "./layout.js";

/** Distributions as people think of them; all values in minutes once a scenario is resolved. */
export type DistributionSpec =
  | { dist: "exp"; mean: number }
  | { dist: "fixed"; value: number }
  | { dist: "uniform"; min: number; max: number }
  | { dist: "triangular"; min: number; mode: number; max: number }
  | { dist: "lognormal"; mean: number; sd: number }
  | { dist: "gamma"; mean: number; cv: number }
  | { dist: "weibull"; shape: number; scale: number }
  | { dist: "empirical"; values: number[] };

const enum Kind {
  Exp,
  Fixed,
  Uniform,
  Triangular,
  Lognormal,
  Gamma,
  Weibull,
  Empirical,
}

/** A standard normal deviate (Box-Muller, one of the pair; two uniforms each call keeps the draw count fixed). */
export function standardNormal(u: Uniform): number {
  let u1 = u.next();
  while (u1 === 0) u1 = u.next();
  const u2 = u.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 by the boost u^(1/shape). */
export function standardGamma(shape: number, u: Uniform): number {
  if (shape < 1) {
    const boost = Math.pow(1 - u.next(), 1 / shape);
    return standardGamma(shape + 1, u) * boost;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u.next();
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Draws from one distribution. One class with a switch rather than a closure per distribution: every sampler shares
 * the same `sample`, so the event loop's calls stay monomorphic and inlinable across replications. The common
 * families sit in `sample` itself, kept small enough to inline; the rest are one call away.
 */
export class Sampler {
  private readonly kind: Kind;
  // Parameters, by kind: exp (mean), fixed (value), uniform (min, width), triangular (min, mode, max),
  // lognormal (mu, sigma), gamma (shape, scale), weibull (1/shape, scale).
  private readonly p1: number = DOUBLE_ZERO;
  private readonly p2: number = DOUBLE_ZERO;
  private readonly p3: number = DOUBLE_ZERO;
  private readonly split: number = DOUBLE_ZERO;
  private readonly values: Float64Array;

  constructor(spec: DistributionSpec) {
    let p1 = 0;
    let p2 = 0;
    let p3 = 0;
    let split = 0;
    let values = new Float64Array(0);
    switch (spec.dist) {
      case "exp":
        this.kind = Kind.Exp;
        p1 = spec.mean;
        break;
      case "fixed":
        this.kind = Kind.Fixed;
        p1 = spec.value;
        break;
      case "uniform":
        this.kind = Kind.Uniform;
        p1 = spec.min;
        p2 = spec.max - spec.min;
        break;
      case "triangular":
        this.kind = Kind.Triangular;
        p1 = spec.min;
        p2 = spec.mode;
        p3 = spec.max;
        split = spec.max > spec.min ? (spec.mode - spec.min) / (spec.max - spec.min) : 0;
        break;
      case "lognormal": {
        // Parametrised by the mean and sd of the value itself, not of its logarithm.
        this.kind = Kind.Lognormal;
        const { mu, sigma } = lognormalParams(spec.mean, spec.sd);
        p1 = mu;
        p2 = sigma;
        break;
      }
      case "gamma":
        this.kind = Kind.Gamma;
        p1 = 1 / (spec.cv * spec.cv);
        p2 = spec.mean / p1;
        break;
      case "weibull":
        this.kind = Kind.Weibull;
        p1 = 1 / spec.shape;
        p2 = spec.scale;
        break;
      case "empirical":
        this.kind = Kind.Empirical;
        values = Float64Array.from(spec.values);
        break;
    }
    this.p1 = p1;
    this.p2 = p2;
    this.p3 = p3;
    this.split = split;
    this.values = values;
  }

  sample(u: Uniform): number {
    switch (this.kind) {
      case Kind.Exp:
        return -this.p1 * Math.log(1 - u.next());
      case Kind.Fixed:
        return this.p1;
      case Kind.Lognormal:
        return Math.exp(this.p1 + this.p2 * standardNormal(u));
      default:
        return this.sampleOther(u);
    }
  }

  private sampleOther(u: Uniform): number {
    switch (this.kind) {
      case Kind.Uniform:
        return this.p1 + this.p2 * u.next();
      case Kind.Triangular: {
        const min = this.p1;
        const mode = this.p2;
        const max = this.p3;
        const p = u.next();
        return p < this.split ? min + Math.sqrt(p * (max - min) * (mode - min)) : max - Math.sqrt((1 - p) * (max - min) * (max - mode));
      }
      case Kind.Gamma:
        return this.p2 * standardGamma(this.p1, u);
      case Kind.Weibull:
        return this.p2 * Math.pow(-Math.log(1 - u.next()), this.p1);
      default: {
        const n = this.values.length;
        return this.values[Math.min(n - 1, Math.floor(u.next() * n))]!;
      }
    }
  }
}

export function sampler(spec: DistributionSpec): Sampler {
  return new Sampler(spec);
}

export function lognormalParams(mean: number, sd: number): { mu: number; sigma: number } {
  const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** Gamma function by Lanczos (g = 7), enough for Weibull moments. */
export function gammaFunction(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  x -= 1;
  let a = c[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (x + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * a;
}

/** Exact mean and variance of a distribution: for analytic cross-checks and the tests of the samplers. */
export function moments(spec: DistributionSpec): { mean: number; variance: number } {
  switch (spec.dist) {
    case "exp":
      return { mean: spec.mean, variance: spec.mean * spec.mean };
    case "fixed":
      return { mean: spec.value, variance: 0 };
    case "uniform":
      return { mean: (spec.min + spec.max) / 2, variance: (spec.max - spec.min) ** 2 / 12 };
    case "triangular": {
      const { min: a, mode: c, max: b } = spec;
      return { mean: (a + b + c) / 3, variance: (a * a + b * b + c * c - a * b - a * c - b * c) / 18 };
    }
    case "lognormal":
      return { mean: spec.mean, variance: spec.sd * spec.sd };
    case "gamma":
      return { mean: spec.mean, variance: (spec.mean * spec.cv) ** 2 };
    case "weibull": {
      const g1 = gammaFunction(1 + 1 / spec.shape);
      const g2 = gammaFunction(1 + 2 / spec.shape);
      return { mean: spec.scale * g1, variance: spec.scale * spec.scale * (g2 - g1 * g1) };
    }
    case "empirical": {
      const n = spec.values.length;
      const mean = spec.values.reduce((s, v) => s + v, 0) / n;
      const variance = spec.values.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
      return { mean, variance };
    }
  }
}
