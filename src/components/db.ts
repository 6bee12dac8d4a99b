/**
 * The browser data layer: one DuckDB-WASM instance and one connection per page, created lazily the
 * first time a page needs SQL, Parquet tables registered into it, and the one queue through which
 * every caller (pages, Explore, downloads) uses the connection, with cancel and streaming. Nothing
 * else touches the connection: it is not exported.
 *
 * Why Parquet goes through parquet-wasm: DuckDB-WASM 1.32 has no Parquet reader built in, and its
 * `read_parquet` would download an extension at run time (DESIGN §1 fact 3). We decode with
 * parquet-wasm into Arrow IPC and insert that, so the committee's build never leaves its origin.
 */
import * as duckdb from "@duckdb/duckdb-wasm";
import * as arrow from "apache-arrow";
import initParquet, { readParquet } from "parquet-wasm/esm/parquet_wasm.js";
import { quoteIdent } from "../lib/sql/quote.js";
import { serialQueue } from "../lib/serial-queue.js";

/** Anything with the bytes of a file: a Framework FileAttachment, a File, a fetch Response. */
export interface BytesSource {
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** An Arrow table as DuckDB-WASM returns it. */
export type Table = Awaited<ReturnType<duckdb.AsyncDuckDBConnection["query"]>>;

let dbPromise: Promise<duckdb.AsyncDuckDB> | null = null;
let connPromise: Promise<duckdb.AsyncDuckDBConnection> | null = null;
let parquetReady: Promise<unknown> | null = null;
const tables = new Map<string, Promise<number>>();
const bytesOf = new Map<string, number>();

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

function getDb(): Promise<duckdb.AsyncDuckDB> {
  return (dbPromise ??= instantiate());
}

/** Start DuckDB-WASM (download and compile the wasm, open the database) if it is not running yet. */
export async function startDuckDb(): Promise<void> {
  await getConnection();
}

/** The page's shared connection: only this module uses it, through the queue. */
function getConnection(): Promise<duckdb.AsyncDuckDBConnection> {
  return (connPromise ??= (async () => {
    const db = await getDb();
    const conn = await db.connect();
    await conn.query("SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;").catch(() => undefined);
    await conn.query("SET TimeZone = 'UTC'").catch(() => undefined);
    return conn;
  })());
}

/** parquet-wasm, initialised once per page (decoding here, the Parquet download writer in Explore). */
export function ensureParquet(): Promise<unknown> {
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
      // Download and decode need no connection: only the insert waits its turn.
      const [buffer] = await Promise.all([readBytes(source), getConnection()]);
      bytesOf.set(name, buffer.byteLength);
      const ipc = await parquetToIpc(new Uint8Array(buffer));
      const t = quoteIdent(name);
      return withConnection(async (s) => {
        await s.query(`DROP TABLE IF EXISTS ${t}`);
        await s.connection.insertArrowFromIPCStream(ipc, { name, create: true });
        const count = await s.query(`SELECT count(*)::DOUBLE AS n FROM ${t}`);
        return Number(count.getChild("n")?.get(0) ?? 0);
      });
    })();
    tables.set(name, p);
    p.catch(() => tables.delete(name));
  }
  return p;
}

/** The size in bytes of the Parquet file registered as `name` (undefined before it is). */
export function registeredBytes(name: string): number | undefined {
  return bytesOf.get(name);
}

async function readBytes(source: BytesSource | string): Promise<ArrayBuffer> {
  if (typeof source !== "string") return source.arrayBuffer();
  const response = await fetch(source);
  if (!response.ok) throw new Error(`could not fetch ${source}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

// ---------------------------------------------------------------------------------------------
// The one queue. DuckDB-WASM runs a connection's statements one at a time, and a statement sent
// while another is pending (conn.send, the cancellable path) aborts the first. So every use of the
// page's connection, by every page and component, waits its turn here: one task holds the
// connection until it finishes (mosaic's connector and query manager work the same way).

/** What a task may do while it holds the connection. Never call the module's queued functions
 * (query, queryRows, streamQuery, registerParquet, withConnection) from inside a task: they wait
 * for the task itself to finish. */
export interface Session {
  /** Run one statement; all its rows as one Arrow table. Cancellable (cancelQuery). */
  query(sql: string): Promise<Table>;
  /** One statement's rows, batch by batch, never all held at once; at least one (maybe empty) batch. */
  stream(sql: string): AsyncGenerator<Table>;
  /** The raw connection, for what has no SQL form (inserting Arrow). */
  connection: duckdb.AsyncDuckDBConnection;
}

const queue = serialQueue();

function session(conn: duckdb.AsyncDuckDBConnection): Session {
  const query = async (sql: string): Promise<Table> => {
    const reader = await conn.send(sql);
    // The reader's own `schema` is not set on this async path: take it from the batches (DuckDB
    // sends one, possibly empty, batch even for an empty result).
    const batches = await reader.readAll();
    return (batches.length ? new arrow.Table(batches) : new arrow.Table()) as unknown as Table;
  };
  async function* stream(sql: string): AsyncGenerator<Table> {
    const reader = await conn.send(sql, true);
    let any = false;
    for await (const batch of reader) {
      any = true;
      yield new arrow.Table([batch]) as unknown as Table;
    }
    // A streamed empty result may have no batch at all; the columns still matter (CSV header, Parquet schema).
    if (!any) yield query(`SELECT * FROM (${sql}) LIMIT 0`);
  }
  return { query, stream, connection: conn };
}

/** Run `task` with the connection to itself, once every earlier task has finished. */
export function withConnection<T>(task: (s: Session) => Promise<T>): Promise<T> {
  return queue.run(async () => task(session(await getConnection())));
}

/** Run SQL and get the Arrow table (queued; cancellable). Errors carry DuckDB's message. */
export function query(sql: string): Promise<Table> {
  return withConnection((s) => s.query(sql));
}

/** Run SQL and get plain row objects (BIGINT as number, TIMESTAMP as Date). */
export async function queryRows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  return arrowToRows<T>(await query(sql));
}

/** A query's rows batch by batch (queued: the connection is held until the loop ends or breaks). */
export async function* streamQuery(sql: string): AsyncGenerator<Table> {
  const release = await queue.acquire();
  try {
    yield* session(await getConnection()).stream(sql);
  } finally {
    release();
  }
}

/**
 * Cancel the statement running on the shared connection, if any (not queued: it must reach the
 * worker while the statement runs). The cancelled statement's promise rejects; the queue goes on.
 */
export async function cancelQuery(): Promise<boolean> {
  if (!connPromise) return false;
  const conn = await connPromise;
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
