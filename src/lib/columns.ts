/**
 * Rows as columns for JSON a page downloads before its first paint: the keys once, then one
 * array of values per row. Lossless (the same values, in the same order) and ~45% smaller than
 * an array of objects, whose every row repeats every key (issue 14: Feature drift's first view).
 * A text column that repeats a few values (a symbol, a feature, a week's start) is written once
 * per distinct value in `dictionaries`, and its cells hold the value's index there: a third
 * smaller again for the weekly drift rows, and every value decodes to the same string.
 */

export interface Columns {
  columns: string[];
  rows: unknown[][];
  /** Per dictionary-encoded column: its distinct values; the column's cells are indexes into it (null stays null). */
  dictionaries?: Record<string, string[]>;
}

/** A column is dictionary-encoded when it holds only strings (or null) and at most this share of distinct values. */
const DICTIONARY_MAX_DISTINCT_SHARE = 0.5;

/** Objects → columns; the keys are the first row's (rows are assumed to share them). */
export function toColumns(rows: ReadonlyArray<Record<string, unknown>>): Columns {
  const columns = rows.length ? Object.keys(rows[0]!) : [];
  const out: Columns = { columns, rows: rows.map((r) => columns.map((c) => (r[c] === undefined ? null : r[c]))) };
  const dictionaries: Record<string, string[]> = {};
  columns.forEach((c, i) => {
    const values = out.rows.map((r) => r[i]);
    if (!values.every((v) => v === null || typeof v === "string")) return;
    const distinct = [...new Set(values.filter((v): v is string => v !== null))];
    if (!distinct.length || distinct.length > DICTIONARY_MAX_DISTINCT_SHARE * values.length) return;
    const index = new Map(distinct.map((v, k) => [v, k]));
    for (const r of out.rows) if (r[i] !== null) r[i] = index.get(r[i] as string);
    dictionaries[c] = distinct;
  });
  if (Object.keys(dictionaries).length) out.dictionaries = dictionaries;
  return out;
}

/** Columns → objects. */
export function fromColumns<T = Record<string, unknown>>(c: Columns): T[] {
  const dict = c.columns.map((name) => c.dictionaries?.[name]);
  return c.rows.map((values) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < c.columns.length; i++) {
      const v = values[i];
      const d = dict[i];
      o[c.columns[i]!] = d && v !== null ? d[v as number] : v;
    }
    return o as T;
  });
}

/** The keys of an object `packRows` wrote as columns, so `unpackRows` needs no list of its own. */
const PACKED = "columnar";

/** Every row has the same keys in the same order: only then are columns lossless (no key is dropped or added). */
function uniform(rows: readonly unknown[]): rows is ReadonlyArray<Record<string, unknown>> {
  if (!rows.length || !rows.every((r) => r !== null && typeof r === "object" && !Array.isArray(r))) return false;
  const keys = Object.keys(rows[0] as object).join("\u0000");
  return rows.every((r) => Object.keys(r as object).join("\u0000") === keys && Object.values(r as object).every((v) => v !== undefined));
}

/**
 * `obj` with each of `keys` that holds an array of like objects replaced by its columns, and the
 * keys it replaced listed under "columnar". Other keys, and arrays whose rows differ in their keys,
 * are left as they are.
 */
export function packRows(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj };
  const packed: string[] = [];
  for (const k of keys) {
    const v = obj[k];
    if (Array.isArray(v) && uniform(v)) {
      out[k] = toColumns(v);
      packed.push(k);
    }
  }
  if (packed.length) out[PACKED] = packed;
  return out;
}

/** The inverse of packRows: the same object, every packed key back to its rows. */
export function unpackRows<T = Record<string, unknown>>(obj: Record<string, unknown>): T {
  const packed = obj[PACKED];
  if (!Array.isArray(packed)) return obj as T;
  const out: Record<string, unknown> = { ...obj };
  for (const k of packed as string[]) out[k] = fromColumns(obj[k] as Columns);
  delete out[PACKED];
  return out as T;
}
