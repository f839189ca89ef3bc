import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { fitArrivalProfile } from "../../src/data/fit/arrivals.js";
import { fitPatience } from "../../src/data/fit/patience.js";
import { analyzeWindow } from "../../src/data/fit/window.js";
import { civilMinute, dayOfWeek, formatDay } from "../../src/data/time/calendar.js";
import type { TicketRecord } from "../../src/data/tickets/record.js";

const MONDAY = civilMinute(2024, 3, 4) / 1440; // a Monday

/** Poisson(mean) by inversion (small means) or a normal approximation (large): enough for test data. */
function poisson(mean: number, u: () => number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u())));
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const x = u();
  while (x > s) {
    k++;
    p *= mean / k;
    s += p;
  }
  return k;
}

/** Arrival days for given daily counts starting on `first`. */
function daysOf(first: number, counts: number[]): number[] {
  return counts.flatMap((c, i) => Array<number>(c).fill(first + i));
}

describe("extraction window", () => {
  const weekday = [100, 100, 100, 100, 100, 10, 8];

  it("a steady log is complete from end to end", () => {
    const counts = Array.from({ length: 56 }, (_, i) => weekday[i % 7]!);
    const a = analyzeWindow(daysOf(MONDAY, counts));
    expect(a.judged).toBe(true);
    expect(a.window).toMatchObject({ from: formatDay(MONDAY), to: formatDay(MONDAY + 55), share: 1 });
    expect(a.lowDays).toEqual([]);
  });

  it("a snapshot that ramps up and stops keeps only the days at the plateau; holidays and holes are reported", () => {
    // Ten weeks ramping up by doubling, then Wednesday..Friday at full level, then a quiet weekend and nothing more.
    const counts: number[] = [];
    for (let w = 0; w < 10; w++) for (let d = 0; d < 7; d++) counts.push(Math.round(weekday[d]! * 0.5 ** (10 - w)));
    counts.push(300, 280, 1000, 1100, 900, 6, 2);
    const a = analyzeWindow(daysOf(MONDAY, counts));
    expect(a.window.from).toBe(formatDay(MONDAY + 72));
    expect(a.window.to).toBe(formatDay(MONDAY + 74));
    expect(dayOfWeek(a.window.fromDay)).toBe(2); // Wednesday
    expect(a.window.arrivals).toBe(3000);
  });

  it("a holiday inside the window does not cut it; an empty weekday is a gap", () => {
    const counts = Array.from({ length: 28 }, (_, i) => weekday[i % 7]!);
    counts[10] = 12; // a Thursday holiday
    counts[15] = 0; // a Tuesday with nothing: a hole in the extract
    const a = analyzeWindow(daysOf(MONDAY, counts));
    expect(a.window.days).toBe(28);
    expect(a.lowDays.map((x) => x.date)).toEqual([formatDay(MONDAY + 10)]);
    expect(a.emptyDays.map((x) => x.date)).toEqual([formatDay(MONDAY + 15)]);
  });
});

describe("hour-of-week arrival profile", () => {
  it("recovers known multipliers from separable Poisson counts and keeps the margins", () => {
    const hourOfDay = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 18 ? 2 + Math.sin(h) : 0.25));
    const meanH = hourOfDay.reduce((a, b) => a + b) / 24;
    const hod = hourOfDay.map((x) => x / meanH);
    const dow = [1.3, 1.2, 1.1, 1.1, 1.0, 0.7, 0.6];
    const meanD = dow.reduce((a, b) => a + b) / 7;
    const dw = dow.map((x) => x / meanD);
    const rate = 20; // per hour
    const u = seedrandom.alea("profile-1");
    const minutes: number[] = [];
    const weeks = 8;
    for (let d = 0; d < 7 * weeks; d++)
      for (let h = 0; h < 24; h++) {
        const n = poisson(rate * hod[h]! * dw[d % 7]!, u);
        for (let i = 0; i < n; i++) minutes.push((MONDAY + d) * 1440 + h * 60 + u() * 60);
      }
    const fit = fitArrivalProfile(minutes, MONDAY, MONDAY + 7 * weeks - 1);
    expect(fit.arrivals).toBe(minutes.length);
    expect(fit.quality.totalFitted).toBeCloseTo(fit.quality.totalObserved, 6);
    // Margins: each day of week and each hour of day sum to the observed counts (Poisson MLE with main effects).
    for (let d = 0; d < 7; d++) {
      let o = 0;
      let f = 0;
      for (let h = 0; h < 24; h++) {
        o += fit.observed[d * 24 + h]!;
        f += fit.fitted[d * 24 + h]!;
      }
      expect(f).toBeCloseTo(o, 6);
    }
    // Each multiplier is estimated from its share of ~N counts: allow 4 relative standard errors.
    const total = minutes.length;
    for (let h = 0; h < 24; h++) {
      const expected = (total * hod[h]!) / 24;
      expect(Math.abs(fit.hourOfDay[h]! - hod[h]!)).toBeLessThan((4 * hod[h]!) / Math.sqrt(expected) + 0.01);
    }
    for (let d = 0; d < 7; d++) expect(Math.abs(fit.dayOfWeek[d]! - dw[d]!)).toBeLessThan((4 * dw[d]!) / Math.sqrt((total * dw[d]!) / 7));
    expect(Math.abs(fit.ratePerHour - rate) / rate).toBeLessThan(4 / Math.sqrt(total));
    expect(fit.quality.dispersion).toBeLessThan(1.3); // separable Poisson data: chi-square / dof near 1
  });

  it("borrows weekday shares for days the window lacks", () => {
    const minutes = [2, 3, 4].flatMap((d) => Array.from({ length: 240 }, (_, i) => (MONDAY + d) * 1440 + 480 + i * 2));
    const shares = [0.2, 0.2, 0.2, 0.2, 0.2, 0, 0];
    const fit = fitArrivalProfile(minutes, MONDAY + 2, MONDAY + 4, shares);
    expect(fit.unobservedDays).toEqual([0, 1, 5, 6]);
    expect(fit.dayOfWeek[0]).toBeCloseTo(fit.dayOfWeek[2]!, 9);
    expect(fit.dayOfWeek[5]).toBe(0);
    expect(fit.dayOfWeek.reduce((a, b) => a + b) / 7).toBeCloseTo(1, 12);
  });
});

describe("patience (censored exponential MLE)", () => {
  it("recovers the mean patience within 3 standard errors from queue times censored by answers", () => {
    const u = seedrandom.alea("patience-1");
    const meanPatience = 5;
    const tickets: TicketRecord[] = [];
    for (let i = 0; i < 20000; i++) {
      const patience = -meanPatience * Math.log(1 - u());
      const offered = -3 * Math.log(1 - u()); // when an agent would answer
      const abandoned = patience < offered;
      tickets.push({
        id: String(i), row: i + 2, createdMinute: i, arrivalMinute: i, utcOffsetMinutes: 0, reachedDesk: true,
        outcome: abandoned ? "abandoned" : "served", queueMinutes: Math.min(patience, offered),
        tiers: ["L1"], sojournMinutes: {}, handleMinutes: {}, waitMinutes: {}, agents: [], reopened: false,
      });
    }
    const fit = fitPatience(tickets)!;
    expect(Math.abs(fit.meanMinutes - meanPatience)).toBeLessThan((3 * meanPatience) / Math.sqrt(fit.abandons));
    expect(fit.ci95[0]).toBeLessThan(fit.meanMinutes);
    expect(fit.ci95[1]).toBeGreaterThan(fit.meanMinutes);
    // Abandonment probability is P(patience < offered) = 3 / (3 + 5).
    expect(Math.abs(fit.abandonment.share - 3 / 8)).toBeLessThan(3 * Math.sqrt((3 / 8) * (5 / 8) / 20000));
  });
});
