/**
 * Time windows of the drift analysis. All instants are epoch milliseconds UTC; every window is
 * half-open [start, end) and printed as ISO-8601 UTC ("2023-07-01T00:00:00Z").
 */
import { lowerBound } from "../stats/search.js";
import { DAY_MS } from "../time.js";

export interface TimeWindow {
  start: number;
  end: number;
}

/**
 * Consecutive windows of `days` days starting at `from` (the end of the training window), for as
 * long as a window starts before `until` (one past the last bar). The last window may be partial:
 * its `end` stays at start + days, so `n` tells how much of it had data.
 */
export function consecutiveWindows(from: number, until: number, days: number): TimeWindow[] {
  const width = days * DAY_MS;
  const out: TimeWindow[] = [];
  for (let s = from; s < until; s += width) out.push({ start: s, end: s + width });
  return out;
}

/**
 * The same windows laid backwards from `end` inside [start, end): whole windows only, oldest first.
 * Used for the reference window's weekly means, so they have the monitoring weeks' phase.
 */
export function windowsBefore(start: number, end: number, days: number): TimeWindow[] {
  const width = days * DAY_MS;
  const out: TimeWindow[] = [];
  for (let e = end; e - width >= start; e -= width) out.push({ start: e - width, end: e });
  return out.reverse();
}

/** Index range [lo, hi) of the sorted `ts` that falls in [start, end). */
export function sliceRange(ts: ArrayLike<number>, start: number, end: number): [number, number] {
  return [lowerBound(ts, start), lowerBound(ts, end)];
}

