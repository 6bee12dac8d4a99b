/**
 * The six BTC features of DESIGN §4 computed with the streaming kernels, from typed columns — the
 * same definitions as src/lib/sql/features.ts (that module's comment is the specification; every
 * rule below mirrors one of its SQL clauses), in O(n) per symbol instead of SQL window frames.
 * The Node drift analysis uses this; the browser keeps the SQL; test/unit/rolling-features.test.ts
 * checks that both give the same numbers (1e-12 relative) on hourly and 1-minute data.
 */
import { DEFAULT_MIN_COVERAGE, featureWindows, minObservations } from "../sql/features.js";
import { BTC_FEATURES, type BtcFeature } from "../sweep.js";
import { gridLogReturn, previousFrame, trailingFrame } from "./grid.js";
import { rollingCorrelation } from "./correlation.js";
import { rollingCount, rollingMean, rollingStd, rollingSum } from "./moments.js";

/** One symbol's bars on the grid: k strictly increasing (see grid.ts), prices and volume aligned. */
export interface GridBars {
  k: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** BTC-only features on BTC's own grid, plus its 1-bar return for the correlation. */
export interface BtcSeries {
  k: Float64Array;
  k0: number;
  r1: Float64Array;
  r_long: Float64Array;
  rv: Float64Array;
  vz: Float64Array;
  range_1: Float64Array;
}

/** btc_ret_1h, btc_ret_24h, btc_rv_24h, btc_volume_z_168h, btc_range_1h on BTC's grid. */
export function btcSeries(btc: GridBars, interval: string, minCoverage = DEFAULT_MIN_COVERAGE): BtcSeries {
  const w = featureWindows(interval);
  const { k, close, volume, high, low } = btc;
  const n = k.length;
  const k0 = n ? k[0] : 0;
  const r1 = gridLogReturn(k, close, 1);
  const r_long = gridLogReturn(k, close, w.ret_long);
  const range_1 = new Float64Array(n);
  const lv = new Float64Array(n);
  const r2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    range_1[i] = (high[i] - low[i]) / close[i];
    lv[i] = volume[i] > 0 ? Math.log(volume[i]) : NaN; // a zero-volume bar has no logarithm
    r2[i] = r1[i] * r1[i];
  }
  // btc_rv_24h: sqrt(Σr² · window / present) over the last rv bars incl. the current one
  const rvFrame = trailingFrame(w.rv);
  const rvCount = rollingCount(k, r1, rvFrame);
  const rvSum = rollingSum(k, r2, rvFrame);
  const rvMin = minObservations(w.rv, minCoverage);
  const rv = new Float64Array(n);
  for (let i = 0; i < n; i++) rv[i] = k[i] - w.rv >= k0 && rvCount[i] >= rvMin ? Math.sqrt((rvSum[i] * w.rv) / rvCount[i]) : NaN;
  // btc_volume_z_168h: (lv − mean)/sd over the previous volume_z bars, current bar excluded
  const vzFrame = previousFrame(w.volume_z);
  const vzCount = rollingCount(k, lv, vzFrame);
  const vzMean = rollingMean(k, lv, vzFrame);
  const vzSd = rollingStd(k, lv, vzFrame);
  const vzMin = minObservations(w.volume_z, minCoverage);
  const vz = new Float64Array(n);
  for (let i = 0; i < n; i++) vz[i] = k[i] - w.volume_z >= k0 && vzCount[i] >= vzMin && vzSd[i] > 0 ? (lv[i] - vzMean[i]) / vzSd[i] : NaN;
  return { k, k0, r1, r_long, rv, vz, range_1 };
}

/** The six features of one target's bars (its own grid; BTC values at the exact same bar, else NaN). */
export function targetFeatures(target: GridBars, btc: BtcSeries, interval: string, minCoverage = DEFAULT_MIN_COVERAGE): Record<BtcFeature, Float64Array> {
  const w = featureWindows(interval);
  const { k } = target;
  const n = k.length;
  const r_target = gridLogReturn(k, target.close, 1);
  // BTC's values at the target's bars: an exact-bar join, never ASOF
  const at = alignIndex(k, btc.k);
  const pick = (src: Float64Array) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = at[i] >= 0 ? src[at[i]] : NaN;
    return out;
  };
  const r_btc = pick(btc.r1);
  const k0 = n ? k[0] : 0;
  const { r, pairs } = rollingCorrelation(k, r_target, r_btc, trailingFrame(w.corr));
  const corrMin = minObservations(w.corr, minCoverage);
  const corr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // SQL: k − corr ≥ greatest(k0, coalesce(k0_btc, k0)), k0_btc NULL where BTC has no bar at k
    const start = at[i] >= 0 ? Math.max(k0, btc.k0) : k0;
    corr[i] = k[i] - w.corr >= start && pairs[i] >= corrMin ? r[i] : NaN;
  }
  const [f1, f24, frv, fvz, frange, fcorr] = BTC_FEATURES;
  return { [f1]: pick(btc.r1), [f24]: pick(btc.r_long), [frv]: pick(btc.rv), [fvz]: pick(btc.vz), [frange]: pick(btc.range_1), [fcorr]: corr } as Record<BtcFeature, Float64Array>;
}

/** For each bar of grid `k`, the position of the same bar in grid `other`, or −1. */
export function alignIndex(k: Float64Array, other: Float64Array): Int32Array {
  const out = new Int32Array(k.length);
  let j = 0;
  for (let i = 0; i < k.length; i++) {
    while (j < other.length && other[j] < k[i]) j++;
    out[i] = j < other.length && other[j] === k[i] ? j : -1;
  }
  return out;
}

