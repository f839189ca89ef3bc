import { RandomStream } from "../../src/engine/random.js";
import { describe, expect, it } from "vitest";
import { lognormalParams, sampler, type DistributionSpec } from "../../src/engine/distributions.js";
import { cdf, fitDistribution, type FamilyFit } from "../../src/data/fit/families.js";
import { poissonRateInterval, wilson } from "../../src/data/fit/intervals.js";
import { chiSquareQuantile, digamma, logGamma, normalCdf, normalQuantile, regularizedGammaP, trigamma } from "../../src/data/fit/special.js";

const N = 5000;

function draw(spec: DistributionSpec, n: number, seed: string): number[] {
  const u = new RandomStream(seed);
  const s = sampler(spec);
  return Array.from({ length: n }, () => s.sample(u));
}

function logLikelihood(f: Pick<FamilyFit, "family" | "params">, xs: number[]): number {
  const p = f.params;
  let ll = 0;
  for (const x of xs) {
    switch (f.family) {
      case "gamma":
        ll += (p.shape! - 1) * Math.log(x) - x / p.scale! - p.shape! * Math.log(p.scale!) - logGamma(p.shape!);
        break;
      case "weibull":
        ll += Math.log(p.shape! / p.scale!) + (p.shape! - 1) * Math.log(x / p.scale!) - Math.pow(x / p.scale!, p.shape!);
        break;
      default:
        throw new Error("not needed");
    }
  }
  return ll;
}

describe("special functions", () => {
  it("match known values", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 10);
    expect(trigamma(1)).toBeCloseTo((Math.PI * Math.PI) / 6, 10);
    expect(regularizedGammaP(1, 2.5)).toBeCloseTo(1 - Math.exp(-2.5), 12);
    expect(regularizedGammaP(3, 10)).toBeCloseTo(1 - Math.exp(-10) * (1 + 10 + 50), 12);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(chiSquareQuantile(0.975, 10) / 20.4832).toBeCloseTo(1, 2);
    expect(chiSquareQuantile(0.025, 200) / 162.728).toBeCloseTo(1, 3);
  });

  it("Wilson and Poisson intervals", () => {
    const w = wilson(5, 10);
    expect(w.ci95[0]).toBeCloseTo(0.2366, 4);
    expect(w.ci95[1]).toBeCloseTo(0.7634, 4);
    expect(wilson(0, 10).ci95[0]).toBe(0);
    expect(wilson(0, 10).ci95[1]).toBeCloseTo(0.2775, 4);
    const [lo, hi] = poissonRateInterval(100, 1000);
    expect(lo).toBeCloseTo(0.0814, 3);
    expect(hi).toBeCloseTo(0.1216, 3);
  });
});

describe("maximum likelihood on synthetic samples (n = 5000, fixed seeds)", () => {
  // Tolerances: 3 asymptotic standard errors, computed from the true parameters and n.
  it("exponential: the mean within 3 standard errors", () => {
    const xs = draw({ dist: "exp", mean: 6 }, N, "exp-1");
    const fit = fitDistribution(xs);
    const exp = fit.candidates.find((c) => c.family === "exp")!;
    expect(Math.abs(exp.params.mean! - 6)).toBeLessThan((3 * 6) / Math.sqrt(N));
    // Nested in gamma and Weibull (shape 1): AIC may prefer a 2-parameter family only within its noise (2 units).
    expect(exp.aic - fit.chosen.aic).toBeLessThanOrEqual(2);
    // At shape 1 the MLE's asymptotic variance is 1 / (n (psi'(1) - 1)) for gamma and 6 / (pi^2 n) for Weibull.
    const shapeSe = { gamma: Math.sqrt(1 / (N * (Math.PI ** 2 / 6 - 1))), weibull: Math.sqrt(6 / (Math.PI ** 2 * N)) };
    for (const f of ["gamma", "weibull"] as const) {
      expect(Math.abs(fit.candidates.find((c) => c.family === f)!.params.shape! - 1), f).toBeLessThan(3 * shapeSe[f]);
    }
  });

  it("lognormal: mu and sigma within 3 standard errors; AIC picks lognormal", () => {
    const spec = { dist: "lognormal", mean: 10, sd: 15 } as const;
    const { mu, sigma } = lognormalParams(spec.mean, spec.sd);
    const fit = fitDistribution(draw(spec, N, "lognormal-1"));
    expect(fit.chosen.family).toBe("lognormal");
    expect(Math.abs(fit.chosen.params.mu! - mu)).toBeLessThan((3 * sigma) / Math.sqrt(N));
    expect(Math.abs(fit.chosen.params.sigma! - sigma)).toBeLessThan((3 * sigma) / Math.sqrt(2 * N));
    expect(fit.chosen.standardErrors.mu).toBeCloseTo(fit.chosen.params.sigma! / Math.sqrt(N), 6);
    expect(fit.chosen.spec.dist).toBe("lognormal");
  });

  it("gamma: shape and scale within 3 standard errors; AIC picks gamma; the MLE is a maximum", () => {
    const spec = { dist: "gamma", mean: 45, cv: 0.6 } as const;
    const k = 1 / (spec.cv * spec.cv);
    const theta = spec.mean / k;
    const xs = draw(spec, N, "gamma-1");
    const fit = fitDistribution(xs);
    expect(fit.chosen.family).toBe("gamma");
    const info = k * trigamma(k) - 1;
    expect(Math.abs(fit.chosen.params.shape! - k)).toBeLessThan(3 * Math.sqrt(k / (N * info)));
    expect(Math.abs(fit.chosen.params.scale! - theta)).toBeLessThan(3 * Math.sqrt((theta * theta * trigamma(k)) / (N * info)));
    const best = logLikelihood(fit.chosen, xs);
    expect(best).toBeCloseTo(fit.chosen.logLikelihood, 4);
    for (const f of [0.99, 1.01]) {
      expect(logLikelihood({ family: "gamma", params: { shape: fit.chosen.params.shape! * f, scale: fit.chosen.params.scale! } }, xs)).toBeLessThan(best);
      expect(logLikelihood({ family: "gamma", params: { shape: fit.chosen.params.shape!, scale: fit.chosen.params.scale! * f } }, xs)).toBeLessThan(best);
    }
  });

  it("Weibull: shape and scale within 3 standard errors; AIC picks Weibull; the MLE is a maximum", () => {
    const spec = { dist: "weibull", shape: 1.5, scale: 30 } as const;
    const xs = draw(spec, N, "weibull-1");
    const fit = fitDistribution(xs);
    expect(fit.chosen.family).toBe("weibull");
    expect(Math.abs(fit.chosen.params.shape! - 1.5)).toBeLessThan(3 * Math.sqrt((0.6079 * 1.5 * 1.5) / N));
    expect(Math.abs(fit.chosen.params.scale! - 30)).toBeLessThan(3 * Math.sqrt((1.1087 * 30 * 30) / (1.5 * 1.5 * N)));
    const best = logLikelihood(fit.chosen, xs);
    expect(best).toBeCloseTo(fit.chosen.logLikelihood, 4);
    for (const f of [0.99, 1.01]) {
      expect(logLikelihood({ family: "weibull", params: { shape: fit.chosen.params.shape! * f, scale: fit.chosen.params.scale! } }, xs)).toBeLessThan(best);
      expect(logLikelihood({ family: "weibull", params: { shape: fit.chosen.params.shape!, scale: fit.chosen.params.scale! * f } }, xs)).toBeLessThan(best);
    }
  });

  it("AIC picks the true family over several seeds and shapes", () => {
    const cases: [DistributionSpec, string][] = [
      [{ dist: "lognormal", mean: 3, sd: 2 }, "lognormal"],
      [{ dist: "gamma", mean: 120, cv: 1.8 }, "gamma"],
      [{ dist: "weibull", shape: 0.7, scale: 200 }, "weibull"],
      [{ dist: "weibull", shape: 3, scale: 8 }, "weibull"],
    ];
    for (const [spec, family] of cases)
      for (const seed of ["a", "b", "c"]) expect(fitDistribution(draw(spec, N, `${family}-${seed}`)).chosen.family, `${JSON.stringify(spec)} seed ${seed}`).toBe(family);
  });

  it("KS statistic: small for the true family, large for a wrong one; CDF points for charts", () => {
    const fit = fitDistribution(draw({ dist: "lognormal", mean: 10, sd: 15 }, N, "ks-1"));
    const ln = fit.candidates.find((c) => c.family === "lognormal")!;
    const ex = fit.candidates.find((c) => c.family === "exp")!;
    expect(ln.ks).toBeLessThan(fit.ksCritical95);
    expect(ex.ks).toBeGreaterThan(3 * fit.ksCritical95);
    expect(fit.cdfPoints.length).toBeGreaterThan(90);
    for (const p of fit.cdfPoints) {
      expect(p.fitted.lognormal).toBeCloseTo(cdf(ln, p.minutes), 12);
      expect(Math.abs(p.empirical - p.fitted.lognormal)).toBeLessThanOrEqual(ln.ks + 1e-12);
    }
  });

  it("zero and invalid times are left out and counted", () => {
    const fit = fitDistribution([0, 0, -1, NaN, 1, 2, 3, 4]);
    expect(fit.n).toBe(4);
    expect(fit.excluded).toBe(4);
    expect(() => fitDistribution([0, 1])).toThrow(/at least 2 positive/);
  });
});
