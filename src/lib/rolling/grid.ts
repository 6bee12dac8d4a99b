/**
 * The bar grid the rolling kernels run on. A series is a strictly increasing integer grid index
 * `k` (k = floor(epoch_ms / interval_ms), as in src/lib/sql/features.ts) and values aligned with
 * it; a missing bar is a missing k, never "the previous row". NaN stands for SQL NULL / a missing
 * value and is skipped by every window statistic (pandas' and SQL aggregates' convention).
 */
import { StatsError } from "../stats/errors.js";

/**
 * A time window on the grid: bar i's window holds the bars j with
 * k_i − before ≤ k_j ≤ k_i − after (SQL `RANGE BETWEEN before PRECEDING AND after PRECEDING`).
 */
export interface GridFrame {
  before: number;
  after: number;
}

/**
 * The last `bars` bars including the current one: SQL `RANGE BETWEEN bars−1 PRECEDING AND CURRENT
 * ROW`, pandas `rolling(f"{bars}{unit}", closed="right")`.
 */
export function trailingFrame(bars: number): GridFrame {
  checkBars(bars, "trailingFrame");
  return { before: bars - 1, after: 0 };
}

/**
 * The `bars` bars before the current one, the current bar excluded: SQL `RANGE BETWEEN bars
 * PRECEDING AND 1 PRECEDING`, pandas `rolling(f"{bars}{unit}", closed="left")`.
 */
export function previousFrame(bars: number): GridFrame {
  checkBars(bars, "previousFrame");
  return { before: bars, after: 1 };
}

/** Number of grid slots a frame spans. */
export function frameSpan(frame: GridFrame): number {
  return frame.before - frame.after + 1;
}

function checkBars(bars: number, fn: string): void {
  if (!(Number.isInteger(bars) && bars >= 1)) throw new StatsError("invalid-option", "a window needs a whole number of bars ≥ 1", { fn, argument: "bars", value: bars });
}

/** Throws unless `k` is strictly increasing integers and every value array has its length. */
export function checkGrid(fn: string, k: ArrayLike<number>, ...values: ArrayLike<number>[]): void {
  for (const v of values)
    if (v.length !== k.length) throw new StatsError("length-mismatch", `values have ${v.length} entries, the grid ${k.length}`, { fn, argument: "values" });
  for (let i = 0; i < k.length; i++) {
    const ki = k[i];
    if (!Number.isSafeInteger(ki)) throw new StatsError("not-finite", "grid index must be a safe integer", { fn, argument: "k", index: i, value: ki });
    if (i > 0 && ki <= k[i - 1]) throw new StatsError("out-of-range", "grid index must be strictly increasing (one bar per slot)", { fn, argument: "k", index: i, value: ki });
  }
}

export function checkFrame(fn: string, frame: GridFrame): void {
  const { before, after } = frame;
  if (!(Number.isSafeInteger(before) && Number.isSafeInteger(after) && after >= 0 && before >= after))
    throw new StatsError("invalid-option", "a frame needs whole numbers 0 ≤ after ≤ before", { fn, argument: "frame", value: `${before}..${after}` });
}

/**
 * x at bar k − lag, or NaN when that bar is missing: SQL `lag` guarded by the grid index, pandas
 * `s.shift(lag, freq=...)` realigned. O(n), two pointers.
 */
export function gridLag(k: ArrayLike<number>, x: ArrayLike<number>, lag: number): Float64Array {
  checkGrid("gridLag", k, x);
  if (!(Number.isSafeInteger(lag) && lag >= 0)) throw new StatsError("invalid-option", "lag must be a whole number ≥ 0", { fn: "gridLag", argument: "lag", value: lag });
  const n = k.length;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const want = k[i] - lag;
    while (j < i && k[j] < want) j++;
    out[i] = k[j] === want ? x[j] : NaN;
  }
  return out;
}

/** x_t − x_{t−lag} on the grid (NaN across a missing bar). */
export function gridDiff(k: ArrayLike<number>, x: ArrayLike<number>, lag = 1): Float64Array {
  const prev = gridLag(k, x, lag);
  for (let i = 0; i < prev.length; i++) prev[i] = x[i] - prev[i];
  return prev;
}

/**
 * ln(close_t / close_{t−lag}) on the grid, NaN when the bar `lag` slots earlier is missing (a
 * multi-bar return is never passed off as a 1-bar one). Same operations as the SQL
 * `ln(close / lag(close))`, so the values agree to the last ulp of the platform's logarithm.
 */
export function gridLogReturn(k: ArrayLike<number>, close: ArrayLike<number>, lag = 1): Float64Array {
  const prev = gridLag(k, close, lag);
  for (let i = 0; i < prev.length; i++) prev[i] = Math.log(close[i] / prev[i]);
  return prev;
}
