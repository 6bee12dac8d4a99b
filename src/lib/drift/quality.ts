/**
 * OHLCV quality (DESIGN §4, spec §3 "BTC OHLCV quality"): per-bar flags in SQL (runs in native DuckDB
 * and DuckDB-WASM alike), then the clock-hour alert rule and the missing-bar share per fold in plain
 * TypeScript over the (few) flagged rows.
 *
 * Per-bar rules, each over the bar's own symbol, on the interval grid like the features
 * (src/lib/sql/features.ts: time windows, a return needs the previous bar):
 * - outlier_returns: |r_t| > outlier_return_sigma · σ, σ the sample standard deviation of the
 *   1-bar log returns of the previous `outlier_return_window_hours` (bar t excluded). value = |r_t|/σ.
 * - outlier_volume: volume_t < outlier_volume_ratio · median(volume of the previous
 *   `outlier_volume_window_hours`). value = volume_t / median.
 * - wick_to_body: (upper wick + lower wick) / |close − open| > wick_to_body_max, with
 *   upper = high − max(open, close), lower = min(open, close) − low. value = that ratio.
 *   Doji (close = open): the ratio is +∞ when the bar has any wick — flagged, value +Infinity — and
 *   undefined for a flat bar (high = low = open = close, typical of a halt), which is not flagged
 *   (a halt shows up as outlier_volume and as a zero return instead).
 *   Optional size condition `wick_min_sigma` (default 0 = off, the spec's rule as written): also
 *   require the total wick, as a fraction of the close, to exceed that many σ of the previous
 *   returns. A body under 1/6 of the range is common on ordinary bars (~10–15 % of random-walk
 *   bars), so the ratio alone flags many bars; the size condition singles out the long wicks.
 * Rolling σ and median need a full window of history and `min_window_coverage` of its bars present.
 */
import { minObservations, oneBarLogReturnSql } from "../sql/features.js";
import { quoteIdent, quoteLiteral } from "../sql/quote.js";
import { barsFor, intervalMs } from "../sweep.js";
import type { DriftThresholds } from "./thresholds.js";
import { type TimeWindow } from "./windows.js";
import { formatUtc, HOUR_MS } from "../time.js";

export const QUALITY_REASONS = ["outlier_returns", "outlier_volume", "wick_to_body"] as const;
export type QualityReason = (typeof QUALITY_REASONS)[number];

export interface QualityFlag {
  symbol: string;
  /** Bar open, epoch ms UTC. */
  ts: number;
  reason: QualityReason;
  /** The rule's statistic (σ multiple, volume/median, wick/body); +Infinity for a doji with wicks. */
  value: number;
  threshold: number;
}

export interface QualitySqlOptions {
  source: string;
  rawSource?: boolean;
  interval: string;
  thresholds: Pick<
    DriftThresholds,
    | "outlier_return_sigma"
    | "outlier_return_window_hours"
    | "outlier_volume_ratio"
    | "outlier_volume_window_hours"
    | "wick_to_body_max"
    | "wick_min_sigma"
    | "min_window_coverage"
  >;
  /** Restrict to these symbols (default: all in the source). */
  symbols?: readonly string[];
}

/** SQL yielding one row per (flagged bar, reason): symbol, ts, reason, value, threshold, open, high, low, close, volume. */
export function qualityFlagsSql(o: QualitySqlOptions): string {
  const ms = intervalMs(o.interval);
  const t = o.thresholds;
  const wr = barsFor(t.outlier_return_window_hours, o.interval);
  const wv = barsFor(t.outlier_volume_window_hours, o.interval);
  const src = o.rawSource ? o.source : quoteIdent(o.source);
  const where = o.symbols ? `WHERE symbol IN (${o.symbols.map(quoteLiteral).join(", ")})` : "";
  const cols = "symbol, ts, open, high, low, close, volume";
  return `WITH
bars AS (
  SELECT ${cols}, CAST(floor(epoch_ms(ts) / ${ms}) AS BIGINT) AS k FROM ${src} ${where}
),
rets AS (
  SELECT *, ${oneBarLogReturnSql("close")} AS ret, min(k) OVER (PARTITION BY symbol) AS k0
  FROM bars
  WINDOW w_prev AS (PARTITION BY symbol ORDER BY k)
),
stats AS (
  SELECT *,
    stddev_samp(ret) OVER w_r AS ret_sd, count(ret) OVER w_r AS ret_n,
    median(volume) OVER w_v AS vol_med, count(volume) OVER w_v AS vol_n,
    (high - greatest(open, close)) + (least(open, close) - low) AS wick,
    abs(close - open) AS body
  FROM rets
  WINDOW w_r AS (PARTITION BY symbol ORDER BY k RANGE BETWEEN ${wr} PRECEDING AND 1 PRECEDING),
         w_v AS (PARTITION BY symbol ORDER BY k RANGE BETWEEN ${wv} PRECEDING AND 1 PRECEDING)
)
SELECT ${cols}, 'outlier_returns' AS reason, abs(ret) / ret_sd AS value, ${t.outlier_return_sigma}::DOUBLE AS threshold
FROM stats
WHERE k - ${qualityWarmupBars("outlier_returns", o.interval, t)} >= k0 AND ret_n >= ${minObservations(wr, t.min_window_coverage)} AND ret_sd > 0
  AND abs(ret) > ${t.outlier_return_sigma} * ret_sd
UNION ALL
SELECT ${cols}, 'outlier_volume', volume / vol_med, ${t.outlier_volume_ratio}::DOUBLE
FROM stats
WHERE k - ${qualityWarmupBars("outlier_volume", o.interval, t)} >= k0 AND vol_n >= ${minObservations(wv, t.min_window_coverage)} AND volume < ${t.outlier_volume_ratio} * vol_med
UNION ALL
SELECT ${cols}, 'wick_to_body', CASE WHEN body > 0 THEN wick / body ELSE 'Infinity'::DOUBLE END, ${t.wick_to_body_max}::DOUBLE
FROM stats
WHERE wick > 0 AND (body = 0 OR wick / body > ${t.wick_to_body_max})${
    t.wick_min_sigma > 0 ? `
  AND ret_n >= ${minObservations(wr, t.min_window_coverage)} AND wick / close > ${t.wick_min_sigma} * ret_sd` : ""
  }
ORDER BY symbol, ts, reason`;
}

/**
 * Bars of a symbol's own history a reason needs before it can fire (qualityFlagsSql's conditions):
 * outlier_returns a full σ window of returns, hence one bar more than the window; outlier_volume a
 * full median window; wick_to_body none, or, with the size condition, the returns σ needs.
 */
export function qualityWarmupBars(reason: QualityReason, interval: string, t: Pick<DriftThresholds, "outlier_return_window_hours" | "outlier_volume_window_hours" | "wick_min_sigma" | "min_window_coverage">): number {
  const wr = barsFor(t.outlier_return_window_hours, interval);
  if (reason === "outlier_returns") return wr + 1;
  if (reason === "outlier_volume") return barsFor(t.outlier_volume_window_hours, interval);
  return t.wick_min_sigma > 0 ? minObservations(wr, t.min_window_coverage) + 1 : 0;
}

export interface QualityBaseRateSqlOptions {
  /** Flags table (the columns of qualityFlagsSql) and the OHLCV it was computed from. */
  flags: string;
  source: string;
  rawSource?: boolean;
  interval: string;
  /** The training window. */
  reference: TimeWindow;
  symbols: readonly string[];
  thresholds: QualitySqlOptions["thresholds"] & Pick<DriftThresholds, "quality_alert_per_hour">;
}

/**
 * SQL of each rule's base rate on the training window, one row per (symbol, reason) of `symbols` ×
 * QUALITY_REASONS: symbol, reason, bars = the symbol's bars (grid slots) in the window past the
 * reason's warm-up (qualityWarmupBars after its first bar: where the rule can fire), hours = the
 * clock hours holding those bars, flagged = flags in the window, alert_hours = those hours in which
 * the clock-hour rule (hourlyAlertsSql, the same definition) fires on the window's flags.
 */
export function qualityBaseRatesSql(o: QualityBaseRateSqlOptions): string {
  const ms = intervalMs(o.interval);
  const src = o.rawSource ? o.source : quoteIdent(o.source);
  const flags = quoteIdent(o.flags);
  const { start, end } = o.reference;
  const inWindow = (k: string) => `${k} * ${ms} >= ${start} AND ${k} * ${ms} < ${end}`;
  const gridSlot = `CAST(floor(epoch_ms(ts) / ${ms}) AS BIGINT)`;
  const symbols = o.symbols.map((s) => `(${quoteLiteral(s)})`).join(", ");
  const reasons = QUALITY_REASONS.map((r) => `(${quoteLiteral(r)}, ${qualityWarmupBars(r, o.interval, o.thresholds)})`).join(", ");
  if (!o.symbols.length) return "SELECT NULL::VARCHAR AS symbol, NULL::VARCHAR AS reason, 0::DOUBLE AS bars, 0::DOUBLE AS hours, 0::DOUBLE AS flagged, 0::DOUBLE AS alert_hours WHERE false";
  return `WITH
s(symbol) AS (VALUES ${symbols}),
r(reason, warm) AS (VALUES ${reasons}),
b AS (SELECT DISTINCT symbol, ${gridSlot} AS k FROM ${src} WHERE symbol IN (SELECT symbol FROM s)),
f AS (SELECT symbol, min(k) AS k0 FROM b GROUP BY symbol),
n AS (
  SELECT b.symbol, r.reason, count(*) AS bars, count(DISTINCT floor(b.k * ${ms} / ${HOUR_MS})) AS hours
  FROM b JOIN f ON f.symbol = b.symbol CROSS JOIN r
  WHERE ${inWindow("b.k")} AND b.k - r.warm >= f.k0
  GROUP BY ALL
),
inref AS (SELECT * FROM ${flags} WHERE ${inWindow(gridSlot)}),
fl AS (SELECT symbol, reason, count(*) AS flagged FROM inref GROUP BY ALL),
al AS (SELECT symbol, reason, count(*) AS alert_hours FROM (${hourlyAlertsSql("inref", o.thresholds.quality_alert_per_hour, true)}) GROUP BY ALL)
SELECT s.symbol, r.reason, coalesce(n.bars, 0)::DOUBLE AS bars, coalesce(n.hours, 0)::DOUBLE AS hours,
  coalesce(fl.flagged, 0)::DOUBLE AS flagged, coalesce(al.alert_hours, 0)::DOUBLE AS alert_hours
FROM s CROSS JOIN r
LEFT JOIN n ON n.symbol = s.symbol AND n.reason = r.reason
LEFT JOIN fl ON fl.symbol = s.symbol AND fl.reason = r.reason
LEFT JOIN al ON al.symbol = s.symbol AND al.reason = r.reason
ORDER BY s.symbol, r.reason`;
}

/** How often a quality rule fires on the training window, where nothing is wrong by assumption. */
export interface QualityBaseRate {
  symbol: string;
  reason: QualityReason;
  /** Training-window bars on which the rule can fire (past its warm-up). */
  bars: number;
  /** Of those, bars it flagged. */
  flagged: number;
  /** flagged / bars; null without bars. */
  rate: number | null;
  /** Clock hours holding those bars. */
  hours: number;
  /** Clock hours in which the reason fired more than quality_alert_per_hour times. */
  alert_hours: number;
  /** alert_hours / hours; null without hours or when the clock-hour rule cannot fire at this interval (hourlyRuleNote). */
  alert_rate: number | null;
}

/** Base rates from the rows of qualityBaseRatesSql. */
export function qualityBaseRates(rows: readonly { symbol: string; reason: string; bars: number; hours: number; flagged: number; alert_hours: number }[], interval: string, alertPerHour: number): QualityBaseRate[] {
  const applicable = hourlyRuleNote(interval, alertPerHour).applicable;
  return rows.map((r) => {
    const bars = Number(r.bars);
    const hours = Number(r.hours);
    const flagged = Number(r.flagged);
    const alertHours = Number(r.alert_hours);
    return {
      symbol: r.symbol,
      reason: r.reason as QualityReason,
      bars,
      flagged,
      rate: bars > 0 ? flagged / bars : null,
      hours,
      alert_hours: alertHours,
      alert_rate: applicable && hours > 0 ? alertHours / hours : null,
    };
  });
}

/** SQL counting bars (distinct grid slots) per requested window: columns id, present. */
export function barCountsSql(source: string, interval: string, windows: readonly { id: number; symbol: string; start: number; end: number }[], rawSource = false): string {
  const ms = intervalMs(interval);
  const src = rawSource ? source : quoteIdent(source);
  if (!windows.length) return "SELECT NULL::INTEGER AS id, NULL::BIGINT AS present WHERE false";
  const values = windows.map((w) => `(${w.id}, ${quoteLiteral(w.symbol)}, ${w.start}, ${w.end})`).join(", ");
  return `WITH w(id, symbol, s, e) AS (VALUES ${values})
SELECT w.id, count(DISTINCT CAST(floor(epoch_ms(o.ts) / ${ms}) AS BIGINT)) AS present
FROM w LEFT JOIN ${src} o ON o.symbol = w.symbol AND epoch_ms(o.ts) >= w.s AND epoch_ms(o.ts) < w.e
GROUP BY w.id ORDER BY w.id`;
}

/** SQL listing runs of missing grid bars inside each symbol's span: symbol, gap_start, gap_end (epoch ms, half-open), bars. */
export function gapsSql(source: string, interval: string, symbols?: readonly string[], rawSource = false): string {
  const ms = intervalMs(interval);
  const src = rawSource ? source : quoteIdent(source);
  const where = symbols ? `WHERE symbol IN (${symbols.map(quoteLiteral).join(", ")})` : "";
  return `WITH b AS (SELECT DISTINCT symbol, CAST(floor(epoch_ms(ts) / ${ms}) AS BIGINT) AS k FROM ${src} ${where}),
l AS (SELECT symbol, k, lag(k) OVER (PARTITION BY symbol ORDER BY k) AS k_prev FROM b)
SELECT symbol, ((k_prev + 1) * ${ms})::DOUBLE AS gap_start, (k * ${ms})::DOUBLE AS gap_end, (k - k_prev - 1)::INTEGER AS bars
FROM l WHERE k - k_prev > 1 ORDER BY symbol, gap_start`;
}

export interface GapRow {
  symbol: string;
  /** First missing bar's open and the next present bar's open: [start, end). */
  start: string;
  end: string;
  bars: number;
}

/** Grid slots of `interval` whose open time lies in [start, end). */
export function expectedBars(start: number, end: number, interval: string): number {
  const ms = intervalMs(interval);
  return Math.max(0, Math.ceil(end / ms) - Math.ceil(start / ms));
}

/** Bars of `interval` that fit in one clock hour; the per-hour rule needs more than the alert count. */
export function barsPerClockHour(interval: string): number {
  return Math.max(1, Math.floor(HOUR_MS / intervalMs(interval)));
}

export interface HourlyRuleNote {
  applicable: boolean;
  bars_per_hour: number;
  note: string;
}

/** Whether "more than N flags of one reason within one clock hour" can fire at this interval, in words. */
export function hourlyRuleNote(interval: string, limit: number): HourlyRuleNote {
  const n = barsPerClockHour(interval);
  const applicable = n > limit;
  const note = applicable
    ? `at ${interval} a clock hour holds ${n} bars, so more than ${limit} flags of one reason in one hour can happen and alert`
    : `at ${interval} a clock hour holds at most ${n} bar${n === 1 ? "" : "s"}, so the rule "a reason fires more than ${limit} times within one clock hour" cannot fire; it is meaningful for sub-hourly data (e.g. 1m: 60 bars per hour). Per-bar flags are still listed.`;
  return { applicable, bars_per_hour: n, note };
}

export interface HourlyAlert {
  symbol: string;
  reason: QualityReason;
  /** Clock hour [hour_start, hour_start + 1h), epoch ms. */
  hour_start: number;
  count: number;
}

/**
 * SQL over a flags table (the columns of qualityFlagsSql): clock hours in which one reason fired
 * more than `limit` times for one symbol — symbol, reason, hour_start (epoch ms), count.
 */
export function hourlyAlertsSql(flags: string, limit: number, rawSource = false): string {
  const src = rawSource ? flags : quoteIdent(flags);
  return `SELECT symbol, reason, (floor(epoch_ms(ts) / ${HOUR_MS}) * ${HOUR_MS})::DOUBLE AS hour_start, count(*)::INTEGER AS count
FROM ${src} GROUP BY ALL HAVING count(*) > ${limit} ORDER BY symbol, hour_start, reason`;
}

/** SQL over a flags table: flagged bars per symbol and reason. */
export function flagCountsSql(flags: string, rawSource = false): string {
  const src = rawSource ? flags : quoteIdent(flags);
  return `SELECT symbol, reason, count(*)::INTEGER AS count FROM ${src} GROUP BY ALL ORDER BY symbol, reason`;
}

export interface MissingBarsRow {
  symbol: string;
  /** 0 = the training window, else the fold number. */
  fold: number;
  window_start: string;
  window_end: string;
  expected: number;
  present: number;
  missing: number;
  missing_share: number;
  revert: boolean;
}

/** Missing-bar share of a fold window and the revert flag (share > missing_bar_revert_share). */
export function missingBarsRow(symbol: string, fold: number, w: TimeWindow, interval: string, present: number, revertShare: number): MissingBarsRow {
  const expected = expectedBars(w.start, w.end, interval);
  const missing = Math.max(0, expected - present);
  const share = expected > 0 ? missing / expected : 0;
  return { symbol, fold, window_start: formatUtc(w.start), window_end: formatUtc(w.end), expected, present, missing, missing_share: share, revert: share > revertShare };
}
