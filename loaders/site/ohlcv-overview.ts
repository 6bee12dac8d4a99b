/**
 * What the Market data page draws first, without DuckDB-WASM: the symbols, the time bounds, and
 * the candles of its default view (the BTC series, last 90 days), computed here by native DuckDB
 * with the very SQL the page runs in the browser (src/lib/sql/candles.ts). A few tens of
 * kilobytes instead of ohlcv.parquet plus a 39 MB runtime (issue 14).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { candleBucketHours, candlesSql } from "../../src/lib/sql/candles.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { Duck } from "../ingest/duck.ts";

const DAY_MS = 86_400_000;

/** One candle, open time in epoch ms (as the page's SQL returns it, less the Date). */
export interface Candle {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  bars: number;
}

export interface OhlcvOverview {
  symbols: string[];
  /** First and last bar open (epoch ms) and the number of bars in the table; null without OHLCV. */
  bounds: { first: number; last: number; n: number } | null;
  /** The page's default view: symbol and [start_ms, end_ms), UTC days, and its candles. */
  initial: { symbol: string; start_ms: number; end_ms: number; bucket_hours: number; candles: Candle[] } | null;
}

/** The default range: the 90 UTC days before the last bar's day, through the end of that day. */
export function defaultRange(lastMs: number): { start_ms: number; end_ms: number } {
  const lastDay = Math.floor(lastMs / DAY_MS) * DAY_MS;
  return { start_ms: lastDay - 90 * DAY_MS, end_ms: lastDay + DAY_MS };
}

/** The default symbol: the first BTC one, else the first. */
export function defaultSymbol(symbols: string[]): string | undefined {
  return symbols.find((s) => s.startsWith("BTC")) ?? symbols[0];
}

export async function ohlcvOverview(ohlcvParquet: string): Promise<OhlcvOverview> {
  if (!existsSync(ohlcvParquet)) return { symbols: [], bounds: null, initial: null };
  const duck = await Duck.open({ threads: 1 });
  try {
    await duck.run(`CREATE VIEW ohlcv AS SELECT * FROM read_parquet(${quoteLiteral(ohlcvParquet)})`);
    const symbols = (await duck.rows<{ symbol: string }>("SELECT DISTINCT symbol FROM ohlcv ORDER BY symbol")).map((r) => r.symbol);
    const [b] = await duck.rows<{ first: number | null; last: number | null; n: number }>("SELECT epoch_ms(min(ts)) AS first, epoch_ms(max(ts)) AS last, count(*) AS n FROM ohlcv");
    if (!symbols.length || b?.first == null || b.last == null) return { symbols, bounds: null, initial: null };
    const symbol = defaultSymbol(symbols)!;
    const { start_ms, end_ms } = defaultRange(b.last);
    const bucket_hours = candleBucketHours(start_ms, end_ms);
    const candles = await duck.rows<Candle>(
      `SELECT epoch_ms(ts) AS ts, open, high, low, close, volume, bars FROM (${candlesSql(symbol, start_ms, end_ms, bucket_hours)}) ORDER BY ts`,
    );
    return { symbols, bounds: { first: b.first, last: b.last, n: b.n }, initial: { symbol, start_ms, end_ms, bucket_hours, candles } };
  } finally {
    duck.close();
  }
}

export async function siteOhlcvOverview(sweepId: string): Promise<OhlcvOverview> {
  const { ensureIngested } = await import("../ingest/site-cache.ts");
  return ohlcvOverview(join(await ensureIngested(sweepId), "ohlcv.parquet"));
}
