/**
 * The one-sided paired t-test both G4 (variant > baseline) and G6 (leaky > reference) use, with
 * the power the design had, and Benjamini–Hochberg over a family of such tests. All statistics
 * come from src/lib/stats (scipy.stats.ttest_rel, statsmodels fdr_bh parity).
 */
import { bhAdjust, mean, minDetectableEffect, sampleVariance, ttestRel } from "../stats/index.js";
import type { PairedCell, PairedTest } from "./types.js";

/** Power the committee asks about: "how large an effect could this design detect?" */
export const TARGET_POWER = 0.8;

const finiteOrNull = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/**
 * One-sided paired t-test `a > b` over the cells (scipy.stats.ttest_rel(a, b,
 * alternative="greater")). When every difference is equal, scipy returns t = ±inf (p = 0 or 1)
 * for a non-zero difference and NaN for zero differences; NaN is reported as null here and the
 * test leaves the BH family (see `adjustFamily`).
 */
export function pairedTestGreater(scope: string, cells: readonly PairedCell[], alpha: number): PairedTest {
  const n = cells.length;
  const diffs = cells.map((c) => c.diff);
  const meanDiff = n ? mean(diffs) : null;
  const sd = n >= 2 ? Math.sqrt(sampleVariance(diffs)) : null;
  if (n < 2) return { scope, n, mean_diff: meanDiff, sd_diff: sd, statistic: null, df: null, pvalue: null, pvalue_adj: null, mde: null };
  const t = ttestRel(
    cells.map((c) => c.a),
    cells.map((c) => c.b),
    { alternative: "greater" },
  );
  const mde = sd !== null && sd > 0 ? minDetectableEffect(sd, n, alpha, TARGET_POWER, "greater") : null;
  // ±inf statistics (constant non-zero differences) are kept as null in JSON but their p-value (0 or 1) is real.
  return {
    scope,
    n,
    mean_diff: meanDiff,
    sd_diff: sd,
    statistic: finiteOrNull(t.statistic),
    df: t.df,
    pvalue: Number.isNaN(t.pvalue) ? null : t.pvalue,
    pvalue_adj: null,
    mde: finiteOrNull(mde),
  };
}

/**
 * Benjamini–Hochberg over the tests that have a p-value; tests without one (undefined t) keep
 * `pvalue_adj = null` and do not count in the family size. Returns the family size.
 */
export function adjustFamily(tests: PairedTest[]): number {
  const members = tests.filter((t) => t.pvalue !== null);
  if (!members.length) return 0;
  const adj = bhAdjust(members.map((t) => t.pvalue as number));
  members.forEach((t, i) => (t.pvalue_adj = adj[i]));
  return members.length;
}
