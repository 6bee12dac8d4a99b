/**
 * Rolling count, sum, mean, variance and standard deviation on the bar grid (see grid.ts), one
 * pass, O(n) for any window length, NaN values skipped.
 *
 * Method: add/remove updates of compensated sums (compensated.ts), the bar entering the window
 * added and the bar leaving it subtracted.
 * - Sum: Σx with Neumaier compensation.
 * - Variance: shifted sums S1 = Σ(x−K), S2 = Σ(x−K)² (compensated), var = (S2 − S1²/n)/(n − ddof),
 *   with the shift K = the mean of the window at the last rebuild, so the subtraction cancels
 *   little (the "shifted data" algorithm, Chan, Golub & LeVeque 1983, §3). A window whose values
 *   are all equal gets exactly 0 (tracked with a min/max deque), as SQL's Welford/Chan aggregates do.
 * - Rebuild: after 2·span + 2 updates since the last rebuild, the sums are recomputed from the
 *   window's values (amortised O(1) per bar), and whenever the window empties they are reset, so
 *   rounding never accumulates over the series, only over ≤ 3 window lengths of updates.
 *
 * Error bound: each compensated sum over m ≤ 3·span + 2 updates is within 2ε·Σ|t| + O(mε²)Σ|t| of
 * the exact sum of the same rounded terms (ε = 2⁻⁵³, Σ|t| over the terms added and removed since
 * the rebuild). For the variance this gives a relative error of a few ε times
 * (mean square of x − K over those windows) / variance, ≈ 10⁻¹⁵ for stationary data; it grows only
 * when the level moves by many standard deviations within three window lengths. Tested against a
 * naive two-pass O(n·w) reference and pandas (test/unit/rolling.test.ts).
 *
 * Caveats: the result is not bit-identical to SQL window aggregates (DuckDB combines segment-tree
 * states in another order); they agree to ~1e-15 relative. ±Infinity in the data makes the sums
 * NaN until the infinite value leaves the window and the next rebuild, so pass only finite values
 * or NaN.
 */
import { StatsError } from "../stats/errors.js";
import { CompensatedSum, WindowExtremes } from "./compensated.js";
import { checkFrame, checkGrid, frameSpan, type GridFrame } from "./grid.js";

export interface RollingOptions {
  /** Fewest non-NaN values a window needs for a result (else NaN). Default 1 (pandas' default for time windows). */
  minPeriods?: number;
}

export interface VarianceOptions extends RollingOptions {
  /** Delta degrees of freedom: 1 = sample variance (n − 1, pandas' and SQL stddev_samp's), 0 = population. */
  ddof?: number;
}

function minPeriodsOf(fn: string, o: RollingOptions | undefined): number {
  const m = o?.minPeriods ?? 1;
  if (!(Number.isInteger(m) && m >= 0)) throw new StatsError("invalid-option", "minPeriods must be a whole number ≥ 0", { fn, argument: "minPeriods", value: m });
  return m;
}

/** Number of non-NaN values in each bar's window (SQL count(x), pandas rolling(...).count()). */
export function rollingCount(k: ArrayLike<number>, x: ArrayLike<number>, frame: GridFrame): Float64Array {
  checkGrid("rollingCount", k, x);
  checkFrame("rollingCount", frame);
  const n = k.length;
  const out = new Float64Array(n);
  let head = 0;
  let tail = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const hi = k[i] - frame.after;
    const lo = k[i] - frame.before;
    for (; head < n && k[head] <= hi; head++) if (x[head] === x[head]) count++;
    for (; tail < head && k[tail] < lo; tail++) if (x[tail] === x[tail]) count--;
    out[i] = count;
  }
  return out;
}

/** Rolling Σx (NaN skipped); NaN where fewer than minPeriods values. */
export function rollingSum(k: ArrayLike<number>, x: ArrayLike<number>, frame: GridFrame, opts?: RollingOptions): Float64Array {
  return sumEngine("rollingSum", k, x, frame, opts, false);
}

/** Rolling mean (NaN skipped); NaN where fewer than minPeriods values or none. */
export function rollingMean(k: ArrayLike<number>, x: ArrayLike<number>, frame: GridFrame, opts?: RollingOptions): Float64Array {
  return sumEngine("rollingMean", k, x, frame, opts, true);
}

function sumEngine(fn: string, k: ArrayLike<number>, x: ArrayLike<number>, frame: GridFrame, opts: RollingOptions | undefined, mean: boolean): Float64Array {
  checkGrid(fn, k, x);
  checkFrame(fn, frame);
  const minP = Math.max(minPeriodsOf(fn, opts), mean ? 1 : 0);
  const n = k.length;
  const out = new Float64Array(n);
  const limit = 2 * frameSpan(frame) + 2;
  const s = new CompensatedSum();
  let head = 0;
  let tail = 0;
  let count = 0;
  let ops = 0;
  for (let i = 0; i < n; i++) {
    const hi = k[i] - frame.after;
    const lo = k[i] - frame.before;
    for (; head < n && k[head] <= hi; head++) {
      const v = x[head];
      if (v === v) {
        s.add(v);
        count++;
        ops++;
      }
    }
    for (; tail < head && k[tail] < lo; tail++) {
      const v = x[tail];
      if (v === v) {
        s.add(-v);
        count--;
        ops++;
      }
    }
    if (count === 0) {
      s.reset();
      ops = 0;
    } else if (ops > limit) {
      s.reset();
      for (let j = tail; j < head; j++) if (x[j] === x[j]) s.add(x[j]);
      ops = 0;
    }
    out[i] = count >= minP ? (mean ? s.value / count : s.value) : NaN;
  }
  return out;
}

/** Rolling variance (ddof 1 = sample by default); NaN where fewer than max(minPeriods, ddof + 1) values. */
export function rollingVariance(k: ArrayLike<number>, x: ArrayLike<number>, frame: GridFrame, opts?: VarianceOptions): Float64Array {
  return varianceEngine("rollingVariance", k, x, frame, opts, false);
}

/** Rolling standard deviation, sqrt of rollingVariance (SQL stddev_samp / pandas .std() with ddof 1). */
export function rollingStd(k: ArrayLike<number>, x: ArrayLike<number>, frame: GridFrame, opts?: VarianceOptions): Float64Array {
  return varianceEngine("rollingStd", k, x, frame, opts, true);
}

function varianceEngine(fn: string, k: ArrayLike<number>, x: ArrayLike<number>, frame: GridFrame, opts: VarianceOptions | undefined, sqrt: boolean): Float64Array {
  checkGrid(fn, k, x);
  checkFrame(fn, frame);
  const ddof = opts?.ddof ?? 1;
  if (!(Number.isInteger(ddof) && ddof >= 0)) throw new StatsError("invalid-option", "ddof must be a whole number ≥ 0", { fn, argument: "ddof", value: ddof });
  const minP = Math.max(minPeriodsOf(fn, opts), ddof + 1);
  const n = k.length;
  const out = new Float64Array(n);
  const limit = 2 * frameSpan(frame) + 2;
  const s1 = new CompensatedSum();
  const s2 = new CompensatedSum();
  const ext = new WindowExtremes(x, n);
  let shift = NaN;
  let head = 0;
  let tail = 0;
  let count = 0;
  let ops = 0;
  const rebuild = () => {
    let naive = 0;
    for (let j = tail; j < head; j++) if (x[j] === x[j]) naive += x[j];
    shift = naive / count;
    s1.reset();
    s2.reset();
    for (let j = tail; j < head; j++) {
      const v = x[j];
      if (v === v) {
        const d = v - shift;
        s1.add(d);
        s2.add(d * d);
      }
    }
    ops = 0;
  };
  for (let i = 0; i < n; i++) {
    const hi = k[i] - frame.after;
    const lo = k[i] - frame.before;
    for (; head < n && k[head] <= hi; head++) {
      const v = x[head];
      if (v === v) {
        if (count === 0) shift = v;
        const d = v - shift;
        s1.add(d);
        s2.add(d * d);
        ext.push(head);
        count++;
        ops++;
      }
    }
    for (; tail < head && k[tail] < lo; tail++) {
      const v = x[tail];
      if (v === v) {
        const d = v - shift;
        s1.add(-d);
        s2.add(-(d * d));
        ext.drop(tail);
        count--;
        ops++;
      }
    }
    if (count === 0) {
      s1.reset();
      s2.reset();
      ops = 0;
    } else if (ops > limit) rebuild();
    if (count < minP) out[i] = NaN;
    else if (ext.constant()) out[i] = 0;
    else {
      const a = s1.value;
      const m2 = Math.max(0, s2.value - (a * a) / count);
      const v = m2 / (count - ddof);
      out[i] = sqrt ? Math.sqrt(v) : v;
    }
  }
  return out;
}
