/**
 * Integrated autocorrelation time and effective sample size of a stationary series.
 *
 * τ̂ = 1 + 2 Σ_{k=1}^{L} w_k ρ̂_k with Bartlett weights w_k = 1 − k/(L+1) and ρ̂_k = γ̂_k / γ̂_0,
 * γ̂_k = (1/n) Σ_{t=1}^{n−k} (x_t − x̄)(x_{t+k} − x̄) (the biased autocovariance, as
 * statsmodels.tsa.stattools.acovf(adjusted=False)). This is the Newey–West (1987) long-run
 * variance estimator divided by γ̂_0: n·Var(x̄) ≈ γ̂_0·τ̂. Bartlett weights keep the long-run
 * variance non-negative, so τ̂ ≥ 0. The effective sample size of n consecutive values is n / τ̂
 * (Sokal 1997, "Monte Carlo methods in statistical mechanics", §3; Newey & West 1987,
 * Econometrica 55(3)).
 *
 * Lag choice: at least `minLag` (callers pass 2× the feature's rolling window, so the estimate
 * reaches past the window's built-in correlation), and at least Newey & West's (1994) rule of
 * thumb ⌊4 (n/100)^{2/9}⌋; never more than n − 1. Bartlett weights bias τ̂ down for strongly
 * correlated series (a w-bar moving average of white noise has τ = w; with L = 2w, τ̂ ≈ 0.8 w):
 * the drift tests therefore read τ̂ only to describe the data, and take their p-values from an
 * empirical null that needs no τ.
 */
import { StatsError, assertFinite } from "./errors.js";
import { lagProducts } from "./fft.js";

/** Up to this lag the autocovariances are summed directly; beyond it through the FFT (same values to ~1e-12). */
export const DIRECT_MAX_LAG = 64;

export interface AutocorrelationTime {
  /** τ̂ (≥ 0; 1 for white noise). */
  tau: number;
  /** Truncation lag L used. */
  lag: number;
  /** Values the estimate rests on. */
  n: number;
}

/** Newey & West (1994) automatic lag for the Bartlett kernel, ⌊4 (n/100)^{2/9}⌋. */
export function neweyWestLag(n: number): number {
  return Math.floor(4 * Math.pow(n / 100, 2 / 9));
}

/**
 * τ̂ of `values` (finite, in time order, equally spaced) with Bartlett weights. A constant series
 * has no defined autocorrelation: τ̂ = NaN. Fewer than 3 values throw.
 */
export function integratedAutocorrelationTime(values: ArrayLike<number>, minLag = 1): AutocorrelationTime {
  const fn = "integratedAutocorrelationTime";
  assertFinite(values, fn, "values");
  const n = values.length;
  if (n < 3) throw new StatsError("too-few", "needs at least 3 values", { fn, argument: "values", value: n });
  if (!(minLag >= 1)) throw new StatsError("out-of-range", "minLag must be ≥ 1", { fn, argument: "minLag", value: minLag });
  const lag = Math.min(n - 1, Math.max(Math.ceil(minLag), neweyWestLag(n)));
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  const m = s / n;
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[i] = values[i] - m;
  let g0 = 0;
  for (let i = 0; i < n; i++) g0 += c[i] * c[i];
  if (!(g0 > 0)) return { tau: NaN, lag, n };
  let acc = 0;
  if (lag <= DIRECT_MAX_LAG) {
    for (let k = 1; k <= lag; k++) {
      let g = 0;
      for (let i = 0; i + k < n; i++) g += c[i] * c[i + k];
      acc += (1 - k / (lag + 1)) * g;
    }
  } else {
    // long lags (a 720-bar window → L = 1440): the lag products by FFT, O(n log n) instead of n·L
    const g = lagProducts(c, lag);
    for (let k = 1; k <= lag; k++) acc += (1 - k / (lag + 1)) * g[k];
  }
  return { tau: Math.max(0, 1 + (2 * acc) / g0), lag, n };
}

/** n / τ̂, capped at n (a negatively correlated series is not worth more than its count). */
export function effectiveSampleSize(n: number, tau: number): number {
  if (!Number.isFinite(tau)) return NaN;
  return tau <= 1 ? n : n / tau;
}
