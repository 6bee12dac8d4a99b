/**
 * Per-bar predictions of every (crypto, fold, variant) and the results rows derived from them.
 * The score model is in scenarios.ts; here it is turned into probabilities and decisions:
 *
 *   buy_proba = 1 / (1 + exp(−1.6 · (S_v − τ_v))), rounded to 4 decimals,
 *   y_pred    = 1 when buy_proba > 0.5,
 *
 * with τ_v = 0.772 · sd(S_v) (sd under a unit-variance z̃), which makes each model flag ≈ 22% of
 * bars as BUY whatever its skill — a model trained with class weights on a ~20% BUY share does
 * that. The metrics of results.csv then follow from these rows alone (metrics.ts).
 */
import { DEFAULT_VARIANTS, FEATURE_SETS } from "../../src/lib/sweep.ts";
import { foldWindows, type FoldWindow } from "./calendar.ts";
import { HOUR_MS } from "../../src/lib/time.ts";
import { computeLabels, gridCloses, LABEL_HORIZON } from "./labels.ts";
import type { Market, SymbolSeries } from "./market.ts";
import { buyMetrics, confusion, sleeveMaxDrawdown, type BuyMetrics } from "./metrics.ts";
import { Rng } from "./prng.ts";
import { SHARED_SKILL, VARIANT_NOISE, variantSkill, type Scenario } from "./scenarios.ts";

const Z_CLIP = 3;
const PROBA_SLOPE = 1.6;
/** Φ⁻¹(0.78): flag the top ~22% of scores. */
const SHARE_QUANTILE = 0.772;
const PROBA_SCALE = 1e4;

/** Purge gap (bars dropped between training and test) per variant; 24 = 2× the label horizon. */
export const PURGE_BARS: Record<string, number> = {
  none: 24,
  btc_min: 24,
  btc_full: 24,
  btc_full_purge0: 0,
  btc_full_purge10: 10,
  btc_vol_only: 24,
};

/** The registry's feature-set name of a variant (the purge variants reuse `btc_full`). */
export function featureSetOf(variant: string): string {
  return variant.startsWith("btc_full") ? "btc_full" : variant;
}

/** Own-asset features every variant uses; the BTC features of FEATURE_SETS come after them. */
export const BASE_FEATURES = ["ret_1h", "ret_4h", "ret_24h", "rv_24h", "rsi_14", "volume_z_168h", "range_1h", "ma_ratio_168h"] as const;

export function featureNames(variant: string): string[] {
  return [...BASE_FEATURES, ...(FEATURE_SETS[variant] ?? [])];
}

export interface PredictionBlock {
  crypto: string;
  fold: FoldWindow;
  variant: string;
  /** Bar open times, epoch ms. */
  ts: Float64Array;
  yTrue: Int8Array;
  yPred: Int8Array;
  proba: Float64Array;
  metrics: BuyMetrics & { max_drawdown: number };
}

/** RMS of BTC's 1-bar log returns inside each fold: the fold's volatility regime. */
function foldVolRanks(btc: SymbolSeries, folds: FoldWindow[]): number[] {
  const closes = gridCloses(btc.close, btc.present);
  const vol = folds.map((f) => {
    let sum = 0;
    let count = 0;
    const i0 = (f.start - btc.start) / HOUR_MS;
    const i1 = (f.end - btc.start) / HOUR_MS;
    for (let i = Math.max(1, i0); i < i1; i++) {
      const r = Math.log(closes[i] / closes[i - 1]);
      if (r === r) {
        sum += r * r;
        count++;
      }
    }
    return Math.sqrt(sum / count);
  });
  const order = vol.map((v, k) => [v, k] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rank = new Array<number>(folds.length);
  order.forEach(([, k], r) => (rank[k] = r));
  return rank;
}

function normals(seed: number, label: string, n: number): Float64Array {
  const rng = new Rng(seed, label);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** All prediction blocks of `scenario`, ordered crypto (sweep order), fold, variant. */
export function buildPredictions(seed: number, scenario: Scenario, market: Market): PredictionBlock[] {
  const folds = foldWindows(market.span);
  const ranks = foldVolRanks(market.btc, folds);
  const blocks: PredictionBlock[] = [];
  for (const series of market.targets) {
    const crypto = series.spec.symbol;
    const closes = gridCloses(series.close, series.present);
    const labels = computeLabels(closes);
    const shared = normals(seed, `model/${crypto}/shared`, market.n);
    const cryptoFactor = 0.75 + 0.5 * new Rng(seed, `model/${crypto}/factor`).uniform();
    const own = new Map(DEFAULT_VARIANTS.map((v) => [v, normals(seed, `model/${crypto}/${v}`, market.n)]));
    for (const fold of folds) {
      const i0 = (fold.start - market.span.start) / HOUR_MS;
      const i1 = Math.min(market.n, (fold.end - market.span.start) / HOUR_MS);
      const idx: number[] = [];
      for (let i = i0; i < i1; i++) if (labels.y[i] >= 0) idx.push(i);
      for (const variant of DEFAULT_VARIANTS) {
        const u = variantSkill(scenario, variant, ranks[fold.fold - 1], cryptoFactor);
        const tau = SHARE_QUANTILE * Math.sqrt((SHARED_SKILL + u) ** 2 + 1 + VARIANT_NOISE ** 2);
        const e = own.get(variant)!;
        const m = idx.length;
        const ts = new Float64Array(m);
        const yTrue = new Int8Array(m);
        const yPred = new Int8Array(m);
        const proba = new Float64Array(m);
        const tradeReturns: number[] = [];
        for (let k = 0; k < m; k++) {
          const i = idx[k];
          const zc = Math.max(-Z_CLIP, Math.min(Z_CLIP, labels.z[i]));
          const score = (SHARED_SKILL + u) * zc + shared[i] + VARIANT_NOISE * e[i];
          const p = Math.round(PROBA_SCALE / (1 + Math.exp(-PROBA_SLOPE * (score - tau)))) / PROBA_SCALE;
          ts[k] = market.span.start + i * HOUR_MS;
          yTrue[k] = labels.y[i];
          proba[k] = p;
          yPred[k] = p > 0.5 ? 1 : 0;
          if (yPred[k]) tradeReturns.push(closes[i + LABEL_HORIZON] / closes[i] - 1);
        }
        const metrics = { ...buyMetrics(confusion(yTrue, yPred)), max_drawdown: sleeveMaxDrawdown(tradeReturns, LABEL_HORIZON) };
        blocks.push({ crypto, fold, variant, ts, yTrue, yPred, proba, metrics });
      }
    }
  }
  return blocks;
}
