/**
 * G3 stability ("gate 3"): per crypto, the sample variance (ddof = 1, as numpy.var(ddof=1)) of
 * f1_buy across folds must not exceed max_fold_variance; and, when per-regime f1 is available
 * (predictions + BTC OHLCV, src/lib/regimes.ts), per crypto the sample variance of the
 * per-regime f1 (each regime pooled over the crypto's folds) must not exceed max_regime_variance.
 *
 * Regimes with fewer than min_regime_buy_trades predicted BUYs, or an undefined f1, or the label
 * "unknown" (no BTC history yet) stay out of the regime variance: an f1 on a handful of trades is
 * noise, and gate 3 abandons a variant, so it must not fire on noise. A crypto with fewer than
 * two qualifying regimes is "not assessed" for the regime part (which then does not fail).
 * A crypto with fewer than two folds cannot show stability at all: the gate is then not assessed
 * and the verdict is INSUFFICIENT EVIDENCE, not ABANDON.
 */
import type { ResultRow } from "../results.js";
import { UNKNOWN_REGIME } from "../regimes.js";
import { sampleVariance } from "../stats/index.js";
import { byCrypto } from "./cells.js";
import { num, plural } from "../format.js";
import { atMost, type Thresholds } from "./thresholds.js";
import type { GateResult, RegimeF1Row } from "./types.js";


export interface FoldVariance {
  crypto: string;
  n_folds: number;
  f1: number[];
  variance: number | null;
  pass: boolean | null;
}

export interface RegimeCell {
  regime: string;
  f1: number | null;
  n_bars: number;
  n_pred_buy: number;
  included: boolean;
}

export interface RegimeVariance {
  crypto: string;
  regimes: RegimeCell[];
  n_regimes: number;
  variance: number | null;
  /** null = not assessed (fewer than two qualifying regimes). */
  pass: boolean | null;
}

/**
 * The standard deviation of f1_buy across folds that G3's limit on the (ddof 1) sample variance
 * allows: what the limit means in f1 units, for a reader to judge it.
 */
export function foldSdAtLimit(maxFoldVariance: number): number {
  return Math.sqrt(maxFoldVariance);
}

export function foldVariances(cryptos: readonly string[], rows: readonly ResultRow[], t: Thresholds): FoldVariance[] {
  return byCrypto(cryptos, rows).map(([crypto, rs]) => {
    const f1 = [...rs].sort((a, b) => a.fold - b.fold).map((r) => r.f1_buy);
    const variance = f1.length >= 2 ? sampleVariance(f1) : null;
    return { crypto, n_folds: f1.length, f1, variance, pass: variance === null ? null : atMost(variance, t.max_fold_variance) };
  });
}

export function regimeVariances(cryptos: readonly string[], regimeRows: readonly RegimeF1Row[], t: Thresholds): RegimeVariance[] {
  return byCrypto(cryptos, regimeRows).map(([crypto, rs]) => {
    const regimes = rs.map((r) => ({
      regime: r.regime,
      f1: r.f1,
      n_bars: r.n_bars,
      n_pred_buy: r.n_pred_buy,
      included: r.regime !== UNKNOWN_REGIME && r.f1 !== null && r.n_pred_buy >= t.min_regime_buy_trades,
    }));
    const f1 = regimes.filter((r) => r.included).map((r) => r.f1 as number);
    const variance = f1.length >= 2 ? sampleVariance(f1) : null;
    return { crypto, regimes, n_regimes: f1.length, variance, pass: variance === null ? null : atMost(variance, t.max_regime_variance) };
  });
}

function worst<T extends { variance: number | null }>(items: readonly T[]): T | null {
  let w: T | null = null;
  for (const it of items) if (it.variance !== null && (w === null || it.variance > (w.variance as number))) w = it;
  return w;
}

/** `regimeRows` are this variant's rows only; `null` when predictions or OHLCV are absent. */
export function gateStability(cryptos: readonly string[], rows: readonly ResultRow[], regimeRows: readonly RegimeF1Row[] | null, t: Thresholds): GateResult {
  const folds = foldVariances(cryptos, rows, t);
  const foldFailing = folds.filter((f) => f.pass === false);
  const foldUnassessed = folds.filter((f) => f.pass === null);
  const wf = worst(folds);

  const regimes = regimeRows ? regimeVariances(cryptos, regimeRows, t) : null;
  const regimeFailing = regimes ? regimes.filter((r) => r.pass === false) : [];
  const regimeAssessed = regimes ? regimes.filter((r) => r.pass !== null) : [];
  const wr = regimes ? worst(regimes) : null;

  const assessed = foldUnassessed.length === 0;
  const pass = assessed && foldFailing.length === 0 && regimeFailing.length === 0;

  const parts: string[] = [];
  if (!assessed) {
    parts.push(`${plural(foldUnassessed.length, "crypto")} (${foldUnassessed.map((f) => f.crypto).join(", ")}) ha${foldUnassessed.length === 1 ? "s" : "ve"} fewer than 2 folds, so fold stability cannot be assessed`);
  } else if (foldFailing.length) {
    parts.push(`fold variance of f1_buy exceeds ${num(t.max_fold_variance)} in ${foldFailing.length} of ${plural(folds.length, "crypto")} (worst ${wf!.crypto}: ${num(wf!.variance)})`);
  } else {
    parts.push(`fold variance of f1_buy is within ${num(t.max_fold_variance)} for all ${plural(folds.length, "crypto")} (largest ${wf!.crypto}: ${num(wf!.variance)})`);
  }
  if (!regimes) {
    parts.push("per-regime f1 was not assessed (no predictions or BTC OHLCV)");
  } else if (!regimeAssessed.length) {
    parts.push(`per-regime f1 was not assessed (no crypto has two regimes with ${t.min_regime_buy_trades}+ predicted BUYs)`);
  } else if (regimeFailing.length) {
    parts.push(`per-regime f1 variance exceeds ${num(t.max_regime_variance)} in ${regimeFailing.length} of ${plural(regimeAssessed.length, "assessed crypto")} (worst ${wr!.crypto}: ${num(wr!.variance)})`);
  } else {
    parts.push(`per-regime f1 variance is within ${num(t.max_regime_variance)} in ${regimeAssessed.length} assessed ${regimeAssessed.length === 1 ? "crypto" : "cryptos"} (largest ${wr!.crypto}: ${num(wr!.variance)})`);
  }
  const reason = parts[0][0].toUpperCase() + parts[0].slice(1) + "; " + parts.slice(1).join("; ") + ".";

  return {
    gate: "G3",
    name: "stability",
    pass,
    applicable: true,
    assessed,
    on_fail: "ABANDON",
    rule: `per crypto: var(f1_buy across folds) <= ${t.max_fold_variance}` + (regimes ? ` and var(per-regime f1) <= ${t.max_regime_variance}` : ""),
    inputs: {
      per_crypto: folds,
      regime_threshold: t.max_regime_variance,
      min_regime_buy_trades: t.min_regime_buy_trades,
      regimes: regimes ? { assessed: regimeAssessed.length > 0, per_crypto: regimes, max_variance: wr ? wr.variance : null } : null,
    },
    statistic: wf ? wf.variance : null,
    statistic_name: "max fold variance of f1_buy",
    pvalue: null,
    pvalue_adj: null,
    threshold: t.max_fold_variance,
    reason,
  };
}
