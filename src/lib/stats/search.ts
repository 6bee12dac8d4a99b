/** Binary search in ascending arrays (the one copy; KS, PSI and the drift windows use it). */

/** First index k in [from, to] with sorted[k] >= v, or `to` (the count of values < v when from = 0). */
export function lowerBound(sorted: ArrayLike<number>, v: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index k in [from, to] with sorted[k] > v, or `to` (the count of values <= v when from = 0). */
export function upperBound(sorted: ArrayLike<number>, v: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * lowerBound(sorted, v, from), found by galloping from `from` (probes from + 1, 3, 7, … then a
 * binary search inside the last step): O(log d) for an answer d past `from`, and the probes stay
 * near `from` in memory. The same index as lowerBound, so callers that walk a sorted window
 * along a much larger sorted reference (KS: answers ~N/n apart) get the same counts, faster.
 */
export function gallopLowerBound(sorted: ArrayLike<number>, v: number, from = 0): number {
  const n = sorted.length;
  let lo = from;
  let step = 1;
  let hi = from;
  while (hi < n && sorted[hi] < v) {
    lo = hi + 1;
    hi = from + step;
    step *= 2;
  }
  return lowerBound(sorted, v, lo, Math.min(hi, n));
}

/** upperBound(sorted, v, from), by galloping from `from` (see gallopLowerBound). */
export function gallopUpperBound(sorted: ArrayLike<number>, v: number, from = 0): number {
  const n = sorted.length;
  let lo = from;
  let step = 1;
  let hi = from;
  while (hi < n && sorted[hi] <= v) {
    lo = hi + 1;
    hi = from + step;
    step *= 2;
  }
  return upperBound(sorted, v, lo, Math.min(hi, n));
}
