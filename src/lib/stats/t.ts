/**
 * Student's t distribution: CDF, survival function, quantile, density. Hand-written.
 *
 * CDF: P(|T| > |t|) = I_x(ν/2, ½) with x = ν/(ν+t²) (Abramowitz & Stegun 26.7.1), evaluated by
 * `regularizedBeta` on whichever side avoids cancellation, so both tails keep full relative
 * precision. scipy's `stdtr` (cephes) agrees to ~1e-14.
 *
 * Quantile: safeguarded Newton iteration on log F(t) inside a bisection bracket, to ~1e-15
 * relative. Note: scipy 1.10's `stdtrit` (cdflib) is only accurate to ~2e-9 relative; this one is
 * checked against mpmath (test/golden/special.json), not against stdtrit.
 */
import { logGamma, regularizedBeta } from "./special.js";

function checkDf(df: number): boolean {
  return df > 0 && df < Infinity;
}

/** P(|T| > |t|) and P(|T| <= |t|), each accurate on its own. */
function twoSidedTails(t: number, df: number): { outside: number; inside: number } {
  const t2 = t * t;
  if (t2 === Infinity) return { outside: 0, inside: 1 };
  const denom = df + t2;
  const pair = regularizedBeta(df / 2, 0.5, df / denom, t2 / denom);
  return { outside: pair.lower, inside: pair.upper };
}

/** P(T <= t) for T ~ t(df). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !checkDf(df)) return NaN;
  if (t === 0) return 0.5;
  const { outside } = twoSidedTails(t, df);
  return t < 0 ? 0.5 * outside : 1 - 0.5 * outside;
}

/** P(T > t) for T ~ t(df). */
export function studentTSf(t: number, df: number): number {
  return studentTCdf(-t, df);
}

/** Density of t(df). */
export function studentTPdf(t: number, df: number): number {
  if (Number.isNaN(t) || !checkDf(df)) return NaN;
  const logNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Lower-tail quantile for p < 0.5 (returns t < 0). */
function lowerQuantile(p: number, df: number): number {
  // bracket [lo, hi] with cdf(lo) <= p < cdf(hi)
  let hi = 0;
  let lo = -1;
  while (studentTCdf(lo, df) > p) {
    hi = lo;
    lo *= 2;
    if (lo === -Infinity) return -Infinity;
  }
  const logP = Math.log(p);
  let t = lo === -1 ? -0.5 : 0.5 * (lo + hi);
  for (let iter = 0; iter < 200; iter++) {
    const c = studentTCdf(t, df);
    if (c > p) hi = t;
    else lo = t;
    // Newton on log F: log F is concave in the lower tail, so the steps are well behaved
    const pdf = studentTPdf(t, df);
    let next = t - ((Math.log(c) - logP) * c) / pdf;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 4 * Number.EPSILON * Math.abs(t) || lo === hi) return next;
    t = next;
  }
  return t;
}

/** Quantile (inverse CDF): the t with P(T <= t) = p. */
export function studentTPpf(p: number, df: number): number {
  if (Number.isNaN(p) || !checkDf(df) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  return p < 0.5 ? lowerQuantile(p, df) : -lowerQuantile(1 - p, df);
}

/** Inverse survival function: the t with P(T > t) = q (exact for small q, no 1 − q rounding). */
export function studentTIsf(q: number, df: number): number {
  if (Number.isNaN(q) || !checkDf(df) || q < 0 || q > 1) return NaN;
  if (q === 0) return Infinity;
  if (q === 1) return -Infinity;
  if (q === 0.5) return 0;
  return q < 0.5 ? -lowerQuantile(q, df) : lowerQuantile(1 - q, df);
}
