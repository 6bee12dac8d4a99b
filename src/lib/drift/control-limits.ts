/**
 * Shewhart-style control limits (center ± k·σ). Two uses in DESIGN §4: the weekly means of a feature
 * inside the reference window (critical rule), and the rolling BTC–target correlation inside the
 * training window (correlation drift).
 */
import { mean, sampleVariance } from "../stats/index.js";
import { sliceRange, windowsBefore, type TimeWindow } from "./windows.js";

export interface ControlLimits {
  center: number;
  sigma: number;
  lower: number;
  upper: number;
  /** Observations the limits rest on (weekly means, or bars). */
  n: number;
}

/** Finite values of `values[lo, hi)`. */
export function finiteSlice(values: ArrayLike<number>, lo = 0, hi = values.length): number[] {
  const out: number[] = [];
  for (let i = lo; i < hi; i++) if (Number.isFinite(values[i])) out.push(values[i]);
  return out;
}

/** The values a statistic can take, e.g. [−1, 1] for a correlation. */
export type StatisticRange = readonly [min: number, max: number];

/**
 * The Shewhart band center ± k·σ (the one place its arithmetic is written), clipped to the
 * statistic's `range` when it has one: a correlation limit of 1.12 is not a limit anything can
 * cross, and a chart drawing it would stretch its axis past the possible values.
 */
export function bandAt(center: number, sigma: number, k: number, range?: StatisticRange): { lower: number; upper: number } {
  const lower = center - k * sigma;
  const upper = center + k * sigma;
  return range ? { lower: Math.max(range[0], lower), upper: Math.min(range[1], upper) } : { lower, upper };
}

/** center ± k·s of a sample (s: sample standard deviation), within `range`; null with fewer than two values. */
export function limitsOf(sample: readonly number[], k: number, range?: StatisticRange): ControlLimits | null {
  if (sample.length < 2) return null;
  const center = mean(sample);
  const sigma = Math.sqrt(sampleVariance(sample));
  return { center, sigma, ...bandAt(center, sigma, k, range), n: sample.length };
}

/**
 * Limits on weekly means: the reference window is cut into whole windows of `days` ending at its end
 * (the monitoring weeks' phase); each window with data contributes its mean; center = mean of those
 * means, σ = their sample standard deviation.
 */
export function weeklyMeanLimits(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
  reference: TimeWindow,
  days: number,
  k: number,
): (ControlLimits & { weekly_means: number[] }) | null {
  const means: number[] = [];
  for (const w of windowsBefore(reference.start, reference.end, days)) {
    const [lo, hi] = sliceRange(ts, w.start, w.end);
    const v = finiteSlice(values, lo, hi);
    if (v.length) means.push(mean(v));
  }
  const lim = limitsOf(means, k);
  return lim && { ...lim, weekly_means: means };
}

export function outside(x: number, lim: ControlLimits | null): boolean {
  return lim !== null && Number.isFinite(x) && (x < lim.lower || x > lim.upper);
}
