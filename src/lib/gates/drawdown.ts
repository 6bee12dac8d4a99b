/**
 * G5 drawdown: per crypto, mean over folds of max_drawdown(variant) <= the same mean for the
 * baseline + drawdown_tolerance (drawdowns are positive fractions; 0.01 = one percentage point).
 * Without a max_drawdown for every cell the gate is not assessed and fails: a LOCK CANDIDATE
 * needs the evidence, not the absence of a counter-example.
 */
import type { ResultRow } from "../results.js";
import { mean } from "../stats/index.js";
import { byCrypto } from "./cells.js";
import { num, plural, signed } from "../format.js";
import { atMost, type Thresholds } from "./thresholds.js";
import type { GateResult } from "./types.js";

export interface CryptoDrawdown {
  crypto: string;
  n: number;
  mean_dd_variant: number;
  mean_dd_baseline: number;
  /** mean_dd_variant − mean_dd_baseline */
  excess: number;
  limit: number;
  pass: boolean;
}

export function gateDrawdown(cryptos: readonly string[], rows: readonly ResultRow[], baselineRows: readonly ResultRow[], baseline: string, t: Thresholds): GateResult {
  const tol = t.drawdown_tolerance;
  const base = {
    gate: "G5" as const,
    name: "drawdown",
    applicable: true,
    on_fail: "KEEP AVAILABLE" as const,
    rule: `per crypto: mean max_drawdown(variant) <= mean max_drawdown(${baseline}) + ${tol}`,
    statistic_name: "max over cryptos of mean drawdown excess over baseline",
    pvalue: null,
    pvalue_adj: null,
    threshold: tol,
  };
  const missing = [...rows, ...baselineRows].filter((r) => r.max_drawdown === null || !Number.isFinite(r.max_drawdown));
  if (missing.length) {
    return {
      ...base,
      pass: false,
      assessed: false,
      inputs: { baseline, missing: missing.map(({ crypto, fold, variant }) => ({ crypto, fold, variant })) },
      statistic: null,
      reason: `Drawdown cannot be assessed: max_drawdown is missing for ${plural(missing.length, "cell")} of this variant or the baseline.`,
    };
  }
  const baseBy = new Map(byCrypto(cryptos, baselineRows));
  const perCrypto: CryptoDrawdown[] = byCrypto(cryptos, rows).map(([crypto, rs]) => {
    const v = mean(rs.map((r) => r.max_drawdown as number));
    const b = mean(baseBy.get(crypto)!.map((r) => r.max_drawdown as number));
    return { crypto, n: rs.length, mean_dd_variant: v, mean_dd_baseline: b, excess: v - b, limit: b + tol, pass: atMost(v, b + tol) };
  });
  let worst = perCrypto[0];
  for (const c of perCrypto) if (c.excess > worst.excess) worst = c;
  const failing = perCrypto.filter((c) => !c.pass);
  const pass = failing.length === 0;
  const reason = pass
    ? `Mean max drawdown stays within ${num(tol)} of ${baseline} in all ${plural(perCrypto.length, "crypto")} (largest excess ${signed(worst.excess)}, ${worst.crypto}).`
    : `Mean max drawdown exceeds ${baseline} by more than ${num(tol)} in ${failing.length} of ${plural(perCrypto.length, "crypto")} (worst ${worst.crypto}: ${num(worst.mean_dd_variant)} vs ${num(worst.mean_dd_baseline)}, excess ${signed(worst.excess)}).`;
  return {
    ...base,
    pass,
    assessed: true,
    inputs: { baseline, per_crypto: perCrypto },
    statistic: worst.excess,
    reason,
  };
}
