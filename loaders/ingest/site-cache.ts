/**
 * The site's ingest stage: each Framework data loader of a sweep prints one ingested file, and
 * they all call `ensureIngested`, which ingests the sweep once into `data/out/<sweep_id>/` and
 * reuses it until an input file, the code or the commit changes (loaders/site/pipeline.ts holds
 * the cache, its key and its lock).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { isValidSweepId } from "../../src/lib/sweep.ts";
import { cachedStage, folderStamp, stageKey } from "../site/pipeline.ts";
import { SweepIdError } from "../errors.ts";
import { listSweepIds, ohlcvRoot, siteCacheRoot, sweepsRoot } from "../site/paths.ts";
import { ingestSweep } from "./index.ts";
import { gitCommit } from "./tool-info.ts";

/**
 * The folder holding the ingested files of `sweepId` (results.parquet, predictions.parquet,
 * ohlcv.parquet, sweep.json, manifest.json), ingesting first when the cache is missing or stale.
 * OHLCV comes from FTF_OHLCV (default data/ohlcv) when that folder exists. An id that is not
 * valid or names no sweep throws SweepIdError (the folder and the ids it holds).
 */
export async function ensureIngested(sweepId: string): Promise<string> {
  const root = sweepsRoot();
  if (!isValidSweepId(sweepId)) throw new SweepIdError("invalid", sweepId, root, listSweepIds(root));
  const sweepDir = join(root, sweepId);
  if (!existsSync(join(sweepDir, "sweep.json"))) throw new SweepIdError("not_found", sweepId, root, listSweepIds(root));
  const ohlcv = ohlcvRoot();
  const ohlcvDir = existsSync(ohlcv) ? ohlcv : null;
  // The commit is an input: manifest.json records it.
  const key = stageKey("ingest", { files: folderStamp({ sweep: sweepDir, ohlcv: ohlcvDir }), commit: gitCommit() });
  return cachedStage("ingest", key, (outDir) => ingestSweep(sweepDir, { ohlcvDir: ohlcvDir ?? undefined, outDir }).then(() => undefined), { dir: join(siteCacheRoot(), sweepId) });
}
