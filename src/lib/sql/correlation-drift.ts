/**
 * The Correlation drift page's queries over the `correlation` table (correlation.parquet:
 * symbol, ts, corr, in_reference): 6-hour buckets of the rolling statistic for the chart, and
 * the alert episodes — runs of consecutive bars after training outside center ± k·σ — at a
 * k the reader chooses. The limits themselves come from the drift report (the training-window
 * center and σ of src/lib/drift/correlation.ts); only k changes here.
 */
import { bandAt } from "../drift/control-limits.js";
import { CORRELATION_RANGE } from "../drift/correlation.js";
import { quoteDouble, quoteLiteral, quoteTimestamp } from "./quote.js";

/** A target's training-window statistic (drift.json `correlation_limits`, with σ). */
export interface CorrelationCenter {
  symbol: string;
  center: number;
  sigma: number;
}

export interface CorrelationBand extends CorrelationCenter {
  lcl: number;
  ucl: number;
}

/** center ± k·σ per target, clipped to [−1, 1] (the page's what-if k; the report's own k is thresholds.corr_control_sigma). */
export function correlationBands<T extends CorrelationCenter>(limits: readonly T[], k: number): Array<T & { lcl: number; ucl: number }> {
  return limits.map((l) => {
    const { lower, upper } = bandAt(l.center, l.sigma, k, CORRELATION_RANGE);
    return { ...l, lcl: lower, ucl: upper };
  });
}

/** Mean, min and max of the statistic per target and `bucketHours` bucket (for drawing). */
export function correlationSeriesSql(bucketHours = 6): string {
  return `SELECT symbol, time_bucket(INTERVAL '${Math.trunc(bucketHours)} hours', ts) AS t,
  avg(corr) AS corr, min(corr) AS lo, max(corr) AS hi
FROM correlation WHERE corr IS NOT NULL
GROUP BY symbol, t ORDER BY symbol, t`;
}

/**
 * Episodes: maximal runs of consecutive bars (gaps-and-islands over row numbers) after `afterMs`
 * and outside the reference with the statistic outside [lcl, ucl]. One row per episode:
 * symbol, first_bar, last_bar, bars, min_corr, max_corr. Empty `bands` → no rows.
 */
export function correlationEpisodesSql(bands: readonly CorrelationBand[], afterMs: number): string {
  const values = bands.length
    ? bands.map((l) => `(${quoteLiteral(l.symbol)}, ${quoteDouble(l.lcl)}, ${quoteDouble(l.ucl)})`).join(", ")
    : `(NULL::VARCHAR, NULL::DOUBLE, NULL::DOUBLE)`;
  return `WITH lim(symbol, lcl, ucl) AS (VALUES ${values}),
o AS (
  SELECT c.symbol, c.ts, c.corr, (c.corr < l.lcl OR c.corr > l.ucl) AS out
  FROM correlation c JOIN lim l ON l.symbol = c.symbol
  WHERE NOT c.in_reference AND c.corr IS NOT NULL AND c.ts >= ${quoteTimestamp(afterMs)}
),
g AS (
  SELECT *, row_number() OVER (PARTITION BY symbol ORDER BY ts)
          - row_number() OVER (PARTITION BY symbol, out ORDER BY ts) AS grp
  FROM o
)
SELECT symbol, min(ts) AS first_bar, max(ts) AS last_bar, count(*) AS bars,
  min(corr) AS min_corr, max(corr) AS max_corr
FROM g WHERE out GROUP BY symbol, grp ORDER BY first_bar`;
}
