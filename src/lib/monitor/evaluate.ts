/**
 * Production monitoring of one deployment (spec §1 metrics, §4 stage gates, §5 rollback triggers),
 * as of an instant. Pure and isomorphic: the loader (loaders/monitor/) reads and validates the
 * folder and hands over typed arrays; the page re-renders the same JSON.
 *
 * Conventions (data/README.md "Monitoring a deployment"):
 * - "As of at": bars whose open is ≤ at count; windows end at asOfEnd = at + one bar.
 * - A trigger is evaluated at every evaluation point of [live_start, at]; `status` is the worst
 *   state it reached (rollback triggers latch: a page that fired stays fired), `fired_at` the first
 *   point where its rule held, `active` whether it still holds as of at.
 * - Feature, buy_proba and correlation drift run through the sweep's drift engine (src/lib/drift)
 *   with the drift registry's thresholds: the reference is the sweep's training window (features)
 *   or the sweep's own predictions of the variant before live_start (buy_proba); the monitoring
 *   windows are consecutive `window_days` windows from live_start.
 */
import { calibrateFeatureDrift, DEFAULT_DRIFT_RULE, rowsForRule, type CalibratedDriftRow, type DriftRule } from "../drift/calibrated.js";
import { correlationDrift } from "../drift/correlation.js";
import { featureDrift, type DriftRow, type FeatureTable } from "../drift/feature-drift.js";
import type { DriftThresholds, WarnPValue } from "../drift/thresholds.js";
import { consecutiveWindows, type TimeWindow } from "../drift/windows.js";
import { DAY_MS, HOUR_MS } from "../time.js";
import { formatUtc, parseUtc } from "../time.js";
import { num, pval } from "../format.js";
import { COMPARISON_TOLERANCE } from "../gates/thresholds.js";
import type { DeploymentConfig } from "./deployment.js";
import { eventsPerHour, type MonitorEvent } from "./events.js";
import type { PreflightResult } from "./preflight.js";
import { TRIGGERS, TRIGGER_IDS, type TriggerId } from "./runbook.js";
import { F1Counter, maxDrawdown, meanStd, missingAny, sharedHistogram, windowValues, type ModelSeries } from "./series.js";
import type { MonitorThresholds } from "./thresholds.js";

export type Status = "ok" | "warn" | "critical" | "not_assessable";

export interface CryptoLog {
  crypto: string;
  /** Rows of the deployed model (model_run_id). */
  live: ModelSeries | null;
  /** Shadow rows of the baseline model (baseline_model_run_id). */
  baseline: ModelSeries | null;
}

export interface CryptoReference {
  crypto: string;
  /** The training window's feature values (ts inside [train_start, train_end)), or null with the reason. */
  features: FeatureTable | null;
  features_reason: string | null;
  /** The sweep's predictions of the deployed variant before live_start. */
  buy_proba: { ts: Float64Array; values: Float64Array; y_pred: Float64Array } | null;
  buy_proba_reason: string | null;
  /** Mean f1_buy of the sweep's baseline variant for this crypto over its folds (fallback baseline). */
  sweep_baseline_f1: number | null;
}

export interface SweepFacts {
  sweep_id: string;
  baseline_variant: string;
  train_start: number;
  train_end: number;
  /** Distinct values of the variant's run config in the sweep's results (empty = not recorded). */
  run_config: { feature_set: string[]; n_features: number[]; purge_bars: number[] };
  /** The sweep's verdict for the deployed variant (stage 1), or null with `verdict_reason`. */
  verdict: { verdict: string; reason: string } | null;
  verdict_reason: string | null;
  preflight: PreflightResult | null;
}

export interface MonitorInput {
  deployment: DeploymentConfig;
  interval: string;
  intervalMs: number;
  /** As-of instant, epoch ms. */
  at: number;
  /** Features the model was fed and that are monitored (the BTC features of the variant). */
  features: readonly string[];
  logs: readonly CryptoLog[];
  references: readonly CryptoReference[];
  /** null = the folder has no events file (the event triggers are then not assessable). */
  events: readonly MonitorEvent[] | null;
  sweep: SweepFacts;
  thresholds: MonitorThresholds;
  drift: DriftThresholds;
  warnPValue: WarnPValue;
  /** The sweep's bar interval (the training reference's); the calibrated rule needs the log at the same interval. */
  referenceInterval: string;
  /** Which feature-drift rule drives the trigger (default: the sweep pages' default, calibrated). */
  driftRule?: DriftRule;
}

export interface MetricOut {
  id: string;
  name: string;
  crypto: string | null;
  value: number | null;
  /** The training / baseline value it is compared with, when there is one. */
  reference: number | null;
  threshold: number | null;
  threshold_text: string;
  status: Status;
  reason: string | null;
  trigger: TriggerId | null;
  detail: Record<string, number | string | null>;
}

export interface TriggerSubject {
  crypto: string | null;
  status: Status;
  fired_at: string | null;
  active: boolean;
  value: number | null;
  message: string;
}

export interface TriggerOut {
  id: TriggerId;
  title: string;
  severity: "warn" | "critical";
  priority: string;
  status: Status;
  active: boolean;
  fired_at: string | null;
  value: number | null;
  threshold: number | null;
  rule: string;
  message: string;
  action: string;
  reversal_latency: string;
  source: string;
  subjects: TriggerSubject[];
}

export interface StageOut {
  stage: number;
  name: string;
  gate: string;
  current: boolean;
  status: Status;
  value: number | null;
  threshold: number | null;
  message: string;
}

export interface MonitorSeries {
  /** Rolling f1_buy of the live model and the baseline, per evaluation point (window end). */
  f1: { crypto: string; t: string; live: number | null; baseline: number | null; baseline_source: "shadow" | "sweep" | null }[];
  events_per_hour: { hour_start: string; event: string; reason: string | null; count: number }[];
  nan_folds: { crypto: string; fold: number; start: string; end: string; rows: number; expected: number; nan_rows: number; nan_share: number | null; complete: boolean }[];
  distributions: { crypto: string; name: string; edges: number[]; reference: number[]; live: number[] }[];
  /** Per feature and window: both rules' statistics and statuses (`status` = the dossier's rule, `status_calibrated`). */
  drift: (DriftRow | CalibratedDriftRow)[];
  prediction_drift: DriftRow[];
  correlation: { crypto: string; t: string; value: number }[];
  correlation_limits: { crypto: string; center: number | null; lcl: number | null; ucl: number | null }[];
}

export interface MonitorReport {
  deployment_id: string;
  sweep_id: string;
  variant: string;
  cryptos: string[];
  stage: number;
  live_start: string;
  interval: string;
  at: string;
  status: "ok" | "warn" | "critical";
  metrics: MetricOut[];
  triggers: TriggerOut[];
  stages: StageOut[];
  series: MonitorSeries;
  thresholds: { monitor: MonitorThresholds; drift: DriftThresholds; warn_pvalue: WarnPValue };
  /** The feature-drift rule the trigger read, and why when it is not the default. */
  drift_rule: DriftRule;
  drift_rule_note: string | null;
  notes: string[];
}

const RANK: Record<Status, number> = { not_assessable: -1, ok: 0, warn: 1, critical: 2 };
const worst = (a: Status, b: Status): Status => (RANK[b] > RANK[a] ? b : a);
const r4 = (x: number | null) => num(x, 4);

/** A trigger's outcome for one subject before aggregation. */
interface Firing {
  crypto: string | null;
  /** Severity reached; null = never fired; "not_assessable" with the reason in `message`. */
  state: "ok" | "warn" | "critical" | "not_assessable";
  fired_at: number | null;
  active: boolean;
  value: number | null;
  message: string;
}

function aggregate(id: TriggerId, threshold: number | null, rule: string, firings: Firing[]): TriggerOut {
  const def = TRIGGERS[id];
  let status: Status = "not_assessable";
  for (const f of firings) status = status === "not_assessable" ? f.state : f.state === "not_assessable" ? status : worst(status, f.state);
  const fired = firings.filter((f) => f.state === "warn" || f.state === "critical");
  const first = fired.filter((f) => f.fired_at !== null).sort((a, b) => (a.fired_at as number) - (b.fired_at as number))[0] ?? null;
  const assessed = firings.filter((f) => f.state !== "not_assessable");
  // value: the fired subject's, else the worst-looking assessed one (largest value), else null
  const pick = first ?? assessed.slice().sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity))[0] ?? null;
  const message = fired.length
    ? fired.map((f) => (f.crypto ? `${f.crypto}: ${f.message}` : f.message)).join("; ")
    : assessed.length
      ? assessed.map((f) => (f.crypto ? `${f.crypto}: ${f.message}` : f.message)).join("; ")
      : firings.map((f) => (f.crypto ? `${f.crypto}: ${f.message}` : f.message)).join("; ") || "not assessable";
  return {
    id,
    title: def.title,
    severity: def.severity,
    priority: def.priority,
    status,
    active: fired.some((f) => f.active),
    fired_at: first?.fired_at != null ? formatUtc(first.fired_at) : null,
    value: pick?.value ?? null,
    threshold,
    rule,
    message,
    action: def.action,
    reversal_latency: def.reversal_latency,
    source: def.source,
    subjects: firings.map((f) => ({ crypto: f.crypto, status: f.state, fired_at: f.fired_at !== null ? formatUtc(f.fired_at) : null, active: f.active, value: f.value, message: f.message })),
  };
}

/** Evaluation points of a rolling window of `width` ms: every clock hour from the first full window to asOfEnd. */
function rollingPoints(liveStart: number, width: number, asOfEnd: number): number[] {
  const first = liveStart + width;
  if (first > asOfEnd) return [];
  const out: number[] = [];
  for (let t = Math.ceil(first / HOUR_MS) * HOUR_MS; t < asOfEnd; t += HOUR_MS) out.push(t);
  if (out[0] !== first && first < (out[0] ?? Infinity)) out.unshift(first);
  out.push(asOfEnd);
  return [...new Set(out)].sort((a, b) => a - b);
}

/** Rows of a series with ts in [start, end) as a new series (copies; the log is small next to the reference). */
function cut(s: ModelSeries | null, end: number): ModelSeries | null {
  if (!s) return null;
  let hi = s.ts.length;
  while (hi > 0 && s.ts[hi - 1] >= end) hi--;
  if (hi === s.ts.length) return s;
  const sl = (a: Float64Array) => a.subarray(0, hi);
  return {
    ts: sl(s.ts), buy_proba: sl(s.buy_proba), y_pred: sl(s.y_pred), y_true: sl(s.y_true),
    pnl: s.pnl ? sl(s.pnl) : null, equity: s.equity ? sl(s.equity) : null,
    features: Object.fromEntries(Object.entries(s.features).map(([k, v]) => [k, sl(v)])),
  };
}

function concat(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a as Float64Array);
  out.set(b as Float64Array, a.length);
  return out;
}

export function evaluateDeployment(input: MonitorInput): MonitorReport {
  const d = input.deployment;
  const T = input.thresholds;
  const D = input.drift;
  const bar = input.intervalMs;
  const liveStart = parseUtc(d.live_start);
  const asOfEnd = input.at + bar;
  const notes: string[] = [];
  const metrics: MetricOut[] = [];
  const series: MonitorSeries = { f1: [], events_per_hour: [], nan_folds: [], distributions: [], drift: [], prediction_drift: [], correlation: [], correlation_limits: [] };
  const logs = input.logs.map((l) => ({ crypto: l.crypto, live: cut(l.live, asOfEnd), baseline: cut(l.baseline, asOfEnd) }));
  const refOf = new Map(input.references.map((r) => [r.crypto, r]));
  const events = (input.events ?? []).filter((e) => e.ts <= input.at);
  const noEvents = input.events === null;
  const driftWindows: TimeWindow[] = consecutiveWindows(liveStart, asOfEnd, D.window_days);
  const triggers = new Map<TriggerId, TriggerOut>();
  // The calibrated rule's null comes from reference weeks at the reference's interval: a log at
  // another interval (1m against an hourly sweep) is judged by the dossier's rule.
  const wanted = input.driftRule ?? DEFAULT_DRIFT_RULE;
  const driftRule: DriftRule = wanted === "calibrated" && input.interval !== input.referenceInterval ? "spec" : wanted;
  const driftRuleNote =
    driftRule !== wanted ? `the log's interval ${input.interval} differs from the sweep's ${input.referenceInterval}: feature drift is judged by the dossier's rule (the calibrated null needs weeks of the same interval)` : null;
  if (driftRuleNote) notes.push(driftRuleNote);

  // ---- f1_regression_7d: rolling f1 of the live model vs the baseline ------------------------
  const f1Width = T.f1_window_days * DAY_MS;
  const baselineF1 = (c: F1Counter | null, ref: CryptoReference | undefined, s: number, e: number): { f1: number | null; source: "shadow" | "sweep" | null } => {
    if (c) {
      const w = c.window(s, e);
      if (w.labelled > 0 && w.f1 !== null) return { f1: w.f1, source: "shadow" };
    }
    return ref?.sweep_baseline_f1 != null ? { f1: ref.sweep_baseline_f1, source: "sweep" } : { f1: null, source: null };
  };
  const f1Firings: Firing[] = [];
  const counters = new Map<string, { live: F1Counter | null; base: F1Counter | null }>();
  for (const l of logs) {
    const live = l.live ? new F1Counter(l.live) : null;
    const base = l.baseline ? new F1Counter(l.baseline) : null;
    counters.set(l.crypto, { live, base });
    const ref = refOf.get(l.crypto);
    if (!live) {
      f1Firings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: null, message: "no rows of the deployed model in the log" });
      continue;
    }
    const points = rollingPoints(liveStart, f1Width, asOfEnd);
    if (!points.length) {
      const days = Math.max(0, (asOfEnd - liveStart) / DAY_MS);
      f1Firings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: null, message: `${days.toFixed(1)} of the ${T.f1_window_days} days of live needed for a rolling f1` });
      metrics.push(metric(`f1_buy_${T.f1_window_days}d`, `f1_buy, rolling ${T.f1_window_days} days`, l.crypto, null, null, T.f1_regression_max, `baseline − live ≤ ${T.f1_regression_max}`, "not_assessable", `live for ${days.toFixed(1)} days`, "f1_regression_7d", {}));
      continue;
    }
    let firedAt: number | null = null;
    let lastHolds = false;
    let worstReg: number | null = null;
    let lastLive: number | null = null;
    let lastBase: { f1: number | null; source: "shadow" | "sweep" | null } = { f1: null, source: null };
    let assessed = 0;
    for (const t of points) {
      const w = live.window(t - f1Width, t);
      const b = baselineF1(base, ref, t - f1Width, t);
      const liveF1 = w.labelled > 0 ? w.f1 : null;
      series.f1.push({ crypto: l.crypto, t: formatUtc(t), live: liveF1, baseline: b.f1, baseline_source: b.source });
      lastLive = liveF1;
      lastBase = b;
      if (liveF1 === null || b.f1 === null) {
        lastHolds = false;
        continue;
      }
      assessed++;
      const reg = b.f1 - liveF1;
      if (worstReg === null || reg > worstReg) worstReg = reg;
      lastHolds = reg > T.f1_regression_max + COMPARISON_TOLERANCE;
      if (lastHolds && firedAt === null) firedAt = t;
    }
    const lastReg = lastLive !== null && lastBase.f1 !== null ? lastBase.f1 - lastLive : null;
    const src = lastBase.source === "shadow" ? "the baseline's shadow rows" : lastBase.source === "sweep" ? `the sweep's ${input.sweep.baseline_variant} mean f1 (no shadow rows with outcomes)` : "no baseline";
    if (!assessed) {
      f1Firings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: null, message: "no window with outcomes (y_true) and a BUY for both models" });
    } else {
      f1Firings.push({
        crypto: l.crypto,
        state: firedAt !== null ? "critical" : "ok",
        fired_at: firedAt,
        active: lastHolds,
        value: firedAt !== null ? worstReg : lastReg,
        message:
          firedAt !== null
            ? `f1_buy ${T.f1_window_days}-day regression reached ${r4(worstReg)} > ${T.f1_regression_max} (first at ${formatUtc(firedAt)}); now live ${r4(lastLive)} vs baseline ${r4(lastBase.f1)} (${src})`
            : `live f1_buy ${r4(lastLive)} vs baseline ${r4(lastBase.f1)} (${src}); worst regression ${r4(worstReg)} ≤ ${T.f1_regression_max}`,
      });
    }
    metrics.push(
      metric(`f1_buy_${T.f1_window_days}d`, `f1_buy, rolling ${T.f1_window_days} days`, l.crypto, lastLive, lastBase.f1, T.f1_regression_max, `baseline − live ≤ ${T.f1_regression_max}`, assessed ? (firedAt !== null ? "critical" : "ok") : "not_assessable", assessed ? null : "no outcomes yet", "f1_regression_7d", {
        regression: lastReg,
        worst_regression: worstReg,
        baseline_source: lastBase.source,
        window_start: formatUtc(asOfEnd - f1Width),
        window_end: formatUtc(asOfEnd),
        true_buys: (() => {
          const w = live.window(asOfEnd - f1Width, asOfEnd);
          return w.tp + w.fn;
        })(),
      }),
    );
    const buys = live.window(asOfEnd - f1Width, asOfEnd);
    if (assessed && buys.tp + buys.fn < 200)
      notes.push(
        `${l.crypto}: the last ${T.f1_window_days}-day f1_buy rests on ${buys.tp + buys.fn} true BUYs; at that size two equally good models differ by more than ${T.f1_regression_max} in f1 most weeks, so f1_regression_7d is noisy at this interval (see test/unit/monitor.test.ts, the equal-skill simulation)`,
      );
  }
  triggers.set("f1_regression_7d", aggregate("f1_regression_7d", T.f1_regression_max, `f1_buy(baseline) − f1_buy(live) over the last ${T.f1_window_days} days > ${T.f1_regression_max}, evaluated every clock hour`, f1Firings));

  // ---- stage4_gate ---------------------------------------------------------------------------
  const s4Width = T.stage4_days * DAY_MS;
  const s4Firings: Firing[] = [];
  for (const l of logs) {
    const c = counters.get(l.crypto)!;
    const ref = refOf.get(l.crypto);
    if (d.stage < 4) {
      s4Firings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: null, message: `the deployment is at stage ${d.stage}: stage 4 has not started` });
      continue;
    }
    if (!c.live || !l.live) {
      s4Firings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: null, message: "no rows of the deployed model" });
      continue;
    }
    const end = liveStart + s4Width;
    const complete = asOfEnd >= end;
    const e = Math.min(end, asOfEnd);
    const w = c.live.window(liveStart, e);
    const b = baselineF1(c.base, ref, liveStart, e);
    const ddLive = maxDrawdown(l.live, liveStart, e);
    const ddBase = l.baseline ? maxDrawdown(l.baseline, liveStart, e) : null;
    const uplift = w.f1 !== null && b.f1 !== null && w.labelled > 0 ? w.f1 - b.f1 : null;
    const f1Pass = uplift !== null ? uplift >= T.stage4_min_uplift - COMPARISON_TOLERANCE : null;
    const ddPass = ddLive !== null && ddBase !== null ? ddLive <= ddBase + T.stage4_drawdown_tolerance + COMPARISON_TOLERANCE : null;
    const text = `f1_buy ${r4(w.f1)} vs baseline ${r4(b.f1)} (uplift ${r4(uplift)}, need ≥ ${T.stage4_min_uplift}); max_drawdown ${r4(ddLive)} vs baseline ${r4(ddBase)} (+${T.stage4_drawdown_tolerance} allowed)`;
    if (!complete) {
      s4Firings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: uplift, message: `stage 4 runs ${T.stage4_days} days; ${((asOfEnd - liveStart) / DAY_MS).toFixed(1)} so far (provisional: ${text})` });
      continue;
    }
    if (f1Pass === false || ddPass === false) {
      s4Firings.push({ crypto: l.crypto, state: "warn", fired_at: end, active: true, value: uplift, message: `gate failed over [${formatUtc(liveStart)}, ${formatUtc(end)}): ${text}` });
    } else if (f1Pass === null || ddPass === null) {
      const why = f1Pass === null ? "no outcomes (y_true) with a BUY in the stage window" : "no pnl/equity for both models (the drawdown half cannot be judged)";
      s4Firings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: uplift, message: `${why}; ${text}` });
    } else s4Firings.push({ crypto: l.crypto, state: "ok", fired_at: null, active: false, value: uplift, message: `gate passed over [${formatUtc(liveStart)}, ${formatUtc(end)}): ${text}` });
  }
  triggers.set("stage4_gate", aggregate("stage4_gate", T.stage4_min_uplift, `over the first ${T.stage4_days} days live: f1_buy ≥ baseline + ${T.stage4_min_uplift} and max_drawdown ≤ baseline + ${T.stage4_drawdown_tolerance}`, s4Firings));

  // ---- btc_feed_nan: NaN share of the BTC features per production fold -----------------------
  const nanFirings: Firing[] = [];
  const foldWidth = T.nan_fold_days * DAY_MS;
  for (const l of logs) {
    const s = l.live;
    if (!s || !s.ts.length) {
      nanFirings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: null, message: "no rows of the deployed model" });
      continue;
    }
    let firedAt: number | null = null;
    let worstShare = 0;
    let active = false;
    let i = 0;
    consecutiveWindows(liveStart, asOfEnd, T.nan_fold_days).forEach((w, k) => {
      const expected = Math.round(foldWidth / bar);
      const budget = T.btc_nan_max_share * expected;
      while (i < s.ts.length && s.ts[i] < w.start) i++;
      let rows = 0;
      let nan = 0;
      let crossed: number | null = null;
      for (; i < s.ts.length && s.ts[i] < w.end; i++) {
        rows++;
        if (missingAny(s, input.features, i)) {
          nan++;
          if (crossed === null && nan > budget) crossed = s.ts[i] + bar;
        }
      }
      const complete = w.end <= asOfEnd;
      const share = rows ? nan / rows : null;
      if (crossed === null && complete && share !== null && share > T.btc_nan_max_share) crossed = w.end;
      if (crossed !== null && (firedAt === null || crossed < firedAt)) firedAt = crossed;
      if (share !== null && share > worstShare) worstShare = share;
      if (!complete) active = crossed !== null;
      else if (w.end === asOfEnd) active = crossed !== null;
      series.nan_folds.push({ crypto: l.crypto, fold: k + 1, start: formatUtc(w.start), end: formatUtc(w.end), rows, expected, nan_rows: nan, nan_share: share, complete });
    });
    const folds = series.nan_folds.filter((f) => f.crypto === l.crypto);
    const bad = folds.filter((f) => f.nan_rows > T.btc_nan_max_share * f.expected || (f.complete && (f.nan_share ?? 0) > T.btc_nan_max_share));
    nanFirings.push({
      crypto: l.crypto,
      state: firedAt !== null ? "critical" : "ok",
      fired_at: firedAt,
      active,
      value: worstShare,
      message: bad.length
        ? bad.map((f) => `fold ${f.fold} [${f.start}, ${f.end}): ${f.nan_rows} of ${f.rows} rows with a NaN BTC feature (${(100 * (f.nan_share ?? 0)).toFixed(1)}%)`).join("; ")
        : `worst fold ${(100 * worstShare).toFixed(2)}% of rows with a NaN BTC feature ≤ ${(100 * T.btc_nan_max_share).toFixed(0)}%`,
    });
    metrics.push(metric("btc_feed_nan_share", `rows with a NaN BTC feature, worst ${T.nan_fold_days}-day fold`, l.crypto, worstShare, null, T.btc_nan_max_share, `≤ ${T.btc_nan_max_share} of a fold`, firedAt !== null ? "critical" : "ok", null, "btc_feed_nan", { folds: folds.length }));
  }
  triggers.set("btc_feed_nan", aggregate("btc_feed_nan", T.btc_nan_max_share, `more than ${T.btc_nan_max_share} of a ${T.nan_fold_days}-day fold's bars with any of ${input.features.join(", ")} NaN; fires as soon as the NaN bars exceed that share of the fold's grid, or at the fold's end on the rows logged`, nanFirings));

  // ---- feature drift and correlation drift (drift engine) ------------------------------------
  const featFirings: Firing[] = [];
  const corrFirings: Firing[] = [];
  const reference: TimeWindow = { start: input.sweep.train_start, end: input.sweep.train_end };
  for (const l of logs) {
    const ref = refOf.get(l.crypto);
    const live = l.live;
    const na = (why: string) => {
      featFirings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: null, message: why });
      if (input.features.includes("btc_alt_corr_720h")) corrFirings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: null, message: why });
      for (const f of input.features) metrics.push(metric(`feature.${f}`, `${f}: live mean vs training`, l.crypto, null, null, D.ks_alpha, `KS p ≥ ${D.ks_alpha} (${D.warn_consecutive} weekly windows); mean inside ${D.control_sigma}σ`, "not_assessable", why, "feature_drift", {}));
    };
    if (!live || !live.ts.length) {
      na("no rows of the deployed model");
      continue;
    }
    if (!ref?.features) {
      na(ref?.features_reason ?? "no training reference");
      continue;
    }
    if (liveStart < reference.end) {
      na(`live_start ${d.live_start} lies inside the training window (ends ${formatUtc(reference.end)}): no independent reference`);
      continue;
    }
    const table: FeatureTable = { symbol: l.crypto, ts: concat(ref.features.ts, live.ts), columns: {} };
    for (const f of input.features) table.columns[f] = concat(ref.features.columns[f] ?? new Float64Array(ref.features.ts.length).fill(NaN), live.features[f]);
    const fd = featureDrift(table, { reference, thresholds: D, warnPValue: input.warnPValue, features: input.features, windows: driftWindows });
    let ruled: DriftRow[] = fd.rows;
    if (driftRule === "calibrated") {
      const cal = calibrateFeatureDrift(table, fd.rows, { reference, thresholds: D, warnPValue: input.warnPValue, interval: input.interval, barMs: bar, features: input.features, replay: false });
      series.drift.push(...cal.rows);
      ruled = rowsForRule(cal.rows, "calibrated");
    } else series.drift.push(...fd.rows);
    const firing = ruled.filter((r) => r.status === "warn" || r.status === "critical");
    const lastStart = driftWindows.length ? formatUtc(driftWindows[driftWindows.length - 1].start) : null;
    const sev = firing.some((r) => r.status === "critical") ? "critical" : firing.length ? "warn" : "ok";
    const firstT = firing.length ? Math.min(...firing.map((r) => Math.min(parseUtc(r.window_end), asOfEnd))) : null;
    const names = [...new Set(firing.map((r) => r.feature))];
    featFirings.push({
      crypto: l.crypto,
      state: sev,
      fired_at: firstT,
      active: firing.some((r) => r.window_start === lastStart),
      value: firing.length ? Math.min(...firing.map((r) => (driftRule === "calibrated" ? (r as CalibratedDriftRow).pvalue_calibrated_adj : input.warnPValue === "raw" ? r.ks_pvalue : r.ks_pvalue_adj) ?? 1)) : null,
      message: firing.length
        ? `${names.join(", ")}: ${firing.length} (feature, window) alert${firing.length === 1 ? "" : "s"} under the ${driftRule} rule (${firing.filter((r) => r.status === "critical").length} critical: weekly mean outside ${D.control_sigma}σ)`
        : `no feature alert over ${driftWindows.length} weekly window${driftWindows.length === 1 ? "" : "s"} under the ${driftRule} rule`,
    });
    for (const f of input.features) {
      const refVals = windowValues(ref.features.ts, ref.features.columns[f] ?? new Float64Array(), reference.start, reference.end);
      const liveVals = windowValues(live.ts, live.features[f], liveStart, asOfEnd);
      const rs = meanStd(refVals);
      const ls = meanStd(liveVals);
      const rows = ruled.filter((r) => r.feature === f);
      const last = [...rows].reverse().find((r) => r.n > 0) ?? null;
      const worstRow = rows.reduce<Status>((acc, r) => (r.status === "warn" || r.status === "critical" ? worst(acc, r.status) : acc), "ok");
      const h = sharedHistogram(refVals, liveVals);
      if (h) series.distributions.push({ crypto: l.crypto, name: f, ...h });
      metrics.push(
        metric(`feature.${f}`, `${f}: live mean vs training`, l.crypto, ls.mean, rs.mean, D.ks_alpha, driftRule === "calibrated" ? `calibrated KS p ≥ ${D.ks_alpha} (BH, ${D.warn_consecutive} weekly windows); mean inside ${D.control_sigma}σ of the null weeks` : `KS p ≥ ${D.ks_alpha} (${input.warnPValue === "bh" ? "BH" : "raw"}, ${D.warn_consecutive} weekly windows); weekly mean inside ${D.control_sigma}σ`, last ? worstRow : "not_assessable", last ? null : "no live value", "feature_drift", {
          live_std: ls.std,
          training_std: rs.std,
          live_n: ls.n,
          training_n: rs.n,
          ks_statistic: last?.ks_statistic ?? null,
          ks_pvalue: last?.ks_pvalue ?? null,
          ks_pvalue_adj: last?.ks_pvalue_adj ?? null,
          pvalue_calibrated_adj: (last as CalibratedDriftRow | null)?.pvalue_calibrated_adj ?? null,
          last_window_start: last?.window_start ?? null,
          last_window_status: last?.status ?? null,
        }),
      );
    }
    if (input.features.includes("btc_alt_corr_720h")) {
      const cd = correlationDrift(l.crypto, table.ts, table.columns.btc_alt_corr_720h, { reference, thresholds: D, barMs: bar, windows: driftWindows });
      series.correlation_limits.push({ crypto: l.crypto, center: cd.limits?.center ?? null, lcl: cd.limits?.lower ?? null, ucl: cd.limits?.upper ?? null });
      const step = Math.max(1, Math.round(HOUR_MS / bar));
      for (let i = 0; i < live.ts.length; i += step) if (Number.isFinite(live.features.btc_alt_corr_720h[i])) series.correlation.push({ crypto: l.crypto, t: formatUtc(live.ts[i]), value: live.features.btc_alt_corr_720h[i] });
      const eps = cd.episodes;
      const lastLive = live.features.btc_alt_corr_720h[live.ts.length - 1];
      const extreme = eps.length ? eps.reduce((a, e) => (Math.abs(e.extreme - (cd.limits?.center ?? 0)) > Math.abs(a.extreme - (cd.limits?.center ?? 0)) ? e : a)) : null;
      if (!cd.limits) corrFirings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: null, message: cd.note ?? "no control limits" });
      else
        corrFirings.push({
          crypto: l.crypto,
          state: eps.length ? "warn" : "ok",
          fired_at: eps.length ? eps[0].start : null,
          active: eps.length > 0 && eps[eps.length - 1].end >= asOfEnd,
          value: extreme ? extreme.extreme : Number.isFinite(lastLive) ? lastLive : null,
          message: eps.length
            ? `rolling 720-bar correlation outside [${r4(cd.limits.lower)}, ${r4(cd.limits.upper)}] in ${eps.length} episode${eps.length === 1 ? "" : "s"} (${eps.reduce((a, e) => a + e.bars, 0)} bars, extreme ${r4(extreme!.extreme)})`
            : `rolling correlation inside the training limits [${r4(cd.limits.lower)}, ${r4(cd.limits.upper)}]`,
        });
      metrics.push(
        metric("correlation_720h", "BTC–target rolling 720-bar correlation (last bar)", l.crypto, Number.isFinite(lastLive) ? lastLive : null, cd.limits?.center ?? null, D.corr_control_sigma, `inside training center ± ${D.corr_control_sigma}σ`, cd.limits ? (eps.length ? "warn" : "ok") : "not_assessable", cd.note, "correlation_drift", {
          lcl: cd.limits?.lower ?? null,
          ucl: cd.limits?.upper ?? null,
          bars_outside: eps.reduce((a, e) => a + e.bars, 0),
        }),
      );
    }
  }
  triggers.set("feature_drift", aggregate("feature_drift", D.ks_alpha, driftRule === "calibrated"
    ? `per BTC feature and weekly window from live_start, the calibrated rule of the sweep pages: KS D against its empirical null over leave-block-out reference weeks, BH across the features, p < ${D.ks_alpha} in ${D.warn_consecutive} consecutive windows → warn; mean outside ${D.control_sigma}σ of the null weeks' means → critical; btc_alt_corr_720h on its Fisher-z chart`
    : `per BTC feature and weekly window from live_start: KS p (${input.warnPValue === "bh" ? "BH across the features" : "raw"}) < ${D.ks_alpha} in ${D.warn_consecutive} consecutive windows → warn; window mean outside ${D.control_sigma}σ of the training weekly means → critical`, featFirings));
  if (input.features.includes("btc_alt_corr_720h"))
    triggers.set("correlation_drift", aggregate("correlation_drift", D.corr_control_sigma, `any live bar's btc_alt_corr_720h outside training center ± ${D.corr_control_sigma}σ`, corrFirings));
  else triggers.set("correlation_drift", aggregate("correlation_drift", D.corr_control_sigma, "btc_alt_corr_720h outside the training limits", [{ crypto: null, state: "not_assessable", fired_at: null, active: false, value: null, message: `the variant ${d.variant} is not fed btc_alt_corr_720h` }]));

  // ---- prediction_rate_drift: buy_proba distribution vs the sweep's predictions --------------
  const predFirings: Firing[] = [];
  for (const l of logs) {
    const ref = refOf.get(l.crypto);
    const live = l.live;
    if (!live || !live.ts.length || !ref?.buy_proba || !ref.buy_proba.ts.length) {
      const why = !live || !live.ts.length ? "no rows of the deployed model" : ref?.buy_proba_reason ?? "no buy_proba reference";
      predFirings.push({ crypto: l.crypto, state: "not_assessable", fired_at: null, active: false, value: null, message: why });
      metrics.push(metric("buy_proba", "buy_proba: live mean vs the sweep", l.crypto, null, null, D.ks_alpha, `KS p ≥ ${D.ks_alpha}`, "not_assessable", why, "prediction_rate_drift", {}));
      continue;
    }
    const rp = ref.buy_proba;
    const refWindow: TimeWindow = { start: rp.ts[0], end: liveStart };
    const table: FeatureTable = { symbol: l.crypto, ts: concat(rp.ts, live.ts), columns: { buy_proba: concat(rp.values, live.buy_proba) } };
    const fd = featureDrift(table, { reference: refWindow, thresholds: D, warnPValue: "raw", features: ["buy_proba"], windows: driftWindows });
    series.prediction_drift.push(...fd.rows);
    const firing = fd.rows.filter((r) => r.status === "warn" || r.status === "critical");
    const lastStart = driftWindows.length ? formatUtc(driftWindows[driftWindows.length - 1].start) : null;
    const refVals = Array.from(rp.values);
    const liveVals = windowValues(live.ts, live.buy_proba, liveStart, asOfEnd);
    const rs = meanStd(refVals);
    const ls = meanStd(liveVals);
    const h = sharedHistogram(refVals, liveVals);
    if (h) series.distributions.push({ crypto: l.crypto, name: "buy_proba", ...h });
    const last = [...fd.rows].reverse().find((r) => r.n > 0) ?? null;
    predFirings.push({
      crypto: l.crypto,
      state: firing.some((r) => r.status === "critical") ? "critical" : firing.length ? "warn" : "ok",
      fired_at: firing.length ? Math.min(...firing.map((r) => Math.min(parseUtc(r.window_end), asOfEnd))) : null,
      active: firing.some((r) => r.window_start === lastStart),
      value: last?.ks_pvalue ?? null,
      message: firing.length
        ? `buy_proba alert in ${firing.length} weekly window${firing.length === 1 ? "" : "s"} (live mean ${r4(ls.mean)} vs ${r4(rs.mean)})`
        : `buy_proba live mean ${r4(ls.mean)} vs the sweep's ${r4(rs.mean)}; last KS p ${last?.ks_pvalue != null ? pval(last.ks_pvalue) : "—"}`,
    });
    const worstRow = fd.rows.reduce<Status>((acc, r) => (r.status === "warn" || r.status === "critical" ? worst(acc, r.status) : acc), "ok");
    metrics.push(
      metric("buy_proba", "buy_proba: live mean vs the sweep", l.crypto, ls.mean, rs.mean, D.ks_alpha, `KS p ≥ ${D.ks_alpha} (${D.warn_consecutive} weekly windows); weekly mean inside ${D.control_sigma}σ`, worstRow, null, "prediction_rate_drift", {
        live_std: ls.std,
        reference_std: rs.std,
        ks_statistic: last?.ks_statistic ?? null,
        ks_pvalue: last?.ks_pvalue ?? null,
        reference_n: rs.n,
        live_n: ls.n,
      }),
    );
    let refBuy = 0;
    for (let i = 0; i < rp.y_pred.length; i++) refBuy += rp.y_pred[i] === 1 ? 1 : 0;
    let liveBuy = 0;
    let liveN = 0;
    for (let i = 0; i < live.ts.length; i++) if (live.ts[i] >= liveStart) (liveN++, (liveBuy += live.y_pred[i] === 1 ? 1 : 0));
    metrics.push(metric("buy_rate", "share of bars scored BUY (y_pred = 1)", l.crypto, liveN ? liveBuy / liveN : null, rp.y_pred.length ? refBuy / rp.y_pred.length : null, null, "shown beside buy_proba (no rule of its own)", worstRow, null, "prediction_rate_drift", { live_bars: liveN }));
  }
  triggers.set("prediction_rate_drift", aggregate("prediction_rate_drift", D.ks_alpha, `buy_proba per weekly window vs the sweep's predictions of ${d.variant} before live_start: KS p < ${D.ks_alpha} in ${D.warn_consecutive} consecutive windows → warn; mean outside ${D.control_sigma}σ → critical`, predFirings));

  // ---- events --------------------------------------------------------------------------------
  const perHour = eventsPerHour(events);
  series.events_per_hour = perHour.map((h) => ({ ...h, hour_start: formatUtc(h.hour_start) }));
  const count = (name: string) => events.filter((e) => e.event === name);

  const mismatches = count("enrichment_config_mismatch");
  triggers.set(
    "enrichment_config_mismatch",
    aggregate("enrichment_config_mismatch", 0, "any event=enrichment_config_mismatch → P1", [
      {
        crypto: null,
        state: mismatches.length ? "critical" : "ok",
        fired_at: mismatches.length ? mismatches[0].ts : null,
        active: mismatches.length > 0,
        value: mismatches.length,
        message: mismatches.length
          ? `${mismatches.length} event${mismatches.length === 1 ? "" : "s"}; first: model_run_id ${mismatches[0].fields.model_run_id}, env_value ${mismatches[0].fields.env_value}, artefact_value ${mismatches[0].fields.artefact_value}`
          : "no enrichment_config_mismatch event",
      },
    ]),
  );
  metrics.push(metric("event.enrichment_config_mismatch", "enrichment_config_mismatch events", null, mismatches.length, null, 0, "0 (any occurrence is P1)", mismatches.length ? "critical" : "ok", null, "enrichment_config_mismatch", {}));

  const quality = count("btc_ohlcv_quality_alert");
  const limit = D.quality_alert_per_hour;
  let burstAt: number | null = null;
  let maxPerHour = 0;
  const bursts: string[] = [];
  const byHour = new Map<string, MonitorEvent[]>();
  for (const e of quality) {
    const key = `${Math.floor(e.ts / HOUR_MS)}\u0000${e.fields.reason}`;
    (byHour.get(key) ?? byHour.set(key, []).get(key)!).push(e);
  }
  let activeBurst = false;
  const atHour = Math.floor(input.at / HOUR_MS);
  for (const [key, list] of byHour) {
    list.sort((a, b) => a.ts - b.ts);
    maxPerHour = Math.max(maxPerHour, list.length);
    if (list.length > limit) {
      const t = list[limit].ts;
      if (burstAt === null || t < burstAt) burstAt = t;
      const [hour, reason] = key.split("\u0000");
      bursts.push(`${reason} ×${list.length} in the hour from ${formatUtc(Number(hour) * HOUR_MS)}`);
      if (Number(hour) === atHour) activeBurst = true;
    }
  }
  triggers.set(
    "ohlcv_quality_burst",
    aggregate("ohlcv_quality_burst", limit, `one reason of event=btc_ohlcv_quality_alert more than ${limit} times within one clock hour`, [
      {
        crypto: null,
        state: burstAt !== null ? "warn" : "ok",
        fired_at: burstAt,
        active: activeBurst,
        value: maxPerHour,
        message: bursts.length ? bursts.sort().join("; ") : `${quality.length} quality alert${quality.length === 1 ? "" : "s"}, at most ${maxPerHour} of one reason in a clock hour`,
      },
    ]),
  );
  metrics.push(metric("event.btc_ohlcv_quality_alert", "btc_ohlcv_quality_alert events, most of one reason in a clock hour", null, maxPerHour, null, limit, `≤ ${limit} per clock hour`, burstAt !== null ? "warn" : "ok", null, "ohlcv_quality_burst", { total: quality.length }));

  const applied = count("btc_features_applied");
  const rc = input.sweep.run_config;
  const mismatch = (e: MonitorEvent): string[] => {
    const out: string[] = [];
    if (rc.feature_set.length && !rc.feature_set.includes(e.fields.feature_set)) out.push(`feature_set ${e.fields.feature_set} ≠ ${rc.feature_set.join("|")}`);
    if (rc.n_features.length && !rc.n_features.includes(Number(e.fields.n_features))) out.push(`n_features ${e.fields.n_features} ≠ ${rc.n_features.join("|")}`);
    if (rc.purge_bars.length && !rc.purge_bars.includes(Number(e.fields.purge_bars))) out.push(`purge_bars ${e.fields.purge_bars} ≠ ${rc.purge_bars.join("|")}`);
    return out;
  };
  const wrong = applied.map((e) => ({ e, why: mismatch(e) })).filter((x) => x.why.length);
  const noConfig = !rc.feature_set.length && !rc.n_features.length && !rc.purge_bars.length;
  triggers.set(
    "sample_size_mismatch",
    aggregate("sample_size_mismatch", 0, `every event=btc_features_applied carries the sweep's run config of ${d.variant} (feature_set, n_features, purge_bars)`, [
      !applied.length || noConfig
        ? { crypto: null, state: "not_assessable", fired_at: null, active: false, value: null, message: !applied.length ? "no btc_features_applied event in the events file" : `the sweep's results record no feature_set, n_features or purge_bars for ${d.variant}` }
        : {
            crypto: null,
            state: wrong.length ? "warn" : "ok",
            fired_at: wrong.length ? wrong[0].e.ts : null,
            active: wrong.length > 0 && wrong[wrong.length - 1].e === applied[applied.length - 1],
            value: wrong.length,
            message: wrong.length ? `${wrong.length} of ${applied.length} events differ from the FTF run config; first (line ${wrong[0].e.line}): ${wrong[0].why.join(", ")}` : `${applied.length} event${applied.length === 1 ? "" : "s"}, all match the FTF run config (${[rc.feature_set.join("|"), rc.n_features.join("|"), rc.purge_bars.join("|")].join(", ")})`,
          },
    ]),
  );
  metrics.push(metric("event.btc_features_applied", "btc_features_applied events (differing from the run config)", null, applied.length, null, 0, "0 differing from the sweep's run config", triggers.get("sample_size_mismatch")!.status, null, "sample_size_mismatch", { differing: wrong.length }));
  const unknown = events.filter((e) => !["btc_features_applied", "btc_ohlcv_quality_alert", "enrichment_config_mismatch"].includes(e.event));
  metrics.push(metric("event.other", "other events (counted, no rule)", null, unknown.length, null, null, "—", "ok", null, null, Object.fromEntries([...new Set(unknown.map((e) => e.event))].sort().map((n) => [n, unknown.filter((e) => e.event === n).length]))));

  if (noEvents) {
    const why = "the deployment folder has no events file (events.jsonl | events.log)";
    for (const id of ["enrichment_config_mismatch", "ohlcv_quality_burst", "sample_size_mismatch"] as const) {
      const t = triggers.get(id)!;
      triggers.set(id, aggregate(id, t.threshold, t.rule, [{ crypto: null, state: "not_assessable", fired_at: null, active: false, value: null, message: why }]));
    }
    for (const m of metrics) if (m.id.startsWith("event.")) Object.assign(m, { status: "not_assessable", reason: why, value: null });
  }

  // ---- stages --------------------------------------------------------------------------------
  const stages: StageOut[] = [];
  const v = input.sweep.verdict;
  stages.push({
    stage: 1, name: "FTF sweep", gate: "every gate of F1 plan §6 (+0.020 uplift, mandatory leakage check): verdict LOCK CANDIDATE", current: d.stage === 1,
    status: v ? (v.verdict === "LOCK CANDIDATE" ? "ok" : "warn") : "not_assessable", value: null, threshold: null,
    message: v ? `${input.sweep.sweep_id} / ${d.variant}: ${v.verdict} — ${v.reason}` : input.sweep.verdict_reason ?? "no verdict",
  });
  const pf = input.sweep.preflight;
  stages.push({
    stage: 2, name: "Sample-size pre-flight", gate: `1 fold of btc_full on BTCUSDC: ≥ ${T.preflight_min_buy_trades} BUY trades`, current: d.stage === 2,
    status: pf ? (pf.pass ? "ok" : "warn") : "not_assessable", value: pf?.n_buy_trades ?? null, threshold: T.preflight_min_buy_trades, message: pf?.message ?? "no results to judge",
  });
  const s3: string[] = [];
  let s3Status: Status = "not_assessable";
  for (const l of logs) {
    const c = counters.get(l.crypto)!;
    const ref = refOf.get(l.crypto);
    const start = liveStart - T.stage3_hours * HOUR_MS;
    const w = c.base?.window(start, liveStart);
    if (!w || !w.labelled || w.f1 === null || ref?.sweep_baseline_f1 == null) {
      s3.push(`${l.crypto}: no shadow rows of the baseline with outcomes in the ${T.stage3_hours} h before live_start`);
      continue;
    }
    const pass = w.f1 >= ref.sweep_baseline_f1 - T.stage3_f1_tolerance - COMPARISON_TOLERANCE;
    s3Status = worst(s3Status === "not_assessable" ? "ok" : s3Status, pass ? "ok" : "warn");
    s3.push(`${l.crypto}: shadow f1_buy ${r4(w.f1)} ${pass ? "≥" : "<"} sweep baseline ${r4(ref.sweep_baseline_f1)} − ${T.stage3_f1_tolerance} over ${w.labelled} bars with outcomes (${w.tp + w.fn} true BUY${w.tp + w.fn === 1 ? "" : "s"}${w.labelled < 200 ? ": little evidence at this interval" : ""})`);
  }
  stages.push({
    stage: 3, name: "Pre-LOCK rollback dry run", gate: `${T.stage3_hours} h shadow of champion_btc_blind: f1_buy ≥ baseline − ${T.stage3_f1_tolerance} (feature_names schema: the sweep's Artefact contract)`, current: d.stage === 3,
    status: s3Status, value: null, threshold: T.stage3_f1_tolerance, message: s3.join("; "),
  });
  const g4 = triggers.get("stage4_gate")!;
  stages.push({ stage: 4, name: "Live on one crypto, 7 days", gate: g4.rule, current: d.stage === 4, status: g4.status, value: g4.value, threshold: g4.threshold, message: g4.message });
  const review = (["feature_drift", "correlation_drift", "prediction_rate_drift"] as TriggerId[]).map((id) => triggers.get(id)!);
  const reviewStatus = review.reduce<Status>((a, t) => (t.status === "not_assessable" ? a : a === "not_assessable" ? t.status : worst(a, t.status)), "not_assessable");
  stages.push({
    stage: 5, name: "Rollout to all five cryptos", gate: "continuous; quarterly drift review per §3", current: d.stage === 5, status: reviewStatus, value: null, threshold: null,
    message: review.map((t) => `${t.id}: ${t.status}`).join(", "),
  });

  const ordered = TRIGGER_IDS.map((id) => triggers.get(id)!);
  const overall = ordered.reduce<"ok" | "warn" | "critical">((a, t) => (t.status === "critical" ? "critical" : t.status === "warn" && a !== "critical" ? "warn" : a), "ok");
  if (!logs.some((l) => l.baseline)) notes.push("the log holds no shadow rows of the baseline model: f1 is compared with the sweep's baseline mean f1 per crypto, and the stage-4 drawdown half cannot be judged");
  return {
    deployment_id: d.deployment_id,
    sweep_id: d.sweep_id,
    variant: d.variant,
    cryptos: d.cryptos,
    stage: d.stage,
    live_start: d.live_start,
    interval: input.interval,
    at: formatUtc(input.at),
    status: overall,
    metrics,
    triggers: ordered,
    stages,
    series,
    thresholds: { monitor: T, drift: D, warn_pvalue: input.warnPValue },
    drift_rule: driftRule,
    drift_rule_note: driftRuleNote,
    notes,
  };
}

function metric(
  id: string, name: string, crypto: string | null, value: number | null, reference: number | null, threshold: number | null, threshold_text: string,
  status: Status, reason: string | null, trigger: TriggerId | null, detail: Record<string, number | string | null>,
): MetricOut {
  return { id, name, crypto, value, reference, threshold, threshold_text, status, reason, trigger, detail };
}
