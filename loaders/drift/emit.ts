/** The body of the site's drift data loaders: print one drift file of a sweep. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { siteTable } from "../../src/lib/tables.ts";
import { emptyTableParquet } from "../site/empty-table.ts";
import { sweepArg } from "../site/emit.ts";
import { ensureDriftTables } from "./cache.ts";
import type { DriftFile } from "./write.ts";

/**
 * The body of the site's drift data loaders (src/sweeps/[sweep]/data/<file>.ts): ingest (cached),
 * compute the drift tables (cached), print one of them. A sweep without OHLCV gets
 * `{"available": false, "reason": ...}` / an empty table of the right schema.
 */
export async function emitDriftFile(name: DriftFile, sweepId = sweepArg()): Promise<void> {
  const { ensureIngested } = await import("../ingest/site-cache.ts");
  const ingestDir = await ensureIngested(sweepId);
  let bytes: Buffer;
  if (!existsSync(join(ingestDir, "ohlcv.parquet"))) {
    const reason = "this sweep was ingested without OHLCV: point FTF_OHLCV (or ftf drift --ohlcv) at a folder of kline files";
    if (name === "drift.json" || name === "drift-summary.json") bytes = Buffer.from(JSON.stringify({ available: false, reason }) + "\n");
    else bytes = await emptyTableParquet(siteTable(name));
  } else {
    bytes = readFileSync(join(await ensureDriftTables(ingestDir), name));
  }
  await new Promise<void>((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
}
