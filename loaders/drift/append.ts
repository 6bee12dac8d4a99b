/**
 * Plain JS rows → a DuckDB temp table through the appender, so the site's Parquet tables carry the
 * exact doubles the analysis computed (no round trip through SQL literals).
 */
import { parseUtc } from "../../src/lib/time.ts";
import type { TableColumn } from "../../src/lib/tables.ts";
import type { Duck } from "../ingest/duck.ts";

/** A column as the table catalogue (src/lib/tables.ts) states it. */
export type Column = TableColumn;

/** TIMESTAMP columns travel as epoch ms (from ISO text) and are converted in `selectColumns`. */
export function selectColumns(cols: readonly Column[]): string {
  return cols.map((c) => (c.type === "TIMESTAMP" ? `make_timestamp(${c.name} * 1000) AS ${c.name}` : c.name)).join(", ");
}

/** Plain objects → a temp table through the appender (exact doubles, no SQL literal round trip). */
export async function appendRows(duck: Duck, table: string, cols: readonly Column[], rows: readonly Record<string, unknown>[]): Promise<void> {
  const ddl = cols.map((c) => `${c.name} ${c.type === "TIMESTAMP" ? "BIGINT" : c.type}`).join(", ");
  await duck.run(`CREATE OR REPLACE TEMP TABLE ${table} (${ddl})`);
  const app = await duck.conn.createAppender(table);
  for (const row of rows) {
    for (const c of cols) {
      const v = row[c.name];
      if (v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v))) app.appendNull();
      else if (c.type === "VARCHAR") app.appendVarchar(String(v));
      else if (c.type === "DOUBLE") app.appendDouble(v as number);
      else if (c.type === "INTEGER") app.appendInteger(v as number);
      else if (c.type === "BOOLEAN") app.appendBoolean(v as boolean);
      else if (c.type === "TIMESTAMP") app.appendBigInt(BigInt(parseUtc(String(v))));
      else throw new TypeError(`appendRows: no appender for ${c.type} (column ${c.name})`);
    }
    app.endRow();
  }
  app.closeSync();
}
