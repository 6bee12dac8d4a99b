/**
 * The OHLCV quality page's queries: the flagged bars of one symbol (from the precomputed
 * `quality_flags` table, or a what-if source such as `(qualityFlagsSql(...))`), and that symbol's
 * price envelope in 6-hour buckets for the chart behind them.
 */
import { quoteInList, quoteLiteral } from "./quote.js";

/**
 * Flagged bars of `symbol` for the `reasons` chosen, by time. `source` is SQL (a table name or a
 * parenthesised subquery built by src/lib/drift/quality.ts), never user text.
 */
export function flaggedBarsSql(source: string, symbol: string, reasons: readonly string[]): string {
  const inList = reasons.length ? quoteInList(reasons) : "(NULL)";
  return `SELECT ts, reason, value, threshold, open, high, low, close, volume
FROM ${source} f
WHERE symbol = ${quoteLiteral(symbol)} AND reason IN ${inList}
ORDER BY ts, reason`;
}

/** avg close, min low, max high of `symbol` per `bucketHours` bucket, from table `ohlcv`. */
export function priceEnvelopeSql(symbol: string, bucketHours = 6): string {
  return `SELECT time_bucket(INTERVAL '${Math.trunc(bucketHours)} hours', ts) AS t, avg(close) AS close, min(low) AS low, max(high) AS high
FROM ohlcv WHERE symbol = ${quoteLiteral(symbol)} GROUP BY t ORDER BY t`;
}
