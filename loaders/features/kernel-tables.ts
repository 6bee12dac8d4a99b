/**
 * Node side of the kernel path (issue 13): BTC features and OHLCV quality flags computed with the
 * streaming kernels of src/lib/rolling, per symbol, from typed columns read out of DuckDB, and
 * appended back into DuckDB tables with exactly the columns (and row order) of the SQL definitions
 * (src/lib/sql/features.ts `featuresSql`, src/lib/drift/quality.ts `qualityFlagsSql`), so every
 * later query, Parquet file and page reads them unchanged. DuckDB keeps the I/O, the joins and
 * the SQL the browser runs; the window statistics leave SQL, where at 1-minute bars they cost
 * minutes (RANGE frames of 43 200 bars, a rolling median of 1 440).
 *
 * A symbol whose bars are not one per grid slot (duplicates or off-grid times: ingest rejects
 * these, an ad-hoc table may hold them) makes these functions return false; the caller then runs
 * the SQL, whose semantics for such input are its own.
 */
import { DOUBLE, DuckDBDataChunk } from "@duckdb/node-api";
import { BTC_FEATURES } from "../../src/lib/sweep.ts";
import { intervalMs } from "../../src/lib/sweep.ts";
import { DEFAULT_MIN_COVERAGE } from "../../src/lib/sql/features.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import type { QualitySqlOptions } from "../../src/lib/drift/quality.ts";
import { btcSeries, targetFeatures, type GridBars } from "../../src/lib/rolling/btc-features.ts";
import { qualityBarFlags, type OhlcGridBars } from "../../src/lib/rolling/quality-flags.ts";
import type { Duck } from "../ingest/duck.ts";

/** One symbol's bars as columns: bar open in epoch µs (exact in a double) and the grid index. */
export interface SymbolBars extends OhlcGridBars {
  tsUs: Float64Array;
}

const BAR_COLUMNS = ["tsUs", "k", "open", "high", "low", "close", "volume"] as const;

/**
 * Read one symbol's bars ordered by time into typed arrays (NULL as NaN), chunk by chunk. Returns
 * null when two bars share a grid slot.
 */
export async function readSymbolBars(duck: Duck, source: string, symbol: string, interval: string): Promise<SymbolBars | null> {
  const ms = intervalMs(interval);
  const where = `FROM ${source} WHERE symbol = ${quoteLiteral(symbol)}`;
  const n = Number(await duck.value(`SELECT count(*) ${where}`));
  const cols = Object.fromEntries(BAR_COLUMNS.map((c) => [c, new Float64Array(n)])) as Record<(typeof BAR_COLUMNS)[number], Float64Array>;
  const result = await duck.conn.run(
    `SELECT epoch_us(ts)::DOUBLE, floor(epoch_ms(ts) / ${ms})::DOUBLE, open::DOUBLE, high::DOUBLE, low::DOUBLE, close::DOUBLE, volume::DOUBLE ${where} ORDER BY ts`,
  );
  const targets = BAR_COLUMNS.map((c) => cols[c]);
  let at = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const rows = chunk.rowCount;
    for (let j = 0; j < targets.length; j++) {
      const v = chunk.getColumnVector(j);
      const out = targets[j];
      for (let i = 0; i < rows; i++) out[at + i] = (v.getItem(i) as number | null) ?? NaN;
    }
    at += rows;
  }
  if (at !== n) throw new Error(`readSymbolBars: expected ${n} rows of ${symbol}, read ${at}`);
  const k = cols.k;
  for (let i = 1; i < n; i++) if (!(k[i] > k[i - 1])) return null;
  return cols;
}

/**
 * Append equal-length double columns to `table` through full data chunks (NaN stays NaN here and
 * becomes NULL in the INSERT that follows; a typed array is copied straight into each vector).
 */
async function appendDoubles(duck: Duck, table: string, columns: readonly Float64Array[]): Promise<void> {
  const n = columns[0]?.length ?? 0;
  const appender = await duck.conn.createAppender(table);
  const size = 2048;
  const types = columns.map(() => DOUBLE);
  for (let start = 0; start < n; start += size) {
    const rows = Math.min(size, n - start);
    const chunk = DuckDBDataChunk.create(types, rows);
    columns.forEach((c, j) => chunk.setColumnValues(j, c.subarray(start, start + rows) as unknown as number[]));
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}

const nullIfNaN = (c: string) => `CASE WHEN isnan(${c}) THEN NULL ELSE ${c} END`;

export interface KernelFeatureOptions {
  /** FROM-able SQL (a quoted table/view name or a subquery) with the ohlcv.parquet columns. */
  source: string;
  interval: string;
  btcSymbol: string;
  targets: readonly string[];
  minCoverage?: number;
}

/**
 * CREATE OR REPLACE `table` with the columns and rows of `featuresSql` (symbol, ts, the six
 * features; ordered by symbol, ts), computed with the kernels. False (table untouched) when a
 * symbol's bars are not one per grid slot.
 */
export async function createFeaturesTableWithKernels(duck: Duck, table: string, o: KernelFeatureOptions): Promise<boolean> {
  const cov = o.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const btcBars = await readSymbolBars(duck, o.source, o.btcSymbol, o.interval);
  if (!btcBars) return false;
  const btc = btcSeries(btcBars, o.interval, cov);
  const stage = `${table}__stage`;
  await duck.run(`CREATE OR REPLACE TEMP TABLE ${stage} (ts_us DOUBLE, ${BTC_FEATURES.map((f) => `${f} DOUBLE`).join(", ")})`);
  await duck.run(`CREATE OR REPLACE TABLE ${table} (symbol VARCHAR, ts TIMESTAMP, ${BTC_FEATURES.map((f) => `${f} DOUBLE`).join(", ")})`);
  try {
    for (const symbol of [...o.targets].sort()) {
      const bars: SymbolBars | null = symbol === o.btcSymbol ? btcBars : await readSymbolBars(duck, o.source, symbol, o.interval);
      if (!bars) {
        await duck.run(`DROP TABLE IF EXISTS ${table}`);
        return false;
      }
      const f = targetFeatures(bars as GridBars, btc, o.interval, cov);
      await appendDoubles(duck, stage, [bars.tsUs, ...BTC_FEATURES.map((name) => f[name])]);
      await duck.run(`INSERT INTO ${table} SELECT ${quoteLiteral(symbol)}, make_timestamp(ts_us::BIGINT), ${BTC_FEATURES.map((c) => `${nullIfNaN(c)}`).join(", ")} FROM ${stage} ORDER BY ts_us; DELETE FROM ${stage}`);
    }
  } finally {
    await duck.run(`DROP TABLE IF EXISTS ${stage}`);
  }
  return true;
}

export interface KernelQualityOptions extends Pick<QualitySqlOptions, "interval" | "thresholds"> {
  source: string;
  symbols: readonly string[];
}

/**
 * CREATE OR REPLACE `table` with the rows of `qualityFlagsSql` (symbol, ts, open, high, low, close,
 * volume, reason, value, threshold; ordered by symbol, ts, reason), computed with the kernels.
 * False (table untouched) when a symbol's bars are not one per grid slot.
 */
export async function createQualityTableWithKernels(duck: Duck, table: string, o: KernelQualityOptions): Promise<boolean> {
  const stage = `${table}__stage`;
  const reasons = ["outlier_returns", "outlier_volume", "wick_to_body"] as const;
  const flagsBySymbol: { symbol: string; columns: Float64Array[] }[] = [];
  for (const symbol of [...o.symbols].sort()) {
    const bars = await readSymbolBars(duck, o.source, symbol, o.interval);
    if (!bars) return false;
    const f = qualityBarFlags(bars, o.interval, o.thresholds);
    const m = f.index.length;
    const cols = [bars.tsUs, bars.open, bars.high, bars.low, bars.close, bars.volume].map((src) => {
      const out = new Float64Array(m);
      for (let i = 0; i < m; i++) out[i] = src[f.index[i]];
      return out;
    });
    const reason = Float64Array.from(f.reason, (r) => reasons.indexOf(r));
    flagsBySymbol.push({ symbol, columns: [...cols, reason, f.value, f.threshold] });
  }
  await duck.run(`CREATE OR REPLACE TEMP TABLE ${stage} (ts_us DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, reason DOUBLE, value DOUBLE, threshold DOUBLE)`);
  await duck.run(
    `CREATE OR REPLACE TABLE ${table} (symbol VARCHAR, ts TIMESTAMP, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, reason VARCHAR, value DOUBLE, threshold DOUBLE)`,
  );
  try {
    const reasonSql = `(['${reasons.join("', '")}'])[reason::INTEGER + 1]`;
    for (const { symbol, columns } of flagsBySymbol) {
      await appendDoubles(duck, stage, columns);
      await duck.run(
        `INSERT INTO ${table} SELECT ${quoteLiteral(symbol)}, make_timestamp(ts_us::BIGINT), ${["open", "high", "low", "close", "volume"].map(nullIfNaN).join(", ")}, ${reasonSql}, value, threshold
         FROM ${stage} ORDER BY ts_us, reason; DELETE FROM ${stage}`,
      );
    }
  } finally {
    await duck.run(`DROP TABLE IF EXISTS ${stage}`);
  }
  return true;
}
