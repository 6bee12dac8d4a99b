/**
 * Smaller cuts of drift.json, so the drift pages paint from a few hundred kilobytes (issue 14).
 * drift.json is ~1.9 MB for the demo sweep, 1.8 MB of it the weekly rows of every (feature,
 * target) (`drift`, `references`).
 * - drift-overview.json: without those rows, what Correlation drift and OHLCV quality draw first
 *   (the Dossier's drift-summary.json is another, smaller file).
 * - feature-drift-first.json: what Feature drift draws first: the rows of its first target only
 *   (the one its target input opens on), without Correlation drift's weekly rows. The page fetches
 *   the full drift.json after first paint, for the other targets and the all-targets summary.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packRows, toColumns } from "../../src/lib/columns.ts";

/**
 * The arrays of rows both files write as columns (src/lib/columns.ts packRows: lossless, about
 * half the size): the pages download them before their first paint and read them back with
 * unpackRows.
 */
const PACKED_ROWS = ["correlation", "alerts", "calibration", "class_balance", "missing_bars", "references"];

/** The keys of drift.json the overview leaves out (Feature drift's per-window rows). */
export const DRIFT_ROWS_ONLY = ["drift", "references"] as const;

/** Correlation drift's own weekly rows, which Feature drift does not read. */
const CORRELATION_ROWS = "correlation";

export function driftOverview(report: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(report)) if (!(DRIFT_ROWS_ONLY as readonly string[]).includes(k)) out[k] = v;
  return packRows(out, PACKED_ROWS);
}

/**
 * drift.json cut to Feature drift's first view: `drift` and `references` of the first target only,
 * named in `rows_symbols`, the weekly rows as columns (`drift_columns`, src/lib/columns.ts); every
 * other key as in drift.json but Correlation drift's rows.
 */
export function featureDriftFirst(report: Record<string, unknown>): Record<string, unknown> {
  const targets = Array.isArray(report.targets) ? (report.targets as string[]) : [];
  const first = targets.slice(0, 1);
  const out: Record<string, unknown> = { rows_symbols: first };
  const ofFirst = (v: unknown) => (Array.isArray(v) ? (v as Array<{ symbol?: string }>).filter((r) => first.includes(r.symbol ?? "")) : []);
  for (const [k, v] of Object.entries(report)) {
    if (k === CORRELATION_ROWS) continue;
    if (k === "drift") out.drift_columns = toColumns(ofFirst(v) as Array<Record<string, unknown>>);
    else out[k] = k === "references" ? ofFirst(v) : v;
  }
  return packRows(out, PACKED_ROWS);
}

/** drift.json's words for a sweep without OHLCV (loaders/drift/emit.ts emitDriftFile). */
const NO_OHLCV_REASON = "this sweep was ingested without OHLCV: point FTF_OHLCV (or ftf drift --ohlcv) at a folder of kline files";

/** A sweep's drift report (computed and cached as drift.json is), or why there is none. */
async function siteDriftReport(sweepId: string): Promise<Record<string, unknown> | null> {
  const { ensureIngested } = await import("../ingest/site-cache.ts");
  const { ensureDriftTables } = await import("../drift/cache.ts");
  const ingestDir = await ensureIngested(sweepId);
  if (!existsSync(join(ingestDir, "ohlcv.parquet"))) return null;
  return JSON.parse(readFileSync(join(await ensureDriftTables(ingestDir), "drift.json"), "utf8")) as Record<string, unknown>;
}

/** The overview of a sweep's drift report. */
export async function siteDriftOverview(sweepId: string): Promise<Record<string, unknown>> {
  const report = await siteDriftReport(sweepId);
  return report ? driftOverview(report) : { available: false, reason: NO_OHLCV_REASON };
}

/** Feature drift's first view of a sweep's drift report. */
export async function siteFeatureDriftFirst(sweepId: string): Promise<Record<string, unknown>> {
  const report = await siteDriftReport(sweepId);
  return report ? featureDriftFirst(report) : { available: false, reason: NO_OHLCV_REASON, rows_symbols: [] };
}
