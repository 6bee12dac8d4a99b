/**
 * One look across pages: one colour per crypto, per fold and per verdict. Plot scales built here
 * give a crypto the same colour on every chart (the sweep's crypto order decides, not the order a
 * chart happens to meet them), and "pooled" is always the foreground colour.
 */
import type { VariantVerdict } from "../lib/gates/types.js";

/** Tableau 10 (d3.schemeTableau10): distinct, colour-blind tolerant, prints in grey distinguishably. */
export const CATEGORICAL = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ab"] as const;
/** A second palette for folds, so a fold is never mistaken for a crypto. */
export const FOLD_PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"] as const;

export const POOLED = "pooled";
const POOLED_COLOUR = "currentColor";

/** The colour of each crypto, by its position in the sweep's crypto list. */
export function cryptoColours(cryptos: readonly string[]): Map<string, string> {
  return new Map(cryptos.map((c, i) => [c, CATEGORICAL[i % CATEGORICAL.length]]));
}

/** A Plot `color` scale for cryptos (and "pooled" when `withPooled`), the same on every chart. */
export function cryptoScale(cryptos: readonly string[], opts: { withPooled?: boolean; legend?: boolean } = {}): { domain: string[]; range: string[]; legend?: boolean; label?: string } {
  const m = cryptoColours(cryptos);
  const domain = [...(opts.withPooled ? [POOLED] : []), ...cryptos];
  return { domain, range: domain.map((c) => (c === POOLED ? POOLED_COLOUR : m.get(c)!)), ...(opts.legend !== undefined ? { legend: opts.legend } : {}), label: "crypto" };
}

/** A Plot `color` scale for folds (numbers or "fold N" labels). */
export function foldScale(folds: readonly (number | string)[]): { domain: (number | string)[]; range: string[]; label: string } {
  return { domain: [...folds], range: folds.map((_, i) => FOLD_PALETTE[i % FOLD_PALETTE.length]), label: "fold" };
}

/** The CSS colour of a verdict, as the badges use it. */
export const VERDICT_COLOUR: Record<VariantVerdict, string> = {
  "LOCK CANDIDATE": "var(--ftf-pass)",
  "KEEP AVAILABLE": "var(--theme-foreground)",
  "INSUFFICIENT EVIDENCE": "var(--ftf-warn)",
  ABANDON: "var(--ftf-fail)",
  CONTROL: "var(--ftf-muted)",
  BASELINE: "var(--ftf-muted)",
};
