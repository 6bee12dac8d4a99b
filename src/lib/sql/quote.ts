/**
 * SQL quoting, once, for DuckDB (native and WASM). Every name or value that reaches SQL text goes
 * through one of these; pages and loaders never interpolate raw text into a query.
 */
import { formatUtcSql } from "../time.js";

/** A quoted identifier: "name", with embedded double quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal: 'text', with embedded single quotes doubled. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A list literal of strings, e.g. read_csv's file list: ['a', 'b']. */
export function quoteList(items: readonly string[]): string {
  return `[${items.map(quoteLiteral).join(", ")}]`;
}

/** `(a, b, c)` for `IN`: each item a string literal. */
export function quoteInList(items: readonly string[]): string {
  return `(${items.map(quoteLiteral).join(", ")})`;
}

/** A TIMESTAMP literal of an instant (epoch ms or Date), UTC: TIMESTAMP '2024-01-01 00:00:00.000'. */
export function quoteTimestamp(t: number | Date): string {
  return `TIMESTAMP ${quoteLiteral(formatUtcSql(t))}`;
}

/** An identifier unless it is already a plain one (lower-case letters, digits, _): for readable SQL. */
export function quoteIdentIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteIdent(name);
}

/**
 * A DOUBLE literal that round-trips exactly. Scientific form on purpose: DuckDB reads `0.1` as a
 * DECIMAL and `1e-1` as a DOUBLE. NaN and ±Infinity have no literal and are refused.
 */
export function quoteDouble(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number for SQL: ${x}`);
  return x.toExponential();
}

/** An integer literal (safe integers only). */
export function quoteInteger(x: number): string {
  if (!Number.isSafeInteger(x)) throw new RangeError(`not an integer for SQL: ${x}`);
  return String(x);
}

/** A table name, or a parenthesised / function source (read_parquet(...)) passed through as SQL. */
export function quoteSource(s: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) || /\(/.test(s) ? s : quoteIdent(s);
}
