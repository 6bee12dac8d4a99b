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
import type { SymbolFeatures } from "./index.ts";

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
    // NULL arrives as NaN already: a vector without NULLs has no validity mask, and reading a value
    // then skips the mask's per-value BigInt arithmetic in @duckdb/node-api
    `SELECT epoch_us(ts)::DOUBLE, floor(epoch_ms(ts) / ${ms})::DOUBLE, ${["open", "high", "low", "close", "volume"].map((c) => `coalesce(${c}::DOUBLE, 'NaN'::DOUBLE)`).join(", ")} ${where} ORDER BY ts`,
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

/** One symbol's quality flags as the columns of the quality table (reason as its index in REASONS). */
export interface SymbolFlags {
  symbol: string;
  columns: Float64Array[];
}

export interface KernelPassOptions extends KernelFeatureOptions {
  /** Symbols whose per-bar quality flags are computed in the same pass (each read once). */
  qualitySymbols?: readonly string[];
  thresholds?: QualitySqlOptions["thresholds"];
  /**
   * Called with each target's features as soon as they are appended, targets in the order of
   * `targets` (not sorted). Given it, the pass keeps no target's features (`features` stays empty):
   * at 1-minute bars each target's seven columns are ~120 MB, and holding all of them until the
   * drift statistics ran was most of the analysis' JS memory.
   */
  onTarget?: (features: SymbolFeatures) => void | Promise<void>;
  /**
   * Given, each symbol's flags go into this table (what `writeQualityTable` makes) as soon as they
   * are computed, and `flags` stays empty: at 1-minute bars the wick rule alone flags ~15% of the
   * bars, ~300 MB of columns for six symbols that would otherwise wait in JS for the quality phase.
   */
  qualityTable?: string;
}

export interface KernelPass {
  /** Per target, the columns just appended to the features table (ts in epoch ms, NULL as NaN); empty with `onTarget`. */
  features: Map<string, SymbolFeatures>;
  flags: SymbolFlags[];
  /** Wall and CPU seconds spent on the quality rules inside the pass (so callers can report them apart). */
  qualitySeconds: number;
  qualityCpuSeconds: number;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * One pass over the bars, symbol by symbol: each symbol's bars are read out of DuckDB once, then
 * its features (targets) and its quality flags (`qualitySymbols`) are computed from the same typed
 * columns. The features are appended to `table` (the columns and rows of `featuresSql`) and also
 * returned in memory (or handed to `onTarget`), so the drift statistics need not read them back;
 * the flags are returned for `writeQualityTable` (or written into `qualityTable`). A symbol's bars
 * are dropped before the next one is read (memory stays at one symbol's bars plus the features).
 * Null (and `table` dropped) when a symbol's bars are not one per grid slot.
 */
export async function kernelPass(duck: Duck, table: string, o: KernelPassOptions): Promise<KernelPass | null> {
  const cov = o.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const targets = [...o.targets].sort();
  const quality = new Set(o.qualitySymbols ?? []);
  if (quality.size && !o.thresholds) throw new Error("kernelPass: quality symbols without thresholds");
  const out: KernelPass = { features: new Map(), flags: [], qualitySeconds: 0, qualityCpuSeconds: 0 };
  const flagsOf = async (symbol: string, bars: SymbolBars) => {
    if (!quality.has(symbol)) return;
    const t = performance.now();
    const c = cpuSeconds();
    const flags = symbolFlags(symbol, bars, o.interval, o.thresholds!);
    if (o.qualityTable) await insertSymbolFlags(duck, o.qualityTable, flags);
    else out.flags.push(flags);
    out.qualitySeconds += (performance.now() - t) / 1000;
    out.qualityCpuSeconds += cpuSeconds() - c;
  };
  let btcBars = await readSymbolBars(duck, o.source, o.btcSymbol, o.interval);
  if (!btcBars) return null;
  const btc = btcSeries(btcBars, o.interval, cov);
  const stage = `${table}__stage`;
  await duck.run(`CREATE OR REPLACE TEMP TABLE ${stage} (ts_us DOUBLE, ${BTC_FEATURES.map((f) => `${f} DOUBLE`).join(", ")})`);
  await duck.run(`CREATE OR REPLACE TABLE ${table} (symbol VARCHAR, ts TIMESTAMP, ${BTC_FEATURES.map((f) => `${f} DOUBLE`).join(", ")})`);
  if (o.qualityTable) await createQualityTable(duck, o.qualityTable);
  try {
    // symbols in sorted order (the order the SQL and the quality table list them); BTC's bars are
    // kept only for as long as BTC itself is pending. With onTarget, the targets come in the
    // caller's order (the order its statistics need), then the other quality symbols; BTC's flags
    // are computed at once (writeQualityTable sorts by symbol) so that its bars need not wait.
    let order = [...new Set([...targets, ...quality])].sort();
    if (o.onTarget) {
      if (quality.has(o.btcSymbol)) await flagsOf(o.btcSymbol, btcBars);
      order = [...new Set([...o.targets, ...[...quality].filter((s) => s !== o.btcSymbol).sort()])];
    }
    // (a local held across the awaits below would keep BTC's bars alive to the end of the pass)
    let btcPending: SymbolBars | null = order.includes(o.btcSymbol) ? btcBars : null;
    btcBars = null;
    for (const symbol of order) {
      const bars: SymbolBars | null = symbol === o.btcSymbol ? btcPending : await readSymbolBars(duck, o.source, symbol, o.interval);
      if (!bars) {
        await duck.run(`DROP TABLE IF EXISTS ${table}`);
        return null;
      }
      if (symbol === o.btcSymbol) btcPending = null;
      if (targets.includes(symbol)) {
        const f = targetFeatures(bars as GridBars, btc, o.interval, cov);
        await appendDoubles(duck, stage, [bars.tsUs, ...BTC_FEATURES.map((name) => f[name])]);
        await duck.run(`INSERT INTO ${table} SELECT ${quoteLiteral(symbol)}, make_timestamp(ts_us::BIGINT), ${BTC_FEATURES.map((c) => `${nullIfNaN(c)}`).join(", ")} FROM ${stage} ORDER BY ts_us; DELETE FROM ${stage}`);
        // epoch ms as DuckDB's epoch_ms(ts) gives it (bar opens are whole ms; floor for safety)
        const features = { symbol, ts: bars.tsUs.map((us) => Math.floor(us / 1000)), columns: f };
        if (o.onTarget) await o.onTarget(features);
        else out.features.set(symbol, features);
      }
      if (!(o.onTarget && symbol === o.btcSymbol)) await flagsOf(symbol, bars);
    }
    // BTC as a quality symbol only (not a target) sorts among the others above; as neither it is
    // still pending here and simply dropped
  } finally {
    await duck.run(`DROP TABLE IF EXISTS ${stage}`);
    if (o.qualityTable) await duck.run(`DROP TABLE IF EXISTS ${qualityStage(o.qualityTable)}`);
  }
  return out;
}

/**
 * CREATE OR REPLACE `table` with the columns and rows of `featuresSql` (symbol, ts, the six
 * features; ordered by symbol, ts), computed with the kernels. False (table untouched) when a
 * symbol's bars are not one per grid slot.
 */
export async function createFeaturesTableWithKernels(duck: Duck, table: string, o: KernelFeatureOptions): Promise<boolean> {
  return (await kernelPass(duck, table, o)) !== null;
}

const REASONS = ["outlier_returns", "outlier_volume", "wick_to_body"] as const;

/** The flagged rows of one symbol as quality-table columns (ts, OHLCV of the bar, reason, value, threshold). */
function symbolFlags(symbol: string, bars: SymbolBars, interval: string, thresholds: QualitySqlOptions["thresholds"]): SymbolFlags {
  const f = qualityBarFlags(bars, interval, thresholds);
  const m = f.index.length;
  const cols = [bars.tsUs, bars.open, bars.high, bars.low, bars.close, bars.volume].map((src) => {
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = src[f.index[i]];
    return out;
  });
  const reason = Float64Array.from(f.reason, (r) => REASONS.indexOf(r));
  return { symbol, columns: [...cols, reason, f.value, f.threshold] };
}

const qualityStage = (table: string) => `${table}__stage`;

/** CREATE OR REPLACE `table` with the columns of `qualityFlagsSql`, empty, and its staging table. */
async function createQualityTable(duck: Duck, table: string): Promise<void> {
  await duck.run(`CREATE OR REPLACE TEMP TABLE ${qualityStage(table)} (ts_us DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, reason DOUBLE, value DOUBLE, threshold DOUBLE)`);
  await duck.run(
    `CREATE OR REPLACE TABLE ${table} (symbol VARCHAR, ts TIMESTAMP, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, reason VARCHAR, value DOUBLE, threshold DOUBLE)`,
  );
}

/** Append one symbol's flags to a table `createQualityTable` made, ordered by ts, reason. */
async function insertSymbolFlags(duck: Duck, table: string, { symbol, columns }: SymbolFlags): Promise<void> {
  const stage = qualityStage(table);
  const reasonSql = `(['${REASONS.join("', '")}'])[reason::INTEGER + 1]`;
  await appendDoubles(duck, stage, columns);
  await duck.run(
    `INSERT INTO ${table} SELECT ${quoteLiteral(symbol)}, make_timestamp(ts_us::BIGINT), ${["open", "high", "low", "close", "volume"].map(nullIfNaN).join(", ")}, ${reasonSql}, value, threshold
     FROM ${stage} ORDER BY ts_us, reason; DELETE FROM ${stage}`,
  );
}

/**
 * CREATE OR REPLACE `table` with the rows of `qualityFlagsSql` (symbol, ts, open, high, low, close,
 * volume, reason, value, threshold; ordered by symbol, ts, reason) from flags a `kernelPass`
 * computed.
 */
export async function writeQualityTable(duck: Duck, table: string, flagsBySymbol: readonly SymbolFlags[]): Promise<void> {
  await createQualityTable(duck, table);
  try {
    for (const flags of [...flagsBySymbol].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))) await insertSymbolFlags(duck, table, flags);
  } finally {
    await duck.run(`DROP TABLE IF EXISTS ${qualityStage(table)}`);
  }
}

export interface KernelQualityOptions extends Pick<QualitySqlOptions, "interval" | "thresholds"> {
  source: string;
  symbols: readonly string[];
}

/**
 * CREATE OR REPLACE `table` with the rows of `qualityFlagsSql`, computed with the kernels (each
 * symbol's bars read on their own). False (table untouched) when a symbol's bars are not one per
 * grid slot.
 */
export async function createQualityTableWithKernels(duck: Duck, table: string, o: KernelQualityOptions): Promise<boolean> {
  const flags: SymbolFlags[] = [];
  for (const symbol of [...o.symbols].sort()) {
    const bars = await readSymbolBars(duck, o.source, symbol, o.interval);
    if (!bars) return false;
    flags.push(symbolFlags(symbol, bars, o.interval, o.thresholds));
  }
  await writeQualityTable(duck, table, flags);
  return true;
}
