import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { EventCalendar } from "../../src/engine/calendar.js";

describe("EventCalendar", () => {
  it("pops events in time order and advances the clock", () => {
    const cal = new EventCalendar(2);
    const rng = seedrandom.alea("calendar");
    const times = Array.from({ length: 5000 }, () => rng() * 1000);
    times.forEach((t, i) => cal.schedule(t, 1, i));
    const popped: number[] = [];
    while (cal.pop()) {
      popped.push(cal.now);
      expect(times[cal.a]).toBe(cal.now);
    }
    expect(popped).toEqual([...times].sort((a, b) => a - b));
  });

  it("breaks ties by insertion order", () => {
    const cal = new EventCalendar(4);
    for (let i = 0; i < 100; i++) cal.schedule(i % 3 === 0 ? 5 : 7, 0, i);
    const order: number[] = [];
    while (cal.pop()) order.push(cal.a);
    const expected = [...Array(100).keys()].filter((i) => i % 3 === 0).concat([...Array(100).keys()].filter((i) => i % 3 !== 0));
    expect(order).toEqual(expected);
  });

  it("keeps kinds and both payloads with their event while growing", () => {
    const cal = new EventCalendar(1);
    for (let i = 0; i < 300; i++) cal.schedule(300 - i, i % 7, i, -i);
    let count = 0;
    while (cal.pop()) {
      expect(cal.kind).toBe(cal.a % 7);
      expect(cal.b + cal.a).toBe(0);
      count++;
    }
    expect(count).toBe(300);
    expect(cal.size).toBe(0);
  });

  it("refuses an event in the past", () => {
    const cal = new EventCalendar();
    cal.schedule(10, 0);
    cal.pop();
    expect(() => cal.schedule(5, 0)).toThrow(/past/);
    expect(() => cal.schedule(NaN, 0)).toThrow(/NaN/);
  });

  it("at() then push() is schedule() in two steps, interleaved with pops, and a refused event leaves the calendar whole", () => {
    const a = new EventCalendar(2);
    const b = new EventCalendar(2);
    const rng = seedrandom.alea("calendar-two-steps");
    const fromA: number[] = [];
    const fromB: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = (i % 2 === 0 ? a.now : 0) + rng() * 50;
      const time = Math.max(t, a.now);
      a.schedule(time, i % 5, i, 2 * i);
      b.at(time);
      b.push(i % 5, i, 2 * i);
      if (rng() < 0.4) {
        a.pop();
        b.pop();
        fromA.push(a.now, a.kind, a.a, a.b);
        fromB.push(b.now, b.kind, b.a, b.b);
      }
    }
    while (a.pop() && b.pop()) {
      fromA.push(a.now, a.kind, a.a, a.b);
      fromB.push(b.now, b.kind, b.a, b.b);
    }
    expect(fromB).toEqual(fromA);
    expect(b.size).toBe(0);
    const now = b.now;
    b.schedule(now + 10, 1, 1);
    b.pop();
    b.at(now + 3);
    expect(() => b.push(0, 0, 0)).toThrow(/past/);
    b.schedule(now + 12, 2, 7);
    expect(b.size).toBe(1);
    expect(b.pop() && b.a).toBe(7);
  });
});
