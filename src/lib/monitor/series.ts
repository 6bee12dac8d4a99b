/**
 * Per-bar series of one model in one crypto, from the inference log, and the window statistics
 * the monitor needs: f1_buy over a time window (2·TP / (2·TP + FP + FN) over the bars whose
 * y_true has arrived; null when the window holds no BUY at all, as src/lib/regimes.ts), maximum
 * drawdown of the equity curve, the NaN share of the BTC features per production fold.
 * All times are epoch ms UTC; windows are half-open [start, end).
 */
import { f1FromCounts } from "../regimes.js";
import { lowerBound } from "../stats/search.js";

/** One (crypto, model) of the log, sorted by ts. y_true NaN = outcome not known yet. */
export interface ModelSeries {
  ts: Float64Array;
  buy_proba: Float64Array;
  y_pred: Float64Array;
  y_true: Float64Array;
  /** Per-bar strategy return (fraction), or null when the log has no `pnl`. */
  pnl: Float64Array | null;
  /** Equity level per bar, or null when the log has no `equity`. */
  equity: Float64Array | null;
  /** Feature values fed to the model; NaN = missing. */
  features: Record<string, Float64Array>;
}

/** Prefix sums of TP, FP, FN over labelled bars, for O(log n) f1 of any window. */
export class F1Counter {
  private readonly tp: Float64Array;
  private readonly fp: Float64Array;
  private readonly fn: Float64Array;
  private readonly labelled: Float64Array;
  constructor(private readonly s: ModelSeries) {
    const n = s.ts.length;
    this.tp = new Float64Array(n + 1);
    this.fp = new Float64Array(n + 1);
    this.fn = new Float64Array(n + 1);
    this.labelled = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const y = s.y_true[i];
      const p = s.y_pred[i];
      const known = y === 0 || y === 1;
      this.tp[i + 1] = this.tp[i] + (known && y === 1 && p === 1 ? 1 : 0);
      this.fp[i + 1] = this.fp[i] + (known && y === 0 && p === 1 ? 1 : 0);
      this.fn[i + 1] = this.fn[i] + (known && y === 1 && p === 0 ? 1 : 0);
      this.labelled[i + 1] = this.labelled[i] + (known ? 1 : 0);
    }
  }
  /** Counts and f1 over bars with ts in [start, end). */
  window(start: number, end: number): { f1: number | null; tp: number; fp: number; fn: number; labelled: number; bars: number } {
    const lo = lowerBound(this.s.ts, start);
    const hi = lowerBound(this.s.ts, end);
    const tp = this.tp[hi] - this.tp[lo];
    const fp = this.fp[hi] - this.fp[lo];
    const fn = this.fn[hi] - this.fn[lo];
    return { f1: f1FromCounts(tp, fp, fn), tp, fp, fn, labelled: this.labelled[hi] - this.labelled[lo], bars: hi - lo };
  }
}

/**
 * Maximum drawdown (positive fraction) over bars in [start, end): from `equity` when logged
 * (max over t of 1 − equity_t / running peak), else from `pnl` compounded from 1
 * (equity_t = Π (1 + pnl_k)). Null when the log has neither or the window is empty.
 */
export function maxDrawdown(s: ModelSeries, start: number, end: number): number | null {
  const lo = lowerBound(s.ts, start);
  const hi = lowerBound(s.ts, end);
  if (hi <= lo || (!s.equity && !s.pnl)) return null;
  let peak = s.equity ? -Infinity : 1;
  let level = 1;
  let dd = 0;
  for (let i = lo; i < hi; i++) {
    if (s.equity) {
      const e = s.equity[i];
      if (!Number.isFinite(e)) continue;
      level = e;
    } else {
      const r = s.pnl![i];
      if (!Number.isFinite(r)) continue;
      level *= 1 + r;
    }
    if (level > peak) peak = level;
    if (peak > 0) dd = Math.max(dd, 1 - level / peak);
  }
  return dd;
}

/** Whether bar i has any of `features` missing (NULL or NaN in the log). */
export function missingAny(s: ModelSeries, features: readonly string[], i: number): boolean {
  for (const f of features) if (!Number.isFinite(s.features[f][i])) return true;
  return false;
}

/** Finite values of `values` over bars with ts in [start, end). */
export function windowValues(ts: ArrayLike<number>, values: ArrayLike<number>, start: number, end: number): number[] {
  const lo = lowerBound(ts, start);
  const hi = lowerBound(ts, end);
  const out: number[] = [];
  for (let i = lo; i < hi; i++) if (Number.isFinite(values[i])) out.push(values[i]);
  return out;
}

/** Mean and sample std (ddof = 1) of a list, nulls when too short. */
export function meanStd(v: readonly number[]): { mean: number | null; std: number | null; n: number } {
  const n = v.length;
  if (!n) return { mean: null, std: null, n };
  let s = 0;
  for (const x of v) s += x;
  const m = s / n;
  if (n < 2) return { mean: m, std: null, n };
  let q = 0;
  for (const x of v) q += (x - m) * (x - m);
  return { mean: m, std: Math.sqrt(q / (n - 1)), n };
}

/**
 * Two samples on one set of equal-width bins (for the page's distribution charts): edges span
 * the reference's 0.5–99.5 % range widened to the live values' range, densities per bin sum to 1.
 */
export function sharedHistogram(reference: readonly number[], live: readonly number[], bins = 30): { edges: number[]; reference: number[]; live: number[] } | null {
  if (!reference.length && !live.length) return null;
  const sorted = [...reference].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * (sorted.length - 1))))];
  let lo = sorted.length ? q(0.005) : Infinity;
  let hi = sorted.length ? q(0.995) : -Infinity;
  for (const x of live) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (!(hi > lo)) hi = lo + 1e-9;
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + k * width);
  const count = (v: readonly number[]) => {
    const c = new Array<number>(bins).fill(0);
    for (const x of v) {
      const k = Math.min(bins - 1, Math.max(0, Math.floor((x - lo) / width)));
      c[k]++;
    }
    return v.length ? c.map((n) => n / v.length) : c;
  };
  return { edges, reference: count(reference), live: count(live) };
}
