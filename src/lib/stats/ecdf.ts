/**
 * The empirical distribution function of a sorted sample, as the KS statistic reads it:
 * F(x) = #{values ≤ x} / n (right-continuous, scipy.stats.ecdf's `cdf.evaluate`), and its steps
 * thinned for drawing. The KS distance D itself comes from ks2samp; this only draws it.
 */
import { upperBound } from "./search.js";

/** F(x) of an ascending sample: the share of values ≤ x (0 for an empty sample). */
export function ecdfAt(sorted: ArrayLike<number>, x: number): number {
  return sorted.length ? upperBound(sorted, x) / sorted.length : 0;
}

export interface EcdfPoint {
  x: number;
  F: number;
}

/**
 * Step points (x_i, (i + 1)/n) of an ascending sample, every `step`-th one so at most about
 * `maxPoints` are drawn, always ending at (max, 1). Draw with a step-after curve. The thinning
 * only drops points of the picture: statistics use the whole sample.
 */
export function ecdfSteps(sorted: ArrayLike<number>, maxPoints = 1500): EcdfPoint[] {
  const n = sorted.length;
  if (!n) return [];
  const step = Math.max(1, Math.floor(n / maxPoints));
  const out: EcdfPoint[] = [];
  for (let i = 0; i < n; i += step) out.push({ x: sorted[i], F: (i + 1) / n });
  out.push({ x: sorted[n - 1], F: 1 });
  return out;
}
