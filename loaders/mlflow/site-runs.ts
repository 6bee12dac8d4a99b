/**
 * The `mlflow_runs` table of the Explore page: the `mlflow_runs.parquet` that `ftf import mlflow`
 * wrote into the sweep folder (every selected run with its cell, search_runs columns), or an empty
 * table with the fixed leading columns for a sweep that was not imported, so the page can always
 * register it.
 */
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { Duck } from "../ingest/duck.ts";
import { sweepsRoot } from "../site/paths.ts";

const EMPTY_SCHEMA =
  "crypto VARCHAR, fold INTEGER, variant VARCHAR, imported BOOLEAN, skip_reason VARCHAR, experiment_name VARCHAR, parent_run_id VARCHAR, run_path VARCHAR, datasets VARCHAR, " +
  "run_id VARCHAR, experiment_id VARCHAR, run_name VARCHAR, status VARCHAR, lifecycle_stage VARCHAR, artifact_uri VARCHAR, start_time TIMESTAMP, end_time TIMESTAMP";

export async function emitMlflowRuns(sweepId: string, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const path = join(sweepsRoot(), sweepId, "mlflow_runs.parquet");
  if (existsSync(path)) {
    await pipeline(createReadStream(path), out);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), "ftf-mlflow-empty-"));
  const duck = await Duck.open();
  try {
    const file = join(work, "empty.parquet");
    await duck.run(`CREATE TABLE t (${EMPTY_SCHEMA}); COPY t TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd)`);
    out.write(readFileSync(file));
  } finally {
    duck.close();
    rmSync(work, { recursive: true, force: true });
  }
}
