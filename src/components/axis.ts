/**
 * Axis margins that grow with their tick labels: Plot's default left margin (40 px) cuts
 * "50,000" to "0,000". The margin is sized from the longest label Plot's default number format
 * (en-US, thousands separators) would print for the data's range.
 */
// Named imports, not `import * as d3`: the build keeps only the d3 modules whose names some module
// imports (loaders/site/shrink-modules.ts), and a namespace import would keep all of them.
import { extent, scaleLinear } from "d3";

/** Average glyph width of the 10 px sans-serif tick font, with room for the tick itself. */
const CHAR_PX = 6.5;
const TICK_PX = 12;

/** A left (or right) margin wide enough for the y tick labels of `values`. */
export function marginFor(values: Iterable<number | null | undefined>, opts: { ticks?: number; format?: (x: number) => string; min?: number } = {}): number {
  const xs = [...values].filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  if (!xs.length) return opts.min ?? 40;
  const [lo, hi] = extent(xs) as [number, number];
  const scale = scaleLinear().domain([Math.min(lo, 0), hi]).nice();
  const format = opts.format ?? scale.tickFormat(opts.ticks ?? 10);
  const widest = Math.max(...scale.ticks(opts.ticks ?? 10).map((t) => format(t).length));
  return Math.max(opts.min ?? 40, Math.ceil(widest * CHAR_PX + TICK_PX));
}
