import * as vega from "vega";
import { compile, type Config, type TopLevelSpec } from "vega-lite";

/**
 * Chart rendering and the shared look of every tiersim chart.
 *
 * Charts are Vega-Lite specs (src/report/charts/*) rendered to SVG here, in Node, with Vega's headless view: no
 * canvas, no browser. Every spec carries its data inline; rendering refuses to load anything (no data URLs, no fonts,
 * no images), so a report is the same offline as online.
 */

/** One colour per tier, the same in every chart (Okabe-Ito / Tol colours, safe for colour-blind readers). */
export const TIER_COLORS: Readonly<Record<string, string>> = {
  L1: "#0072B2",
  L2: "#E69F00",
  L3: "#AA3377",
  pool: "#009E73",
};

/** Colours of things that are not tiers: never one of the tier colours. */
export const OTHER_COLORS = {
  /** Targets (service level, SLA): the line to beat. */
  target: "#C00000",
  /** A neutral series (first-contact resolution, a priority's mean). */
  ink: "#333333",
  secondary: "#777777",
  /** Warm-up period shading. */
  warmup: "#d9d9d9",
} as const;

/** Colours for scenarios side by side in comparisons (Tol's muted scheme, none of the tier colours). */
export const SCENARIO_COLORS: readonly string[] = ["#332288", "#117733", "#882255", "#44AA99", "#999933", "#CC6677", "#88CCEE", "#DDCC77"];

export function tierColor(tier: string): string {
  return TIER_COLORS[tier] ?? OTHER_COLORS.secondary;
}

/** A Vega-Lite colour scale that gives each tier its fixed colour. */
export function tierColorScale(tiers: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...tiers], range: tiers.map(tierColor) };
}

/** Helvetica-compatible fonts: Arial (Windows, macOS) and Liberation Sans (Linux) share its metrics. */
export const FONT = "Helvetica, Arial, 'Liberation Sans', sans-serif";

/** Default width of a chart's plotting area in pixels: fits the HTML report's column with the axes. */
export const CHART_WIDTH = 680;

/** The tiersim theme: readable type, light grids, left-aligned titles, no frame around the plot. */
export const chartTheme: Config = {
  background: "white",
  padding: 10,
  font: FONT,
  title: { fontSize: 16, fontWeight: "bold", anchor: "start", color: "#222", subtitleFontSize: 12, subtitleColor: "#555", offset: 10, subtitlePadding: 4 },
  axis: {
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: "normal",
    titleColor: "#333",
    labelColor: "#333",
    gridColor: "#e8e8e8",
    domainColor: "#999",
    tickColor: "#999",
    labelLimit: 260,
    titlePadding: 8,
  },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: "normal", labelLimit: 360, symbolStrokeWidth: 3, symbolSize: 160 },
  header: { labelFontSize: 13, labelFontWeight: "bold", titleFontSize: 13 },
  view: { stroke: "transparent" },
  line: { strokeWidth: 2.2 },
  text: { fontSize: 12, color: "#222" },
  concat: { spacing: 28 },
};

/** A spec with the tiersim theme and the Vega-Lite schema, so the .vl.json renders the same anywhere. */
export function themed(spec: TopLevelSpec): TopLevelSpec {
  return { $schema: "https://vega.github.io/schema/vega-lite/v6.json", ...spec, config: { ...chartTheme, ...(spec.config ?? {}) } } as TopLevelSpec;
}

/** A Vega spec (the compiled form): what the HTML report hands to the Vega runtime in the browser. */
export type VegaSpec = ReturnType<typeof compile>["spec"];

/** Compile to Vega, refusing any spec that would load data or images from outside. */
export function compileSpec(spec: TopLevelSpec): VegaSpec {
  const vg = compile(spec).spec;
  assertSelfContained(vg);
  return vg;
}

function assertSelfContained(node: unknown, path = "spec"): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => assertSelfContained(n, `${path}[${i}]`));
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node)) {
    if (k === "url" && path.includes(".data")) throw new Error(`chart data must be inline, but ${path} loads ${String(v)}`);
    if (k === "values" && Array.isArray(v)) continue; // inline data rows: nothing to check inside
    assertSelfContained(v, `${path}.${k}`);
  }
}

/** A Vega loader that refuses every request: charts render from inline data or not at all. */
export function offlineLoader(): ReturnType<typeof vega.loader> {
  const loader = vega.loader();
  const refuse = async (uri: string): Promise<never> => {
    throw new Error(`tiersim charts never load anything, refused: ${uri}`);
  };
  loader.load = refuse;
  loader.sanitize = refuse;
  loader.http = refuse;
  loader.file = refuse;
  return loader;
}

/**
 * Layers whose `name` starts with "hover" are invisible targets that only carry tooltips (one per data point, so
 * they can outweigh the visible chart). Interactive views keep them; a static image has nothing to hover over.
 */
export const HOVER_LAYER_PREFIX = "hover";

/** The spec without its hover-only layers: what a static rendering needs. */
export function withoutHoverLayers<T>(spec: T): T {
  if (Array.isArray(spec)) return spec.map(withoutHoverLayers) as T;
  if (spec === null || typeof spec !== "object") return spec;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (k === "values" && Array.isArray(v)) out[k] = v;
    else if (k === "layer" && Array.isArray(v)) {
      out[k] = v.filter((l) => !(typeof l?.name === "string" && l.name.startsWith(HOVER_LAYER_PREFIX))).map(withoutHoverLayers);
    } else out[k] = withoutHoverLayers(v);
  }
  return out as T;
}

/** Render a Vega-Lite spec to an SVG document string, headless (no canvas, no network), without hover-only layers. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  return renderVegaSvg(compileSpec(withoutHoverLayers(spec)));
}

/** Render an already compiled Vega spec to SVG. */
export async function renderVegaSvg(vg: VegaSpec): Promise<string> {
  useFontMetrics();
  const view = new vega.View(vega.parse(vg as vega.Spec), { renderer: "none", loader: offlineLoader() });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

// Text measurement. Without a canvas, Vega guesses every character to be 0.8 em wide, which makes labels look far
// wider than they are (long gaps, titles clipped early). Helvetica's advance widths give the real layout instead.
// Widths in 1/1000 em for the printable ASCII characters 32..126 (Adobe's Helvetica metrics).
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584,
  584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
  278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
  500, 334, 260, 334, 584,
];

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  text?: unknown;
}
interface TextMetrics {
  width: (item: TextItem, text?: unknown) => number;
}

/** Width in pixels of a text in Helvetica at a size, bold or not. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    em += code >= 32 && code <= 126 ? HELVETICA[code - 32]! : ch === "…" ? 1000 : 556;
  }
  return (em / 1000) * fontSize * (bold ? 1.07 : 1);
}

let metricsInstalled = false;
function useFontMetrics(): void {
  if (metricsInstalled) return;
  metricsInstalled = true;
  const metrics = (vega as unknown as { textMetrics?: TextMetrics }).textMetrics;
  if (!metrics || "document" in globalThis) return; // a browser measures with its canvas
  const measure = (item: TextItem, text?: unknown): number => {
    const value = text ?? item.text;
    const str = value === null || value === undefined ? "" : Array.isArray(value) ? value.map(String).reduce((a, b) => (a.length > b.length ? a : b), "") : String(value);
    const weight = item.fontWeight;
    const bold = weight === "bold" || (typeof weight === "number" && weight >= 600);
    return textWidth(str, item.fontSize ?? 11, bold);
  };
  metrics.width = measure;
}

/**
 * Vega numbers gradient and clip ids with a counter global to the process; renumber them per document so that the same
 * chart renders to the same bytes whatever was rendered before it.
 */
export function stableSvgIds(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/\b(gradient_|clip|pattern_)(\d+)\b/g, (whole, prefix: string) => {
    let id = ids.get(whole);
    if (id === undefined) {
      id = `${prefix}${[...ids.keys()].filter((k) => k.startsWith(prefix)).length}`;
      ids.set(whole, id);
    }
    return id;
  });
}
