/**
 * Per-regime f1 as DuckDB SQL — the browser runs it in DuckDB-WASM over the tables `predictions`
 * and `ohlcv` when a reader moves the regime inputs; the loaders run the same text in native
 * DuckDB. It implements exactly the rule of src/lib/regimes.ts (see there), and
 * test/unit/regimes.test.ts holds the two to the same labels and counts.
 *
 * Timestamps are compared as epoch milliseconds (`epoch_ms(ts)`) on the interval grid, so
 * TIMESTAMP of any precision and TIMESTAMPTZ behave alike whatever the session's time zone. Numbers are written as
 * exponent literals (`1e-1`), which DuckDB reads as DOUBLE, not DECIMAL, so a threshold is the
 * same double as in JavaScript.
 */
import { DAY_MS } from "../time.js";
import { checkRegimeRule, UNKNOWN_REGIME, type RegimeRule } from "../regimes.js";
import { minObservations } from "./features.js";
import { quoteDouble, quoteIdent, quoteInteger, quoteLiteral } from "./quote.js";

export interface RegimeSqlOptions extends RegimeRule {
  /** Symbol of the BTC series in the OHLCV table, e.g. "BTCUSDC". */
  btc_symbol: string;
  predictions_table?: string;
  ohlcv_table?: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Table names here are plain identifiers by contract (a typo should fail loudly, not quote). */
function plainIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a plain SQL identifier: "${name}"`);
  return quoteIdent(name);
}

/**
 * The CTEs that label every BTC bar:
 * regime_labels(k, ts_ms, trend_return, rv, rv_median, trend, vol, regime), k the grid index.
 * Returns, rv and the coverage rule follow src/lib/sql/features.ts (btc_rv_24h).
 */
export function regimeLabelCtes(o: RegimeSqlOptions): string {
  checkRegimeRule(o);
  const ohlcv = plainIdent(o.ohlcv_table ?? "ohlcv");
  const ms = quoteInteger(o.interval_ms);
  const trainFilter = [o.train_start_ms !== null ? `ts_ms >= ${quoteInteger(o.train_start_ms)}` : null, o.train_end_ms !== null ? `ts_ms < ${quoteInteger(o.train_end_ms)}` : null]
    .filter(Boolean)
    .join(" AND ");
  const trendCase = `CASE WHEN trend_return IS NULL THEN NULL WHEN trend_return > ${quoteDouble(o.bull_above)} THEN 'bull' WHEN trend_return < ${quoteDouble(o.bear_below)} THEN 'bear' ELSE 'range' END`;
  const volCase = o.vol_split ? `CASE WHEN rv IS NULL OR rv_median IS NULL THEN NULL WHEN rv > rv_median THEN 'high_vol' ELSE 'low_vol' END` : `CAST(NULL AS VARCHAR)`;
  return `btc_bars AS (
  SELECT epoch_ms(ts) AS ts_ms, CAST(floor(epoch_ms(ts) / ${ms}) AS BIGINT) AS k, close
  FROM ${ohlcv}
  WHERE symbol = ${quoteLiteral(o.btc_symbol)}
),
btc_returns AS (
  -- Lags as equi-joins on the grid index (one bar per slot, as the OHLCV contract guarantees): a
  -- missing bar gives NULL exactly like a RANGE frame would, and DuckDB runs the join ~10x faster.
  SELECT b.ts_ms, b.k,
         ln(b.close / p1.close) AS r1,
         ln(b.close / pn.close) AS trend_return,
         min(b.k) OVER () AS k0
  FROM btc_bars b
  LEFT JOIN btc_bars p1 ON p1.k = b.k - 1
  LEFT JOIN btc_bars pn ON pn.k = b.k - ${quoteInteger(o.trend_bars)}
),
btc_rv AS (
  SELECT ts_ms, k, trend_return,
         CASE WHEN k - ${quoteInteger(o.rv_bars)} >= k0 AND count(r1) OVER w_rv >= ${quoteInteger(minObservations(o.rv_bars, o.min_coverage))}
           THEN sqrt(sum(r1 * r1) OVER w_rv * ${quoteInteger(o.rv_bars)} / count(r1) OVER w_rv) END AS rv
  FROM btc_returns
  WINDOW w_rv AS (ORDER BY k RANGE BETWEEN ${quoteInteger(o.rv_bars - 1)} PRECEDING AND CURRENT ROW)
),
rv_reference AS (
  ${o.vol_split ? `SELECT median(rv) AS rv_median FROM btc_rv${trainFilter ? ` WHERE ${trainFilter}` : ""}` : "SELECT CAST(NULL AS DOUBLE) AS rv_median"}
),
regime_classes AS (
  SELECT k, ts_ms, trend_return, rv, rv_median, ${trendCase} AS trend
  FROM btc_rv CROSS JOIN rv_reference
),
regime_labels AS (
  SELECT k, ts_ms, trend_return, rv, rv_median, trend, vol,
         CASE WHEN trend IS NULL${o.vol_split ? " OR vol IS NULL" : ""} THEN ${quoteLiteral(UNKNOWN_REGIME)} ELSE ${o.vol_split ? "trend || '/' || vol" : "trend"} END AS regime
  FROM (SELECT *, ${volCase} AS vol FROM regime_classes)
)`;
}

/** The columns a labels query returns (a chart's rows); both labels queries select exactly these. */
const REGIME_LABEL_COLUMNS = ["ts_ms", "trend_return", "rv", "rv_median", "trend", "vol", "regime"] as const;


/** The labelled bars, `where` (if any) choosing which, ordered by time. */
function labelsSql(o: RegimeSqlOptions, where?: string): string {
  return `WITH ${regimeLabelCtes(o)}
SELECT ${REGIME_LABEL_COLUMNS.join(", ")} FROM regime_labels${where ? `\nWHERE ${where}` : ""} ORDER BY ts_ms`;
}

/** Every BTC bar with its label (for regime bands on a chart), ordered by time. */
export function regimeLabelsSql(o: RegimeSqlOptions): string {
  return labelsSql(o);
}

/**
 * The labels of the 00:00 UTC bar of each day: one point a day is enough for a timeline of 30-day
 * returns, and keeps the Stability page's chart at ~1/24 of the hourly rows.
 */
export function dailyRegimeLabelsSql(o: RegimeSqlOptions): string {
  return labelsSql(o, `ts_ms % ${quoteInteger(DAY_MS)} = 0`);
}

/** The btc_rv_24h median the volatility split uses (NULL without the split). */
export function rvMedianSql(o: RegimeSqlOptions): string {
  return `WITH ${regimeLabelCtes(o)}
SELECT rv_median FROM rv_reference`;
}

/**
 * Per (variant, crypto, regime): n_bars, n_pred_buy, n_true_buy, tp, fp, fn and f1 (NULL for
 * 0/0) — the columns of RegimeF1Row, sorted like `regimeF1` in src/lib/regimes.ts.
 */
export function regimeF1Sql(o: RegimeSqlOptions): string {
  const predictions = plainIdent(o.predictions_table ?? "predictions");
  return `WITH ${regimeLabelCtes(o)},
scored AS (
  SELECT p.variant, p.crypto, coalesce(l.regime, ${quoteLiteral(UNKNOWN_REGIME)}) AS regime,
         CAST(p.y_true AS INTEGER) AS yt, CAST(p.y_pred AS INTEGER) AS yp
  FROM ${predictions} p LEFT JOIN regime_labels l ON l.k = CAST(floor(epoch_ms(p.ts) / ${quoteInteger(o.interval_ms)}) AS BIGINT)
),
counts AS (
  SELECT variant, crypto, regime,
         CAST(count(*) AS INTEGER) AS n_bars,
         CAST(count(*) FILTER (yp = 1) AS INTEGER) AS n_pred_buy,
         CAST(count(*) FILTER (yt = 1) AS INTEGER) AS n_true_buy,
         CAST(count(*) FILTER (yp = 1 AND yt = 1) AS INTEGER) AS tp,
         CAST(count(*) FILTER (yp = 1 AND yt <> 1) AS INTEGER) AS fp,
         CAST(count(*) FILTER (yp <> 1 AND yt = 1) AS INTEGER) AS fn
  FROM scored
  GROUP BY variant, crypto, regime
)
SELECT variant, crypto, regime, n_bars, n_pred_buy, n_true_buy, tp, fp, fn,
       CASE WHEN 2 * tp + fp + fn = 0 THEN NULL ELSE 2.0e0 * tp / (2 * tp + fp + fn) END AS f1
FROM counts
ORDER BY variant, crypto, regime`;
}
