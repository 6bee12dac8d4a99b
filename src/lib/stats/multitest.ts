/**
 * Benjamini–Hochberg false discovery rate adjustment, as
 * statsmodels.stats.multitest.multipletests(p, method="fdr_bh")[1] (statsmodels 0.13).
 * Hand-written (a dozen lines; no library needed).
 *
 * Sort ascending, p_(i)·n/i computed as p_(i) / (i/n) like statsmodels (same rounding), running
 * minimum from the largest p down (monotone), values above 1 set to 1, original order restored.
 * Tied p-values receive the same adjusted value whatever their order. Empty input gives [].
 */
import { StatsError } from "./errors.js";

export function bhAdjust(pvalues: ArrayLike<number>): number[] {
  const n = pvalues.length;
  for (let i = 0; i < n; i++) {
    const p = pvalues[i];
    if (!(p >= 0 && p <= 1)) throw new StatsError("out-of-range", "expected p-values in [0, 1]", { fn: "bhAdjust", argument: "pvalues", index: i, value: p });
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => pvalues[i] - pvalues[j] || i - j);
  const adjusted = new Array<number>(n);
  let running = Infinity;
  for (let rank = n; rank >= 1; rank--) {
    const idx = order[rank - 1];
    const raw = pvalues[idx] / (rank / n);
    if (raw < running) running = raw;
    adjusted[idx] = running > 1 ? 1 : running;
  }
  return adjusted;
}
