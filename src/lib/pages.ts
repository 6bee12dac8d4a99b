/**
 * The pages of a sweep, in reading order. Read by observablehq.config.ts (sidebar, dynamic paths)
 * and by the per-sweep navigation bar, so both always list the same pages.
 */
export interface PageDef {
  file: string;
  name: string;
}

export const SWEEP_PAGES: PageDef[] = [
  { file: "index", name: "Dossier" },
  { file: "leakage", name: "Leakage" },
  { file: "uplift", name: "Uplift" },
  { file: "stability", name: "Stability (gate 3)" },
  { file: "results", name: "Results" },
  { file: "feature-drift", name: "Feature drift" },
  { file: "correlation-drift", name: "Correlation drift" },
  { file: "ohlcv-quality", name: "OHLCV quality" },
  { file: "ohlcv", name: "Market data" },
  { file: "artefacts", name: "Artefact contract" },
  { file: "explore", name: "Explore (SQL)" },
];

/** Top-level pages besides the home page. */
export const TOP_PAGES: PageDef[] = [{ file: "compare", name: "Compare sweeps" }];
