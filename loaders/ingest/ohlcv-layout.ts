/**
 * What a kline CSV looks like, decided from its first lines: Binance's 12 header-less columns, or
 * a header naming a time column and open/high/low/close/volume (any case, Binance's own header
 * names included). The result tells DuckDB's read_csv the exact columns and types, so nothing
 * is left to its sniffer and every bad cell becomes a reject with a line number.
 */
import { quoteLiteral } from "../../src/lib/sql/quote.ts";

export type Role =
  | "time" | "open" | "high" | "low" | "close" | "volume"
  | "close_time" | "quote_volume" | "n_trades" | "taker_buy_base_volume" | "taker_buy_quote_volume"
  | "symbol" | "ignore";

export type SqlType = "BIGINT" | "DOUBLE" | "VARCHAR";

export interface CsvColumn {
  /** The name in the file's header, or Binance's documented name for header-less files. */
  name: string;
  role: Role;
  type: SqlType;
}

export interface Layout {
  header: boolean;
  delim: string;
  /** Line ending: Windows exports end lines with CRLF, which read_csv must be told. */
  newline: "\n" | "\r\n";
  columns: CsvColumn[];
}

export interface LayoutProblem {
  code: string;
  message: string;
  column?: string;
  value?: unknown;
  expected?: string;
  line?: number;
}

/** The Binance spot kline columns, in file order (https://github.com/binance/binance-public-data). */
export const BINANCE_KLINE_COLUMNS: ReadonlyArray<{ name: string; role: Role; type: SqlType }> = [
  { name: "open_time", role: "time", type: "BIGINT" },
  { name: "open", role: "open", type: "DOUBLE" },
  { name: "high", role: "high", type: "DOUBLE" },
  { name: "low", role: "low", type: "DOUBLE" },
  { name: "close", role: "close", type: "DOUBLE" },
  { name: "volume", role: "volume", type: "DOUBLE" },
  { name: "close_time", role: "close_time", type: "BIGINT" },
  { name: "quote_volume", role: "quote_volume", type: "DOUBLE" },
  { name: "count", role: "n_trades", type: "BIGINT" },
  { name: "taker_buy_volume", role: "taker_buy_base_volume", type: "DOUBLE" },
  { name: "taker_buy_quote_volume", role: "taker_buy_quote_volume", type: "DOUBLE" },
  { name: "ignore", role: "ignore", type: "VARCHAR" },
];

export const PRICE_ROLES = ["open", "high", "low", "close", "volume"] as const;
export const EXTRA_ROLES = ["close_time", "quote_volume", "n_trades", "taker_buy_base_volume", "taker_buy_quote_volume"] as const;
export type ExtraRole = (typeof EXTRA_ROLES)[number];

/** Header names (normalised: lower case, non-alphanumerics → "_") and the role they play. */
const HEADER_ROLES: Record<string, Role> = {
  open_time: "time", timestamp: "time", datetime: "time", date_time: "time", date: "time", time: "time", ts: "time", opentime: "time",
  open: "open", high: "high", low: "low", close: "close", volume: "volume",
  close_time: "close_time", closetime: "close_time",
  quote_volume: "quote_volume", quote_asset_volume: "quote_volume", quote_av: "quote_volume", qav: "quote_volume",
  n_trades: "n_trades", number_of_trades: "n_trades", num_trades: "n_trades", trades: "n_trades", count: "n_trades",
  taker_buy_base_volume: "taker_buy_base_volume", taker_buy_base_asset_volume: "taker_buy_base_volume", taker_buy_volume: "taker_buy_base_volume", tb_base_av: "taker_buy_base_volume",
  taker_buy_quote_volume: "taker_buy_quote_volume", taker_buy_quote_asset_volume: "taker_buy_quote_volume", tb_quote_av: "taker_buy_quote_volume",
  symbol: "symbol",
};

/** When several header columns could be the time, the first of these wins. */
const TIME_PRIORITY = ["open_time", "opentime", "timestamp", "datetime", "date_time", "date", "time", "ts"];

export function normaliseHeaderName(s: string): string {
  return s.trim().replace(/^"|"$/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DIGITS = /^\d+$/;

function splitLine(line: string, delim: string): string[] {
  // Kline files are never quoted in practice; strip quotes around a field if a tool added them.
  return line.split(delim).map((f) => f.trim().replace(/^"(.*)"$/, "$1"));
}

function pickDelimiter(line: string): string {
  const counts = [",", ";", "\t", "|"].map((d) => [d, line.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ",";
}

/**
 * Decide the layout from the first bytes of a file (text, BOM allowed). Returns a problem for
 * empty files, header-less files that are not Binance klines, and headers missing a column.
 */
/**
 * The lines of `text` from line index `from` on, as [index, line] pairs, split as
 * `text.split(/\r?\n/)` would, but lazily: a sniff reads two lines of a 64 KB head, and
 * splitting all of it for 288 files cost a third of a 1-hour ingest (most of it garbage).
 */
export function* linesOf(text: string, from = 0): Generator<[number, string]> {
  let start = 0;
  for (let i = 0; start <= text.length; i++) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl;
    if (i >= from) yield [i, text.slice(start, end > start && text.charCodeAt(end - 1) === 13 && nl >= 0 ? end - 1 : end)];
    if (nl < 0) return;
    start = nl + 1;
  }
}

/** The first line at or after index `from` that is not blank, as [index, line]. */
export function firstNonBlankLine(text: string, from = 0): [number, string] | undefined {
  for (const entry of linesOf(text, from)) if (entry[1].trim() !== "") return entry;
  return undefined;
}

export function sniffLayout(head: string): { layout: Layout; firstDataLine: number } | { problem: LayoutProblem } {
  const text = head.replace(/^\uFEFF/, "");
  const [firstIdx, first] = firstNonBlankLine(text) ?? [-1, ""];
  if (firstIdx < 0) return { problem: { code: "empty_file", message: "empty file: no header and no data rows", expected: "Binance kline rows or a CSV header and rows" } };
  const delim = pickDelimiter(first);
  const newline = /\r\n/.test(text) ? "\r\n" : "\n";
  const fields = splitLine(first, delim);
  const hasHeader = !NUMERIC.test(fields[0]);

  if (!hasHeader) {
    if (fields.length < 6 || fields.length > BINANCE_KLINE_COLUMNS.length) {
      return {
        problem: {
          code: "wrong_columns",
          line: firstIdx + 1,
          message: `a header-less file must be Binance klines, but the first row has ${fields.length} column${fields.length === 1 ? "" : "s"}`,
          expected: "12 columns (open_time, open, high, low, close, volume, close_time, quote_volume, count, taker_buy_volume, taker_buy_quote_volume, ignore) or a header line",
        },
      };
    }
    return { layout: { header: false, delim, newline, columns: BINANCE_KLINE_COLUMNS.slice(0, fields.length).map((c) => ({ ...c })) }, firstDataLine: firstIdx + 1 };
  }

  const names = fields.map(normaliseHeaderName);
  const dataLine = firstNonBlankLine(text, firstIdx + 1)?.[1];
  const sample = dataLine ? splitLine(dataLine, delim) : [];
  const timeIdx = TIME_PRIORITY.map((n) => names.indexOf(n)).find((i) => i >= 0) ?? -1;
  const used = new Set<Role>();
  const seenNames = new Map<string, number>();
  const columns: CsvColumn[] = names.map((n, i) => {
    // read_csv needs unique column names; a repeated or blank header gets a suffix.
    const base = n || `column${i + 1}`;
    const k = seenNames.get(base) ?? 0;
    seenNames.set(base, k + 1);
    const name = k ? `${base}_${k + 1}` : base;
    let role: Role = i === timeIdx ? "time" : HEADER_ROLES[n] ?? "ignore";
    if (role === "time" && i !== timeIdx) role = "ignore";
    if (role !== "ignore" && used.has(role)) role = "ignore";
    used.add(role);
    // Epoch numbers are read as integers (fast, and bad cells become rejects); text times as text.
    const isTimeLike = role === "time" || role === "close_time";
    const type: SqlType = role === "ignore" || role === "symbol" ? "VARCHAR" : isTimeLike ? (DIGITS.test(sample[i] ?? "") ? "BIGINT" : "VARCHAR") : "DOUBLE";
    return { name, role, type };
  });
  if (timeIdx < 0) {
    return { problem: { code: "missing_column", line: firstIdx + 1, column: "timestamp", message: "no time column in the header", value: fields.join(delim), expected: "a column named timestamp, open_time, date, datetime or Open Time (any case)" } };
  }
  const missing = PRICE_ROLES.filter((r) => !used.has(r));
  if (missing.length) {
    return { problem: { code: "missing_column", line: firstIdx + 1, column: missing.join(", "), message: `missing required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`, value: fields.join(delim), expected: "columns open, high, low, close, volume" } };
  }
  return { layout: { header: true, delim, newline, columns }, firstDataLine: firstIdx + 2 };
}

/** read_csv's `columns` argument for a layout. */
export function columnsSpec(layout: Layout): string {
  return `{${layout.columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(", ")}}`;
}
