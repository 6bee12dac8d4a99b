/**
 * db.ts on first use. A page that draws first from precomputed JSON and needs SQL only later
 * imports these instead of db.ts, so DuckDB-WASM's JavaScript (with apache-arrow, flatbuffers and
 * parquet-wasm's glue: ~0.3 MB before compression) is not among its first-paint downloads either,
 * not only the wasm (issue 14). Same functions, same behaviour, one module instance.
 */
// No type import from db.ts: the dynamic import below must stay its only reference.
type BytesSource = { arrayBuffer(): Promise<ArrayBuffer> };
interface Db {
  registerParquet(name: string, source: BytesSource | string): Promise<number>;
  queryRows<T>(sql: string): Promise<T[]>;
}
let db: Promise<Db> | null = null;
const load = (): Promise<Db> => (db ??= import("./db.js"));

/** db.ts registerParquet, loading db.ts first. */
export async function registerParquet(name: string, source: BytesSource | string): Promise<number> {
  return (await load()).registerParquet(name, source);
}

/** db.ts queryRows, loading db.ts first. */
export async function queryRows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  return (await load()).queryRows<T>(sql);
}
