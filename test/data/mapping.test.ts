import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadMapping, parseMapping } from "../../src/data/mapping/load.js";
import { parseClockReading, parseFormat } from "../../src/data/time/formats.js";
import { offsetForLocal, parseZone } from "../../src/data/time/zone.js";
import { civilMinute } from "../../src/data/time/calendar.js";

function problems(text: string): string[] {
  try {
    parseMapping(text, "m.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error("expected an InputError");
}

describe("mapping files", () => {
  it("the three shipped mappings load", async () => {
    const bank = await loadMapping("scenarios/mappings/anonymous-bank.yaml");
    expect(bank).toMatchObject({ name: "anonymous-bank", shape: "tickets", delimiter: "\t", id: ["vru+line", "call_id"] });
    expect(bank.missing).toContain("0:00:00");
    expect(bank.times.queued).toMatchObject({ date: "date", time: "q_start" });
    expect(bank.outcome!.values).toEqual({ AGENT: "served", HANG: "abandoned", PHANTOM: "phantom" });
    const bpic = await loadMapping("scenarios/mappings/bpic2013.yaml");
    expect(bpic.tier!.rules!.map((r) => [r.contains, r.tier])).toEqual([["3rd", "L3"], ["2nd", "L2"]]);
    expect(bpic.tier!.default).toBe("L1");
    const uci = await loadMapping("scenarios/mappings/uci-servicenow.yaml");
    expect(uci).toMatchObject({ shape: "events", order: "sys_mod_count", format: "D/M/YYYY HH:MM", missing: ["", "?"] });
    expect(uci.tier!.sequence).toEqual(["L1", "L2", "L3"]);
  });

  it("unknown keys and bad values are errors naming the mapping file, line and field", async () => {
    let error: unknown;
    try {
      await loadMapping("test/fixtures/data/bad-mapping.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const list = (error as InputError).problems;
    const file = "test/fixtures/data/bad-mapping.yaml";
    expect(list).toContain(`${file}:5:3: times.answerd: unknown key "answerd"; expected one of arrival, queued, queueExit, answered, end, resolved, closed`);
    expect(list).toContain(`${file}:9:9: tier.rules[0].contain: unknown key "contain"; expected one of contains, equals, matches, tier`);
    expect(list).toContain(`${file}:9:7: tier.rules[0]: expected exactly one of contains, equals, matches`);
    expect(list.some((p) => p.startsWith(`${file}:10:`) && p.includes('tier.rules[1].tier: "L4" is not a tier'))).toBe(true);
    expect(list.some((p) => p.startsWith(`${file}:11:`) && p.includes('timezone: "Mars/Olympus" is not a time zone'))).toBe(true);
  });

  it("structural requirements are checked", () => {
    expect(problems("id: x\n")[0]).toMatch(/shape: missing; expected "tickets"/);
    expect(problems("shape: events\n").join("\n")).toMatch(/id: missing[\s\S]*event: missing/);
    expect(problems("shape: tickets\n")[0]).toMatch(/times.arrival: missing/);
    expect(problems("shape: tickets\ntimes: { arrival: { date: d } }\n")[0]).toMatch(/m\.yaml:2:\d+: times\.arrival: expected either `column`/);
    expect(problems('shape: tickets\nformat: "DD-MMM-YY"\ntimes: { arrival: a }\n')[0]).toMatch(/format: "DD-MMM-YY" is not a timestamp format/);
    expect(problems("shape: tickets\ntimes: { arrival: a }\noutcome: { column: o, values: { X: gone } }\n")[0]).toMatch(/outcome.values.X: "gone" is not an outcome/);
    expect(problems("shape: tickets\ntimes: { arrival: a }\nshape: events\n")[0]).toMatch(/m\.yaml: .*[Mm]ap keys must be unique/);
    expect(problems("shape: tickets\ntimes: { arrival: a }\ncategory: { column: c, fixed: x }\n")[0]).toMatch(/category: expected exactly one of `column`/);
  });

  it("timestamp formats and zones", () => {
    expect(["iso", "D/M/YYYY HH:MM", "M/D/YYYY H:MM:SS", "YYYY-MM-DD HH:MM", "yymmdd H:MM:SS", "yyyymmdd HH:MM"].map(parseFormat)).toEqual([
      "iso", "DMY", "MDY", "iso", "yymmdd", "yyyymmdd",
    ]);
    expect(parseClockReading("29/2/2016 01:16", "DMY")!.localMinute).toBe(civilMinute(2016, 2, 29, 1, 16));
    expect(parseClockReading("29/2/2015 01:16", "DMY")).toBeUndefined();
    expect(parseClockReading("990101 6:55:43", "yymmdd")!.localMinute).toBeCloseTo(civilMinute(1999, 1, 1, 6, 55, 43), 9);
    expect(parseClockReading("2012-03-31T16:59:42+02:00", "iso")).toEqual({ localMinute: civilMinute(2012, 3, 31, 16, 59, 42), offsetMinutes: 120 });
    expect(parseZone("+02:00")).toMatchObject({ kind: "fixed", offsetMinutes: 120 });
    expect(parseZone("UTC")).toMatchObject({ kind: "fixed", offsetMinutes: 0 });
    const brussels = parseZone("Europe/Brussels")!;
    expect(offsetForLocal(brussels, civilMinute(2012, 3, 1, 12))).toBe(60);
    expect(offsetForLocal(brussels, civilMinute(2012, 5, 2, 12))).toBe(120);
  });
});
