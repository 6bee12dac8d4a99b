/**
 * BTC–target correlation drift (DESIGN §4, spec §3 "BTC-altcoin correlation drift"). The statistic
 * is the rolling 720-bar Pearson correlation of the target's and BTC's 1-bar log returns — the same
 * column as the feature btc_alt_corr_720h, computed once in src/lib/sql/features.ts. Its control
 * limits are center ± corr_control_sigma·σ of the hourly values of that statistic inside the training
 * window; an alert is any bar after the training window outside them. Rolling values overlap heavily,
 * so σ here is the spread of the statistic over the training period, not a standard error.
 */
import { finiteSlice, limitsOf, type ControlLimits, type StatisticRange } from "./control-limits.js";
import type { DriftThresholds } from "./thresholds.js";
import { consecutiveWindows, sliceRange, type TimeWindow } from "./windows.js";
import { formatUtc } from "../time.js";

/** A Pearson correlation lies in [−1, 1]: its control limits are clipped there. */
export const CORRELATION_RANGE: StatisticRange = [-1, 1];

export type CorrelationStatus = "ok" | "alert" | "no_data";

export interface CorrelationRow {
  symbol: string;
  window_start: string;
  window_end: string;
  n: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  center: number | null;
  lcl: number | null;
  ucl: number | null;
  /** Bars of the window whose correlation is outside the limits. */
  n_outside: number;
  status: CorrelationStatus;
}

export interface CorrelationEpisode {
  symbol: string;
  /** First bar outside, epoch ms. */
  start: number;
  /** One bar past the last bar outside (half-open). */
  end: number;
  bars: number;
  /** Most extreme value of the episode. */
  extreme: number;
  side: "above" | "below";
}

export interface CorrelationDriftResult {
  symbol: string;
  limits: ControlLimits | null;
  rows: CorrelationRow[];
  episodes: CorrelationEpisode[];
  note: string | null;
}

export function correlationDrift(
  symbol: string,
  ts: ArrayLike<number>,
  corr: ArrayLike<number>,
  opts: { reference: TimeWindow; thresholds: DriftThresholds; barMs: number; windows?: readonly TimeWindow[] },
): CorrelationDriftResult {
  const t = opts.thresholds;
  const [rlo, rhi] = sliceRange(ts, opts.reference.start, opts.reference.end);
  const ref = finiteSlice(corr, rlo, rhi);
  let limits = limitsOf(ref, t.corr_control_sigma, CORRELATION_RANGE);
  let note: string | null = null;
  if (!limits) note = `fewer than two correlation values inside the training window: no control limits for ${symbol}`;
  else if (!(limits.sigma > 0)) {
    note = `the correlation of ${symbol} with BTC is constant in the training window (σ = 0): no control limits`;
    limits = null;
  }
  const last = ts.length ? ts[ts.length - 1] : opts.reference.end;
  const windows = opts.windows ?? consecutiveWindows(opts.reference.end, last + 1, t.window_days);
  const isOut = (x: number) => limits !== null && Number.isFinite(x) && (x < limits.lower || x > limits.upper);

  const rows = windows.map((w): CorrelationRow => {
    const [lo, hi] = sliceRange(ts, w.start, w.end);
    const v = finiteSlice(corr, lo, hi);
    let nOut = 0;
    for (const x of v) if (isOut(x)) nOut++;
    return {
      symbol,
      window_start: formatUtc(w.start),
      window_end: formatUtc(w.end),
      n: v.length,
      mean: v.length ? v.reduce((a, b) => a + b, 0) / v.length : null,
      min: v.length ? Math.min(...v) : null,
      max: v.length ? Math.max(...v) : null,
      center: limits?.center ?? null,
      lcl: limits?.lower ?? null,
      ucl: limits?.upper ?? null,
      n_outside: nOut,
      status: v.length === 0 ? "no_data" : nOut > 0 ? "alert" : "ok",
    };
  });

  // Episodes: maximal runs of consecutive grid bars outside the limits, after the training window.
  const episodes: CorrelationEpisode[] = [];
  let cur: CorrelationEpisode | null = null;
  for (let i = rhi; i < ts.length; i++) {
    const x = corr[i];
    if (isOut(x)) {
      const side = x > (limits as ControlLimits).upper ? "above" : "below";
      if (cur && cur.end === ts[i] && cur.side === side) {
        cur.end = ts[i] + opts.barMs;
        cur.bars++;
        if (side === "above" ? x > cur.extreme : x < cur.extreme) cur.extreme = x;
      } else {
        if (cur) episodes.push(cur);
        cur = { symbol, start: ts[i], end: ts[i] + opts.barMs, bars: 1, extreme: x, side };
      }
    } else if (cur) {
      episodes.push(cur);
      cur = null;
    }
  }
  if (cur) episodes.push(cur);
  return { symbol, limits, rows, episodes, note };
}
