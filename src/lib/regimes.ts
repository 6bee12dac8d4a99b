/**
 * Market regimes (DESIGN §4) and per-regime f1 — the pure-function twin of the DuckDB SQL in
 * src/lib/sql/regime-f1.ts (tests hold the two to the same labels and counts).
 *
 * Rule, on BTC closes at the sweep's interval (windows written for 1h bars and scaled), with the
 * conventions of the BTC features (src/lib/sql/features.ts): bars sit on the interval grid
 * k = floor(ts / interval), and a window is a window of time over k, never "the previous N rows".
 * - trend return R_k = ln(c_k / c_{k−N}), N = 720 bars (30 days at 1h); NULL when either close is
 *   missing (warm-up, or an outage exactly N bars back). bull when R > +0.10, bear when
 *   R < −0.10, else range (both comparisons strict: +0.10 itself is range).
 * - optional volatility split on btc_rv_24h exactly as the feature defines it (24-bar time
 *   window, full history behind it, at least the minimum coverage of 1-bar returns present, sum
 *   of squares rescaled by window/present): high_vol when it is above its median over the
 *   training window [train_start, train_end) (the whole series when the sweep has none),
 *   low_vol otherwise (at the median = low_vol).
 * - label "bull" | "bear" | "range", or "bull/high_vol" etc. with the split; "unknown" when the bar
 *   cannot be labelled (warm-up, or no BTC bar at the prediction's bar).
 *
 * Per-regime f1 pools each regime's bars over a crypto's folds:
 *   f1 = 2·tp / (2·tp + fp + fn), null when that is 0/0 (no BUY predicted or true).
 */
import { quantileSorted, sortedCopy } from "./stats/index.js";
import { DEFAULT_MIN_COVERAGE, FEATURE_WINDOW_HOURS, minObservations } from "./sql/features.js";
import { barsFor, intervalMs, type SweepConfig } from "./sweep.js";
import type { RegimeF1Row } from "./gates/types.js";
import { HOUR_MS, parseOptionalUtc } from "./time.js";

export const UNKNOWN_REGIME = "unknown";

export interface RegimeRule {
  /** Bar length in ms (the grid k = floor(ts / interval_ms)). */
  interval_ms: number;
  /** Bars in the trailing trend return (720 at 1h). */
  trend_bars: number;
  /** bull when the trend return is strictly above this. */
  bull_above: number;
  /** bear when the trend return is strictly below this. */
  bear_below: number;
  /** Cross the trend with high/low volatility. */
  vol_split: boolean;
  /** Bars in btc_rv_24h (24 at 1h). */
  rv_bars: number;
  /** Share of rv_bars 1-bar returns that must be present (as the feature). */
  min_coverage: number;
  /** Training window (epoch ms, half-open) for the btc_rv_24h median; null = whole series. */
  train_start_ms: number | null;
  train_end_ms: number | null;
}

export const DEFAULT_REGIME_THRESHOLDS = { bull_above: 0.1, bear_below: -0.1 } as const;
/** Length of the trailing trend return in hours (720 = 30 days); bars = barsFor(this, interval). */
export const DEFAULT_TREND_HOURS = 720;

/** The trend window of a rule (e.g. the dossier's) in hours, or the default without one. */
export function trendHoursOf(rule: Pick<RegimeRule, "trend_bars"> | null | undefined, interval: string): number {
  return rule && rule.trend_bars > 0 ? (rule.trend_bars * intervalMs(interval)) / HOUR_MS : DEFAULT_TREND_HOURS;
}

/** The §4 rule at a sweep's interval, with page inputs (`overrides`) on top. */
export function regimeRuleFor(config: Pick<SweepConfig, "interval" | "train_start" | "train_end">, overrides: Partial<RegimeRule> = {}): RegimeRule {
  const rule: RegimeRule = {
    interval_ms: intervalMs(config.interval),
    trend_bars: barsFor(DEFAULT_TREND_HOURS, config.interval),
    bull_above: DEFAULT_REGIME_THRESHOLDS.bull_above,
    bear_below: DEFAULT_REGIME_THRESHOLDS.bear_below,
    vol_split: false,
    rv_bars: barsFor(FEATURE_WINDOW_HOURS.rv, config.interval),
    min_coverage: DEFAULT_MIN_COVERAGE,
    train_start_ms: parseOptionalUtc(config.train_start, "train_start"),
    train_end_ms: parseOptionalUtc(config.train_end, "train_end"),
    ...overrides,
  };
  return checkRegimeRule(rule);
}

export function checkRegimeRule(rule: RegimeRule): RegimeRule {
  for (const k of ["interval_ms", "trend_bars", "rv_bars"] as const) {
    if (!Number.isInteger(rule[k]) || rule[k] < 1) throw new Error(`regime rule: ${k} must be a positive integer (got ${rule[k]})`);
  }
  if (!Number.isFinite(rule.bull_above) || !Number.isFinite(rule.bear_below) || rule.bear_below > rule.bull_above) {
    throw new Error(`regime rule: need finite bear_below <= bull_above (got ${rule.bear_below}, ${rule.bull_above})`);
  }
  if (!(rule.min_coverage > 0 && rule.min_coverage <= 1)) throw new Error(`regime rule: min_coverage must be in (0, 1] (got ${rule.min_coverage})`);
  return rule;
}

export type Trend = "bull" | "bear" | "range";
export type Vol = "high_vol" | "low_vol";

export function classifyTrend(trendReturn: number | null, rule: Pick<RegimeRule, "bull_above" | "bear_below">): Trend | null {
  if (trendReturn === null || Number.isNaN(trendReturn)) return null;
  if (trendReturn > rule.bull_above) return "bull";
  if (trendReturn < rule.bear_below) return "bear";
  return "range";
}

export function classifyVol(rv: number | null, rvMedian: number | null): Vol | null {
  if (rv === null || rvMedian === null) return null;
  return rv > rvMedian ? "high_vol" : "low_vol";
}

export function regimeName(trend: Trend | null, vol: Vol | null, volSplit: boolean): string {
  if (trend === null || (volSplit && vol === null)) return UNKNOWN_REGIME;
  return volSplit ? `${trend}/${vol}` : trend;
}

export interface BtcBar {
  /** Bar open time, epoch ms UTC. */
  ts: number;
  close: number;
}

export interface RegimeLabel {
  ts: number;
  trend_return: number | null;
  rv: number | null;
  trend: Trend | null;
  vol: Vol | null;
  regime: string;
}

export interface RegimeLabels {
  labels: RegimeLabel[];
  /** Median of btc_rv_24h over the training window (null without the split or without data). */
  rv_median: number | null;
}

/** The grid index of a timestamp. */
export function barIndex(ts: number, intervalMsValue: number): number {
  return Math.floor(ts / intervalMsValue);
}

/** Label every BTC bar (any order; one bar per grid slot), returned in time order. */
export function labelRegimes(btc: readonly BtcBar[], rule: RegimeRule): RegimeLabels {
  const bars = [...btc].sort((a, b) => a.ts - b.ts);
  if (!bars.length) return { labels: [], rv_median: null };
  const close = new Map<number, number>();
  for (const b of bars) close.set(barIndex(b.ts, rule.interval_ms), b.close);
  const k0 = barIndex(bars[0].ts, rule.interval_ms);
  const logReturn = (k: number, lag: number): number | null => {
    const c = close.get(k);
    const p = close.get(k - lag);
    return c === undefined || p === undefined ? null : Math.log(c / p);
  };
  const minObs = minObservations(rule.rv_bars, rule.min_coverage);
  const rvAt = (k: number): number | null => {
    if (k - rule.rv_bars < k0) return null;
    let s = 0;
    let n = 0;
    for (let j = k - rule.rv_bars + 1; j <= k; j++) {
      const r = logReturn(j, 1);
      if (r === null) continue;
      s += r * r;
      n++;
    }
    return n >= minObs ? Math.sqrt((s * rule.rv_bars) / n) : null;
  };
  const rows = bars.map((b) => {
    const k = barIndex(b.ts, rule.interval_ms);
    return { ts: b.ts, trend_return: logReturn(k, rule.trend_bars), rv: rvAt(k) };
  });
  let rvMedian: number | null = null;
  if (rule.vol_split) {
    const inTrain = rows
      .filter((r) => r.rv !== null && (rule.train_start_ms === null || r.ts >= rule.train_start_ms) && (rule.train_end_ms === null || r.ts < rule.train_end_ms))
      .map((r) => r.rv as number);
    rvMedian = inTrain.length ? quantileSorted(sortedCopy(inTrain), 0.5) : null;
  }
  const labels = rows.map((r) => {
    const t = classifyTrend(r.trend_return, rule);
    const v = rule.vol_split ? classifyVol(r.rv, rvMedian) : null;
    return { ...r, trend: t, vol: v, regime: regimeName(t, v, rule.vol_split) };
  });
  return { labels, rv_median: rvMedian };
}

export interface PredictionLike {
  crypto: string;
  variant: string;
  ts: number;
  y_true: number;
  y_pred: number;
}

/** f1 from confusion counts; null for 0/0. */
export function f1FromCounts(tp: number, fp: number, fn: number): number | null {
  const d = 2 * tp + fp + fn;
  return d === 0 ? null : (2 * tp) / d;
}

/**
 * Per-regime f1 for each (variant, crypto, regime), sorted by variant, crypto, regime (byte
 * order, as DuckDB's ORDER BY on VARCHAR). `regimeAt(ts)` gives a bar's label or undefined.
 */
export function regimeF1(predictions: Iterable<PredictionLike>, regimeAt: (ts: number) => string | undefined): RegimeF1Row[] {
  const acc = new Map<string, RegimeF1Row>();
  for (const p of predictions) {
    const regime = regimeAt(p.ts) ?? UNKNOWN_REGIME;
    const k = `${p.variant}\u0000${p.crypto}\u0000${regime}`;
    let row = acc.get(k);
    if (!row) {
      row = { variant: p.variant, crypto: p.crypto, regime, n_bars: 0, n_pred_buy: 0, n_true_buy: 0, tp: 0, fp: 0, fn: 0, f1: null };
      acc.set(k, row);
    }
    row.n_bars++;
    if (p.y_pred === 1) row.n_pred_buy++;
    if (p.y_true === 1) row.n_true_buy++;
    if (p.y_pred === 1 && p.y_true === 1) row.tp++;
    else if (p.y_pred === 1) row.fp++;
    else if (p.y_true === 1) row.fn++;
  }
  const rows = [...acc.values()];
  for (const r of rows) r.f1 = f1FromCounts(r.tp, r.fp, r.fn);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => cmp(a.variant, b.variant) || cmp(a.crypto, b.crypto) || cmp(a.regime, b.regime));
}

/** Convenience: label BTC, then per-regime f1 of the predictions. */
export function regimeF1FromBars(predictions: Iterable<PredictionLike>, btc: readonly BtcBar[], rule: RegimeRule): { rows: RegimeF1Row[]; rv_median: number | null } {
  const { labels, rv_median } = labelRegimes(btc, rule);
  const byBar = new Map(labels.map((l) => [barIndex(l.ts, rule.interval_ms), l.regime]));
  return { rows: regimeF1(predictions, (ts) => byBar.get(barIndex(ts, rule.interval_ms))), rv_median };
}
