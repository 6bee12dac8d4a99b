/**
 * ohlcv-view.json: what the Market data page draws first, computed here so the page shows its
 * candles without downloading ohlcv.parquet and DuckDB-WASM (issue 14). It holds the symbols, the
 * table's bounds and, for every symbol, the candles of the page's opening range
 * (src/lib/sql/candles.ts defaultCandleWindow), from the same SQL the page runs in the browser
 * when the reader picks another range. A few hundred candles per symbol: ~0.2 MB for the demo.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { candleBucketHours, candlesSql, defaultCandleWindow } from "../../src/lib/sql/candles.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { Duck } from "../ingest/duck.ts";
import type { OhlcvBar } from "../ingest/ohlcv-read.ts";

/** One candle: a bar's OHLCV over a bucket starting at `ts` (epoch ms; JSON has no dates), and how many bars it holds. */
export type CandleRow = Pick<OhlcvBar, "ts" | "open" | "high" | "low" | "close" | "volume"> & { bars: number };

export interface OhlcvView {
  symbols: string[];
  /** null when the sweep has no OHLCV. */
  bounds: { first: number; last: number; n: number } | null;
  /** The opening range and its bucket width (hours); null without OHLCV. */
  window: { start: number; end: number; bucket_hours: number } | null;
  candles: Record<string, CandleRow[]>;
}

/** The first view of `ohlcvParquet` (absent file: no OHLCV, an empty view). */
export async function ohlcvView(ohlcvParquet: string): Promise<OhlcvView> {
  const empty: OhlcvView = { symbols: [], bounds: null, window: null, candles: {} };
  if (!existsSync(ohlcvParquet)) return empty;
  const duck = await Duck.open({ threads: 1 });
  try {
    await duck.run(`CREATE VIEW ohlcv AS SELECT * FROM read_parquet(${quoteLiteral(ohlcvParquet)})`);
    const symbols = (await duck.rows<{ symbol: string }>(`SELECT DISTINCT symbol FROM ohlcv ORDER BY symbol`)).map((d) => d.symbol);
    const [b] = await duck.rows<{ first: number | null; last: number | null; n: number }>(`SELECT epoch_ms(min(ts)) AS first, epoch_ms(max(ts)) AS last, count(*) AS n FROM ohlcv`);
    if (!symbols.length || b?.first == null || b.last == null) return empty;
    const { startMs, endMs } = defaultCandleWindow(b.first, b.last);
    const bucket = candleBucketHours(startMs, endMs);
    const candles: Record<string, CandleRow[]> = {};
    for (const s of symbols) {
      candles[s] = await duck.rows<CandleRow>(`SELECT epoch_ms(ts) AS ts, open, high, low, close, volume, bars FROM (${candlesSql(s, startMs, endMs, bucket)}) ORDER BY 1`);
    }
    return { symbols, bounds: { first: b.first, last: b.last, n: b.n }, window: { start: startMs, end: endMs, bucket_hours: bucket }, candles };
  } finally {
    duck.close();
  }
}

/** The first view of an ingested sweep. */
export async function siteOhlcvView(sweepId: string): Promise<OhlcvView> {
  const { ensureIngested } = await import("../ingest/site-cache.ts");
  return ohlcvView(join(await ensureIngested(sweepId), "ohlcv.parquet"));
}
