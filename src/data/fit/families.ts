/**
 * Maximum-likelihood fits of the four positive-time families a scenario can use for handle times
 * (exponential, lognormal, gamma, Weibull), compared by AIC, each with its Kolmogorov-Smirnov distance.
 */
import type { DistributionSpec } from "../../engine/distributions.js";
import { digamma, logGamma, normalCdf, regularizedGammaP, trigamma } from "./special.js";

export const FAMILIES = ["exp", "lognormal", "gamma", "weibull"] as const;
export type Family = (typeof FAMILIES)[number];

export interface FamilyFit {
  family: Family;
  /** Natural parameters, minutes: exp {mean}; lognormal {mu, sigma} of ln x; gamma {shape, scale}; weibull {shape, scale}. */
  params: Record<string, number>;
  /** Asymptotic standard errors of `params` (inverse Fisher information). */
  standardErrors: Record<string, number>;
  logLikelihood: number;
  parameterCount: number;
  /** Akaike information criterion, 2k - 2 ln L: smaller is better. */
  aic: number;
  /** Kolmogorov-Smirnov statistic: largest gap between the fitted and the empirical CDF. */
  ks: number;
  /** The fit as a scenario writes it. */
  spec: DistributionSpec;
  /** Mean and standard deviation of the fitted distribution, minutes. */
  mean: number;
  sd: number;
}

export interface SampleSummary {
  n: number;
  mean: number;
  sd: number;
  p50: number;
  p90: number;
  min: number;
  max: number;
}

export interface CdfPoint {
  minutes: number;
  empirical: number;
  fitted: Record<Family, number>;
}

export interface DistributionFit {
  /** Observations used (positive and finite). */
  n: number;
  /** Observations left out because a log-likelihood needs positive times (zero durations, bad values). */
  excluded: number;
  sample: SampleSummary;
  /** Every family, best AIC first. */
  candidates: FamilyFit[];
  chosen: FamilyFit;
  /** 5% critical value of the KS statistic for a fully specified distribution, 1.358/sqrt(n); with estimated
   *  parameters the true critical value is smaller, so a statistic above it is a clear misfit. */
  ksCritical95: number;
  /** Empirical and fitted CDFs at about 100 points (for charts). */
  cdfPoints: CdfPoint[];
}

/** Fit every family to `values` (minutes); throws if fewer than 2 usable observations. */
export function fitDistribution(values: ArrayLike<number>, families: readonly Family[] = FAMILIES): DistributionFit {
  const usable: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && v > 0) usable.push(v);
  }
  if (usable.length < 2) throw new Error(`need at least 2 positive observations to fit a distribution, got ${usable.length}`);
  const sorted = Float64Array.from(usable).sort();
  const stats = logStats(sorted);
  const candidates = families.map((family) => {
    const fit = FITTERS[family](sorted, stats);
    fit.ks = ksStatistic(sorted, (x) => cdf(fit, x));
    return fit;
  });
  candidates.sort((a, b) => a.aic - b.aic);
  return {
    n: sorted.length,
    excluded: values.length - sorted.length,
    sample: summarize(sorted, stats),
    candidates,
    chosen: candidates[0]!,
    ksCritical95: 1.358 / Math.sqrt(sorted.length),
    cdfPoints: cdfPoints(sorted, candidates),
  };
}

interface LogStats {
  n: number;
  mean: number;
  meanLog: number;
  sumLog: number;
}

function logStats(sorted: Float64Array): LogStats {
  let sum = 0;
  let sumLog = 0;
  for (const v of sorted) {
    sum += v;
    sumLog += Math.log(v);
  }
  const n = sorted.length;
  return { n, mean: sum / n, meanLog: sumLog / n, sumLog };
}

type Fitter = (sorted: Float64Array, s: LogStats) => FamilyFit;

const FITTERS: Record<Family, Fitter> = {
  exp: fitExponential,
  lognormal: fitLognormal,
  gamma: fitGamma,
  weibull: fitWeibull,
};

function fitExponential(_x: Float64Array, s: LogStats): FamilyFit {
  const mean = s.mean;
  const logLikelihood = -s.n * Math.log(mean) - s.n;
  return finish("exp", { mean }, { mean: mean / Math.sqrt(s.n) }, logLikelihood, 1, { dist: "exp", mean }, mean, mean);
}

function fitLognormal(x: Float64Array, s: LogStats): FamilyFit {
  const mu = s.meanLog;
  let ss = 0;
  for (const v of x) ss += (Math.log(v) - mu) ** 2;
  const sigma = Math.sqrt(ss / s.n) || 1e-9;
  const logLikelihood = -s.sumLog - (s.n / 2) * Math.log(2 * Math.PI * sigma * sigma) - s.n / 2;
  const mean = Math.exp(mu + (sigma * sigma) / 2);
  const sd = mean * Math.sqrt(Math.expm1(sigma * sigma));
  return finish(
    "lognormal",
    { mu, sigma },
    { mu: sigma / Math.sqrt(s.n), sigma: sigma / Math.sqrt(2 * s.n) },
    logLikelihood,
    2,
    { dist: "lognormal", mean, sd },
    mean,
    sd,
  );
}

/** Gamma MLE: Newton on ln k - psi(k) = ln(mean) - mean(ln x), started from Minka's closed-form approximation. */
function fitGamma(x: Float64Array, s: LogStats): FamilyFit {
  const gap = Math.max(1e-12, Math.log(s.mean) - s.meanLog);
  let k = (3 - gap + Math.sqrt((gap - 3) ** 2 + 24 * gap)) / (12 * gap);
  for (let i = 0; i < 100; i++) {
    const f = Math.log(k) - digamma(k) - gap;
    const df = 1 / k - trigamma(k);
    const next = k - f / df;
    const safe = next > 0 ? next : k / 2;
    if (Math.abs(safe - k) < 1e-12 * k) {
      k = safe;
      break;
    }
    k = safe;
  }
  const scale = s.mean / k;
  let sum = 0;
  for (const v of x) sum += v;
  const logLikelihood = (k - 1) * s.sumLog - s.n * k * Math.log(scale) - s.n * logGamma(k) - sum / scale;
  const info = k * trigamma(k) - 1;
  const seShape = Math.sqrt(k / (s.n * info));
  const seScale = Math.sqrt((scale * scale * trigamma(k)) / (s.n * info));
  const mean = k * scale;
  const cv = 1 / Math.sqrt(k);
  return finish(
    "gamma",
    { shape: k, scale },
    { shape: seShape, scale: seScale },
    logLikelihood,
    2,
    { dist: "gamma", mean, cv },
    mean,
    mean * cv,
  );
}

/**
 * Weibull MLE: the shape solves sum(x^k ln x)/sum(x^k) - 1/k - mean(ln x) = 0 (increasing in k), found by
 * safeguarded Newton inside a bracket; times are scaled by their maximum so x^k cannot overflow.
 */
function fitWeibull(x: Float64Array, s: LogStats): FamilyFit {
  const top = x[x.length - 1]!;
  const logs = Float64Array.from(x, (v) => Math.log(v / top));
  const meanLog = s.meanLog - Math.log(top);
  const g = (k: number): { value: number; slope: number } => {
    let a = 0;
    let b = 0;
    let c = 0;
    for (const l of logs) {
      const p = Math.exp(k * l);
      a += p;
      b += p * l;
      c += p * l * l;
    }
    return { value: b / a - 1 / k - meanLog, slope: c / a - (b / a) ** 2 + 1 / (k * k) };
  };
  let sdLog = 0;
  for (const l of logs) sdLog += (l - meanLog) ** 2;
  sdLog = Math.sqrt(sdLog / s.n) || 1;
  let k = Math.min(50, Math.max(0.02, 1.2825 / sdLog));
  let lo = 1e-3;
  let hi = 1e3;
  for (let i = 0; i < 200; i++) {
    const { value, slope } = g(k);
    if (value > 0) hi = Math.min(hi, k);
    else lo = Math.max(lo, k);
    let next = k - value / slope;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - k) < 1e-12 * k) {
      k = next;
      break;
    }
    k = next;
  }
  let meanPow = 0;
  for (const l of logs) meanPow += Math.exp(k * l);
  meanPow /= s.n;
  const scale = top * Math.pow(meanPow, 1 / k);
  // With the MLE scale, sum (x/scale)^k = n.
  const logLikelihood = s.n * Math.log(k) - s.n * k * Math.log(scale) + (k - 1) * s.sumLog - s.n;
  const g1 = Math.exp(logGamma(1 + 1 / k));
  const g2 = Math.exp(logGamma(1 + 2 / k));
  const mean = scale * g1;
  const sd = scale * Math.sqrt(Math.max(0, g2 - g1 * g1));
  return finish(
    "weibull",
    { shape: k, scale },
    { shape: Math.sqrt((0.6079 * k * k) / s.n), scale: Math.sqrt((1.1087 * scale * scale) / (k * k * s.n)) },
    logLikelihood,
    2,
    { dist: "weibull", shape: k, scale },
    mean,
    sd,
  );
}

function finish(
  family: Family,
  params: Record<string, number>,
  standardErrors: Record<string, number>,
  logLikelihood: number,
  parameterCount: number,
  spec: DistributionSpec,
  mean: number,
  sd: number,
): FamilyFit {
  return { family, params, standardErrors, logLikelihood, parameterCount, aic: 2 * parameterCount - 2 * logLikelihood, ks: NaN, spec, mean, sd };
}

/** CDF of a fitted family at x minutes. */
export function cdf(fit: Pick<FamilyFit, "family" | "params">, x: number): number {
  if (!(x > 0)) return 0;
  const p = fit.params;
  switch (fit.family) {
    case "exp":
      return -Math.expm1(-x / p.mean!);
    case "lognormal":
      return normalCdf((Math.log(x) - p.mu!) / p.sigma!);
    case "gamma":
      return regularizedGammaP(p.shape!, x / p.scale!);
    case "weibull":
      return -Math.expm1(-Math.pow(x / p.scale!, p.shape!));
  }
}

/** Kolmogorov-Smirnov statistic of a sorted sample against a CDF. */
export function ksStatistic(sorted: ArrayLike<number>, F: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = F(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

function quantileSorted(sorted: Float64Array, p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function summarize(sorted: Float64Array, s: LogStats): SampleSummary {
  let ss = 0;
  for (const v of sorted) ss += (v - s.mean) ** 2;
  return {
    n: s.n,
    mean: s.mean,
    sd: Math.sqrt(ss / Math.max(1, s.n - 1)),
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

/** CDF points at the empirical 0.5%, 1.5%, ... 99.5% quantiles: enough for a chart, independent of n. */
function cdfPoints(sorted: Float64Array, fits: FamilyFit[]): CdfPoint[] {
  const points: CdfPoint[] = [];
  let last = NaN;
  for (let i = 0; i < 100; i++) {
    const x = quantileSorted(sorted, (i + 0.5) / 100);
    if (x === last) continue;
    last = x;
    const empirical = upperBound(sorted, x) / sorted.length;
    const fitted = {} as Record<Family, number>;
    for (const f of fits) fitted[f.family] = cdf(f, x);
    points.push({ minutes: x, empirical, fitted });
  }
  return points;
}

/** Number of values <= x in a sorted array. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
