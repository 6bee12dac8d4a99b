/**
 * An empty Parquet file of a site table (src/lib/tables.ts): what a data loader prints when the
 * sweep lacks the input (no OHLCV, no predictions, not imported from MLflow), so every page can
 * register every table and its queries still name real columns.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { tableDdl, type SiteTable } from "../../src/lib/tables.ts";
import { Duck } from "../ingest/duck.ts";

/** The table's always-written columns, no rows, ZSTD like every site table. */
export async function emptyTableParquet(table: SiteTable): Promise<Buffer> {
  const work = mkdtempSync(join(tmpdir(), "ftf-empty-"));
  const duck = await Duck.open();
  try {
    const file = join(work, "empty.parquet");
    await duck.run(`CREATE TABLE t (${tableDdl(table, "required")}); COPY t TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd)`);
    return readFileSync(file);
  } finally {
    duck.close();
    rmSync(work, { recursive: true, force: true });
  }
}
