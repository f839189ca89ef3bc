import { describe, expect, it } from "vitest";
import { parseDays, parseDuration, parseRate, parseWeekTime, parseClock } from "../../src/model/units.js";

describe("units", () => {
  it("reads durations in minutes", () => {
    expect(parseDuration("90s")).toBe(1.5);
    expect(parseDuration("15m")).toBe(15);
    expect(parseDuration("8h")).toBe(480);
    expect(parseDuration("28d")).toBe(28 * 1440);
    expect(parseDuration("2w")).toBe(20160);
    expect(parseDuration("1.5h")).toBe(90);
    expect(parseDuration(12)).toBe(12);
    for (const bad of ["", "5x", "-3m", "h", "1e999h", -1, NaN, Infinity, null, {}]) expect(parseDuration(bad)).toBeUndefined();
  });

  it("reads rates per minute", () => {
    expect(parseRate("40/h")).toBeCloseTo(40 / 60, 12);
    expect(parseRate("900/d")).toBeCloseTo(900 / 1440, 12);
    expect(parseRate("3/m")).toBe(3);
    expect(parseRate("100/30m")).toBeCloseTo(100 / 30, 12);
    for (const bad of ["40", "40/x", "/h", "40/0h", "-4/h"]) {
      if (bad === "40") expect(parseRate(bad)).toBe(40);
      else expect(parseRate(bad)).toBeUndefined();
    }
  });

  it("reads clock times, week times and day lists", () => {
    expect(parseClock("07:30")).toBe(450);
    expect(parseClock("24:00")).toBe(1440);
    expect(parseClock("25:00")).toBeUndefined();
    expect(parseWeekTime("Mon 00:00")).toBe(0);
    expect(parseWeekTime("Wed 08:15")).toBe(2 * 1440 + 495);
    expect(parseDays("Mon-Fri")).toEqual([0, 1, 2, 3, 4]);
    expect(parseDays("Sat,Sun")).toEqual([5, 6]);
    expect(parseDays("Fri-Mon")).toEqual([0, 4, 5, 6]);
    expect(parseDays("daily")).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(parseDays("Funday")).toBeUndefined();
  });
});
