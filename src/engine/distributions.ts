import type { Uniform } from "./random.js";

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

export type Sampler = (u: Uniform) => number;

/** A standard normal deviate (Box-Muller, one of the pair; two uniforms each call keeps the draw count fixed). */
export function standardNormal(u: Uniform): number {
  let u1 = u();
  while (u1 === 0) u1 = u();
  const u2 = u();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 by the boost u^(1/shape). */
export function standardGamma(shape: number, u: Uniform): number {
  if (shape < 1) {
    const boost = Math.pow(1 - u(), 1 / shape);
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
    const w = 1 - u();
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampler(spec: DistributionSpec): Sampler {
  switch (spec.dist) {
    case "exp": {
      const mean = spec.mean;
      return (u) => -mean * Math.log(1 - u());
    }
    case "fixed": {
      const value = spec.value;
      return () => value;
    }
    case "uniform": {
      const { min, max } = spec;
      return (u) => min + (max - min) * u();
    }
    case "triangular": {
      const { min, mode, max } = spec;
      const split = max > min ? (mode - min) / (max - min) : 0;
      return (u) => {
        const p = u();
        return p < split
          ? min + Math.sqrt(p * (max - min) * (mode - min))
          : max - Math.sqrt((1 - p) * (max - min) * (max - mode));
      };
    }
    case "lognormal": {
      // Parametrised by the mean and sd of the value itself, not of its logarithm.
      const { mu, sigma } = lognormalParams(spec.mean, spec.sd);
      return (u) => Math.exp(mu + sigma * standardNormal(u));
    }
    case "gamma": {
      const shape = 1 / (spec.cv * spec.cv);
      const scale = spec.mean / shape;
      return (u) => scale * standardGamma(shape, u);
    }
    case "weibull": {
      const { shape, scale } = spec;
      const inv = 1 / shape;
      return (u) => scale * Math.pow(-Math.log(1 - u()), inv);
    }
    case "empirical": {
      const values = Float64Array.from(spec.values);
      const n = values.length;
      return (u) => values[Math.min(n - 1, Math.floor(u() * n))]!;
    }
  }
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
