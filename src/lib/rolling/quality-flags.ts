/**
 * The per-bar OHLCV quality rules of src/lib/drift/quality.ts (`qualityFlagsSql`; its module
 * comment is the specification) computed with the streaming kernels from one symbol's typed
 * columns: rolling σ of the previous returns in O(n), rolling median of the previous volumes in
 * O(n log w). Same flags (identical set), same values to ~1e-15 relative; the browser keeps the SQL.
 */
import { minObservations } from "../sql/features.js";
import { barsFor } from "../sweep.js";
import type { QualitySqlOptions, QualityReason } from "../drift/quality.js";
import { gridLogReturn, previousFrame } from "./grid.js";
import { rollingMedian } from "./median.js";
import { rollingCount, rollingStd } from "./moments.js";
import type { GridBars } from "./btc-features.js";

export interface OhlcGridBars extends GridBars {
  open: Float64Array;
}

/** Flagged (bar, reason) pairs of one symbol, in bar order then reason order (the SQL's ORDER BY). */
export interface BarFlags {
  /** Row positions in the input columns. */
  index: Int32Array;
  reason: QualityReason[];
  value: Float64Array;
  threshold: Float64Array;
}

export function qualityBarFlags(bars: OhlcGridBars, interval: string, thresholds: QualitySqlOptions["thresholds"]): BarFlags {
  const t = thresholds;
  const { k, open, high, low, close, volume } = bars;
  const n = k.length;
  const wr = barsFor(t.outlier_return_window_hours, interval);
  const wv = barsFor(t.outlier_volume_window_hours, interval);
  const k0 = n ? k[0] : 0;
  const ret = gridLogReturn(k, close, 1);
  const rFrame = previousFrame(wr);
  const retSd = rollingStd(k, ret, rFrame);
  const retN = rollingCount(k, ret, rFrame);
  const vFrame = previousFrame(wv);
  const volMed = rollingMedian(k, volume, vFrame);
  const volN = rollingCount(k, volume, vFrame);
  const retMin = minObservations(wr, t.min_window_coverage);
  const volMin = minObservations(wv, t.min_window_coverage);
  const index: number[] = [];
  const reason: QualityReason[] = [];
  const value: number[] = [];
  const threshold: number[] = [];
  const flag = (i: number, r: QualityReason, v: number, th: number) => {
    index.push(i);
    reason.push(r);
    value.push(v);
    threshold.push(th);
  };
  for (let i = 0; i < n; i++) {
    const sd = retSd[i];
    if (k[i] - wr - 1 >= k0 && retN[i] >= retMin && sd > 0 && Math.abs(ret[i]) > t.outlier_return_sigma * sd) flag(i, "outlier_returns", Math.abs(ret[i]) / sd, t.outlier_return_sigma);
    if (k[i] - wv >= k0 && volN[i] >= volMin && volume[i] < t.outlier_volume_ratio * volMed[i]) flag(i, "outlier_volume", volume[i] / volMed[i], t.outlier_volume_ratio);
    const wick = high[i] - Math.max(open[i], close[i]) + (Math.min(open[i], close[i]) - low[i]);
    const body = Math.abs(close[i] - open[i]);
    if (wick > 0 && (body === 0 || wick / body > t.wick_to_body_max) && (t.wick_min_sigma > 0 ? retN[i] >= retMin && wick / close[i] > t.wick_min_sigma * sd : true))
      flag(i, "wick_to_body", body > 0 ? wick / body : Infinity, t.wick_to_body_max);
  }
  return { index: Int32Array.from(index), reason, value: Float64Array.from(value), threshold: Float64Array.from(threshold) };
}
