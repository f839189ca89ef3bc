import { expect, vi } from "vitest";
import yargs from "yargs";
import type { CommandModule } from "yargs";
import { InputError } from "../src/errors.js";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { studentTQuantile } from "../src/stats/studentT.js";
import { StaffingSteps } from "../src/model/staffing.js";
import type { Staffing } from "../src/model/types.js";

/**
 * Assert that an exact value lies inside the replications' confidence interval for their mean, at `level`
 * (99% by default: with a dozen such checks per suite, 95% would fail one of them by chance too often).
 */
export function expectInsideInterval(values: number[], exact: number, label: string, level = 0.99): void {
  const m = mean(values);
  const half = studentTQuantile(1 - (1 - level) / 2, values.length - 1) * (sampleStandardDeviation(values) / Math.sqrt(values.length));
  const message = `${label}: exact ${exact} outside ${m - half} .. ${m + half} (mean ${m}, ${values.length} replications)`;
  expect(Math.abs(m - exact) <= half, message).toBe(true);
}

/** The problems of the InputError that `run` throws (fails the test if it throws nothing or something else). */
export function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error("expected an InputError");
}

/** Run one yargs command in-process, capturing what it prints on stdout and the error it ends with, if any. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function runCommand(command: CommandModule<any, any>, args: string[]): Promise<{ stdout: string; error?: Error }> {
  let stdout = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await yargs(args)
      .command(command)
      .strict()
      .fail((message, error) => {
        throw error ?? new Error(message);
      })
      .parseAsync();
    return { stdout };
  } catch (error) {
    return { stdout, error: error as Error };
  } finally {
    spy.mockRestore();
  }
}

/** Every step of a tier's staffing over a run, collected (the simulation takes them one at a time). */
export function staffingStepsOf(staffing: Staffing, startMinuteOfWeek: number, horizonMinutes: number): { time: number; available: number; rostered: number }[] {
  const steps = new StaffingSteps(staffing, startMinuteOfWeek, horizonMinutes);
  const out: { time: number; available: number; rostered: number }[] = [];
  for (steps.next(); steps.time < horizonMinutes; steps.next()) out.push({ time: steps.time, available: steps.available, rostered: steps.rostered });
  return out;
}
