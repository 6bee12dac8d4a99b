/**
 * Binance spot kline files exactly as data.binance.vision publishes them (monthly
 * `<SYMBOL>-1h-<YYYY>-<MM>.csv`, no header, 12 columns):
 *
 *   open_time, open, high, low, close, volume, close_time, quote_asset_volume,
 *   number_of_trades, taker_buy_base_asset_volume, taker_buy_quote_asset_volume, ignore
 *
 * Times are epoch milliseconds for months before 2025-01 and microseconds from 2025-01 on (the
 * archive switched); close_time = open_time + 1 h − 1 unit. Decimals print with 8 places as in the
 * archive (`46216.93000000`); `toFixed` is exactly specified by ECMAScript, so the bytes are the
 * same on every platform and never use exponent notation.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MICROSECOND_ERA_START } from "./calendar.ts";
import { HOUR_MS } from "../../src/lib/time.ts";
import type { SymbolSeries } from "./market.ts";

/** Monthly file name, e.g. `BTCUSDC-1h-2024-01.csv`. */
export function klineFileName(symbol: string, year: number, month: number): string {
  return `${symbol}-1h-${year}-${String(month).padStart(2, "0")}.csv`;
}

function klineLine(s: SymbolSeries, i: number, micro: boolean): string {
  const openMs = s.start + i * HOUR_MS;
  const openTime = micro ? openMs * 1000 : openMs;
  const closeTime = micro ? openTime + HOUR_MS * 1000 - 1 : openTime + HOUR_MS - 1;
  return [
    openTime,
    s.open[i].toFixed(8),
    s.high[i].toFixed(8),
    s.low[i].toFixed(8),
    s.close[i].toFixed(8),
    s.volume[i].toFixed(8),
    closeTime,
    s.quoteVolume[i].toFixed(8),
    s.trades[i],
    s.takerBase[i].toFixed(8),
    s.takerQuote[i].toFixed(8),
    "0",
  ].join(",");
}

/** Write one symbol's series as monthly files into `dir`; returns the file names written. */
export function writeKlineFiles(dir: string, s: SymbolSeries): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const n = s.open.length;
  let i = 0;
  while (i < n) {
    const first = new Date(s.start + i * HOUR_MS);
    const year = first.getUTCFullYear();
    const month = first.getUTCMonth() + 1;
    const monthEnd = Date.UTC(year, month, 1);
    const micro = Date.UTC(year, month - 1, 1) >= MICROSECOND_ERA_START;
    const lines: string[] = [];
    for (; i < n && s.start + i * HOUR_MS < monthEnd; i++) if (s.present[i]) lines.push(klineLine(s, i, micro));
    const name = klineFileName(s.spec.symbol, year, month);
    writeFileSync(join(dir, name), lines.join("\n") + "\n");
    written.push(name);
  }
  return written;
}
