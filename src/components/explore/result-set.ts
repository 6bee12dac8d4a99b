/**
 * A query's result as Explore's table, chart and downloads read it, over the page's data layer
 * (db.ts): a stored result stays in DuckDB's worker and is read a page, a chart's rows or a
 * stream of batches at a time; a command's small result is kept as is.
 */
import { arrowToRows, query, streamQuery, type Table } from "../db.js";
import { pageSql, type ReadPurpose } from "../../lib/explore/runner.js";
import { quoteIdent } from "../../lib/sql/quote.js";
import type { ResultColumn } from "../../lib/explore/result-view.js";

export type Row = Record<string, unknown>;

export interface ResultSet {
  columns: ResultColumn[];
  rowCount: number;
  /** Rows [offset, offset + limit) as objects, only `names` when given, read for `purpose`. */
  rows(offset: number, limit: number, purpose?: ReadPurpose, names?: readonly string[]): Promise<Row[]>;
  /** Every row, a batch at a time (downloads); holds the connection until the loop ends. */
  batches(): AsyncIterable<Table>;
}

/** A result stored in `table` (Explore's RESULT_TABLE) with the shape the runner read. */
export function storedResult(table: string, columns: ResultColumn[], rowCount: number): ResultSet {
  return {
    columns,
    rowCount,
    rows: async (offset, limit, purpose = "table", names) => {
      const cols = names ? columns.filter((c) => names.includes(c.name)) : columns;
      return arrowToRows(await query(pageSql(table, cols, offset, limit, purpose)));
    },
    batches: () => streamQuery(`SELECT * FROM ${quoteIdent(table)}`),
  };
}

/** Column names and Arrow type names of a table DuckDB-WASM returned. */
export function arrowColumns(table: Table): ResultColumn[] {
  return table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
}

/** A command's (usually small) result, kept in the page. */
export function inMemoryResult(table: Table): ResultSet {
  return {
    columns: arrowColumns(table),
    rowCount: table.numRows,
    rows: async (offset, limit) => arrowToRows(table.slice(offset, offset + limit)),
    batches: async function* () {
      yield table;
    },
  };
}
