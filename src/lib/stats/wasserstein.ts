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
