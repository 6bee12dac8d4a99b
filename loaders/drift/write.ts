/**
 * The site's drift tables, written from an analysed DuckDB session (columns from the table
 * catalogue, src/lib/tables.ts) in a fixed row order.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BTC_FEATURES } from "../../src/lib/sweep.ts";
import { siteTable } from "../../src/lib/tables.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { driftSummary } from "../../src/lib/drift/index.ts";
import { parseUtc } from "../../src/lib/time.ts";
import type { Duck } from "../ingest/duck.ts";
import { appendRows, selectColumns, type Column } from "./append.ts";
import { FEATURES_TABLE, QUALITY_TABLE, type DriftReport } from "./analyze.ts";

/**
 * Write the site's drift tables into `outDir`: features.parquet, drift.parquet, correlation.parquet
 * (per bar: symbol, ts, corr, center, lcl, ucl, outside), quality_flags.parquet and drift.json (the
 * report without the per-bar flags, which are in the Parquet). Run after `analyzeDrift` on the same
 * DuckDB session. Rows are ordered, so the same inputs give the same bytes.
 */
export async function writeDriftTables(duck: Duck, report: DriftReport, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const path = (name: string) => join(outDir, name);
  const copy = async (select: string, name: string) => {
    await duck.run(`COPY (${select}) TO ${quoteLiteral(path(name))} (FORMAT parquet, COMPRESSION zstd)`);
    return path(name);
  };
  const written: string[] = [];
  // Parquet bytes must not depend on the core count.
  await duck.withThreads(1, async () => {
    written.push(await copy(`SELECT * FROM ${FEATURES_TABLE} ORDER BY symbol, ts`, "features.parquet"));

    await appendRows(duck, "drift_rows", DRIFT_COLUMNS, report.drift as unknown as Record<string, unknown>[]);
    written.push(await copy(`SELECT ${selectColumns(DRIFT_COLUMNS)} FROM drift_rows ORDER BY symbol, feature, window_start`, "drift.parquet"));

    await appendRows(duck, "drift_corr_limits", LIMIT_COLUMNS, report.correlation_limits as unknown as Record<string, unknown>[]);
    written.push(
      await copy(
        `SELECT f.symbol, f.ts, f.btc_alt_corr_720h AS corr, lim.center, lim.lcl, lim.ucl,
           coalesce(f.btc_alt_corr_720h < lim.lcl OR f.btc_alt_corr_720h > lim.ucl, false) AS outside,
           epoch_ms(f.ts) >= ${parseUtc(report.reference.start)} AND epoch_ms(f.ts) < ${parseUtc(report.reference.end)} AS in_reference
         FROM ${FEATURES_TABLE} f LEFT JOIN drift_corr_limits lim ON lim.symbol = f.symbol ORDER BY f.symbol, f.ts`,
        "correlation.parquet",
      ),
    );
    written.push(await copy(`SELECT * FROM ${QUALITY_TABLE} ORDER BY symbol, ts, reason`, "quality_flags.parquet"));
  });

  const { quality: _perBar, ...summary } = report;
  writeFileSync(path("drift.json"), JSON.stringify({ available: true, ...summary }) + "\n");
  written.push(path("drift.json"));
  writeFileSync(path("drift-summary.json"), JSON.stringify(driftSummary({ ...report, features: BTC_FEATURES })) + "\n");
  written.push(path("drift-summary.json"));
  return written;
}

const DRIFT_COLUMNS = siteTable("drift").columns;

const LIMIT_COLUMNS: Column[] = [
  { name: "symbol", type: "VARCHAR" },
  { name: "center", type: "DOUBLE" },
  { name: "lcl", type: "DOUBLE" },
  { name: "ucl", type: "DOUBLE" },
];

/** The files a drift data loader prints (src/sweeps/[sweep]/data/). */
export type DriftFile = "drift.json" | "drift-summary.json" | "features.parquet" | "drift.parquet" | "correlation.parquet" | "quality_flags.parquet";
