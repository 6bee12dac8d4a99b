/**
 * Seeded synthetic OHLCV, shaped like Binance spot klines, for the feature/drift tests and the bench.
 * Not the demo (loaders/demo owns that): no injected defects, just a one-factor market where each
 * altcoin's return is beta · BTC's return plus its own noise, intrabar wicks proportional to the bar's
 * volatility and a daily volume cycle. Deterministic for a given seed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { intervalMs } from "../../src/lib/sweep.ts";
import { DAY_MS, formatUtcDate, parseUtc } from "../../src/lib/time.ts";

export interface Bars {
  symbol: string;
  /** Bar open, epoch ms UTC. */
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export interface SyntheticOptions {
  symbols: readonly string[];
  btcSymbol: string;
  interval: string;
  /** ISO-8601 UTC of the first bar. */
  start: string;
  bars: number;
  seed: number;
  /** Annualised volatility of BTC; alts get 1.3× with beta 1.1 and idiosyncratic noise. */
  annualVol?: number;
}

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(u: () => number): () => number {
  return () => {
    const a = Math.max(u(), 1e-300);
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}

export function syntheticMarket(opts: SyntheticOptions): Bars[] {
  const step = intervalMs(opts.interval);
  const t0 = parseUtc(opts.start, "start");
  const barsPerYear = (365 * DAY_MS) / step;
  const sigma = (opts.annualVol ?? 0.6) / Math.sqrt(barsPerYear);
  const z = normal(rng(opts.seed));
  const btcReturns = new Float64Array(opts.bars);
  for (let i = 0; i < opts.bars; i++) btcReturns[i] = sigma * z();
  return opts.symbols.map((symbol, s) => {
    const isBtc = symbol === opts.btcSymbol;
    const zs = normal(rng(opts.seed * 1009 + s + 1));
    const n = opts.bars;
    const b: Bars = {
      symbol,
      ts: new Float64Array(n),
      open: new Float64Array(n),
      high: new Float64Array(n),
      low: new Float64Array(n),
      close: new Float64Array(n),
      volume: new Float64Array(n),
    };
    let price = isBtc ? 40_000 : 10 + 90 * (s / opts.symbols.length);
    const barSigma = isBtc ? sigma : sigma * 1.3;
    for (let i = 0; i < n; i++) {
      const r = isBtc ? btcReturns[i] : 1.1 * btcReturns[i] + 0.6 * sigma * zs();
      const open = price;
      const close = open * Math.exp(r);
      const up = Math.abs(zs()) * 0.4 * barSigma;
      const down = Math.abs(zs()) * 0.4 * barSigma;
      const t = t0 + i * step;
      const hourOfDay = new Date(t).getUTCHours();
      b.ts[i] = t;
      b.open[i] = open;
      b.close[i] = close;
      b.high[i] = Math.max(open, close) * Math.exp(up);
      b.low[i] = Math.min(open, close) * Math.exp(-down);
      b.volume[i] = (isBtc ? 500 : 20_000) * Math.exp(0.3 * Math.sin((2 * Math.PI * hourOfDay) / 24) + 0.4 * zs());
      price = close;
    }
    return b;
  });
}

/** Remove bars (e.g. to simulate an outage) by index range [from, to). */
export function dropBars(b: Bars, from: number, to: number): Bars {
  const keep = (a: Float64Array) => Float64Array.from([...a.subarray(0, from), ...a.subarray(to)]);
  return { symbol: b.symbol, ts: keep(b.ts), open: keep(b.open), high: keep(b.high), low: keep(b.low), close: keep(b.close), volume: keep(b.volume) };
}

/** Load bars into a DuckDB table with the ohlcv.parquet schema (symbol, ts TIMESTAMP, o, h, l, c, v). */
export async function loadBars(conn: DuckDBConnection, table: string, series: readonly Bars[]): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE "${table}_raw" (symbol VARCHAR, ts_ms BIGINT, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE)`);
  const app = await conn.createAppender(`${table}_raw`);
  for (const b of series) {
    for (let i = 0; i < b.ts.length; i++) {
      app.appendVarchar(b.symbol);
      app.appendBigInt(BigInt(b.ts[i]));
      app.appendDouble(b.open[i]);
      app.appendDouble(b.high[i]);
      app.appendDouble(b.low[i]);
      app.appendDouble(b.close[i]);
      app.appendDouble(b.volume[i]);
      app.endRow();
    }
  }
  app.closeSync();
  await conn.run(
    `CREATE OR REPLACE TABLE "${table}" AS SELECT symbol, make_timestamp(ts_ms * 1000) AS ts, open, high, low, close, volume FROM "${table}_raw" ORDER BY symbol, ts_ms`,
  );
  await conn.run(`DROP TABLE "${table}_raw"`);
}

/**
 * Write bars as Binance monthly kline CSVs (12 columns, no header) named `<SYMBOL>-<interval>-YYYY-MM.csv`;
 * open/close times in ms before 2025 and µs from 2025 on, as the public archive does.
 */
export function writeBinanceCsv(dir: string, series: readonly Bars[], interval: string): string[] {
  mkdirSync(dir, { recursive: true });
  const step = intervalMs(interval);
  const written: string[] = [];
  const usFrom = Date.UTC(2025, 0, 1);
  for (const b of series) {
    let month = "";
    let lines: string[] = [];
    const flush = () => {
      if (!lines.length) return;
      const file = join(dir, `${b.symbol}-${interval}-${month}.csv`);
      writeFileSync(file, lines.join("\n") + "\n");
      written.push(file);
      lines = [];
    };
    for (let i = 0; i < b.ts.length; i++) {
      const t = b.ts[i];
      const m = formatUtcDate(t).slice(0, 7);
      if (m !== month) {
        flush();
        month = m;
      }
      const scale = t >= usFrom ? 1000 : 1;
      const v = b.volume[i];
      lines.push(
        [t * scale, b.open[i], b.high[i], b.low[i], b.close[i], v, (t + step - 1) * scale + (scale - 1), v * b.close[i], 100, v / 2, (v * b.close[i]) / 2, 0].join(","),
      );
    }
    flush();
  }
  return written;
}
