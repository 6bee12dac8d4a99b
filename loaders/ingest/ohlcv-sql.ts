/**
 * The SQL that turns one kline CSV layout into normalised rows of `ohlcv_rows`: time units told
 * apart by magnitude row by row (Binance's archive moved from ms to µs in 2025, and a folder may
 * hold both), ISO-8601 text with or without an offset (none = UTC), extras when the file has them.
 */
import { quoteIdent } from "../../src/lib/sql/quote.ts";
import { EPOCH_UNITS, epochToTimestampSql, epochUnitIndexSql } from "../../src/lib/epoch.ts";
import { EXTRA_ROLES, type CsvColumn, type Layout, type Role } from "./ohlcv-layout.ts";

/**
 * The stored bars. `tag` packs the bar's part (its file, and its symbol for files with a symbol
 * column: `RawParts`) with its time-unit code as part * 8 + code, code 7 for none: four small
 * columns (file, symbol, unit, row) took 290 MB of the 1.65 GB of 12.6 M minute bars, since an
 * in-memory table is stored uncompressed with a validity block per column and row group, and
 * appending them cost 2.3 of 18 CPU-s (bench/ingest/README.md). Read it through the view of
 * `rawViewSql`, never directly. A column `rn` (the row in its file) is added only when a file
 * with a symbol column is loaded, whose rows are stored re-ordered by symbol.
 */
export const RAW_TABLE_DDL = `CREATE OR REPLACE TABLE ohlcv_rows (
  tag INTEGER, ts TIMESTAMP,
  open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE,
  close_time TIMESTAMP, quote_volume DOUBLE, n_trades BIGINT, taker_buy_base_volume DOUBLE, taker_buy_quote_volume DOUBLE)`;

const NO_UNIT = 7;

/** SQL: the stored tag of a part id and a time-unit code expression (row by row). */
export function rawTagSql(part: string, tu: string): string {
  return `(${part} * 8 + coalesce(${tu}, ${NO_UNIT}))::INTEGER`;
}

/** Part ids of the stored bars: one per (source, symbol) pair, in the order they were loaded. */
export class RawParts {
  readonly parts: { src: number; sym: number }[] = [];
  private readonly ids = new Map<string, number>();

  id(src: number, sym: number): number {
    const key = `${src}:${sym}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.parts.push({ src, sym }) - 1;
      // part * 8 + 7 must fit an INTEGER
      if (id >= 2 ** 28) throw new Error("more than 2^28 (file, symbol) pairs");
      this.ids.set(key, id);
    }
    return id;
  }
}

/**
 * The view `ohlcv_raw` over `ohlcv_rows`: rid (the rowid, in load order), part, src, sym (1-based id),
 * rn (the row in its file when stored re-ordered, else NULL), ts, tu and the values.
 */
export function rawViewSql(parts: RawParts, hasRn: boolean): string {
  const part = "(tag >> 3)";
  // Scans that need no file or symbol group by `part` and map it in JS: the list lookups cost.
  return `CREATE OR REPLACE VIEW ohlcv_raw AS SELECT rowid AS rid, ${part} AS part, ${partLookupSql(parts.parts, (p) => p.src, part)} AS src, ${partLookupSql(parts.parts, (p) => p.sym, part)} AS sym,
  ${hasRn ? "rn" : "NULL::INTEGER AS rn"}, ts, nullif(tag & 7, ${NO_UNIT})::UTINYINT AS tu,
  open, high, low, close, volume, close_time, quote_volume, n_trades, taker_buy_base_volume, taker_buy_quote_volume
FROM ohlcv_rows`;
}

/** SQL: `f` of the part whose id is `part` (an expression), looked up in a constant list. */
export function partLookupSql(parts: readonly { src: number; sym: number }[], f: (p: { src: number; sym: number }) => number, part: string, type = "INTEGER"): string {
  return `(CAST([${parts.map(f).join(", ")}] AS ${type}[])[${part} + 1])`;
}

/** Time-unit codes stored in `tu`. */
export const TIME_UNITS = [...EPOCH_UNITS, "ISO text"] as const;

// The unit of an epoch number is decided by its magnitude (src/lib/epoch.ts has the rule).
const unitOf = epochUnitIndexSql;
const epochToTs = epochToTimestampSql;
const DIGITS_RE = "'\\s*[0-9]+\\s*'";

function textToTs(c: string): string {
  const n = `TRY_CAST(trim(${c}) AS BIGINT)`;
  return `(CASE WHEN regexp_full_match(${c}, ${DIGITS_RE}) THEN ${epochToTs(n)} ELSE TRY_CAST(trim(${c}) AS TIMESTAMPTZ)::TIMESTAMP END)`;
}

function timeExprs(col: CsvColumn | undefined): { ts: string; tu: string } {
  if (!col) return { ts: "NULL", tu: "NULL" };
  const c = quoteIdent(col.name);
  if (col.type === "BIGINT") return { ts: epochToTs(c), tu: unitOf(c) };
  return { ts: textToTs(c), tu: `(CASE WHEN regexp_full_match(${c}, ${DIGITS_RE}) THEN ${unitOf(`TRY_CAST(trim(${c}) AS BIGINT)`)} ELSE 4 END)` };
}

/**
 * A column of any DuckDB type → TIMESTAMP (UTC): timestamps as they are (with a time zone:
 * converted to UTC), integers as epoch s/ms/µs/ns by magnitude, text as epoch digits or ISO-8601.
 */
export function epochOrTextToTimestampSql(expr: string, duckType: string): string {
  if (/^(TIMESTAMP|DATE)/i.test(duckType)) return `CAST(${expr} AS TIMESTAMP)`;
  if (/INT/i.test(duckType)) return epochToTs(`CAST(${expr} AS BIGINT)`);
  if (/DOUBLE|FLOAT|DECIMAL|REAL/i.test(duckType)) return epochToTs(`CAST(round(${expr}) AS BIGINT)`);
  return textToTs(`CAST(${expr} AS VARCHAR)`);
}

/**
 * The SELECT list producing ts, tu, the prices and the extras from a file
 * of this layout; roles the file lacks become NULL.
 */
export function normalisedSelectList(layout: Layout): string {
  const byRole = new Map<Role, CsvColumn>();
  for (const c of layout.columns) if (c.role !== "ignore") byRole.set(c.role, c);
  const col = (r: Role) => (byRole.has(r) ? quoteIdent(byRole.get(r)!.name) : "NULL");
  const time = timeExprs(byRole.get("time"));
  const closeTime = timeExprs(byRole.get("close_time")).ts;
  const trades = byRole.get("n_trades");
  const tradesExpr = !trades ? "NULL" : trades.type === "BIGINT" ? quoteIdent(trades.name) : `TRY_CAST(round(${quoteIdent(trades.name)}) AS BIGINT)`;
  return [
    `${time.ts} AS ts`,
    `${time.tu} AS tu`,
    ...["open", "high", "low", "close", "volume"].map((r) => `${col(r as Role)} AS ${r}`),
    `${closeTime} AS close_time`,
    `${col("quote_volume")} AS quote_volume`,
    `${tradesExpr} AS n_trades`,
    `${col("taker_buy_base_volume")} AS taker_buy_base_volume`,
    `${col("taker_buy_quote_volume")} AS taker_buy_quote_volume`,
  ].join(",\n  ");
}

/** Extra Binance columns a layout provides. */
export function layoutExtras(layout: Layout): string[] {
  return EXTRA_ROLES.filter((r) => layout.columns.some((c) => c.role === r));
}
