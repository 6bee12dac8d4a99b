/**
 * CSV text for query results (RFC 4180 quoting, "\n" line ends, a header row).
 *
 * Values are written so that reading the file back gives the same values:
 * - numbers in JavaScript's shortest round-trip form (`String(x)`; "NaN", "Infinity", "-Infinity");
 *   bigint as its decimal digits;
 * - timestamps (Date) as ISO-8601 UTC with milliseconds and "Z" — never a local time;
 * - NULL/undefined as an empty field, the empty string as `""` (so the two stay distinguishable);
 * - booleans as true/false; nested values (lists, structs, maps) as JSON; bytes as \x-hex.
 * A field is quoted when it holds the delimiter, a quote, CR or LF, or starts/ends with a space.
 * No spreadsheet "formula" escaping: a leading "-" is the sign of a number here, not an attack.
 */
import { formatUtcMillis } from "./time.js";

export const CSV_EOL = "\n";

/** One value as CSV text, before quoting. `null` means "write an empty, unquoted field". */
export function csvText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return String(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : formatUtcMillis(value);
  if (value instanceof Uint8Array) return "\\x" + Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("");
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v));
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field: the value's text, quoted (quotes doubled) when it must be. */
export function csvField(value: unknown, delimiter = ","): string {
  const text = csvText(value);
  if (text === null) return "";
  if (text === "" || NEEDS_QUOTES.test(text) || (delimiter !== "," && text.includes(delimiter))) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** One CSV line (without the line end). */
export function csvRow(values: readonly unknown[], delimiter = ","): string {
  return values.map((v) => csvField(v, delimiter)).join(delimiter);
}

/** A whole CSV document: header + rows, each line ended by "\n". */
export function toCsv(columns: readonly string[], rows: Iterable<readonly unknown[]>, delimiter = ","): string {
  let out = csvRow(columns, delimiter) + CSV_EOL;
  for (const r of rows) out += csvRow(r, delimiter) + CSV_EOL;
  return out;
}

/**
 * CSV lines of row objects, in `columns` order, as chunks of about `chunkRows` rows: what a
 * download of millions of rows streams into a Blob without building one giant string.
 */
export function* csvChunks(columns: readonly string[], rows: Iterable<Record<string, unknown>>, chunkRows = 10_000, delimiter = ","): Generator<string> {
  let buf: string[] = [];
  for (const r of rows) {
    buf.push(csvRow(columns.map((c) => r[c]), delimiter));
    if (buf.length >= chunkRows) {
      yield buf.join(CSV_EOL) + CSV_EOL;
      buf = [];
    }
  }
  if (buf.length) yield buf.join(CSV_EOL) + CSV_EOL;
}

/**
 * Parse CSV text written by this module (or any RFC 4180 file) into rows of strings; an unquoted
 * empty field is `null`, a quoted empty field is "". The reader the tests use to hold a download
 * to the query result.
 */
export function parseCsv(text: string, delimiter = ","): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return rows;
  for (;;) {
    let field: string | null;
    if (text[i] === '"') {
      let j = i + 1;
      let s = "";
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new Error(`CSV: unterminated quoted field starting at offset ${i}`);
        s += text.slice(j, q);
        if (text[q + 1] === '"') {
          s += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      field = s;
    } else {
      let j = i;
      while (j < n && text[j] !== delimiter && text[j] !== "\n" && text[j] !== "\r") j++;
      field = j === i ? null : text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (i >= n) {
      rows.push(row);
      break;
    }
    const c = text[i];
    if (c === delimiter) {
      i++;
      continue;
    }
    if (c === "\r" && text[i + 1] === "\n") i++;
    if (c === "\n" || c === "\r") {
      rows.push(row);
      row = [];
      i++;
      if (i >= n) break;
      continue;
    }
    throw new Error(`CSV: unexpected character ${JSON.stringify(c)} after a quoted field at offset ${i}`);
  }
  return rows;
}
