/**
 * The demo's time grid: hourly bars over a span, the training window and the five walk-forward
 * test folds. All instants are epoch milliseconds UTC; windows are half-open [start, end).
 */

import { DAY_MS, HOUR_MS } from "../../src/lib/time.ts";

export const N_FOLDS = 5;

export interface DemoSpan {
  /** First bar's open time. */
  start: number;
  /** End of the training window = start of fold 1. */
  trainEnd: number;
  /** End (exclusive) of the data and of the last fold. */
  end: number;
}

/** The default span: hourly 2022-01-01T00:00Z … 2025-06-30T23:00Z, training before 2023-07-01. */
export const DEFAULT_SPAN: DemoSpan = {
  start: Date.UTC(2022, 0, 1),
  trainEnd: Date.UTC(2023, 6, 1),
  end: Date.UTC(2025, 6, 1),
};

/** Binance switched the spot archive's timestamps from milliseconds to microseconds on this date. */
export const MICROSECOND_ERA_START = Date.UTC(2025, 0, 1);

export interface FoldWindow {
  fold: number;
  start: number;
  end: number;
}

/**
 * Five test windows tiling [trainEnd, end): equal whole-day windows (146 days for the default
 * span), the last one running to the end (147 days).
 */
export function foldWindows(span: DemoSpan): FoldWindow[] {
  const days = Math.floor((span.end - span.trainEnd) / DAY_MS);
  if (days < N_FOLDS) throw new Error(`the test period must hold at least ${N_FOLDS} days`);
  const width = Math.floor(days / N_FOLDS) * DAY_MS;
  return Array.from({ length: N_FOLDS }, (_, k) => ({
    fold: k + 1,
    start: span.trainEnd + k * width,
    end: k === N_FOLDS - 1 ? span.end : span.trainEnd + (k + 1) * width,
  }));
}

export function barCount(span: DemoSpan): number {
  return Math.round((span.end - span.start) / HOUR_MS);
}

export function validateSpan(span: DemoSpan): string | null {
  const { start, trainEnd, end } = span;
  if (![start, trainEnd, end].every(Number.isFinite)) return "start, train end and end must be valid UTC dates";
  if ([start, trainEnd, end].some((t) => t % HOUR_MS !== 0)) return "start, train end and end must fall on whole hours";
  if (!(start < trainEnd && trainEnd < end)) return "expected start < train end < end";
  if (trainEnd - start < 30 * DAY_MS) return "the training window must span at least 30 days (rolling windows need history)";
  if (end - trainEnd < 10 * DAY_MS) return "the test period must span at least 10 days (5 folds)";
  return null;
}
