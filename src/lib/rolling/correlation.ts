/**
 * Rolling Pearson correlation of two series on the same bar grid, one pass, O(n).
 *
 * Method: over the bars of the window where both x and y are non-NaN (pairwise deletion, as SQL
 * `corr(x, y)` and pandas `rolling(...).corr(other)`), compensated shifted sums Σdx, Σdy, Σdx²,
 * Σdy², Σdx·dy with dx = x − Kx, dy = y − Ky (the shifts = the window means at the last rebuild),
 * added and removed as bars enter and leave, rebuilt from the window every 2·span + 2 updates (see
 * moments.ts for the error bound). r = Cxy / sqrt(Cxx·Cyy) with C the centred sums.
 *
 * Caveats: r is NaN when fewer than max(minPeriods, 2) pairs are present or when either side is
 * constant over the window (exactly, via min/max deques; SQL gives NaN there too and the feature SQL
 * turns it into NULL). |r| may exceed 1 by an ulp, like SQL's and pandas' results; it is not clipped.
 */
import { CompensatedSum, WindowExtremes } from "./compensated.js";
import { checkFrame, checkGrid, frameSpan, type GridFrame } from "./grid.js";
import type { RollingOptions } from "./moments.js";

export interface RollingCorrelation {
  /** Pearson r per bar (NaN where undefined). */
  r: Float64Array;
  /** Pairs (both values non-NaN) in each bar's window: SQL count of paired rows. */
  pairs: Float64Array;
}

export function rollingCorrelation(k: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, frame: GridFrame, opts?: RollingOptions): RollingCorrelation {
  checkGrid("rollingCorrelation", k, x, y);
  checkFrame("rollingCorrelation", frame);
  const minP = Math.max(opts?.minPeriods ?? 1, 2);
  const n = k.length;
  // pairwise deletion: a bar counts only when both sides are present
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ok = x[i] === x[i] && y[i] === y[i];
    px[i] = ok ? x[i] : NaN;
    py[i] = ok ? y[i] : NaN;
  }
  const r = new Float64Array(n);
  const pairs = new Float64Array(n);
  const limit = 2 * frameSpan(frame) + 2;
  const sx = new CompensatedSum();
  const sy = new CompensatedSum();
  const sxx = new CompensatedSum();
  const syy = new CompensatedSum();
  const sxy = new CompensatedSum();
  const ex = new WindowExtremes(px, n);
  const ey = new WindowExtremes(py, n);
  let kx = NaN;
  let ky = NaN;
  let head = 0;
  let tail = 0;
  let count = 0;
  let ops = 0;
  const reset = () => {
    sx.reset();
    sy.reset();
    sxx.reset();
    syy.reset();
    sxy.reset();
    ops = 0;
  };
  const put = (j: number, sign: number) => {
    const dx = px[j] - kx;
    const dy = py[j] - ky;
    sx.add(sign * dx);
    sy.add(sign * dy);
    sxx.add(sign * (dx * dx));
    syy.add(sign * (dy * dy));
    sxy.add(sign * (dx * dy));
  };
  for (let i = 0; i < n; i++) {
    const hi = k[i] - frame.after;
    const lo = k[i] - frame.before;
    for (; head < n && k[head] <= hi; head++) {
      if (px[head] !== px[head]) continue;
      if (count === 0) {
        kx = px[head];
        ky = py[head];
      }
      put(head, 1);
      ex.push(head);
      ey.push(head);
      count++;
      ops++;
    }
    for (; tail < head && k[tail] < lo; tail++) {
      if (px[tail] !== px[tail]) continue;
      put(tail, -1);
      ex.drop(tail);
      ey.drop(tail);
      count--;
      ops++;
    }
    if (count === 0) reset();
    else if (ops > limit) {
      let ax = 0;
      let ay = 0;
      for (let j = tail; j < head; j++)
        if (px[j] === px[j]) {
          ax += px[j];
          ay += py[j];
        }
      kx = ax / count;
      ky = ay / count;
      reset();
      for (let j = tail; j < head; j++) if (px[j] === px[j]) put(j, 1);
    }
    pairs[i] = count;
    if (count < minP || ex.constant() || ey.constant()) r[i] = NaN;
    else {
      const a = sx.value;
      const b = sy.value;
      const cxx = sxx.value - (a * a) / count;
      const cyy = syy.value - (b * b) / count;
      const cxy = sxy.value - (a * b) / count;
      r[i] = cxx > 0 && cyy > 0 ? cxy / Math.sqrt(cxx * cyy) : NaN;
    }
  }
  return { r, pairs };
}
