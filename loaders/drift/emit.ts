/** The body of the site's drift data loaders: print one drift file of a sweep. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { Duck } from "../ingest/duck.ts";
import { ensureDriftTables } from "./cache.ts";
import { EMPTY_TABLES, type DriftFile } from "./write.ts";

/**
 * The body of the site's drift data loaders (src/sweeps/[sweep]/data/<file>.ts): ingest (cached),
 * compute the drift tables (cached), print one of them. A sweep without OHLCV gets
 * `{"available": false, "reason": ...}` / an empty table of the right schema.
 */
export async function emitDriftFile(name: DriftFile, sweepId: string): Promise<void> {
  const { ensureIngested } = await import("../ingest/site-cache.ts");
  const ingestDir = await ensureIngested(sweepId);
  let bytes: Buffer;
  if (!existsSync(join(ingestDir, "ohlcv.parquet"))) {
    const reason = "this sweep was ingested without OHLCV: point FTF_OHLCV (or ftf drift --ohlcv) at a folder of kline files";
    if (name === "drift.json" || name === "drift-summary.json") bytes = Buffer.from(JSON.stringify({ available: false, reason }) + "\n");
    else {
      const duck = await Duck.open();
      const tmp = mkdtempSync(join(tmpdir(), "ftf-drift-empty-"));
      try {
        await duck.run(`CREATE TABLE t (${EMPTY_TABLES[name]}); COPY t TO ${quoteLiteral(join(tmp, "t.parquet"))} (FORMAT parquet, COMPRESSION zstd)`);
        bytes = readFileSync(join(tmp, "t.parquet"));
      } finally {
        duck.close();
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  } else {
    bytes = readFileSync(join(await ensureDriftTables(ingestDir), name));
  }
  await new Promise<void>((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
}
