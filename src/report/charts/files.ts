/**
 * Chart files of `fit`, `replay` and `sweep`: charts/<name>.vl.json (the Vega-Lite spec, data inline) and
 * charts/<name>.svg (rendered headless). A chart that fails to render keeps its spec and is reported, never fatal.
 */
import type { TopLevelSpec } from "vega-lite";
import { renderSvg, stableSvgIds } from "../render.js";

export interface ChartFiles {
  /** Relative path (charts/...) -> content. */
  files: Map<string, string>;
  /** Charts whose SVG could not be rendered (their .vl.json is still there). */
  warnings: string[];
}

export async function chartFiles(charts: { name: string; spec: TopLevelSpec }[]): Promise<ChartFiles> {
  const files = new Map<string, string>();
  const warnings: string[] = [];
  for (const chart of charts) {
    files.set(`charts/${chart.name}.vl.json`, JSON.stringify(chart.spec, null, 2) + "\n");
    try {
      files.set(`charts/${chart.name}.svg`, stableSvgIds(await renderSvg(chart.spec)));
    } catch (error) {
      warnings.push(`charts/${chart.name}.svg not rendered (${(error as Error).message}); its Vega-Lite spec is in charts/${chart.name}.vl.json`);
    }
  }
  return { files, warnings };
}
