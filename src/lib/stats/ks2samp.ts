/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, as scipy.stats.ks_2samp(x, y) with its default
 * method="auto" (scipy 1.10, scipy/stats/_stats_py.py). Hand-written.
 *
 * Statistic: D = max over all observations z of |F_x(z) − F_y(z)| with right-continuous ECDFs,
 * each difference computed as count_x/n_x − count_y/n_y in double exactly as scipy does, so ties
 * and the returned D are bit-identical. scipy's `statistic_location`/`statistic_sign` follow its
 * argmax/argmin tie rule (first occurrence in [sorted x, sorted y]).
 *
 * p-value ("auto"):
 * - max(n_x, n_y) <= 10000: exact. h = round(D·lcm), D = h/lcm (scipy returns this D).
 *   n_x = n_y: `probOutsideSquare`, the alternating sum 2Σ(−1)^(k−1) C(2n, n−kh)/C(2n, n) in
 *   Horner form. n_x ≠ n_y: `probOutsideBand`, Hodges' (1958) lattice-path "inside" method in
 *   the 1−p recursion of Viehmann (arXiv:2102.08037), the algorithm of scipy's pythran
 *   `_compute_outer_prob_inside_method`. Same operations in the same order, so the same bits.
 *   If the exact value is not in [0, 1] scipy warns and falls back to the asymptotic p-value;
 *   so does this code (`method` tells which was used).
 * - otherwise: asymptotic, kstwo.sf(D, round(n_x·n_y/(n_x+n_y))) (see kolmogorov.ts).
 *
 * Only the two-sided alternative is implemented (drift monitoring needs no other).
 *
 * Drift fast path: `makeKsReference(reference)` sorts the reference once; `.test(window)` then
 * costs O(m log n) for a window of m values: between two consecutive window values the window's
 * ECDF is flat and the reference's rises, so the extremes of F_window − F_ref are reached at the
 * window's own values (maximum) or just below them (minimum). Evaluating exactly those counts
 * gives the same floating-point D as the full merge.
 */
import { StatsError, assertFinite, assertNonEmpty } from "./errors.js";
import { kstwoSf } from "./kolmogorov.js";
import { roundHalfEven } from "./special.js";
import { sortedCopy } from "./descriptive.js";
import { gallopLowerBound, gallopUpperBound } from "./search.js";

/** scipy's `MAX_AUTO_N`: "auto" is exact when both sizes are at most this. */
export const KS_EXACT_MAX_N = 10000;

export type KsMethod = "exact" | "asymp";

export interface KsResult {
  /** D: for the exact method the lattice value h/lcm(n_x, n_y), as scipy returns it. */
  statistic: number;
  pvalue: number;
  /** Which p-value scipy's "auto" used: exact, or asymptotic (large samples or exact fell out of [0, 1]). */
  method: KsMethod;
}

export interface Ks2Result extends KsResult {
  /** The observation where the ECDF difference is largest (scipy `statistic_location`). */
  statisticLocation: number;
  /** +1 if F_x > F_y there, −1 otherwise (scipy `statistic_sign`). */
  statisticSign: 1 | -1;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * P(D_{n,n} >= h/n), two-sided, equal sizes: 2·(A0 − A0A1 + A0A1A2 − …) with
 * A_k = C(2n, n−kh)/C(2n, n) ratios built term by term (no binomial overflow).
 */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * Share of monotone lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h/lcm
 * (two-sided exact P(D >= h/lcm) for sizes m ≠ n; g = gcd(m, n)).
 * U(i, j) = share of paths to (i, j) that have already left the band; 1 outside the band,
 * U(i, j) = (i·U(i−1, j) + j·U(i, j−1)) / (i + j) inside. Only the band part of one column is
 * kept; cells above the previous column's band are outside it (U = 1).
 */
export function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  const col = new Float64Array(n + 1);
  // column 0: inside the band for j < maxj (U = 0), outside above it
  let prevMin: number;
  let prevMax: number;
  for (let i = 1; i <= m; i++) {
    prevMin = minj;
    prevMax = maxj;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    // cell j of this column reads cell j of the previous one (stored at j − prevMin) and, in
    // place, cell j − 1 of this one; minj >= prevMin, so reads never see overwritten cells
    let val = minj === 0 ? 0 : 1;
    for (let j = minj; j < maxj; j++) {
      const left = j < prevMax ? col[j - prevMin] : 1;
      val = (left * i + val * j) / (i + j);
      col[j - minj] = val;
    }
  }
  return col[maxj - minj - 1];
}

/**
 * p-value of a two-sided two-sample D for sizes n1, n2, with scipy's "auto" choice and its
 * exact→asymptotic fallback. Returns the D scipy reports (the lattice value on the exact path).
 */
export function ks2PvalueFromStatistic(d: number, n1: number, n2: number): KsResult {
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    const dLattice = h / lcm;
    if (h === 0) return { statistic: dLattice, pvalue: 1, method: "exact" };
    const prob = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (prob >= 0 && prob <= 1) return { statistic: dLattice, pvalue: prob, method: "exact" };
    d = dLattice; // scipy keeps the lattice D when it falls back
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  const p = kstwoSf(d, roundHalfEven(en));
  return { statistic: d, pvalue: p < 0 ? 0 : p > 1 ? 1 : p, method: "asymp" };
}

function validate(values: ArrayLike<number>, fn: string, argument: string): void {
  assertNonEmpty(values, fn, argument);
  assertFinite(values, fn, argument);
}

/** Two-sided two-sample KS test, as scipy.stats.ks_2samp(x, y). Throws on empty or non-finite input. */
export function ks2samp(x: ArrayLike<number>, y: ArrayLike<number>): Ks2Result {
  validate(x, "ks2samp", "x");
  validate(y, "ks2samp", "y");
  const xs = sortedCopy(x);
  const ys = sortedCopy(y);
  const n1 = xs.length;
  const n2 = ys.length;
  // extremes over values present in x and over values present in y, kept apart to apply
  // numpy's "first index in [sorted x, sorted y]" tie rule for the location
  let maxX = -Infinity, maxXAt = NaN, maxY = -Infinity, maxYAt = NaN;
  let minX = Infinity, minXAt = NaN, minY = Infinity, minYAt = NaN;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && xs[i] <= ys[j]) ? xs[i] : ys[j];
    const i0 = i;
    const j0 = j;
    while (i < n1 && xs[i] === v) i++;
    while (j < n2 && ys[j] === v) j++;
    const diff = i / n1 - j / n2;
    if (i > i0) {
      if (diff > maxX) { maxX = diff; maxXAt = v; }
      if (diff < minX) { minX = diff; minXAt = v; }
    }
    if (j > j0) {
      if (diff > maxY) { maxY = diff; maxYAt = v; }
      if (diff < minY) { minY = diff; minYAt = v; }
    }
  }
  const maxS = Math.max(maxX, maxY);
  const maxAt = maxX === maxS ? maxXAt : maxYAt;
  const minRaw = Math.min(minX, minY);
  const minAt = minX === minRaw ? minXAt : minYAt;
  const minS = Math.min(Math.max(-minRaw, 0), 1);
  const useMin = minS > maxS;
  const d = useMin ? minS : maxS;
  const res = ks2PvalueFromStatistic(d, n1, n2);
  return { ...res, statisticLocation: useMin ? minAt : maxAt, statisticSign: useMin ? -1 : 1 };
}

/** Two-sided D of a window against an already sorted reference (see the module notes). */
function statisticAgainstSorted(ref: Float64Array, window: Float64Array): number {
  const nr = ref.length;
  const nw = window.length;
  let maxDiff = 0; // F_w − F_r; 0 is always attained (at the largest observation)
  let minDiff = 0;
  let below = 0; // reference values < current window value
  let i = 0;
  while (i < nw) {
    const v = window[i];
    const before = i; // window values < v
    while (i < nw && window[i] === v) i++;
    // galloping: consecutive window values sit ~nr/nw reference values apart
    below = gallopLowerBound(ref, v, below);
    const atOrBelow = gallopUpperBound(ref, v, below);
    const dJustBelow = before / nw - below / nr;
    const dAt = i / nw - atOrBelow / nr;
    if (dAt > maxDiff) maxDiff = dAt;
    if (dAt < minDiff) minDiff = dAt;
    if (dJustBelow < minDiff) minDiff = dJustBelow;
    below = atOrBelow;
  }
  const minS = Math.min(-minDiff, 1);
  return minS > maxDiff ? minS : maxDiff;
}

export interface KsReference {
  /** Number of reference values. */
  readonly size: number;
  /** The reference, sorted ascending (do not mutate). */
  readonly sorted: Float64Array;
  /** Same statistic and p-value as ks2samp(window, reference). */
  test(window: ArrayLike<number>): KsResult;
}

/** Sorts the reference once for many KS tests against it (drift monitoring). */
export function makeKsReference(reference: ArrayLike<number>): KsReference {
  validate(reference, "makeKsReference", "reference");
  const sorted = sortedCopy(reference);
  return {
    size: sorted.length,
    sorted,
    test(window: ArrayLike<number>): KsResult {
      validate(window, "KsReference.test", "window");
      const w = sortedCopy(window);
      return ks2PvalueFromStatistic(statisticAgainstSorted(sorted, w), w.length, sorted.length);
    },
  };
}

/** One-off form of the fast path: KS test of `window` against an ascending `sortedReference`. */
export function ks2sampSorted(sortedReference: Float64Array, window: ArrayLike<number>): KsResult {
  for (let k = 1; k < sortedReference.length; k++) {
    if (!(sortedReference[k - 1] <= sortedReference[k])) {
      throw new StatsError("out-of-range", "reference is not sorted ascending", { fn: "ks2sampSorted", argument: "sortedReference", index: k });
    }
  }
  validate(sortedReference, "ks2sampSorted", "sortedReference");
  validate(window, "ks2sampSorted", "window");
  const w = sortedCopy(window);
  return ks2PvalueFromStatistic(statisticAgainstSorted(sortedReference, w), w.length, sortedReference.length);
}
