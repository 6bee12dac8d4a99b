/**
 * Node side of the BTC features: runs the SQL of src/lib/sql/features.ts with native DuckDB and
 * writes `features.parquet` (symbol, ts, the six features). The SQL is the single definition; this
 * module only moves rows.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { featuresSql, quoteLiteral, type FeatureSqlOptions } from "../../src/lib/sql/features.ts";
import { BTC_FEATURES, type BtcFeature } from "../../src/lib/sweep.ts";

export { featuresSql, featureWindows, DEFAULT_MIN_COVERAGE } from "../../src/lib/sql/features.ts";

/** Columnar features of one symbol: `ts` in epoch ms, NULL as NaN. */
export interface SymbolFeatures {
  symbol: string;
  ts: Float64Array;
  columns: Record<BtcFeature, Float64Array>;
}

/** Materialise the features as a DuckDB table `name` (replacing it). */
export async function createFeaturesTable(conn: DuckDBConnection, name: string, opts: FeatureSqlOptions): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE "${name}" AS ${featuresSql(opts)}`);
}

/** Write the features to a Parquet file (row order symbol, ts — deterministic bytes for the same input). */
export async function writeFeaturesParquet(conn: DuckDBConnection, table: string, path: string): Promise<void> {
  await conn.run(`COPY (SELECT * FROM "${table}" ORDER BY symbol, ts) TO ${quoteLiteral(path)} (FORMAT parquet, COMPRESSION zstd)`);
}

/** Read one symbol's features from a features table into typed arrays. */
export async function readSymbolFeatures(conn: DuckDBConnection, table: string, symbol: string): Promise<SymbolFeatures> {
  const cols = BTC_FEATURES.map((f) => `coalesce(${f}, 'NaN'::DOUBLE) AS ${f}`).join(", ");
  const reader = await conn.runAndReadAll(`SELECT epoch_ms(ts)::DOUBLE AS ts, ${cols} FROM "${table}" WHERE symbol = ${quoteLiteral(symbol)} ORDER BY ts`);
  const obj = reader.getColumnsObjectJS() as Record<string, number[]>;
  const columns = {} as Record<BtcFeature, Float64Array>;
  for (const f of BTC_FEATURES) columns[f] = Float64Array.from(obj[f]);
  return { symbol, ts: Float64Array.from(obj.ts), columns };
}

/** Distinct symbols of a table, sorted. */
export async function tableSymbols(conn: DuckDBConnection, table: string): Promise<string[]> {
  const r = await conn.runAndReadAll(`SELECT DISTINCT symbol FROM "${table}" ORDER BY symbol`);
  return r.getRowsJS().map((row) => String(row[0]));
}
