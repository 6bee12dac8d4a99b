/**
 * The Uplift page's interval chart: mean f1_buy uplift with its bootstrap interval, pooled and per
 * crypto, one facet per variant, on one shared axis (so variants compare at a glance) whose window
 * comes from src/lib/interval-window.ts. An interval that runs past the window is drawn to the edge
 * with an arrowhead there; its true bounds stay in the tip.
 */
import * as Plot from "@observablehq/plot";
import { clipInterval, intervalWindow } from "../lib/interval-window.js";
import { cryptoScale, POOLED } from "./colours.js";

export interface ForestRow {
  variant: string;
  /** "pooled" or a crypto. */
  scope: string;
  mean: number;
  low: number;
  high: number;
}

/** Pooled and per-crypto rows of each variant's uplift (the gate report's `uplift` block). */
export function forestRows(variants: ReadonlyArray<{ variant: string; uplift: { mean_uplift: number; ci: { low: number; high: number }; per_crypto: ReadonlyArray<{ crypto: string; mean_uplift: number; ci: { low: number; high: number } }> } }>): ForestRow[] {
  return variants.flatMap((v) => [
    { variant: v.variant, scope: POOLED, mean: v.uplift.mean_uplift, low: v.uplift.ci.low, high: v.uplift.ci.high },
    ...v.uplift.per_crypto.map((c) => ({ variant: v.variant, scope: c.crypto, mean: c.mean_uplift, low: c.ci.low, high: c.ci.high })),
  ]);
}

export function upliftForest(rows: readonly ForestRow[], opts: { cryptos: readonly string[]; variants: readonly string[]; threshold: number; width: number }): SVGSVGElement | HTMLElement {
  const window = intervalWindow(rows, [0, opts.threshold]);
  const drawn = rows.map((r) => ({ ...r, ...clipInterval(r, window) }));
  const cut = drawn.filter((r) => r.cutLow || r.cutHigh);
  const wide = (r: ForestRow) => (r.scope === POOLED ? 3 : 1.5);
  const chart = Plot.plot({
    width: opts.width,
    height: 80 + 28 * rows.length,
    marginLeft: 90,
    marginRight: 130,
    x: { domain: window, label: "f1_buy uplift over baseline →", grid: true, tickFormat: "+.3f" },
    y: { domain: [POOLED, ...opts.cryptos], label: null },
    fy: { domain: [...opts.variants], label: null },
    color: cryptoScale(opts.cryptos, { withPooled: true, legend: true }),
    marks: [
      Plot.ruleX([0], { stroke: "currentColor" }),
      Plot.ruleX([opts.threshold], { stroke: "var(--ftf-pass)", strokeDasharray: "4 3" }),
      Plot.link(drawn, { x1: "x1", x2: "x2", y1: "scope", y2: "scope", fy: "variant", stroke: "scope", strokeWidth: wide }),
      // Arrowheads on the cut ends: the interval goes on past the axis.
      Plot.text(cut.filter((r) => r.cutLow), { x: "x1", y: "scope", fy: "variant", text: () => "◀", fill: "scope", textAnchor: "start", dx: -1, fontSize: 11 }),
      Plot.text(cut.filter((r) => r.cutHigh), { x: "x2", y: "scope", fy: "variant", text: () => "▶", fill: "scope", textAnchor: "end", dx: 1, fontSize: 11 }),
      Plot.dot(drawn, { x: "mean", y: "scope", fy: "variant", fill: "scope", r: (r: ForestRow) => (r.scope === POOLED ? 5 : 3), tip: true, channels: { low: "low", high: "high" } }),
    ],
  });
  chart.setAttribute("data-testid", "uplift-forest");
  chart.setAttribute("data-cut-intervals", String(cut.length));
  return chart;
}
