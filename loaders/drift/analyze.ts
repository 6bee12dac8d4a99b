/**
 * Drift and data-quality analysis of one sweep (issue 6, DESIGN §4), Node side: features and
 * per-bar flags in native DuckDB, the statistics in src/lib/drift (the same code the pages run),
 * and the tables the site reads (features.parquet, drift.parquet, correlation.parquet,
 * quality_flags.parquet, drift.json).
 *
 * The folder: analyze.ts (this file: the analysis and its report type), class-balance.ts (fold
 * labels and training shares), write.ts (the site's drift tables), append.ts (rows → DuckDB),
 * inputs.ts (a session over an ingest folder), cache.ts (computed once per ingest), emit.ts (the
 * Framework data loaders' body).
 *
 * Choices this module makes, beyond src/lib/drift's:
 * - Reference = the sweep's training window [train_start, train_end). Without train_start the
 *   reference starts at the first bar; without train_end there is no reference and analysis stops.
 * - Targets = sweep.json `cryptos`, else the results' cryptos, else every non-BTC OHLCV symbol;
 *   targets absent from the OHLCV are reported in `notes`.
 * - Quality flags run on every target and on BTC (the feed all features come from).
 * - Fold windows (missing bars, class balance) = fold_start/fold_end of the results, else the
 *   span of the fold's predictions. BTC gets a missing-bar row for every distinct fold window.
 * - Class balance: fold labels from predictions (the baseline variant's y_true, else the first
 *   variant's) or from results' n_true_buy/n_samples. The training share comes from labels inside
 *   the training window when predictions cover it, else from folds that end by train_end, else
 *   (stated in `reference_source`) the share pooled over all folds of the crypto.
 */
import type { ResultRow } from "../../src/lib/results.ts";
import { intervalMs, BTC_FEATURES, type SweepConfig } from "../../src/lib/sweep.ts";
import { quoteSource } from "../../src/lib/sql/quote.ts";
import {
  alertTimeline,
  barCountsSql,
  classBalance,
  classBalanceAlerts,
  correlationAlerts,
  correlationDrift,
  flagCountsSql,
  featureDrift,
  featureDriftAlerts,
  gapsSql,
  hourlyAlertsSql,
  hourlyRuleNote,
  missingBarAlerts,
  missingBarsRow,
  qualityAlerts,
  qualityFlagsSql,
  qualityBaseRates,
  qualityBaseRatesSql,
  type QualityBaseRate,
  resolveDriftThresholds,
  DEFAULT_WARN_PVALUE,
  type Alert,
  type ClassBalanceRow,
  type CorrelationDriftResult,
  type CorrelationRow,
  type DriftRow,
  type DriftThresholds,
  type FoldLabels,
  type GapRow,
  type HourlyAlert,
  type MissingBarsRow,
  type QualityFlag,
  type QualityReason,
  type ReferenceShare,
  type ReferenceSummary,
  type TimeWindow,
  type WarnPValue,
  CalibrationCache,
  calibrateFeatureDrift,
  calibratedFeatureDriftAlerts,
  DEFAULT_DRIFT_RULE,
  driftSummary,
  type CalibratedDriftRow,
  type CalibrationEntry,
  type DriftRule,
} from "../../src/lib/drift/index.ts";
import { InputError } from "../errors.ts";
import type { Duck } from "../ingest/duck.ts";
import { createFeaturesTable, readSymbolFeatures, type SymbolFeatures } from "../features/index.ts";
import { kernelPass } from "../features/kernel-tables.ts";
import { classBalanceInputs } from "./class-balance.ts";
import { formatUtc, parseUtc } from "../../src/lib/time.ts";

export interface DriftInput {
  duck: Duck;
  /** Table/view (or, with rawSource, any FROM-able SQL) with the ohlcv.parquet columns. */
  ohlcv: string;
  /** Optional table/view with the predictions.parquet columns. */
  predictions?: string | null;
  config: SweepConfig;
  results: readonly ResultRow[];
  /** Overrides on top of sweep.json `thresholds` (e.g. from the command line or a page). */
  thresholds?: Partial<Record<string, number>>;
  warnPValue?: WarnPValue;
  /** Which rule's status drives the alerts (both statuses are always computed); default calibrated. */
  rule?: DriftRule;
  /**
   * How features and quality flags are computed: "kernels" (default) = the streaming kernels of
   * src/lib/rolling per symbol (loaders/features/kernel-tables.ts); "sql" = the SQL definitions the
   * browser runs (the parity tests and bench/drift compare the two).
   */
  engine?: "kernels" | "sql";
  /** Called after each phase with its wall time in seconds (for bench/drift). */
  onPhase?: (phase: string, seconds: number, cpuSeconds: number) => void;
}

export interface QualityFlagOut {
  symbol: string;
  ts: string;
  reason: QualityReason;
  /** null for a doji with wicks (ratio +∞). */
  value: number | null;
  threshold: number;
  doji: boolean;
}

export interface DriftReport {
  sweep_id: string;
  interval: string;
  btc_symbol: string;
  targets: string[];
  reference: { start: string; end: string };
  thresholds: DriftThresholds;
  /** Which p the 14-day warn rule reads. */
  warn_pvalue: WarnPValue;
  drift: CalibratedDriftRow[];
  references: ReferenceSummary[];
  correlation: CorrelationRow[];
  correlation_limits: { symbol: string; center: number | null; sigma: number | null; lcl: number | null; ucl: number | null; n: number; note: string | null }[];
  quality: QualityFlagOut[];
  quality_counts: { symbol: string; reason: QualityReason; count: number }[];
  /** Flagged (bar, reason) rows in all; `quality` lists at most QUALITY_JSON_LIMIT of them. */
  quality_total: number;
  /**
   * Per symbol and reason, how often the rule fires on the training window: the share of its bars
   * (past the rule's warm-up) flagged, and the share of its clock hours in which the clock-hour
   * rule fires (null where that rule cannot fire).
   */
  quality_base_rates: QualityBaseRate[];
  quality_hourly: { applicable: boolean; bars_per_hour: number; note: string; alerts: { symbol: string; reason: QualityReason; hour_start: string; count: number }[] };
  /** Per symbol and window (fold 0 = training window): missing share and revert flag. */
  missing_bars: MissingBarsRow[];
  /** Every run of missing bars inside each symbol's span. */
  gaps: GapRow[];
  class_balance: ClassBalanceRow[];
  alerts: Alert[];
  alert_summary: ReturnType<typeof alertTimeline>["summary"];
  notes: string[];
  /** Which rule's status drove `alerts` (issue 11). */
  rule: DriftRule;
  /** One entry per (feature, symbol): τ̂, effective sizes, null blocks, both rules' false-alarm rates. */
  calibration: CalibrationEntry[];
}

/** Internal tables left in the DuckDB session after `analyzeDrift` (for writeDriftTables). */
export const FEATURES_TABLE = "drift_features";
export const QUALITY_TABLE = "drift_quality_flags";
/** Most flagged bars listed in the JSON report. */
export const QUALITY_JSON_LIMIT = 20_000;

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

export async function analyzeDrift(input: DriftInput): Promise<{ report: DriftReport; correlations: CorrelationDriftResult[] }> {
  const { duck, config } = input;
  const notes: string[] = [];
  // wall time, and CPU time of the process (DuckDB's threads included): on a shared machine only
  // the latter compares phases fairly
  let clock = performance.now();
  let cpuClock = cpuMicros();
  const phase = (name: string) => {
    const now = performance.now();
    const cpu = cpuMicros();
    input.onPhase?.(name, (now - clock) / 1000, (cpu - cpuClock) / 1e6);
    clock = now;
    cpuClock = cpu;
  };
  const thresholds = resolveDriftThresholds(config.drift_thresholds, input.thresholds);
  const warnPValue = input.warnPValue ?? DEFAULT_WARN_PVALUE;
  const ohlcv = quoteSource(input.ohlcv);
  const interval = config.interval;
  const barMs = intervalMs(interval);
  const btc = config.btc_symbol;

  const symbols = (await duck.rows<{ symbol: string; first: number; last: number }>(
    `SELECT symbol, min(epoch_ms(ts))::DOUBLE AS first, max(epoch_ms(ts))::DOUBLE AS last FROM ${ohlcv} GROUP BY symbol ORDER BY symbol`,
  ));
  const present = new Set(symbols.map((s) => s.symbol));
  if (!present.has(btc)) throw new InputError("drift_no_btc", `the OHLCV holds no bars of ${btc}, the symbol the BTC features come from`, { column: "symbol" }, `bars of ${btc}`);

  const wanted = config.cryptos ?? (input.results.length ? [...new Set(input.results.map((r) => r.crypto))].sort() : symbols.map((s) => s.symbol).filter((s) => s !== btc));
  const targets = wanted.filter((s) => present.has(s));
  const absent = wanted.filter((s) => !present.has(s));
  if (absent.length) notes.push(`no OHLCV for target${absent.length === 1 ? "" : "s"} ${absent.join(", ")}: left out of features, drift and quality`);
  if (!targets.length) throw new InputError("drift_no_targets", "none of the sweep's target symbols has OHLCV bars", {}, `bars for one of ${wanted.join(", ")}`);

  if (!config.train_end) throw new InputError("drift_no_reference", "sweep.json has no train_end: drift needs the training window as its reference", { column: "train_end" }, "an ISO-8601 UTC date");
  const firstBar = Math.min(...symbols.map((s) => s.first));
  const reference: TimeWindow = { start: config.train_start ? parseUtc(config.train_start) : firstBar, end: parseUtc(config.train_end) };
  if (!config.train_start) notes.push(`sweep.json has no train_start: the reference starts at the first bar, ${formatUtc(firstBar)}`);

  // 1. features, and 2. feature drift and correlation drift, per target (in `targets` order: the
  // BTC-only features' nulls are computed on the first target's timeline and reused)
  const drift: CalibratedDriftRow[] = [];
  const references: ReferenceSummary[] = [];
  const correlations: CorrelationDriftResult[] = [];
  const calibration: CalibrationEntry[] = [];
  let calibrationCache = new CalibrationCache();
  let calibrationMs = 0;
  let calibrationCpu = 0;
  // the drift statistics' time inside the kernel pass (reported under feature_and_correlation_drift)
  let driftMs = 0;
  let driftCpu = 0;
  const analyzeTarget = (table: SymbolFeatures) => {
    const { symbol } = table;
    const fd = featureDrift({ symbol, ts: table.ts, columns: table.columns }, { reference, thresholds, warnPValue, features: BTC_FEATURES });
    const c0 = performance.now();
    const u0 = cpuMicros();
    const cal = calibrateFeatureDrift(table, fd.rows, { reference, thresholds, warnPValue, interval, barMs, features: BTC_FEATURES, cache: calibrationCache });
    calibrationMs += performance.now() - c0;
    calibrationCpu += cpuMicros() - u0;
    calibration.push(...cal.calibration);
    drift.push(...cal.rows);
    references.push(...fd.references);
    const cd = correlationDrift(symbol, table.ts, table.columns.btc_alt_corr_720h, { reference, thresholds, barMs });
    if (cd.note) notes.push(cd.note);
    correlations.push(cd);
  };
  const notesBefore = notes.length;

  const engine = input.engine ?? "kernels";
  // Kernels: one pass over each symbol's bars computes its features and its quality flags, and
  // hands each target's features to its drift statistics at once (no read-back from DuckDB, and
  // only one target's arrays in memory at a time: at 12.6 M one-minute bars, holding all five
  // targets' features until the drift loop was ~600 MB of the peak). The flags go straight into
  // QUALITY_TABLE. Their time, and the statistics', are reported under their own phases.
  const qualitySymbols = [...new Set([btc, ...targets])].sort();
  const pass =
    engine === "kernels"
      ? await kernelPass(duck, FEATURES_TABLE, {
          source: ohlcv,
          interval,
          btcSymbol: btc,
          targets,
          minCoverage: thresholds.min_window_coverage,
          qualitySymbols,
          thresholds,
          qualityTable: QUALITY_TABLE,
          onTarget: (table) => {
            const t0 = performance.now();
            const u0 = cpuMicros();
            analyzeTarget(table);
            driftMs += performance.now() - t0;
            driftCpu += cpuMicros() - u0;
          },
        })
      : null;
  const kernelFeatures = pass !== null;
  if (engine === "kernels" && !kernelFeatures) {
    // a symbol off the grid stopped the pass: what its targets gave so far is dropped, the SQL
    // definitions compute the features and the loop below the statistics
    for (const list of [drift, references, correlations, calibration]) list.length = 0;
    notes.length = notesBefore;
    calibrationCache = new CalibrationCache();
    calibrationMs = calibrationCpu = driftMs = driftCpu = 0;
    notes.push("some symbol has more than one bar in a grid slot: features and quality flags were computed by the SQL definitions");
  }
  if (!kernelFeatures)
    await createFeaturesTable(duck.conn, FEATURES_TABLE, { source: ohlcv, rawSource: true, interval, btcSymbol: btc, targets, minCoverage: thresholds.min_window_coverage });

  if (pass) {
    clock += pass.qualitySeconds * 1000 + driftMs;
    cpuClock += pass.qualityCpuSeconds * 1e6 + driftCpu;
  }
  phase(kernelFeatures ? "features" : "features_sql");

  if (!kernelFeatures) for (const symbol of targets) analyzeTarget(await readSymbolFeatures(duck.conn, FEATURES_TABLE, symbol));
  clock -= driftMs;
  cpuClock -= driftCpu;
  const rejectShare = drift.filter((d) => d.ks_reject).length / Math.max(1, drift.filter((d) => d.n > 0).length);
  if (rejectShare > 0.2)
    notes.push(
      `KS rejects in ${(100 * rejectShare).toFixed(0)}% of (feature, window) tests. KS assumes independent draws; hourly values of rolling features (btc_rv_24h, btc_volume_z_168h, btc_alt_corr_720h) are strongly autocorrelated and a week of them covers a narrow slice of the reference, so their p-values are far too small and the 14-day warn rule fires most weeks on these features`,
    );
  if (references.some((r) => r.n === 0)) notes.push("some features have no value inside the training window (too short for the warm-up, or no data): no KS/PSI for them");

  clock += calibrationMs;
  cpuClock += calibrationCpu;
  phase("feature_and_correlation_drift");
  input.onPhase?.("calibration", calibrationMs / 1000, calibrationCpu / 1e6);

  // 3. OHLCV quality
  // (the kernel pass wrote the kernels' flags into QUALITY_TABLE symbol by symbol)
  if (!pass) await duck.run(`CREATE OR REPLACE TABLE ${QUALITY_TABLE} AS ${qualityFlagsSql({ source: ohlcv, rawSource: true, interval, thresholds, symbols: qualitySymbols })}`);
  const qualityTotal = await duck.value<number>(`SELECT count(*) FROM ${QUALITY_TABLE}`);
  // The JSON lists flagged bars up to a cap (the wick rule alone flags ~15% of 1-minute bars); the
  // counts and the Parquet table are always complete.
  // Which rows make the cut: the rare reasons first, then wick_to_body by decreasing ratio.
  const flags: QualityFlag[] = (
    await duck.rows<QualityFlag>(
      `SELECT symbol, ts, reason, value, threshold FROM (
         SELECT symbol, epoch_ms(ts)::DOUBLE AS ts, reason, value, threshold FROM ${QUALITY_TABLE}
         ORDER BY reason = 'wick_to_body', CASE WHEN reason = 'wick_to_body' THEN -value END, symbol, ts LIMIT ${QUALITY_JSON_LIMIT})
       ORDER BY symbol, ts, reason`,
    )
  ).map((r) => ({ ...r, value: Number(r.value) }));
  if (qualityTotal > flags.length)
    notes.push(
      `${qualityTotal} flagged (bar, reason) rows; the JSON lists ${flags.length}: every outlier_returns and outlier_volume flag first, then wick_to_body by decreasing ratio; quality_flags.parquet has all`,
    );
  const qualityCounts = await duck.rows<{ symbol: string; reason: QualityReason; count: number }>(flagCountsSql(QUALITY_TABLE));
  const rule = hourlyRuleNote(interval, thresholds.quality_alert_per_hour);
  const hourly = await duck.rows<HourlyAlert>(hourlyAlertsSql(QUALITY_TABLE, thresholds.quality_alert_per_hour));
  if (!rule.applicable) notes.push(rule.note);
  // how often each rule fires where nothing is wrong by assumption (issue 11)
  const qualityBaseRateRows = await duck.rows<{ symbol: string; reason: string; bars: number; hours: number; flagged: number; alert_hours: number }>(
    qualityBaseRatesSql({ flags: QUALITY_TABLE, source: ohlcv, rawSource: true, interval, reference, symbols: qualitySymbols, thresholds }),
  );

  if (pass) {
    // the quality phase = the flags' share of the kernel pass + writing and summarising them
    clock -= pass.qualitySeconds * 1000;
    cpuClock -= pass.qualityCpuSeconds * 1e6;
  }
  phase("quality_flags");

  // 4. missing bars per fold
  const folds = foldWindows(input.results, targets);
  if (!folds.size && input.predictions) for (const [k, w] of await predictionFoldWindows(duck, input.predictions, barMs)) folds.set(k, w);
  if (!folds.size) notes.push("no fold windows (results lack fold_start/fold_end and there are no predictions): no missing-bar share per fold");
  const countReq: { id: number; symbol: string; start: number; end: number; fold: number }[] = [];
  for (const [key, w] of folds) {
    const [crypto, fold] = key.split("\u0000");
    countReq.push({ id: countReq.length, symbol: crypto, start: w.start, end: w.end, fold: Number(fold) });
  }
  const btcWindows = new Map<string, { fold: number; w: TimeWindow }>();
  for (const [key, w] of folds) btcWindows.set(`${key.split("\u0000")[1]}\u0000${w.start}\u0000${w.end}`, { fold: Number(key.split("\u0000")[1]), w });
  if (!targets.includes(btc)) for (const { fold, w } of btcWindows.values()) countReq.push({ id: countReq.length, symbol: btc, start: w.start, end: w.end, fold });
  // fold 0 = the training window: gaps there shape the reference the drift checks rest on
  for (const symbol of qualitySymbols) countReq.push({ id: countReq.length, symbol, start: reference.start, end: reference.end, fold: 0 });
  const counts = await duck.rows<{ id: number; present: number }>(barCountsSql(ohlcv, interval, countReq, true));
  const presentById = new Map(counts.map((c) => [Number(c.id), Number(c.present)]));
  const gaps: GapRow[] = (await duck.rows<{ symbol: string; gap_start: number; gap_end: number; bars: number }>(gapsSql(ohlcv, interval, qualitySymbols, true))).map((g) => ({
    symbol: g.symbol,
    start: formatUtc(g.gap_start),
    end: formatUtc(g.gap_end),
    bars: Number(g.bars),
  }));
  const missingBars = countReq
    .map((r) => missingBarsRow(r.symbol, r.fold, r, interval, presentById.get(r.id) ?? 0, thresholds.missing_bar_revert_share))
    .sort((a, b) => a.symbol.localeCompare(b.symbol) || a.fold - b.fold || a.window_start.localeCompare(b.window_start));

  // 5. class balance
  const cb = await classBalanceInputs(duck, input, reference, folds);
  notes.push(...cb.notes);
  const classRows = classBalance(cb.folds, cb.references, thresholds.class_psi_flag);

  phase("missing_bars_and_class_balance");

  // 6. alerts
  const foldIso = new Map([...folds].map(([k, w]) => [k, { start: formatUtc(w.start), end: formatUtc(w.end) }]));
  const timeline = alertTimeline(
    (input.rule ?? DEFAULT_DRIFT_RULE) === "spec" ? featureDriftAlerts(drift) : calibratedFeatureDriftAlerts(drift),
    correlationAlerts(correlations.flatMap((c) => c.episodes)),
    qualityAlerts(hourly),
    missingBarAlerts(missingBars),
    classBalanceAlerts(classRows, foldIso),
  );

  const report: DriftReport = {
    sweep_id: config.sweep_id,
    interval,
    btc_symbol: btc,
    targets,
    reference: { start: formatUtc(reference.start), end: formatUtc(reference.end) },
    thresholds,
    warn_pvalue: warnPValue,
    drift,
    references,
    correlation: correlations.flatMap((c) => c.rows),
    correlation_limits: correlations.map((c) => ({
      symbol: c.symbol,
      center: c.limits?.center ?? null,
      sigma: c.limits?.sigma ?? null,
      lcl: c.limits?.lower ?? null,
      ucl: c.limits?.upper ?? null,
      n: c.limits?.n ?? 0,
      note: c.note,
    })),
    quality: flags.map((f) => ({
      symbol: f.symbol,
      ts: formatUtc(f.ts),
      reason: f.reason,
      value: Number.isFinite(f.value) ? f.value : null,
      threshold: f.threshold,
      doji: f.reason === "wick_to_body" && !Number.isFinite(f.value),
    })),
    quality_counts: qualityCounts,
    quality_total: qualityTotal,
    quality_base_rates: qualityBaseRates(qualityBaseRateRows, interval, thresholds.quality_alert_per_hour),
    quality_hourly: { ...rule, alerts: hourly.map((h) => ({ symbol: h.symbol, reason: h.reason, hour_start: formatUtc(h.hour_start), count: h.count })) },
    missing_bars: missingBars,
    gaps,
    class_balance: classRows,
    alerts: timeline.alerts,
    alert_summary: timeline.summary,
    notes,
    rule: input.rule ?? DEFAULT_DRIFT_RULE,
    calibration,
  };
  return { report, correlations };
}

/** (crypto, fold) → [fold_start, fold_end) from the results, for the given cryptos. */
export function foldWindows(results: readonly ResultRow[], cryptos: readonly string[]): Map<string, TimeWindow> {
  const want = new Set(cryptos);
  const out = new Map<string, TimeWindow>();
  for (const r of results) {
    if (!want.has(r.crypto) || !r.fold_start || !r.fold_end) continue;
    const key = `${r.crypto}\u0000${r.fold}`;
    if (!out.has(key)) out.set(key, { start: parseUtc(r.fold_start), end: parseUtc(r.fold_end) });
  }
  return out;
}

export async function predictionFoldWindows(duck: Duck, predictions: string, barMs: number): Promise<Map<string, TimeWindow>> {
  const rows = await duck.rows<{ crypto: string; fold: number; s: number; e: number }>(
    `SELECT crypto, fold, min(epoch_ms(ts))::DOUBLE AS s, max(epoch_ms(ts))::DOUBLE AS e FROM ${quoteSource(predictions)} GROUP BY crypto, fold ORDER BY crypto, fold`,
  );
  return new Map(rows.map((r) => [`${r.crypto}\u0000${Number(r.fold)}`, { start: r.s, end: r.e + barMs }]));
}
