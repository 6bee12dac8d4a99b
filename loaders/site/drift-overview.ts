/**
 * drift-overview.json: drift.json without its per-window feature rows, what the Correlation drift
 * and OHLCV quality pages draw first (the Dossier's drift-summary.json is another, smaller file). drift.json is ~1.5 MB for the demo sweep, 1.3 MB of it the weekly rows of
 * every (feature, target) that only the Feature drift page reads (`drift`, `references`); the
 * overview is ~0.2 MB, so those pages paint from a few hundred kilobytes (issue 14).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The keys of drift.json the overview leaves out (Feature drift's per-window rows). */
export const DRIFT_ROWS_ONLY = ["drift", "references"] as const;

export function driftOverview(report: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(report)) if (!(DRIFT_ROWS_ONLY as readonly string[]).includes(k)) out[k] = v;
  return out;
}

/** The overview of a sweep's drift report (computed and cached as drift.json is). */
/** drift.json's words for a sweep without OHLCV (loaders/drift/emit.ts emitDriftFile). */
const NO_OHLCV_REASON = "this sweep was ingested without OHLCV: point FTF_OHLCV (or ftf drift --ohlcv) at a folder of kline files";

export async function siteDriftOverview(sweepId: string): Promise<Record<string, unknown>> {
  const { ensureIngested } = await import("../ingest/site-cache.ts");
  const { ensureDriftTables } = await import("../drift/cache.ts");
  const { existsSync } = await import("node:fs");
  const ingestDir = await ensureIngested(sweepId);
  if (!existsSync(join(ingestDir, "ohlcv.parquet"))) return { available: false, reason: NO_OHLCV_REASON };
  const report = JSON.parse(readFileSync(join(await ensureDriftTables(ingestDir), "drift.json"), "utf8")) as Record<string, unknown>;
  return driftOverview(report);
}
