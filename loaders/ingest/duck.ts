/**
 * A native DuckDB session for one ingest: an in-memory database whose spill directory and memory
 * limit we choose, so a 12-million-row OHLCV set stays under a few GiB, and query helpers that
 * return plain JS values (bigint → number).
 */
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

export interface DuckOptions {
  /**
   * Where DuckDB may spill when a sort or a join outgrows memory. By default a folder of this
   * session's own under the system temp folder: DuckDB's own default is ".tmp" in the current
   * folder. DuckDB creates the folder only when it spills and removes it on close.
   */
  tempDir?: string;
  /** e.g. "2GB"; DuckDB's default is 80% of RAM, too much on a shared machine. */
  memoryLimit?: string;
  threads?: number;
}

/** FTF_DUCKDB_THREADS as a positive integer, or undefined (DuckDB's default: one per core). */
function threadCap(): number | undefined {
  const n = Number(process.env.FTF_DUCKDB_THREADS);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export class Duck {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    /** A second connection to another session's database closes only itself. */
    private readonly ownsInstance = true,
  ) {}

  /**
   * Another connection to the same database, for statements that must run at the same time as
   * this connection's (its TEMP tables are its own); close it before the session.
   */
  async connect(): Promise<Duck> {
    const conn = await this.instance.connect();
    const duck = new Duck(this.instance, conn, false);
    await duck.run("SET TimeZone = 'UTC'");
    return duck;
  }

  static async open(opts: DuckOptions = {}): Promise<Duck> {
    const config: Record<string, string> = {};
    if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
    config.temp_directory = opts.tempDir ?? join(tmpdir(), `ftf-duckdb-spill-${randomUUID()}`);
    // FTF_DUCKDB_THREADS caps sessions that name no thread count: `npm run test:fast` runs four
    // test files at once on two cores, where each session's own worker pool only adds contention.
    const threads = opts.threads ?? threadCap();
    if (threads) config.threads = String(threads);
    const instance = await DuckDBInstance.create(":memory:", config);
    const conn = await instance.connect();
    const duck = new Duck(instance, conn);
    // UTC so text without an offset means UTC, and no extension may be fetched from the network.
    await duck.run("SET TimeZone = 'UTC'; SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;");
    return duck;
  }

  async run(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  async rows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((r) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) o[k] = typeof v === "bigint" ? Number(v) : v;
      return o as T;
    });
  }

  async value<T = unknown>(sql: string): Promise<T> {
    const [row] = await this.rows(sql);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  /**
   * `fn` run with the database at `n` DuckDB threads, the previous count put back afterwards
   * (RESET would drop a FTF_DUCKDB_THREADS cap). One thread makes Parquet bytes independent of
   * the core count; the setting is the database's, so it holds for every connection.
   */
  async withThreads<T>(n: number, fn: () => Promise<T>): Promise<T> {
    const before = await this.value<number>("SELECT current_setting('threads')");
    await this.run(`SET threads = ${n}`);
    try {
      return await fn();
    } finally {
      await this.run(`SET threads = ${before}`);
    }
  }

  async version(): Promise<string> {
    return this.value<string>("SELECT version()");
  }

  close(): void {
    this.conn.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

/**
 * DuckDB's memory limit for an ingest: FTF_DUCKDB_MEMORY or 2 GB, enough to hold 12 million bars
 * without spilling while the process stays under 3 GiB; beyond it DuckDB spills to disk.
 */
export function ingestMemoryLimit(): string {
  return process.env.FTF_DUCKDB_MEMORY ?? "2GB";
}

/**
 * DuckDB's memory limit for monitoring a deployment (`ftf monitor`, `ftf validate` of a
 * deployment): FTF_DUCKDB_MEMORY or 1536 MB, for an inference log and the sweep's OHLCV bars.
 */
export function monitorMemoryLimit(): string {
  return process.env.FTF_DUCKDB_MEMORY ?? "1536MB";
}

/**
 * DuckDB's memory limit for the drift analysis (`ftf drift`, the site's drift stage, bench/drift):
 * FTF_DUCKDB_MEMORY or 1 GB. At 12.6 M one-minute bars its tables (the features of every target,
 * the quality flags, and in bench/drift the OHLCV read from CSV: ~2 GB in all) outgrow it and
 * DuckDB keeps the rest in its spill folder, while V8 holds one symbol's bars, one target's
 * features and the garbage it has not yet collected (~0.5 GB) on top. Measured (bench/drift/README.md):
 * peak RSS 4.2 GB at a 4 GB limit, 3.05 GB at 1536 MB, 2.35 GB at 1 GB, the analysis no slower.
 */
export function analysisMemoryLimit(): string {
  return process.env.FTF_DUCKDB_MEMORY ?? "1GB";
}
