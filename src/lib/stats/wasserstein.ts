/**
 * First Wasserstein (earth mover's) distance between two empirical distributions, as
 * scipy.stats.wasserstein_distance(u, v) without weights: W₁ = ∫ |F_u(x) − F_v(x)| dx, the area
 * between the two ECDFs (Villani 2009, "Optimal transport", remark 2.19; scipy's
 * `_cdf_distance(1, u, v)`). Computed in one merge pass over both sorted samples.
 */
import { assertFinite, assertNonEmpty } from "./errors.js";
import { sortedCopy } from "./descriptive.js";

/** W₁ of two ascending samples (not checked: callers sort once and reuse). */
export function wassersteinSorted(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const nu = u.length;
  const nv = v.length;
  let i = 0;
  let j = 0;
  let prev = Math.min(u[0], v[0]);
  let area = 0;
  while (i < nu || j < nv) {
    const x = j >= nv || (i < nu && u[i] <= v[j]) ? u[i] : v[j];
    area += Math.abs(i / nu - j / nv) * (x - prev);
    while (i < nu && u[i] === x) i++;
    while (j < nv && v[j] === x) j++;
    prev = x;
  }
  return area;
}

/** scipy.stats.wasserstein_distance(u, v). Throws on empty or non-finite input. */
export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  assertNonEmpty(u, "wassersteinDistance", "u");
  assertNonEmpty(v, "wassersteinDistance", "v");
  assertFinite(u, "wassersteinDistance", "u");
  assertFinite(v, "wassersteinDistance", "v");
  return wassersteinSorted(sortedCopy(u), sortedCopy(v));
}

/**
 * W₁ of a small ascending sample `u` against a large ascending reference `v` in O(n log N), for
 * many windows against one reference. With I(x) = ∫_{v₀}^{x} F_v = (#{v ≤ x}·x − Σ_{v ≤ x} v)/N
 * (from the prefix sums of `v`), each stretch between consecutive u values, where F_u is a
 * constant c, contributes ∫|c − F_v|, split where F_v reaches c. Same value as
 * `wassersteinSorted` up to rounding (a different summation order).
 */
export interface WassersteinReference {
  readonly sorted: Float64Array;
  distance(sortedSample: ArrayLike<number>): number;
}

export function makeWassersteinReference(sortedReference: Float64Array): WassersteinReference {
  const v = sortedReference;
  const N = v.length;
  const prefix = new Float64Array(N + 1);
  for (let j = 0; j < N; j++) prefix[j + 1] = prefix[j] + v[j];
  // I(x) for x with k = #{v ≤ x} known
  const I = (x: number, k: number) => (k * x - prefix[k]) / N;
  return {
    sorted: v,
    distance(u: ArrayLike<number>): number {
      const n = u.length;
      if (!n || !N) return NaN;
      // (−∞, u₀): F_u = 0, the area under F_v
      let ka = upperBoundLocal(v, u[0], 0); // #{v ≤ a}, carried forward: u ascends
      let area = v[0] < u[0] ? I(u[0], ka) : 0;
      let i = 0;
      while (i < n) {
        const a = u[i];
        while (i < n && u[i] === a) i++;
        const c = i; // F_u = c/n on [a, b)
        const b = i < n ? u[i] : Math.max(a, v[N - 1]);
        if (!(b > a)) continue;
        const kb = lowerBoundLocal(v, b, ka); // #{v < b}: F_v on [x, b) just below b
        const Ia = I(a, ka);
        const Ib = I(b, kb);
        const kStar = Math.floor((c * N + n - 1) / n); // smallest k with k/N ≥ c/n
        if (kStar <= ka) area += Ib - Ia - (c / n) * (b - a); // F_v ≥ c on all of [a, b)
        else if (kStar > kb) area += (c / n) * (b - a) - (Ib - Ia); // F_v < c on all of [a, b)
        else {
          const xs = v[kStar - 1]; // F_v reaches c at xs, a < xs < b
          const Ix = I(xs, kStar);
          area += (c / n) * (xs - a) - (Ix - Ia) + (Ib - Ix) - (c / n) * (b - xs);
        }
        ka = upperBoundLocal(v, b, kb);
      }
      return area;
    },
  };
}

function lowerBoundLocal(s: ArrayLike<number>, x: number, from: number): number {
  let lo = from;
  let hi = s.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (s[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}
function upperBoundLocal(s: ArrayLike<number>, x: number, from: number): number {
  let lo = from;
  let hi = s.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (s[m] <= x) lo = m + 1;
    else hi = m;
  }
  return lo;
}
