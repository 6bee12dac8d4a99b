/**
 * G4 significance: one-sided paired t-test f1_buy(variant) > f1_buy(baseline) over all
 * (crypto, fold) pairs, Benjamini–Hochberg adjusted across the family of every non-baseline
 * variant declared in the sweep (the leaky purge-0 variant included: it is a variant the sweep
 * ran and a candidate like the others, and leaving it out would make the family depend on the
 * leakage outcome). Passes when the adjusted p < alpha_significance.
 */
import { num, pval, signed } from "../format.js";
import { adjustFamily, pairedTestGreater, TARGET_POWER } from "./paired-test.js";
import type { Thresholds } from "./thresholds.js";
import type { GateResult, PairedCell, PairedTest } from "./types.js";

/** One test per variant (scope = variant id), adjusted together. */
export function significanceTests(pairsByVariant: ReadonlyMap<string, PairedCell[]>, t: Thresholds): Map<string, PairedTest> {
  const tests = new Map<string, PairedTest>();
  for (const [variant, pairs] of pairsByVariant) tests.set(variant, pairedTestGreater(variant, pairs, t.alpha_significance));
  adjustFamily([...tests.values()]);
  return tests;
}

export function gateSignificance(test: PairedTest, baseline: string, familySize: number, t: Thresholds): GateResult {
  const alpha = t.alpha_significance;
  const pass = test.pvalue_adj !== null && test.pvalue_adj < alpha;
  const mde = test.mde === null ? "" : `; with ${test.n} pairs it detects a mean uplift of ${signed(test.mde)} with ${TARGET_POWER * 100}% power`;
  const reason =
    test.pvalue === null
      ? `The paired t-test against ${baseline} is undefined (${test.n < 2 ? "fewer than 2 pairs" : "every paired difference is zero"}), so significance is not shown.`
      : `One-sided paired t-test over ${test.n} pairs gives t = ${num(test.statistic, 3)}, p = ${pval(test.pvalue)}, BH-adjusted over ${familySize} variants p = ${pval(test.pvalue_adj)}, ${pass ? "below" : "not below"} α = ${alpha}${mde}.`;
  return {
    gate: "G4",
    name: "significance",
    pass,
    applicable: true,
    assessed: test.pvalue !== null,
    on_fail: "KEEP AVAILABLE",
    rule: `BH-adjusted p of one-sided paired t-test (variant > ${baseline}) < ${alpha}`,
    inputs: {
      baseline,
      alternative: "greater",
      n_pairs: test.n,
      df: test.df,
      mean_diff: test.mean_diff,
      sd_diff: test.sd_diff,
      family: "all non-baseline variants",
      family_size: familySize,
      correction: "Benjamini-Hochberg (statsmodels fdr_bh)",
      power: { target: TARGET_POWER, alpha, min_detectable_mean_diff: test.mde },
    },
    statistic: test.statistic,
    statistic_name: "t",
    pvalue: test.pvalue,
    pvalue_adj: test.pvalue_adj,
    threshold: alpha,
    reason,
  };
}
