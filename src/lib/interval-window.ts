/**
 * The x window of an interval chart (issue 15: the uplift CI chart). On one shared axis a single
 * wide interval — a variant whose per-crypto bootstrap intervals span ±0.2 while every other
 * variant's lie within 0.05 — squashes every other interval into a few pixels. The window is
 * therefore set by what the reader compares (the point estimates, zero and the threshold), widened
 * by half its span on each side for the intervals; an interval that runs past the window is drawn
 * to its edge and flagged, so the chart can mark the cut end and the tip can still give the bound.
 */

export interface Interval {
  mean: number;
  low: number;
  high: number;
}

export interface ClippedInterval {
  /** The interval's ends inside the window. */
  x1: number;
  x2: number;
  /** The interval runs past the window's left (right) edge. */
  cutLow: boolean;
  cutHigh: boolean;
}

/** Extra room for the intervals on each side of the points' span, as a fraction of that span. */
const INTERVAL_ROOM = 0.5;

/**
 * The window [lo, hi]: the extent of every mean and of `references` (0, the threshold), widened by
 * INTERVAL_ROOM of that extent on each side, but never past the farthest interval bound (no empty
 * margin when every interval fits).
 */
export function intervalWindow(rows: readonly Interval[], references: readonly number[] = []): [number, number] {
  const points = [...rows.map((r) => r.mean), ...references].filter(Number.isFinite);
  if (!points.length) return [0, 1];
  const lo = Math.min(...points);
  const hi = Math.max(...points);
  const room = (hi - lo || Math.abs(hi) || 1) * INTERVAL_ROOM;
  const lows = rows.map((r) => r.low).filter(Number.isFinite);
  const highs = rows.map((r) => r.high).filter(Number.isFinite);
  return [Math.max(lo - room, Math.min(lo, ...lows)), Math.min(hi + room, Math.max(hi, ...highs))];
}

/** An interval cut to the window, with which ends were cut. */
export function clipInterval(r: Interval, [lo, hi]: readonly [number, number]): ClippedInterval {
  return { x1: Math.max(lo, Math.min(hi, r.low)), x2: Math.min(hi, Math.max(lo, r.high)), cutLow: r.low < lo, cutHigh: r.high > hi };
}
