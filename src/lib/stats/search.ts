/** Binary search in ascending arrays (the one copy; KS, PSI and the drift windows use it). */

/** First index k >= from with sorted[k] >= v (the count of values < v when from = 0). */
export function lowerBound(sorted: ArrayLike<number>, v: number, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index k >= from with sorted[k] > v (the count of values <= v when from = 0). */
export function upperBound(sorted: ArrayLike<number>, v: number, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
