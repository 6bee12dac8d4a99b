/** DuckDB sessions over an ingested sweep: the drift analysis's inputs. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SweepConfig } from "../../src/lib/sweep.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { InputError } from "../errors.ts";
import { analysisMemoryLimit, Duck } from "../ingest/duck.ts";
import { ingestSweep } from "../ingest/index.ts";
import { readResultsParquet } from "../ingest/results-table.ts";
import type { DriftInput } from "./analyze.ts";

/** Open a DuckDB session over an ingest output folder (ohlcv.parquet, results.parquet, predictions.parquet, sweep.json). */
export async function openIngested(ingestDir: string): Promise<Omit<DriftInput, "thresholds" | "warnPValue" | "onPhase">> {
  const need = (name: string) => {
    const p = join(ingestDir, name);
    if (!existsSync(p)) throw new InputError("drift_missing_input", `${name} not found in the ingested sweep`, { file: p }, name === "ohlcv.parquet" ? "an ingest run with an OHLCV folder (--ohlcv)" : name);
    return p;
  };
  const config = JSON.parse(readFileSync(need("sweep.json"), "utf8")) as SweepConfig;
  const duck = await Duck.open({ memoryLimit: analysisMemoryLimit() });
  try {
    await duck.run(`CREATE VIEW ohlcv AS SELECT * FROM read_parquet(${quoteLiteral(need("ohlcv.parquet"))})`);
    const predictionsPath = join(ingestDir, "predictions.parquet");
    const predictions = existsSync(predictionsPath) ? "predictions" : null;
    if (predictions) await duck.run(`CREATE VIEW predictions AS SELECT * FROM read_parquet(${quoteLiteral(predictionsPath)})`);
    const results = await readResultsParquet(duck, need("results.parquet"));
    return { duck, ohlcv: "ohlcv", predictions, config, results };
  } catch (e) {
    duck.close();
    throw e;
  }
}

/** Ingest a sweep folder and an OHLCV folder into a temporary folder, then open it (the CLI's path). */
export async function loadDriftInputs(sweepDir: string, ohlcvDir: string): Promise<Omit<DriftInput, "thresholds" | "warnPValue" | "onPhase"> & { cleanup(): void }> {
  const tmp = mkdtempSync(join(tmpdir(), "ftf-drift-"));
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  try {
    await ingestSweep(sweepDir, { ohlcvDir, outDir: join(tmp, "ingest") });
    return { ...(await openIngested(join(tmp, "ingest"))), cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
