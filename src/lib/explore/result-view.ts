/**
 * How the Explore page shows a result: what kind of value a DuckDB column holds, which columns a
 * quick chart starts from, how a cell reads in the table, and the paging arithmetic.
 */
import { formatUtc } from "../time.js";
import { sig } from "../format.js";

export type ColumnKind = "integer" | "number" | "time" | "text" | "boolean" | "other";

export interface ResultColumn {
  name: string;
  /** DuckDB's type name, as DESCRIBE reports it (e.g. "DOUBLE", "TIMESTAMP", "DECIMAL(18,3)"). */
  type: string;
}

const INTEGER_TYPES = /^(U?TINYINT|U?SMALLINT|U?INTEGER|U?BIGINT|U?HUGEINT|U?INT\d*|LONG|SHORT)$/;
// DuckDB's DECIMAL(18,3) and Arrow's Decimal[18e3] (how DuckDB-WASM types a command's DECIMAL or HUGEINT column).
const NUMBER_TYPES = /^(DOUBLE|FLOAT\d*|REAL|DECIMAL.*|NUMERIC.*)$/;
const TIME_TYPES = /^(DATE|TIMESTAMP|DATETIME)/;
const TEXT_TYPES = /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|UUID|UTF8|LARGEUTF8|ENUM\b.*)$/;

/** The kind of a column from its DuckDB type name or its Arrow type name (results of commands). */
export function columnKind(type: string): ColumnKind {
  const t = type.trim().toUpperCase();
  if (t.startsWith("DECIMAL")) return "number";
  if (t.endsWith("]") || t.startsWith("LIST") || t.startsWith("STRUCT") || t.startsWith("MAP")) return "other";
  if (INTEGER_TYPES.test(t)) return "integer";
  if (NUMBER_TYPES.test(t)) return "number";
  if (TIME_TYPES.test(t)) return "time";
  if (TEXT_TYPES.test(t)) return "text";
  if (t === "BOOLEAN" || t === "BOOL") return "boolean";
  return "other";
}

export const isNumeric = (k: ColumnKind): boolean => k === "integer" || k === "number";

export type ChartMark = "dot" | "line" | "bar";

export interface ChartChoice {
  x: string | null;
  y: string | null;
  color: string | null;
  mark: ChartMark;
}

/**
 * A first chart for a result, which the reader then changes:
 * - x: the first time column, else the first text column, else the first numeric column;
 * - y: the first floating-point column that is not x (integers are mostly counts and ids:
 *   fold, n_bars…), else the first integer column that is not x;
 * - colour: the first text column that is not x;
 * - mark: a line over time, dots otherwise (dots neither stack nor join categories).
 * With `sample` rows (e.g. the first page), a text column holding one value throughout the
 * sample (a filter's column, such as the variant of a per-variant query) is only used for x or
 * colour when nothing else is left. x/y are null when the result has nothing to plot.
 */
export function defaultChart(columns: readonly ResultColumn[], sample: readonly Record<string, unknown>[] = []): ChartChoice {
  const constant = (name: string) => sample.length > 1 && sample.every((r) => r[name] === sample[0][name]);
  const kinds = columns.map((c) => ({ name: c.name, kind: columnKind(c.type) }));
  const first = (pred: (k: ColumnKind) => boolean, not: (string | null)[] = []) => kinds.find((c) => pred(c.kind) && !not.includes(c.name))?.name ?? null;
  const isCategory = (k: ColumnKind) => k === "text" || k === "boolean";
  const category = (not: (string | null)[] = []) => first(isCategory, [...not, ...kinds.filter((c) => constant(c.name)).map((c) => c.name)]) ?? first(isCategory, not);
  const x = first((k) => k === "time") ?? category() ?? first(isNumeric);
  const y = first((k) => k === "number", [x]) ?? first((k) => k === "integer", [x]);
  const color = category([x, y]);
  const xKind = kinds.find((c) => c.name === x)?.kind;
  return { x: y ? x : null, y, color: y ? color : null, mark: xKind === "time" ? "line" : "dot" };
}

/**
 * A cell as the result table shows it: numbers as src/lib/format.ts `sig` prints them (no 17-digit
 * floats), whole BigInts in full, UTC ISO-8601 times, NULL spelled out.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return "NULL";
    return formatUtc(value);
  }
  if (typeof value === "number") return sig(value);
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** The exact value behind a cell, when the cell rounds it (the cell's title); null when the text is exact. */
export function exactText(value: unknown): string | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  const exact = String(value);
  return cellText(value).replace("−", "-") === exact ? null : exact;
}

export interface PageWindow {
  /** 0-based page index after clamping. */
  page: number;
  pages: number;
  offset: number;
  limit: number;
  /** 1-based first and last row shown (0, 0 for an empty result). */
  from: number;
  to: number;
}

/** The rows of page `page` (0-based, clamped into range) of `total` rows by `size`. */
export function pageWindow(total: number, size: number, page: number): PageWindow {
  if (!(size >= 1)) throw new Error(`page size must be at least 1, got ${size}`);
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const offset = p * size;
  const limit = Math.max(0, Math.min(size, total - offset));
  return { page: p, pages, offset, limit, from: limit ? offset + 1 : 0, to: offset + limit };
}

/** "1,234 ms" below 10 s, "12.3 s" above: how the page reports durations. */
export function formatDuration(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms).toLocaleString("en-US")} ms` : `${(ms / 1000).toFixed(1)} s`;
}
