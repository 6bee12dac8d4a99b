/**
 * Node side of the BTC features: runs the SQL of src/lib/sql/features.ts with native DuckDB (the
 * drift analysis's "sql" engine; loaders/drift/write.ts writes features.parquet) and reads a
 * symbol's features into typed arrays. The SQL is the single definition; this module only moves rows.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { featuresSql, type FeatureSqlOptions } from "../../src/lib/sql/features.ts";
import { quoteIdent, quoteLiteral } from "../../src/lib/sql/quote.ts";
import { BTC_FEATURES, type BtcFeature } from "../../src/lib/sweep.ts";

/** Columnar features of one symbol: `ts` in epoch ms, NULL as NaN. */
export interface SymbolFeatures {
  symbol: string;
  ts: Float64Array;
  columns: Record<BtcFeature, Float64Array>;
}

/** Materialise the features as a DuckDB table `name` (replacing it). */
export async function createFeaturesTable(conn: DuckDBConnection, name: string, opts: FeatureSqlOptions): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE ${quoteIdent(name)} AS ${featuresSql(opts)}`);
}

/**
 * Read one symbol's features from a features table into typed arrays, chunk by chunk (no JS object
 * per value: a 1-minute symbol is ~2 million rows).
 */
export async function readSymbolFeatures(conn: DuckDBConnection, table: string, symbol: string): Promise<SymbolFeatures> {
  const where = `FROM ${quoteIdent(table)} WHERE symbol = ${quoteLiteral(symbol)}`;
  const n = Number((await conn.runAndReadAll(`SELECT count(*) ${where}`)).getRowsJS()[0][0]);
  const ts = new Float64Array(n);
  const columns = {} as Record<BtcFeature, Float64Array>;
  for (const f of BTC_FEATURES) columns[f] = new Float64Array(n);
  const targets = [ts, ...BTC_FEATURES.map((f) => columns[f])];
  const result = await conn.run(`SELECT epoch_ms(ts)::DOUBLE AS ts, ${BTC_FEATURES.join(", ")} ${where} ORDER BY ts`);
  let at = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const rows = chunk.rowCount;
    targets.forEach((out, j) => {
      const v = chunk.getColumnVector(j);
      for (let i = 0; i < rows; i++) out[at + i] = (v.getItem(i) as number | null) ?? NaN;
    });
    at += rows;
  }
  if (at !== n) throw new Error(`readSymbolFeatures: expected ${n} rows of ${symbol}, read ${at}`);
  return { symbol, ts, columns };
}

