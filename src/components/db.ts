/**
 * The browser data layer: one DuckDB-WASM instance per page, created lazily the first time a page
 * needs SQL, and Parquet tables registered into it.
 *
 * Why Parquet goes through parquet-wasm: DuckDB-WASM 1.32 has no Parquet reader built in, and its
 * `read_parquet` would download an extension at run time (DESIGN §1 fact 3). We decode with
 * parquet-wasm into Arrow IPC and insert that, so the committee's build never leaves its origin.
 */
import * as duckdb from "@duckdb/duckdb-wasm";
import initParquet, { readParquet } from "parquet-wasm/esm/parquet_wasm.js";

/** Anything with the bytes of a file: a Framework FileAttachment, a File, a fetch Response. */
export interface BytesSource {
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** An Arrow table as DuckDB-WASM returns it (typed without importing apache-arrow: Framework would
 * treat even a type-only import as a browser dependency). */
export type Table = Awaited<ReturnType<duckdb.AsyncDuckDBConnection["query"]>>;

let dbPromise: Promise<duckdb.AsyncDuckDB> | null = null;
let connPromise: Promise<duckdb.AsyncDuckDBConnection> | null = null;
let parquetReady: Promise<unknown> | null = null;
const tables = new Map<string, Promise<number>>();

/** Raised where DuckDB-WASM cannot run: the page says so instead of failing later. */
export class UnsupportedBrowserError extends Error {
  constructor() {
    super("This browser lacks WebAssembly exception handling (Chrome/Edge 95+, Firefox 100+, Safari 15.2+), which the in-browser SQL engine needs. The precomputed tables and charts still work; the SQL views do not.");
    this.name = "UnsupportedBrowserError";
  }
}

async function instantiate(): Promise<duckdb.AsyncDuckDB> {
  // Only the exception-handling build ships (34 MB). The "mvp" fallback (39 MB more per site) is
  // for browsers without wasm exceptions — none released since early 2022 — and Framework's own
  // client already targets es2022 browsers; measured and decided in issue 14 (bench/site).
  if (!(await duckdb.getPlatformFeatures()).wasmExceptions) throw new UnsupportedBrowserError();
  const bundle = {
    mainModule: import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"),
    mainWorker: import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js"),
  };
  // Framework rewrites the worker into an ES module, so it must be a module worker (fact 4).
  const worker = new Worker(bundle.mainWorker, { type: "module" });
  const logger = new duckdb.VoidLogger();
  const db = new duckdb.AsyncDuckDB(logger, worker);
  await db.instantiate(bundle.mainModule);
  // No extension autoloading: it would fetch from outside the origin.
  await db.open({ query: { castBigIntToDouble: true, castTimestampToDate: false } });
  return db;
}

/** The page's DuckDB-WASM instance (created on first call). */
export function getDb(): Promise<duckdb.AsyncDuckDB> {
  return (dbPromise ??= instantiate());
}

/** The page's shared connection. */
export function getConnection(): Promise<duckdb.AsyncDuckDBConnection> {
  return (connPromise ??= (async () => {
    const db = await getDb();
    const conn = await db.connect();
    await conn.query("SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;").catch(() => undefined);
    await conn.query("SET TimeZone = 'UTC'").catch(() => undefined);
    return conn;
  })());
}

function ensureParquet(): Promise<unknown> {
  return (parquetReady ??= initParquet({ module_or_path: import.meta.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm") }));
}

/** Decode Parquet bytes into an Arrow IPC stream (for DuckDB or apache-arrow). */
export async function parquetToIpc(bytes: Uint8Array): Promise<Uint8Array> {
  await ensureParquet();
  return readParquet(bytes).intoIPCStream();
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Register a Parquet file as a DuckDB table named `name` (idempotent: a second call for the same
 * name waits for the first). Resolves to the row count.
 *
 * Pass `FileAttachment("data/x.parquet").href` (a URL) or an object with `arrayBuffer()`. Never
 * pass the bare attachment: Framework then assumes the page reads Parquet itself and adds a CDN
 * import of apache-arrow, which breaks the offline build.
 */
export function registerParquet(name: string, source: BytesSource | string): Promise<number> {
  if (!TABLE_NAME.test(name)) throw new Error(`invalid table name "${name}"`);
  let p = tables.get(name);
  if (!p) {
    p = (async () => {
      const [conn, buffer] = await Promise.all([getConnection(), readBytes(source)]);
      const ipc = await parquetToIpc(new Uint8Array(buffer));
      await conn.query(`DROP TABLE IF EXISTS "${name}"`);
      await conn.insertArrowFromIPCStream(ipc, { name, create: true });
      const count = await conn.query(`SELECT count(*)::DOUBLE AS n FROM "${name}"`);
      return Number(count.getChild("n")?.get(0) ?? 0);
    })();
    tables.set(name, p);
    p.catch(() => tables.delete(name));
  }
  return p;
}

async function readBytes(source: BytesSource | string): Promise<ArrayBuffer> {
  if (typeof source !== "string") return source.arrayBuffer();
  const response = await fetch(source);
  if (!response.ok) throw new Error(`could not fetch ${source}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** Run SQL and get the Arrow table. Errors carry DuckDB's message. */
export async function query(sql: string): Promise<Table> {
  const conn = await getConnection();
  return conn.query(sql);
}

/** Run SQL and get plain row objects (BIGINT as number, TIMESTAMP as Date). */
export async function queryRows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  return arrowToRows<T>(await query(sql));
}

/** Cancel the query running on the shared connection, if any. */
export async function cancelQuery(): Promise<boolean> {
  const conn = await getConnection();
  return conn.cancelSent();
}

/** Arrow table → row objects with JS-friendly values (no BigInt, timestamps as Date). */
export function arrowToRows<T = Record<string, unknown>>(table: Table): T[] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name)!);
  const isTime = fields.map((f) => /^Timestamp|^Date/.test(String(f.type)) || f.type.typeId === 10 || f.type.typeId === 8);
  const rows: T[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < fields.length; j++) {
      let v = columns[j].get(i);
      if (typeof v === "bigint") v = Number(v);
      if (isTime[j] && typeof v === "number") v = new Date(v);
      row[fields[j].name] = v;
    }
    rows[i] = row as T;
  }
  return rows;
}
