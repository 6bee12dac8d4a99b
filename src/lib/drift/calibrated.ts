/**
 * Calibrated feature drift: the weekly test of DESIGN §4 ("calibrated drift") that stays valid
 * when the feature's hourly values are autocorrelated, and the measured false-alarm rate of both
 * rules, the dossier's and this one.
 *
 * Why: the six features are rolling-window statistics. A w-bar window makes neighbouring values
 * nearly identical (integrated autocorrelation time ≈ w), so a week of btc_rv_24h holds about
 * 168/24 ≈ 7 independent values while KS counts 168, and its p-values are far too small.
 *
 * Per (symbol, feature) with a window shorter than two monitoring windows:
 * - τ̂ of the reference (stats/autocorrelation.ts: Bartlett / Newey–West, lag ≥ 2× the feature's
 *   window) and the effective sample sizes n/τ̂ of the reference and of a full window;
 * - the weekly KS statistic D_t of the window against the whole reference, and its empirical null
 *   D_b over leave-block-out reference weeks (block-null.ts: stride 1 day, guard band = the
 *   feature's window): p = (1 + #{D_b ≥ D_t})/(B + 1);
 * - effect size: W₁(window, reference) / sd(reference) (stats/wasserstein.ts), shown, not a rule;
 * - BH across the tested features of a window, the dossier's persistence on top (adjusted
 *   p < ks_alpha in warn_consecutive consecutive windows = warn), and critical when the window mean
 *   leaves center ± control_sigma·σ of the same null blocks' means;
 * - windows (and null blocks) holding fewer than min_window_coverage of their bars are
 *   `not_tested`: D depends on the sample size, and a partial week has no null of its size.
 * Long-window features (btc_alt_corr_720h) go to the Fisher-z chart (fisher-chart.ts).
 *
 * False-alarm rate, both rules: the reference is replayed as if monitored. Its whole weekly
 * windows (laid back from its end, the monitoring phase) are each tested against the reference
 * minus that week and a guard band of the feature's window on each side — for the dossier's rule
 * with its own KS p-value, BH across all six features and 3σ limits of the other weeks' means; for
 * the calibrated rule with the null blocks that do not touch the guarded week — persistence
 * applied in week order as in monitoring. The rate is the share of replayed weeks in warn or
 * critical: weeks on which, by construction, nothing drifted.
 */
import { bhAdjust, ks2PvalueFromStatistic, mean, sampleStd, sortedCopy } from "../stats/index.js";
import { effectiveSampleSize, integratedAutocorrelationTime } from "../stats/autocorrelation.js";
import { makeWassersteinReference, type WassersteinReference } from "../stats/wasserstein.js";
import { lowerBound } from "../stats/search.js";
import { blocksSufficient, empiricalPvalue, empiricalPvalueFromCount, ksStatisticLeaveOut, leaveOutBlockStatistics, nullBlocks, overlapsGuarded, smallestAttainablePvalue } from "./block-null.js";
import { finiteSlice, limitsOf, outside, type ControlLimits } from "./control-limits.js";
import type { DriftRow, FeatureTable } from "./feature-drift.js";
import { featureDependsOnTarget, featureWindowBars, isLongWindowFeature, windowBars } from "./feature-windows.js";
import { featureDriftAlerts, type Alert } from "./alerts.js";
import { chartWindowStatuses, fisherZChart, type FisherChart } from "./fisher-chart.js";
import type { DriftThresholds, WarnPValue } from "./thresholds.js";
import { sliceRange, windowsBefore, type TimeWindow } from "./windows.js";
import { parseUtc } from "../time.js";

/** Which rule drives the alerts (and `ftf drift`'s exit code). */
export type DriftRule = "spec" | "calibrated";
export const DRIFT_RULES: readonly DriftRule[] = ["calibrated", "spec"];
export const DEFAULT_DRIFT_RULE: DriftRule = "calibrated";
/** Spacing of the null blocks (the issue asks for ≤ 1 day). */
export const CALIBRATION_STRIDE_DAYS = 1;

export type CalibratedStatus = "ok" | "warn" | "critical" | "not_tested";

export interface CalibratedDriftRow extends DriftRow {
  /** Empirical-null p of the window's KS D; null when not tested. */
  pvalue_calibrated: number | null;
  /** BH across the tested features of this symbol and window. */
  pvalue_calibrated_adj: number | null;
  /** W₁(window, reference) / sd(reference). */
  effect_size: number | null;
  status_calibrated: CalibratedStatus;
}

export type CalibrationMethod = "empirical_null_ks" | "fisher_z_chart" | "none";

export interface CalibrationEntry {
  feature: string;
  symbol: string;
  tau: number | null;
  n_eff_reference: number | null;
  n_eff_window: number | null;
  null_blocks: number;
  method: CalibrationMethod;
  /** Share of replayed reference weeks on which the dossier's rule is in warn or critical. */
  false_alarm_spec: number | null;
  /** The same for the calibrated rule (for the Fisher-z chart: share of replayed points outside). */
  false_alarm_calibrated: number | null;
  /** Bars of the feature's window (= the guard band). */
  window_bars: number;
  tau_lag: number | null;
  n_reference: number;
  replayed_weeks: number;
  replayed_calibrated: number;
  /** 1/(B+1): the smallest p the null can give. */
  min_pvalue: number | null;
  /** Can BH over the tested features reach ks_alpha with B null blocks? */
  blocks_sufficient: boolean | null;
  /** Calibrated critical limits: center ± k·σ of the null blocks' means. */
  limits: ControlLimits | null;
  /** The Fisher-z chart of a long-window feature. */
  chart: FisherChart | null;
  /** Whose timeline the null was computed on (the first target's, for the BTC-only features). */
  reference_symbol: string;
  note: string | null;
}

export interface CalibrationOptions {
  reference: TimeWindow;
  thresholds: DriftThresholds;
  /** p the dossier's rule reads (its replay uses the same). */
  warnPValue: WarnPValue;
  interval: string;
  barMs: number;
  features: readonly string[];
  strideDays?: number;
  /** Replay both rules over the reference for their false-alarm rates (default true; simulations that only need p-values turn it off). */
  replay?: boolean;
  /** Reuse the nulls of features whose reference series is identical (BTC-only features across targets). */
  cache?: CalibrationCache;
}

interface NullBlock {
  w: TimeWindow;
  n: number;
  d: number;
  mean: number;
}

/** What depends only on a feature's reference series (cacheable across targets). */
interface FeatureNull {
  ts: Float64Array;
  values: Float64Array;
  sorted: Float64Array;
  wasserstein: WassersteinReference;
  sd: number;
  tau: { tau: number; lag: number } | null;
  /** Null blocks with enough bars, oldest first (empty for long-window features). */
  blocks: NullBlock[];
  sortedD: Float64Array;
  limits: ControlLimits | null;
  /** Filled by the first replay (same weeks and thresholds within one analysis). */
  replay?: FeatureReplay;
  /**
   * A shared null's monitoring windows, by window: the finite values (time order) and what they
   * gave. A BTC-only feature has the same values at every target whose bars cover the window, so
   * the next target's D, p and W₁ are these (checked value by value, else recomputed).
   */
  windows?: Map<string, WindowResult>;
}

interface WindowResult {
  values: readonly number[];
  pvalue: number | null;
  effect: number | null;
}

/** Window order: the ISO-8601 UTC texts of one format sort as their code units (localeCompare's collation is slow here). */
function byWindowStart(a: { window_start: string }, b: { window_start: string }): number {
  return a.window_start < b.window_start ? -1 : a.window_start > b.window_start ? 1 : 0;
}

/** Same length and the same numbers in the same order (finite values: === is exact). */
function sameValues(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface FeatureReplay {
  specP: (number | null)[];
  calP: (number | null)[];
  specCrit: boolean[];
  calCrit: boolean[];
}

/**
 * The nulls of the BTC-only features, computed once per analysis: their values are BTC's, the same
 * at every target's bars, so the "per feature (and per target where the feature depends on
 * it)" means one null each. It is computed on the first target's timeline (BTC's feature at that
 * target's bars; `reference_symbol` in the entry says which) and reused for the others.
 */
export class CalibrationCache {
  private readonly map = new Map<string, { null: FeatureNull; symbol: string }>();
  get(feature: string): { null: FeatureNull; symbol: string } | undefined {
    return this.map.get(feature);
  }
  set(feature: string, v: FeatureNull, symbol: string): void {
    this.map.set(feature, { null: v, symbol });
  }
}

/** Finite reference values with their times. */
function referenceSeries(ts: ArrayLike<number>, values: ArrayLike<number>, ref: TimeWindow): { ts: Float64Array; values: Float64Array } {
  const [lo, hi] = sliceRange(ts, ref.start, ref.end);
  const t: number[] = [];
  const v: number[] = [];
  for (let i = lo; i < hi; i++) if (Number.isFinite(values[i])) (t.push(ts[i]), v.push(values[i]));
  return { ts: Float64Array.from(t), values: Float64Array.from(v) };
}

function prepareFeature(ts: Float64Array, values: Float64Array, o: { featureBars: number; long: boolean; guardMs: number; minBars: number; blocks: TimeWindow[]; sigma: number; monitorBars: number }): FeatureNull {
  const sorted = sortedCopy(values);
  const sd = values.length > 1 ? sampleStd(values) : NaN;
  const tau = values.length >= 3 ? integratedAutocorrelationTime(values, 2 * o.featureBars) : null;
  const blocks: NullBlock[] = [];
  if (!o.long && values.length) {
    const prefix = new Float64Array(values.length + 1);
    for (let i = 0; i < values.length; i++) prefix[i + 1] = prefix[i] + values[i];
    const stats = leaveOutBlockStatistics(ts, values, sorted, o.blocks, o.guardMs);
    stats.forEach((b, j) => {
      const n = b.hi - b.lo;
      if (n >= o.minBars && b.rest > 0) blocks.push({ w: o.blocks[j], n, d: b.d, mean: (prefix[b.hi] - prefix[b.lo]) / n });
    });
  }
  const sortedD = Float64Array.from(blocks.map((b) => b.d)).sort();
  return { ts, values, sorted, wasserstein: makeWassersteinReference(sorted), sd, tau: tau && Number.isFinite(tau.tau) ? { tau: tau.tau, lag: tau.lag } : null, blocks, sortedD, limits: limitsOf(blocks.map((b) => b.mean), o.sigma) };
}

/**
 * Adds pvalue_calibrated, pvalue_calibrated_adj, effect_size and status_calibrated to one
 * symbol's drift rows (in place, after the existing fields; the rows must come from featureDrift
 * on the same table) and returns one calibration entry per feature.
 */
export function calibrateFeatureDrift(table: FeatureTable, rows: readonly DriftRow[], opts: CalibrationOptions): { rows: CalibratedDriftRow[]; calibration: CalibrationEntry[] } {
  const t = opts.thresholds;
  const monitorBars = windowBars(t.window_days, opts.barMs);
  const minBars = Math.max(2, Math.ceil(monitorBars * t.min_window_coverage - 1e-9));
  const blocksLaid = nullBlocks(opts.reference, t.window_days, opts.strideDays ?? CALIBRATION_STRIDE_DAYS);
  const weeks = windowsBefore(opts.reference.start, opts.reference.end, t.window_days);
  const out = rows as CalibratedDriftRow[];
  // the window bounds repeat for every feature: parse each once
  const parsed = new Map<string, number>();
  const time = (iso: string) => parsed.get(iso) ?? parsed.set(iso, parseUtc(iso)).get(iso)!;
  for (const r of out) Object.assign(r, { pvalue_calibrated: null, pvalue_calibrated_adj: null, effect_size: null, status_calibrated: "not_tested" as CalibratedStatus });

  const perFeature = opts.features.map((feature) => {
    const col = table.columns[feature];
    if (!col) throw new Error(`calibrateFeatureDrift: no column "${feature}" for ${table.symbol}`);
    const featureBars = featureWindowBars(feature, opts.interval);
    const long = isLongWindowFeature(featureBars, monitorBars);
    const guardMs = featureBars * opts.barMs;
    const shared = !featureDependsOnTarget(feature) ? opts.cache?.get(feature) : undefined;
    let fnull = shared?.null;
    const referenceSymbol = shared?.symbol ?? table.symbol;
    if (!fnull) {
      const series = referenceSeries(table.ts, col, opts.reference);
      fnull = prepareFeature(series.ts, series.values, { featureBars, long, guardMs, minBars, blocks: blocksLaid, sigma: t.control_sigma, monitorBars });
      if (!featureDependsOnTarget(feature)) opts.cache?.set(feature, fnull, table.symbol);
    }
    const chart = long ? fisherZChart(table.ts, col, { reference: opts.reference, windowBars: featureBars, barMs: opts.barMs, sigma: t.control_sigma }) : null;
    const featureRows = out.filter((r) => r.feature === feature).sort(byWindowStart);
    // monitoring windows: D against the whole reference, p from the null, W₁/sd
    const memo = opts.cache && !featureDependsOnTarget(feature) ? (fnull.windows ??= new Map()) : null;
    for (const r of featureRows) {
      const [lo, hi] = sliceRange(table.ts, time(r.window_start), time(r.window_end));
      const values = finiteSlice(col, lo, hi);
      const key = `${r.window_start}\u0000${r.window_end}`;
      const seen = memo?.get(key);
      if (seen && sameValues(seen.values, values)) {
        r.effect_size = seen.effect;
        r.pvalue_calibrated = seen.pvalue;
        continue;
      }
      const cur = sortedCopy(values);
      if (cur.length && fnull.sorted.length && fnull.sd > 0) r.effect_size = fnull.wasserstein.distance(cur) / fnull.sd;
      if (!long && cur.length >= minBars && fnull.blocks.length) r.pvalue_calibrated = empiricalPvalue(ksStatisticLeaveOut(fnull.sorted, cur), fnull.sortedD);
      memo?.set(key, { values, pvalue: r.pvalue_calibrated, effect: r.effect_size });
    }
    if (chart) {
      const st = chartWindowStatuses(chart, featureRows);
      featureRows.forEach((r, i) => (r.status_calibrated = st[i]));
    }
    return { feature, featureBars, long, guardMs, fnull, chart, featureRows, referenceSymbol };
  });

  applyCalibratedRules(
    out,
    perFeature.map((f) => ({ symbol: table.symbol, feature: f.feature, method: f.long ? ("fisher_z_chart" as const) : ("empirical_null_ks" as const), limits: f.fnull.limits })),
    t,
  );

  const replay =
    opts.replay === false
      ? { spec: perFeature.map(() => null), calibrated: perFeature.map(() => null), specWeeks: perFeature.map(() => 0), calibratedWeeks: perFeature.map(() => 0) }
      : replayReference(perFeature, weeks, opts, minBars);
  const tested = perFeature.filter((f) => !f.long).length;
  const calibration = perFeature.map((f, i): CalibrationEntry => {
    const n = f.fnull.values.length;
    const tau = f.fnull.tau?.tau ?? null;
    const B = f.fnull.blocks.length;
    const enough = f.long ? null : blocksSufficient(B, t.ks_alpha, tested);
    let note: string | null = null;
    if (f.long)
      note = `window of ${f.featureBars} bars spans ${(f.featureBars / monitorBars).toFixed(1)} monitoring windows: no weekly distribution test; Fisher z sampled every ${f.featureBars} bars against block-bootstrap limits`;
    else if (!B) note = "no reference week with enough bars: no empirical null, not tested";
    else if (!enough)
      note = `only ${B} null blocks: the smallest p is 1/(B+1) = ${smallestAttainablePvalue(B).toPrecision(3)}, and BH over ${tested} features cannot go below ${(tested / (B + 1)).toPrecision(3)} ≥ α = ${t.ks_alpha}, so the calibrated warn rule cannot fire; a longer reference would let it`;
    return {
      feature: f.feature,
      symbol: table.symbol,
      tau,
      n_eff_reference: tau === null ? null : effectiveSampleSize(n, tau),
      n_eff_window: tau === null ? null : effectiveSampleSize(monitorBars, tau),
      null_blocks: B,
      method: f.long ? (f.chart ? "fisher_z_chart" : "none") : B ? "empirical_null_ks" : "none",
      false_alarm_spec: replay.spec[i],
      false_alarm_calibrated: f.long ? (f.chart?.false_alarm ?? null) : replay.calibrated[i],
      window_bars: f.featureBars,
      tau_lag: f.fnull.tau?.lag ?? null,
      n_reference: n,
      replayed_weeks: replay.specWeeks[i],
      replayed_calibrated: f.long ? (f.chart?.replay_points ?? 0) : replay.calibratedWeeks[i],
      min_pvalue: B ? smallestAttainablePvalue(B) : null,
      blocks_sufficient: enough,
      limits: f.long ? null : f.fnull.limits,
      chart: f.chart,
      reference_symbol: f.referenceSymbol,
      note,
    };
  });
  return { rows: out, calibration };
}

/**
 * The calibrated rule on rows that already carry pvalue_calibrated (in place; rows back): BH across
 * the tested features of each (symbol, window), warn after `warn_consecutive` adjacent windows with
 * adjusted p < ks_alpha, critical when the window mean leaves center ± control_sigma·σ of the null
 * blocks' means (`limits` of the calibration entry). The loaders call it with the sweep's
 * thresholds; a page calls it again with other α, persistence or σ. Rows of Fisher-z features keep
 * their chart status (its limits are fixed at the analysis' σ).
 */
export function applyCalibratedRules(
  rows: CalibratedDriftRow[],
  calibration: readonly Pick<CalibrationEntry, "symbol" | "feature" | "method" | "limits">[],
  t: Pick<DriftThresholds, "ks_alpha" | "warn_consecutive" | "control_sigma">,
): CalibratedDriftRow[] {
  const entry = new Map(calibration.map((c) => [`${c.symbol}\u0000${c.feature}`, c]));
  const tested = (r: CalibratedDriftRow) => entry.get(`${r.symbol}\u0000${r.feature}`)?.method === "empirical_null_ks";
  const byWindow = new Map<string, CalibratedDriftRow[]>();
  const byFeature = new Map<string, CalibratedDriftRow[]>();
  for (const r of rows) {
    if (!tested(r)) continue;
    const fk = `${r.symbol}\u0000${r.feature}`;
    (byFeature.get(fk) ?? byFeature.set(fk, []).get(fk)!).push(r);
    r.pvalue_calibrated_adj = null;
    if (r.pvalue_calibrated === null) continue;
    const wk = `${r.symbol}\u0000${r.window_start}`;
    (byWindow.get(wk) ?? byWindow.set(wk, []).get(wk)!).push(r);
  }
  for (const list of byWindow.values()) {
    const adj = bhAdjust(list.map((r) => r.pvalue_calibrated as number));
    list.forEach((r, j) => (r.pvalue_calibrated_adj = adj[j]));
  }
  for (const [key, list] of byFeature) {
    const lim = entry.get(key)?.limits ?? null;
    const limits = lim && { ...lim, lower: lim.center - t.control_sigma * lim.sigma, upper: lim.center + t.control_sigma * lim.sigma };
    list.sort(byWindowStart);
    let streak = 0;
    let prevEnd: string | null = null;
    for (const r of list) {
      if (r.pvalue_calibrated === null) {
        r.status_calibrated = "not_tested";
        streak = 0;
        prevEnd = null;
        continue;
      }
      const reject = (r.pvalue_calibrated_adj as number) < t.ks_alpha;
      streak = reject ? (prevEnd === r.window_start ? streak + 1 : 1) : 0;
      prevEnd = r.window_end;
      r.status_calibrated = r.mean !== null && outside(r.mean, limits) ? "critical" : streak >= t.warn_consecutive ? "warn" : "ok";
    }
  }
  for (const r of rows) if (!entry.has(`${r.symbol}\u0000${r.feature}`)) r.status_calibrated = "not_tested";
  return rows;
}

type Prepared = { feature: string; long: boolean; guardMs: number; fnull: FeatureNull };

/** One feature's replayed weeks: the dossier's KS p and critical flag, the calibrated p and critical flag. */
function replayFeature(F: Prepared, weeks: readonly TimeWindow[], t: DriftThresholds, minBars: number): FeatureReplay {
  const s = F.fnull;
  const byStart = new Map(s.blocks.map((b) => [b.w.start, b]));
  const stats: { n: number; d: number; mean: number; rest: number }[] = new Array(weeks.length);
  const others: number[] = [];
  weeks.forEach((w, j) => {
    const b = byStart.get(w.start);
    if (b && b.w.end === w.end) {
      // the null block at this week's start: same statistic, the rest's size for the dossier's p
      const elo = lowerBound(s.ts, w.start - F.guardMs);
      const ehi = lowerBound(s.ts, w.end + F.guardMs);
      stats[j] = { n: b.n, d: b.d, mean: b.mean, rest: s.sorted.length - (ehi - elo) };
    } else if (s.values.length) others.push(j);
    else stats[j] = { n: 0, d: NaN, mean: NaN, rest: 0 };
  });
  // the other weeks (every week of a long-window feature, which has no null blocks): the same
  // leave-out D in the sliding form (leaveOutBlockStatistics), week after week; the mean summed in bar order
  const left = leaveOutBlockStatistics(s.ts, s.values, s.sorted, others.map((j) => weeks[j]), F.guardMs);
  others.forEach((j, k) => {
    const { lo, hi, d, rest } = left[k];
    let sum = 0;
    for (let i = lo; i < hi; i++) sum += s.values[i];
    stats[j] = { n: hi - lo, d, mean: hi > lo ? sum / (hi - lo) : NaN, rest };
  });
  const out: FeatureReplay = { specP: weeks.map(() => null), calP: weeks.map(() => null), specCrit: weeks.map(() => false), calCrit: weeks.map(() => false) };
  for (let j = 0; j < weeks.length; j++) {
    const st = stats[j];
    if (st.n < minBars || !(st.rest > 0) || !Number.isFinite(st.d)) continue;
    const w = weeks[j];
    out.specP[j] = ks2PvalueFromStatistic(st.d, st.n, st.rest).pvalue;
    const otherMeans: number[] = [];
    for (let i = 0; i < weeks.length; i++) if (i !== j && stats[i].n >= minBars && !overlapsGuarded(w, weeks[i], F.guardMs)) otherMeans.push(stats[i].mean);
    out.specCrit[j] = outside(st.mean, limitsOf(otherMeans, t.control_sigma));
    if (F.long) continue;
    let atLeast = 0;
    const nullMeans: number[] = [];
    for (const b of s.blocks)
      if (!overlapsGuarded(w, b.w, F.guardMs)) {
        if (b.d >= st.d) atLeast++;
        nullMeans.push(b.mean);
      }
    out.calP[j] = empiricalPvalueFromCount(atLeast, nullMeans.length);
    out.calCrit[j] = outside(st.mean, limitsOf(nullMeans, t.control_sigma));
  }
  return out;
}

/** Both rules replayed over the reference's whole weeks; per feature the share in warn/critical. */
function replayReference(
  features: readonly Prepared[],
  weeks: readonly TimeWindow[],
  opts: CalibrationOptions,
  minBars: number,
): { spec: (number | null)[]; calibrated: (number | null)[]; specWeeks: number[]; calibratedWeeks: number[] } {
  const t = opts.thresholds;
  const k = features.length;
  // per feature: the weekly p-values and critical flags of both rules (the BTC-only features' are
  // the same for every target: computed once, kept with their null)
  const perFeature = features.map((F) => (F.fnull.replay ??= replayFeature(F, weeks, t, minBars)));
  const specP = perFeature.map((r) => r.specP);
  const calP = perFeature.map((r) => r.calP);
  const specCrit = perFeature.map((r) => r.specCrit);
  const calCrit = perFeature.map((r) => r.calCrit);
  const adjust = (P: (number | null)[][], include: (f: number) => boolean, bh: boolean): (number | null)[][] => {
    const A = P.map((row) => row.slice());
    if (!bh) return A;
    for (let j = 0; j < weeks.length; j++) {
      const idx = [];
      for (let f = 0; f < k; f++) if (include(f) && P[f][j] !== null) idx.push(f);
      const adj = bhAdjust(idx.map((f) => P[f][j] as number));
      idx.forEach((f, i) => (A[f][j] = adj[i]));
    }
    return A;
  };
  const specA = adjust(specP, () => true, opts.warnPValue === "bh");
  const calA = adjust(calP, (f) => !features[f].long, true);
  const rate = (A: (number | null)[][], crit: boolean[][], f: number): [number | null, number] => {
    let streak = 0;
    let alarms = 0;
    let tested = 0;
    for (let j = 0; j < weeks.length; j++) {
      const p = A[f][j];
      if (p === null) {
        streak = 0;
        continue;
      }
      tested++;
      streak = p < t.ks_alpha ? streak + 1 : 0;
      if (crit[f][j] || streak >= t.warn_consecutive) alarms++;
    }
    return [tested ? alarms / tested : null, tested];
  };
  const spec = features.map((_, f) => rate(specA, specCrit, f));
  const cal = features.map((f, i) => (f.long ? ([null, 0] as [null, number]) : rate(calA, calCrit, i)));
  return { spec: spec.map((s) => s[0]), specWeeks: spec.map((s) => s[1]), calibrated: cal.map((c) => c[0]), calibratedWeeks: cal.map((c) => c[1]) };
}

/** Rows with the chosen rule's status in `status` (for the alert timeline and counts). */
export function rowsForRule<T extends DriftRow & Partial<Pick<CalibratedDriftRow, "status_calibrated">>>(rows: readonly T[], rule: DriftRule): DriftRow[] {
  if (rule === "spec") return rows as readonly DriftRow[] as DriftRow[];
  return rows.map((r) => ({ ...r, status: r.status_calibrated === undefined || r.status_calibrated === "not_tested" ? "no_data" : r.status_calibrated }));
}

/** The alert timeline's feature-drift episodes under the calibrated rule. */
export function calibratedFeatureDriftAlerts(rows: readonly CalibratedDriftRow[]): Alert[] {
  const alerts = featureDriftAlerts(rowsForRule(rows, "calibrated"));
  for (const a of alerts) {
    const s = `${a.count} window${a.count === 1 ? "" : "s"}`;
    const chart = a.subject === "btc_alt_corr_720h";
    a.message = chart
      ? `${a.subject} Fisher z outside its block-bootstrap control limits (calibrated rule; held for ${s})`
      : a.severity === "critical"
        ? `${a.subject} weekly mean outside the 3σ limits of the reference's leave-block-out weeks for ${s} (calibrated rule)`
        : `${a.subject} calibrated KS p (empirical null of reference weeks, BH) below alpha in consecutive weekly windows (warn held for ${s})`;
  }
  return alerts;
}
