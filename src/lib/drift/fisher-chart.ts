/**
 * Control chart for a feature whose window is as long as several monitoring windows
 * (btc_alt_corr_720h): a week of a 720-bar correlation is one slowly moving value, so a weekly
 * distribution test has nothing to test. Instead:
 *
 * - the statistic is Fisher's z = atanh(r) (Fisher 1915; for a correlation over w pairs its
 *   sampling distribution is near normal with a variance that does not depend on ρ),
 * - sampled every w bars after the training window (the last bar of each consecutive w-bar
 *   block), so successive points share no bar and are close to independent under no drift,
 * - limits center ± k·s, with center and s the mean and standard deviation of z over every bar
 *   of the reference (all w sampling phases pooled: each phase is an equally valid subsample),
 *   widened to the 2.5% / 97.5% bounds of a circular block bootstrap of those limits (block
 *   length w; Politis & Romano 1992): the reference holds only about n/w independent values of a
 *   w-bar statistic, and the limits' own estimation error must not raise alarms;
 * - a point outside the limits is `critical`; a monitoring week takes the status of the latest
 *   point at or before its end (`not_tested` before the first point);
 * - its false-alarm rate: the same chart replayed on the reference's own subsampled points, each
 *   against limits from the reference minus that point's window and a guard band of w bars on
 *   each side (center and s recomputed, widened by the same bootstrap margin).
 */
import { blockBootstrapMeanSd } from "../stats/block-bootstrap.js";
import { mean, quantileSorted, sampleStd } from "../stats/descriptive.js";
import { lowerBound } from "../stats/search.js";
import { sliceRange, type TimeWindow } from "./windows.js";
import { formatUtc, parseUtc } from "../time.js";

export const FISHER_BOOTSTRAP = { iterations: 200, seed: 20240101, level: 0.95 } as const;

/** atanh, with |r| clamped just below 1 so a perfect correlation stays finite. */
export function fisherZ(r: number): number {
  const c = Math.max(-1 + 1e-12, Math.min(1 - 1e-12, r));
  return Math.atanh(c);
}

export interface FisherPoint {
  ts: string;
  r: number;
  z: number;
  outside: boolean;
}

export interface FisherChart {
  /** Bars between points (the feature's window). */
  every_bars: number;
  center: number;
  sigma: number;
  /** center ± k·s before the bootstrap widening. */
  lcl_point: number;
  ucl_point: number;
  /** The limits used (z scale). */
  lcl: number;
  ucl: number;
  /** The same limits on the correlation scale (tanh). */
  lcl_r: number;
  ucl_r: number;
  bootstrap: { iterations: number; block_length: number; seed: number; level: number };
  /** Reference bars the limits rest on. */
  n_reference: number;
  /** Monitoring points after the training window. */
  points: FisherPoint[];
  /** Replayed reference points and how many fell outside their leave-out limits. */
  replay_points: number;
  replay_outside: number;
  false_alarm: number | null;
}

/** The chart; null when the reference has fewer than 3 finite values or no spread. */
export function fisherZChart(
  ts: ArrayLike<number>,
  corr: ArrayLike<number>,
  opts: { reference: TimeWindow; windowBars: number; barMs: number; sigma: number },
): FisherChart | null {
  const { reference, windowBars: w, barMs, sigma: k } = opts;
  const [rlo, rhi] = sliceRange(ts, reference.start, reference.end);
  const zt: number[] = [];
  const zs: number[] = [];
  for (let i = rlo; i < rhi; i++) if (Number.isFinite(corr[i])) (zt.push(ts[i]), zs.push(fisherZ(corr[i])));
  if (zs.length < 3) return null;
  const center = mean(zs);
  const s = sampleStd(zs);
  if (!(s > 0)) return null;
  const bootOpts = { blockLength: w, iterations: FISHER_BOOTSTRAP.iterations, seed: FISHER_BOOTSTRAP.seed };
  const boot = blockBootstrapMeanSd(zs, bootOpts);
  const lower = boot.mean.map((m, i) => m - k * boot.sd[i]).sort();
  const upper = boot.mean.map((m, i) => m + k * boot.sd[i]).sort();
  const tail = (1 - FISHER_BOOTSTRAP.level) / 2;
  const lclPoint = center - k * s;
  const uclPoint = center + k * s;
  const lcl = Math.min(lclPoint, quantileSorted(lower, tail));
  const ucl = Math.max(uclPoint, quantileSorted(upper, 1 - tail));
  const widenLow = lclPoint - lcl;
  const widenHigh = ucl - uclPoint;

  // monitoring points: last finite bar of each w-bar block after the training window
  const span = w * barMs;
  const points: FisherPoint[] = [];
  const last = ts.length ? ts[ts.length - 1] : reference.end;
  for (let end = reference.end + span; end - span <= last; end += span) {
    const p = lastFiniteBefore(ts, corr, end, end - span);
    if (p < 0) continue;
    const z = fisherZ(corr[p]);
    points.push({ ts: formatUtc(ts[p]), r: corr[p], z, outside: z < lcl || z > ucl });
  }

  // replay on the reference: prefix sums of z give the leave-out mean and s in O(1) per point
  const n = zs.length;
  const ps = new Float64Array(n + 1);
  const pss = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const d = zs[i] - center; // centred for accuracy
    ps[i + 1] = ps[i] + d;
    pss[i + 1] = pss[i] + d * d;
  }
  let replay = 0;
  let outsideCount = 0;
  for (let end = reference.end; end - span >= reference.start + span; end -= span) {
    const p = lastFiniteBefore(ts, corr, end, end - span);
    if (p < 0) continue;
    const a = lowerBound(zt, end - 2 * span); // the point's window and one window of guard before it
    const b = lowerBound(zt, end + span); // one window of guard after it
    const m = n - (b - a);
    if (m < 3) continue;
    const sum = ps[n] - (ps[b] - ps[a]);
    const sumSq = pss[n] - (pss[b] - pss[a]);
    const mu = sum / m;
    const sd = Math.sqrt(Math.max(0, (sumSq - m * mu * mu) / (m - 1)));
    const z = fisherZ(corr[p]) - center;
    replay++;
    if (z < mu - k * sd - widenLow || z > mu + k * sd + widenHigh) outsideCount++;
  }
  return {
    every_bars: w,
    center,
    sigma: s,
    lcl_point: lclPoint,
    ucl_point: uclPoint,
    lcl,
    ucl,
    lcl_r: Math.tanh(lcl),
    ucl_r: Math.tanh(ucl),
    bootstrap: { iterations: FISHER_BOOTSTRAP.iterations, block_length: w, seed: FISHER_BOOTSTRAP.seed, level: FISHER_BOOTSTRAP.level },
    n_reference: n,
    points,
    replay_points: replay,
    replay_outside: outsideCount,
    false_alarm: replay ? outsideCount / replay : null,
  };
}

/** Index of the last bar with a finite value in [from, before), or −1. */
function lastFiniteBefore(ts: ArrayLike<number>, v: ArrayLike<number>, before: number, from: number): number {
  for (let i = lowerBound(ts, before) - 1; i >= 0 && ts[i] >= from; i--) if (Number.isFinite(v[i])) return i;
  return -1;
}

/**
 * Weekly statuses from the chart: a window with a point outside is `critical`, with points all
 * inside `ok`; a window without a point keeps the latest point's status; `not_tested` before the
 * first point.
 */
export function chartWindowStatuses(chart: FisherChart, windows: readonly { window_start: string; window_end: string }[]): ("ok" | "critical" | "not_tested")[] {
  const pts = chart.points.map((p) => ({ t: parseUtc(p.ts), outside: p.outside }));
  let k = 0;
  let status: "ok" | "critical" | "not_tested" = "not_tested";
  return windows.map((w) => {
    const s = parseUtc(w.window_start);
    const e = parseUtc(w.window_end);
    while (k < pts.length && pts[k].t < s) status = pts[k++].outside ? "critical" : "ok";
    let seen = false;
    let out = false;
    while (k < pts.length && pts[k].t < e) {
      seen = true;
      out ||= pts[k].outside;
      status = pts[k++].outside ? "critical" : "ok";
    }
    return seen ? (out ? "critical" : "ok") : status;
  });
}
