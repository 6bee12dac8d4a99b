/**
 * The one pattern every Framework data loader under src/sweeps/[sweep]/data/ follows: read
 * `--sweep`, make sure that sweep is ingested (cached, shared by all loaders), print one file.
 * Keeping loaders this thin means the site and the CLI run the same code and cannot disagree.
 */
import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pipeline } from "node:stream/promises";
import { isValidSweepId } from "../../src/lib/sweep.ts";

/** Schemas of optional tables, so a page can always register them (empty when the input lacks them). */
const EMPTY_SCHEMAS: Record<string, string> = {
  "predictions.parquet": "crypto VARCHAR, fold INTEGER, variant VARCHAR, ts TIMESTAMP, y_true TINYINT, y_pred TINYINT, buy_proba DOUBLE",
  "ohlcv.parquet": "symbol VARCHAR, ts TIMESTAMP, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE",
};

export function sweepArg(argv = process.argv.slice(2)): string {
  const { values } = parseArgs({ args: argv, options: { sweep: { type: "string" } }, strict: false });
  const id = values.sweep;
  if (typeof id !== "string" || !isValidSweepId(id)) throw new Error(`data loader: --sweep must match [A-Za-z0-9._-]{1,100}, got ${JSON.stringify(id)}`);
  return id;
}

/** Print the ingested file `name` of the sweep named by --sweep to stdout. */
export async function emitSweepFile(name: string): Promise<void> {
  const id = sweepArg();
  const { ensureIngested } = await import("../ingest/site-cache.ts");
  const dir = await ensureIngested(id);
  const path = join(dir, name);
  if (existsSync(path)) {
    await pipeline(createReadStream(path), process.stdout);
    return;
  }
  const schema = EMPTY_SCHEMAS[name];
  if (!schema) throw new Error(`sweep ${id}: the ingest output has no ${name}`);
  process.stdout.write(await emptyParquet(schema));
}

async function emptyParquet(schema: string): Promise<Buffer> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "ftf-empty-"));
  try {
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const file = join(dir, "empty.parquet");
    await conn.run(`CREATE TABLE t (${schema}); COPY t TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
    conn.closeSync();
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
