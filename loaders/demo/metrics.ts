/**
 * The per-(crypto, fold, variant) metrics of results.csv, derived from the prediction rows.
 * Isomorphic (no node: imports) so the ingest checks or the pages can reuse them; f1 itself is
 * src/lib/regimes.ts's `f1FromCounts`, the one definition the per-regime f1 uses too.
 *
 * - BUY is the positive class. TP = #(y_pred = 1 ∧ y_true = 1), FP = #(y_pred = 1 ∧ y_true = 0),
 *   FN = #(y_pred = 0 ∧ y_true = 1).
 * - precision_buy = TP / (TP + FP), recall_buy = TP / (TP + FN) (null when the denominator is 0),
 *   f1_buy = 2·TP / (2·TP + FP + FN) (0 when there is no BUY at all, as sklearn's zero_division=0).
 * - max_drawdown: replay the predicted BUYs in time order. A BUY at bar t enters at close c_t and
 *   exits at close c_{t+h} (h = 12, the label horizon), simple return R = c_{t+h}/c_t − 1. Signals
 *   overlap (a BUY every hour holds 12 positions at once), so each one commits 1/h of equity —
 *   the overlapping-portfolio convention of Jegadeesh & Titman (1993): E_0 = 1,
 *   E_k = E_{k−1}·(1 + R_k / h). max_drawdown = max_k (1 − E_k / max(E_0, …, E_k)), a positive
 *   fraction; 0 without trades. No fees or slippage.
 */
import { f1FromCounts } from "../../src/lib/regimes.ts";

export interface ClassificationCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function confusion(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): ClassificationCounts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yPred[i] === 1) {
      if (yTrue[i] === 1) tp++;
      else fp++;
    } else if (yTrue[i] === 1) fn++;
    else tn++;
  }
  return { tp, fp, fn, tn };
}

export interface BuyMetrics {
  f1_buy: number;
  precision_buy: number | null;
  recall_buy: number | null;
  n_buy_trades: number;
  n_true_buy: number;
  n_samples: number;
}

export function buyMetrics(c: ClassificationCounts): BuyMetrics {
  const predicted = c.tp + c.fp;
  const actual = c.tp + c.fn;
  return {
    f1_buy: f1FromCounts(c.tp, c.fp, c.fn) ?? 0,
    precision_buy: predicted === 0 ? null : c.tp / predicted,
    recall_buy: actual === 0 ? null : c.tp / actual,
    n_buy_trades: predicted,
    n_true_buy: actual,
    n_samples: c.tp + c.fp + c.fn + c.tn,
  };
}

/**
 * Max drawdown of the 1/h-sleeve equity curve over trade returns `returns` (simple returns, in
 * signal order); see the module comment.
 */
export function sleeveMaxDrawdown(returns: ArrayLike<number>, horizon: number): number {
  let equity = 1;
  let peak = 1;
  let mdd = 0;
  for (let k = 0; k < returns.length; k++) {
    equity *= 1 + returns[k] / horizon;
    if (equity > peak) peak = equity;
    const dd = 1 - equity / peak;
    if (dd > mdd) mdd = dd;
  }
  return mdd;
}
