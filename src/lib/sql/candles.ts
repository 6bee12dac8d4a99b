/**
 * Candles at a resolution that fits a chart: the OHLCV of one symbol between two instants,
 * re-bucketed in SQL so a chart never receives more than about `maxCandles` bars.
 */
import { quoteLiteral, quoteTimestamp } from "./quote.js";
import { DAY_MS, HOUR_MS } from "../time.js";

/** Bucket widths the chart may use, in hours (1h up to 1 week). */
const BUCKET_HOURS = [1, 2, 4, 6, 12, 24, 48, 72, 168];

/** The smallest bucket (hours) that keeps the candle count at or under `maxCandles`. */
export function candleBucketHours(startMs: number, endMs: number, maxCandles = 400): number {
  const hours = Math.max(1, (endMs - startMs) / HOUR_MS);
  return BUCKET_HOURS.find((b) => hours / b <= maxCandles) ?? BUCKET_HOURS[BUCKET_HOURS.length - 1];
}

/** SQL over table `ohlcv` (symbol, ts, open, high, low, close, volume) for [startMs, endMs). */
export function candlesSql(symbol: string, startMs: number, endMs: number, bucketHours: number): string {
  return `SELECT time_bucket(INTERVAL '${bucketHours} hours', ts) AS ts,
       arg_min(open, ts) AS open, max(high) AS high, min(low) AS low,
       arg_max(close, ts) AS close, sum(volume) AS volume, count(*) AS bars
FROM ohlcv
WHERE symbol = ${quoteLiteral(symbol)}
  AND ts >= ${quoteTimestamp(startMs)} AND ts < ${quoteTimestamp(endMs)}
GROUP BY 1
ORDER BY 1`;
}

/** How many days the Market data page shows first. */
export const DEFAULT_CANDLE_DAYS = 90;

/**
 * The range Market data opens on: the last `DEFAULT_CANDLE_DAYS` whole UTC days up to and
 * including the day of the last bar, clamped to the first bar's day. Whole days because the
 * page's date inputs hold dates (their value is that day's UTC midnight), so the precomputed
 * first view (loaders/site/ohlcv-view.ts) and the inputs' initial values are the same instants.
 */
export function defaultCandleWindow(firstMs: number, lastMs: number): { startMs: number; endMs: number } {
  const endMs = Math.floor(lastMs / DAY_MS) * DAY_MS + DAY_MS;
  const startMs = Math.max(Math.floor(firstMs / DAY_MS) * DAY_MS, endMs - DEFAULT_CANDLE_DAYS * DAY_MS);
  return { startMs, endMs };
}
