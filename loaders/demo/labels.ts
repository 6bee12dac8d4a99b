/**
 * The demo's BUY label, computed from the closes exactly as the kline files print them, so anyone
 * can recompute `y_true` (and the trade returns behind `max_drawdown`) from `data/ohlcv/`.
 *
 * On the hourly grid (missing bars = NaN):
 * - r_j = ln(c_j / c_{j−1}), defined when both closes exist;
 * - σ_t = sqrt(mean of r_j² over the defined returns among j ∈ (t − 168, t]), defined when at least
 *   120 of the 168 exist (known at t: no look-ahead in the threshold);
 * - f_t = ln(c_{t+h} / c_t) with h = 12, defined when both closes exist;
 * - y_true(t) = 1 (BUY) when f_t > K · σ_t · sqrt(h) with K = 0.8, i.e. the next 12 hours beat
 *   0.8 of their own expected move. The share of BUY bars stays near 20% in calm and wild regimes.
 *
 * Bars where f_t or σ_t is undefined get no label and no prediction row.
 */

export const LABEL_HORIZON = 12;
export const LABEL_K = 0.8;
export const VOL_WINDOW = 168;
export const VOL_MIN_RETURNS = 120;

export interface Labels {
  /** Forward log return f_t over LABEL_HORIZON bars (NaN when undefined). */
  fwd: Float64Array;
  /** Trailing RMS 1-bar log return σ_t (NaN when undefined). */
  sigma: Float64Array;
  /** fwd / (σ · sqrt(h)): the forward move in units of its expected size (NaN when undefined). */
  z: Float64Array;
  /** 1 = BUY, 0 = not BUY, −1 = no label. */
  y: Int8Array;
}

/** Closes on the hourly grid, NaN where the file has no row. */
export function gridCloses(close: ArrayLike<number>, present: ArrayLike<number>): Float64Array {
  const out = new Float64Array(close.length);
  for (let i = 0; i < close.length; i++) out[i] = present[i] ? close[i] : NaN;
  return out;
}

export function computeLabels(closes: Float64Array): Labels {
  const n = closes.length;
  const r = new Float64Array(n).fill(NaN);
  for (let j = 1; j < n; j++) r[j] = Math.log(closes[j] / closes[j - 1]);
  const fwd = new Float64Array(n).fill(NaN);
  const sigma = new Float64Array(n).fill(NaN);
  const z = new Float64Array(n).fill(NaN);
  const y = new Int8Array(n).fill(-1);
  const scale = Math.sqrt(LABEL_HORIZON);
  for (let t = VOL_WINDOW; t < n; t++) {
    let sum = 0;
    let count = 0;
    for (let j = t - VOL_WINDOW + 1; j <= t; j++) {
      const v = r[j];
      if (v === v) {
        sum += v * v;
        count++;
      }
    }
    if (count < VOL_MIN_RETURNS) continue;
    sigma[t] = Math.sqrt(sum / count);
    if (t + LABEL_HORIZON >= n) continue;
    const f = Math.log(closes[t + LABEL_HORIZON] / closes[t]);
    if (f !== f || sigma[t] === 0) continue;
    fwd[t] = f;
    z[t] = f / (sigma[t] * scale);
    y[t] = z[t] > LABEL_K ? 1 : 0;
  }
  return { fwd, sigma, z, y };
}
