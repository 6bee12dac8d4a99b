/**
 * Descriptive statistics with numpy's exact floating-point behaviour. Hand-written rather than
 * taken from simple-statistics because the committee re-runs the numbers in numpy/scipy, and
 * some results depend on the last bit: scipy's ttest_rel returns an infinite t when the
 * differences are all equal, which happens only if the mean and the squared deviations round
 * exactly as numpy rounds them (e.g. differences 1.1−1, 2.1−2, 3.1−3). So:
 *
 * - sums follow numpy's float64 `add.reduce`: pairwise summation with an 8-way unrolled base
 *   case of 128 elements (numpy/core/src/umath/loops_utils.h.src `pairwise_sum`), over buffers of
 *   8192 elements accumulated left to right (the ufunc buffer size). Verified bit-for-bit
 *   against numpy in test/golden/descriptive.json.
 * - `mean` = np.mean, `sampleVariance` = np.var(ddof=1), `quantile` = np.quantile(method="linear").
 */
import { StatsError, assertFinite, assertNonEmpty } from "./errors.js";

const NUMPY_BUFFER = 8192;
const PAIRWISE_BLOCK = 128;

function pairwise(a: ArrayLike<number>, lo: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[lo + i];
    return res;
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = a[lo], r1 = a[lo + 1], r2 = a[lo + 2], r3 = a[lo + 3];
    let r4 = a[lo + 4], r5 = a[lo + 5], r6 = a[lo + 6], r7 = a[lo + 7];
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const b = lo + i;
      r0 += a[b]; r1 += a[b + 1]; r2 += a[b + 2]; r3 += a[b + 3];
      r4 += a[b + 4]; r5 += a[b + 5]; r6 += a[b + 6]; r7 += a[b + 7];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[lo + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, lo, n2) + pairwise(a, lo + n2, n - n2);
}

/** Sum in numpy's order (np.sum of a contiguous float64 array), bit-identical. */
export function numpySum(values: ArrayLike<number>): number {
  let acc = 0;
  for (let lo = 0; lo < values.length; lo += NUMPY_BUFFER) {
    acc += pairwise(values, lo, Math.min(NUMPY_BUFFER, values.length - lo));
  }
  return acc;
}

/** Arithmetic mean as np.mean. Throws on empty or non-finite input. */
export function mean(values: ArrayLike<number>): number {
  assertNonEmpty(values, "mean", "values");
  assertFinite(values, "mean", "values");
  return numpySum(values) / values.length;
}

function squaredDeviations(values: ArrayLike<number>, center: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - center;
    out[i] = d * d;
  }
  return out;
}

/** Sample variance with ddof = 1, as np.var(x, ddof=1). Needs at least 2 values. */
export function sampleVariance(values: ArrayLike<number>): number {
  if (values.length < 2) throw new StatsError("too-few", "sample variance needs at least 2 values", { fn: "sampleVariance", argument: "values", value: values.length });
  assertFinite(values, "sampleVariance", "values");
  const m = numpySum(values) / values.length;
  return numpySum(squaredDeviations(values, m)) / (values.length - 1);
}

/** Sample standard deviation (ddof = 1). */
export function sampleStd(values: ArrayLike<number>): number {
  return Math.sqrt(sampleVariance(values));
}

/**
 * Second central moment as scipy.stats._stats_py._moment(x, 2): mean of squared deviations from
 * np.mean. scipy's t-tests scale it by n/(n−1) instead of dividing the sum by n−1; the two differ
 * in the last bits, so the t-test uses this one.
 */
export function centralMoment2(values: ArrayLike<number>): number {
  const m = numpySum(values) / values.length;
  return numpySum(squaredDeviations(values, m)) / values.length;
}

/**
 * Quantile of an ascending array as np.quantile(x, q, method="linear") (Hyndman & Fan type 7),
 * including numpy's index arithmetic and its two-sided lerp, so the result is bit-identical.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new StatsError("empty", "expected at least one value", { fn: "quantileSorted", argument: "sorted" });
  if (!(q >= 0 && q <= 1)) throw new StatsError("out-of-range", "expected q in [0, 1]", { fn: "quantileSorted", argument: "q", value: q });
  // numpy "linear": virtual index (n-1)*q; at or past the last index it takes the last value
  const virtualIndex = (n - 1) * q;
  if (virtualIndex >= n - 1) return sorted[n - 1];
  const previous = Math.floor(virtualIndex);
  const gamma = virtualIndex - previous;
  const a = sorted[previous];
  const b = sorted[previous + 1];
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/**
 * Sorted ascending copy as a Float64Array, in the order of `Float64Array.prototype.sort` (numeric,
 * −0 before +0, NaN last). Long inputs go through `radixSortInPlace` (the drift statistics sort
 * millions of values per run at 1-minute bars; V8's comparison sort is several times slower).
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  if (out.length < RADIX_MIN_LENGTH) out.sort();
  else radixSortInPlace(out);
  return out;
}

/** Below this length the comparison sort wins (measured: a 10 080-value week sorts as fast with V8; the radix sort clears four 65 536-bucket histograms). */
const RADIX_MIN_LENGTH = 32_768;

/**
 * LSD radix sort of doubles in place: each value's IEEE-754 bits are mapped to an unsigned 64-bit
 * key of the same order (sign bit set → all bits flipped, else the sign bit set), the keys sorted
 * by four stable counting passes of 16 bits (a pass whose digit is the same for every key is
 * skipped), then mapped back. Exact: the output holds the input's values bit for bit, in the
 * order of `Float64Array.prototype.sort` (−0 before +0; NaNs moved to the end first, since their
 * keys would otherwise sort by sign and payload). O(n) time, 2n words of scratch.
 */
export function radixSortInPlace(a: Float64Array): void {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === a[i]) a[n++] = a[i];
  for (let i = n; i < a.length; i++) a[i] = NaN;
  if (n < 2) return;
  const words = new Uint32Array(a.buffer, a.byteOffset, 2 * n);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const [loAt, hiAt] = little ? [0, 1] : [1, 0];
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + hiAt];
    const l = words[2 * i + loAt];
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const key = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i] >>> shift) & 0xffff]++;
    if (count[(key[0] >>> shift) & 0xffff] === n) continue; // one digit for all: order unchanged
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = count[(key[i] >>> shift) & 0xffff]++;
      lo2[at] = lo[i];
      hi2[at] = hi[i];
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i];
    if (h & 0x80000000) {
      words[2 * i + hiAt] = h & 0x7fffffff;
      words[2 * i + loAt] = lo[i];
    } else {
      words[2 * i + hiAt] = ~h >>> 0;
      words[2 * i + loAt] = ~lo[i] >>> 0;
    }
  }
}
