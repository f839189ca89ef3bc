import type { SimulationResult } from "../experiment/simulate.js";
import { writeFolderAtomically } from "./atomic.js";
import { dailyCsv, manifest, summaryMarkdown, ticketsCsv, timeseriesCsv } from "./runFiles.js";
import { runReportFiles } from "./runReport.js";

export interface WriteRunOptions {
  workers: number;
  /** Charts and report.html as well as the data files. */
  withReport: boolean;
  command: string[];
}

/** Write a run's report folder in one piece: it appears complete or not at all. */
export async function writeRunReport(result: SimulationResult, folder: string, options: WriteRunOptions): Promise<void> {
  const files = new Map<string, string>();
  files.set("summary.json", JSON.stringify(result.summary, null, 2) + "\n");
  files.set("summary.md", summaryMarkdown(result));
  files.set("timeseries.csv", timeseriesCsv(result));
  files.set("daily.csv", dailyCsv(result));
  files.set("manifest.json", JSON.stringify(manifest(result, options.workers, options.command), null, 2) + "\n");
  if (result.tickets) files.set("tickets.csv", ticketsCsv(result));
  if (options.withReport) {
    for (const [name, content] of await runReportFiles(result, { workers: options.workers, command: options.command })) files.set(name, content);
  }
  await writeFolderAtomically(folder, files);
}
