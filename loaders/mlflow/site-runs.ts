/**
 * The `mlflow_runs` table of the Explore page: the `mlflow_runs.parquet` that `ftf import mlflow`
 * wrote into the sweep folder (every selected run with its cell, search_runs columns), or an empty
 * table with the fixed leading columns for a sweep that was not imported, so the page can always
 * register it.
 */
import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { siteTable } from "../../src/lib/tables.ts";
import { emptyTableParquet } from "../site/empty-table.ts";
import { sweepsRoot } from "../site/paths.ts";

export async function emitMlflowRuns(sweepId: string, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const path = join(sweepsRoot(), sweepId, "mlflow_runs.parquet");
  if (existsSync(path)) {
    await pipeline(createReadStream(path), out);
    return;
  }
  out.write(await emptyTableParquet(siteTable("mlflow_runs")));
}
