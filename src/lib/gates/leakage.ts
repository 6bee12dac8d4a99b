/**
 * G6 leakage (mandatory): one-sided paired t-tests of f1_buy(leaky) > f1_buy(reference)
 * (default btc_full_purge0 vs btc_full: without the purge, look-ahead leaks into training),
 * pooled over every (crypto, fold) pair and per crypto; Benjamini–Hochberg over that family of
 * 1 + n_cryptos tests. Any adjusted p < alpha_leakage = leakage suspected = the whole track is
 * abandoned. The power figures say how large a leak this design could have seen.
 */
import { MISSING, pval, signed } from "../format.js";
import { byCrypto } from "./cells.js";
import { adjustFamily, pairedTestGreater, TARGET_POWER } from "./paired-test.js";
import type { Thresholds } from "./thresholds.js";
import type { GateResult, PairedCell, PairedTest } from "./types.js";

export interface LeakageTest extends PairedTest {
  /** adjusted p < alpha */
  suspected: boolean;
}

export interface LeakageReport {
  suspected: boolean;
  leaky: string;
  reference: string;
  alpha: number;
  alternative: "greater";
  correction: string;
  family_size: number;
  /** First the pooled test, then one per crypto in grid order. */
  tests: LeakageTest[];
  /** a = leaky f1_buy, b = reference f1_buy, diff = a − b, per (crypto, fold). */
  differences: PairedCell[];
  power: { target: number; alpha: number; pooled_mde: number | null; per_crypto_mde: Array<{ crypto: string; mde: number | null }> };
  /** The test with the smallest adjusted p (the one that decides). */
  deciding_scope: string | null;
  reason: string;
}

export function assessLeakage(leaky: string, reference: string, cryptos: readonly string[], differences: PairedCell[], t: Thresholds): LeakageReport {
  const alpha = t.alpha_leakage;
  const raw = [pairedTestGreater("pooled", differences, alpha), ...byCrypto(cryptos, differences).map(([c, cells]) => pairedTestGreater(c, cells, alpha))];
  const familySize = adjustFamily(raw);
  const tests: LeakageTest[] = raw.map((x) => ({ ...x, suspected: x.pvalue_adj !== null && x.pvalue_adj < alpha }));
  const suspected = tests.some((x) => x.suspected);
  let deciding: LeakageTest | null = null;
  for (const x of tests) if (x.pvalue_adj !== null && (deciding === null || x.pvalue_adj < (deciding.pvalue_adj as number))) deciding = x;
  const pooled = tests[0];
  const flagged = tests.filter((x) => x.suspected).map((x) => x.scope);
  const reason = suspected
    ? `Leakage suspected: ${leaky} beats ${reference} (pooled mean difference ${signed(pooled.mean_diff)}), with BH-adjusted p < ${alpha} in ${flagged.join(", ")} (smallest ${pval(deciding!.pvalue_adj)}, ${deciding!.scope}); the track is abandoned.`
    : `No leakage detected: ${leaky} does not beat ${reference} (pooled mean difference ${signed(pooled.mean_diff)}, smallest BH-adjusted p ${deciding ? `${pval(deciding.pvalue_adj)} in ${deciding.scope}` : MISSING} ≥ ${alpha})` +
      (pooled.mde !== null ? `; this design would detect a pooled leak of ${signed(pooled.mde)} f1 with ${TARGET_POWER * 100}% power.` : ".");
  return {
    suspected,
    leaky,
    reference,
    alpha,
    alternative: "greater",
    correction: "Benjamini-Hochberg (statsmodels fdr_bh) over the pooled and per-crypto tests",
    family_size: familySize,
    tests,
    differences,
    power: {
      target: TARGET_POWER,
      alpha,
      pooled_mde: pooled.mde,
      per_crypto_mde: tests.slice(1).map((x) => ({ crypto: x.scope, mde: x.mde })),
    },
    deciding_scope: deciding ? deciding.scope : null,
    reason,
  };
}

/** The track-level leakage outcome as each variant's G6. */
export function gateLeakage(report: LeakageReport): GateResult {
  const d = report.tests.find((x) => x.scope === report.deciding_scope) ?? report.tests[0];
  return {
    gate: "G6",
    name: "leakage",
    pass: !report.suspected,
    applicable: true,
    assessed: true,
    on_fail: "ABANDON TRACK",
    rule: `every BH-adjusted p of one-sided paired t-tests (${report.leaky} > ${report.reference}; pooled and per crypto) >= ${report.alpha}`,
    inputs: {
      leaky: report.leaky,
      reference: report.reference,
      family_size: report.family_size,
      deciding_scope: report.deciding_scope,
      tests: report.tests.map(({ scope, n, statistic, pvalue, pvalue_adj }) => ({ scope, n, statistic, pvalue, pvalue_adj })),
    },
    statistic: d.statistic,
    statistic_name: `t (${d.scope})`,
    pvalue: d.pvalue,
    pvalue_adj: d.pvalue_adj,
    threshold: report.alpha,
    reason: report.reason,
  };
}

