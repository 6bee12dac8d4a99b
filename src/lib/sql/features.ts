/**
 * The six BTC cross-asset features of DESIGN §4 as one DuckDB SQL query. Isomorphic: the loaders run
 * it with @duckdb/node-api to write features.parquet, the browser can run the very same text in
 * DuckDB-WASM over the OHLCV table it already holds.
 *
 * Input: a table or view with the `ohlcv.parquet` columns (symbol, ts TIMESTAMP = bar open UTC,
 * open, high, low, close, volume). Output: one row per bar of every target symbol,
 * `(symbol, ts, btc_ret_1h, btc_ret_24h, btc_rv_24h, btc_volume_z_168h, btc_range_1h,
 * btc_alt_corr_720h)`, ordered by symbol, ts.
 *
 * Conventions (the committee checks these numbers, so every choice is explicit):
 * - Bars live on the interval grid: k = floor(epoch_ms(ts) / interval_ms). Every window is a
 *   **time** window over k (`RANGE`), never "the previous N rows", so a gap in the data never makes a
 *   window reach further back in time than its definition. Window lengths are the §4 hours scaled to
 *   the sweep's interval with `barsFor` (24 h at 1m = 1440 bars).
 * - A 1-bar log return needs the close exactly one bar earlier; across a missing bar it is NULL (no
 *   multi-bar return is passed off as a 1-bar one). Same for the 24 h return.
 * - Warm-up: a window feature is NULL until the series has a full window of history behind it
 *   (for returns, one bar more, since the first return needs a previous close).
 * - Coverage: inside the history, a window feature is computed from the observations present and is
 *   NULL when fewer than `minCoverage` (default 0.9) of the window's bars are there. btc_rv_24h
 *   rescales the sum of squares by window/present so a gap does not bias volatility down; with a
 *   full window it is exactly sqrt(Σ r²).
 * - Alignment to a target: features are joined on the exact bar (k), not ASOF. When BTC has no bar at
 *   a target's timestamp the five BTC-only features are NULL there — a stale BTC value must not pass
 *   for a current one (the spec rules out silent imputation; the missing-bar share per fold is
 *   reported by the quality checks instead). btc_alt_corr_720h is a window statistic over the
 *   (target, BTC) return pairs present and follows the coverage rule.
 * - btc_volume_z_168h: ln(volume) of bars with volume > 0 only (a zero-volume halt bar has no
 *   logarithm: its z is NULL and it is left out of later windows); mean and sample standard deviation
 *   (n − 1) over the previous 168 bars, excluding the current bar; NULL when that deviation is 0.
 * - btc_alt_corr_720h: sample Pearson correlation (DuckDB `corr`) of the target's and BTC's 1-bar log
 *   returns over the last 720 bars including the current one; NULL when either side is constant.
 */
import { BTC_FEATURES, barsFor, intervalMs } from "../sweep.js";
import { quoteIdent, quoteLiteral } from "./quote.js";

/** Share of a window's bars that must be present for a window feature to be computed. */
export const DEFAULT_MIN_COVERAGE = 0.9;

/** The §4 window lengths, in hours of 1h bars. */
export const FEATURE_WINDOW_HOURS = { ret_long: 24, rv: 24, volume_z: 168, corr: 720 } as const;

export interface FeatureSqlOptions {
  /** Table or view holding the OHLCV rows (all symbols). Quoted as an identifier unless `rawSource`. */
  source: string;
  /** Pass `source` through verbatim (e.g. a `read_parquet('...')` call or a subquery). */
  rawSource?: boolean;
  /** Bar interval of the sweep ("1h", "1m", ...). */
  interval: string;
  btcSymbol: string;
  /** Target symbols to produce rows for. BTC itself may be one (its correlation with itself is 1). */
  targets: readonly string[];
  minCoverage?: number;
}

/** Window lengths in bars for an interval. */
export function featureWindows(interval: string): { ret_long: number; rv: number; volume_z: number; corr: number } {
  return {
    ret_long: barsFor(FEATURE_WINDOW_HOURS.ret_long, interval),
    rv: barsFor(FEATURE_WINDOW_HOURS.rv, interval),
    volume_z: barsFor(FEATURE_WINDOW_HOURS.volume_z, interval),
    corr: barsFor(FEATURE_WINDOW_HOURS.corr, interval),
  };
}

/** Minimum number of observations for a window of `bars`, never below 2 (a deviation needs two). */
export function minObservations(bars: number, minCoverage: number): number {
  return Math.max(2, Math.ceil(bars * minCoverage - 1e-9));
}

/**
 * SQL expression: the 1-bar log return ln(close_t / close_{t-1}), NULL unless the previous row of
 * the partition is exactly one bar earlier. Needs `WINDOW w_prev AS (PARTITION BY symbol ORDER BY k)`
 * in the query and unique k per symbol. lag() is O(1) per row where a one-row RANGE frame is not.
 */
export function oneBarLogReturnSql(close: string): string {
  return `CASE WHEN lag(k) OVER w_prev = k - 1 THEN ln(${close} / lag(${close}) OVER w_prev) END`;
}

/** SQL that yields the features table; see the module comment for every convention. */
export function featuresSql(opts: FeatureSqlOptions): string {
  const ms = intervalMs(opts.interval);
  const cov = opts.minCoverage ?? DEFAULT_MIN_COVERAGE;
  if (!(cov > 0 && cov <= 1)) throw new Error(`minCoverage must be in (0, 1], got ${cov}`);
  if (opts.targets.length === 0) throw new Error("featuresSql: no target symbols");
  const w = featureWindows(opts.interval);
  const src = opts.rawSource ? opts.source : quoteIdent(opts.source);
  const btc = quoteLiteral(opts.btcSymbol);
  const targets = opts.targets.map(quoteLiteral).join(", ");
  const [f1, f24, frv, fvz, frange, fcorr] = BTC_FEATURES;
  return `WITH
bars AS (
  SELECT symbol, ts, CAST(floor(epoch_ms(ts) / ${ms}) AS BIGINT) AS k, high, low, close, volume
  FROM ${src}
  WHERE symbol = ${btc} OR symbol IN (${targets})
),
rets AS MATERIALIZED (
  SELECT *, ${oneBarLogReturnSql("close")} AS r1, min(k) OVER (PARTITION BY symbol) AS k0
  FROM bars
  WINDOW w_prev AS (PARTITION BY symbol ORDER BY k)
),
btc AS MATERIALIZED (
  -- the close exactly ${w.ret_long} bars earlier: an equi-join on the grid index (a hash join, much
  -- faster than a one-row RANGE frame on millions of 1-minute bars)
  SELECT b.k, b.r1, ln(b.close / p.close) AS r_long,
    CASE WHEN b.volume > 0 THEN ln(b.volume) END AS lv,
    (b.high - b.low) / b.close AS range_1,
    b.k0
  FROM rets b LEFT JOIN rets p ON p.symbol = ${btc} AND p.k = b.k - ${w.ret_long}
  WHERE b.symbol = ${btc}
),
btc_f AS (
  SELECT k, r1, r_long, range_1,
    CASE WHEN k - ${w.rv} >= k0 AND count(r1) OVER w_rv >= ${minObservations(w.rv, cov)}
      THEN sqrt(sum(r1 * r1) OVER w_rv * ${w.rv} / count(r1) OVER w_rv) END AS rv,
    CASE WHEN k - ${w.volume_z} >= k0 AND count(lv) OVER w_vz >= ${minObservations(w.volume_z, cov)}
           AND stddev_samp(lv) OVER w_vz > 0
      THEN (lv - avg(lv) OVER w_vz) / stddev_samp(lv) OVER w_vz END AS vz
  FROM btc
  WINDOW w_rv AS (ORDER BY k RANGE BETWEEN ${w.rv - 1} PRECEDING AND CURRENT ROW),
         w_vz AS (ORDER BY k RANGE BETWEEN ${w.volume_z} PRECEDING AND 1 PRECEDING)
),
pairs AS (
  SELECT t.symbol, t.ts, t.k, t.k0, t.r1 AS r_target, b.r1 AS r_btc,
    CASE WHEN t.r1 IS NOT NULL AND b.r1 IS NOT NULL THEN 1 END AS paired,
    b.k0 AS k0_btc
  FROM rets t LEFT JOIN (SELECT k, r1, k0 FROM btc) b ON b.k = t.k
  WHERE t.symbol IN (${targets})
),
corr_f AS (
  SELECT symbol, ts, k,
    CASE WHEN k - ${w.corr} >= greatest(k0, coalesce(k0_btc, k0)) AND count(paired) OVER w_c >= ${minObservations(w.corr, cov)}
      THEN nullif(corr(r_target, r_btc) OVER w_c, 'NaN'::DOUBLE) END AS corr_720
  FROM pairs
  WINDOW w_c AS (PARTITION BY symbol ORDER BY k RANGE BETWEEN ${w.corr - 1} PRECEDING AND CURRENT ROW)
)
SELECT c.symbol, c.ts,
  f.r1 AS ${f1}, f.r_long AS ${f24}, f.rv AS ${frv}, f.vz AS ${fvz}, f.range_1 AS ${frange},
  c.corr_720 AS ${fcorr}
FROM corr_f c LEFT JOIN btc_f f ON f.k = c.k
ORDER BY c.symbol, c.ts`;
}
