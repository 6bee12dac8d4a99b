/**
 * The optional per-bar predictions (`predictions.parquet|csv`): normalised into table
 * `predictions` (crypto, fold, variant, ts TIMESTAMP UTC, y_true, y_pred TINYINT, buy_proba), and
 * checked against `results`: every cell's f1_buy recomputed from its bars must match the value
 * the results report, or the dossier would show numbers the predictions cannot reproduce.
 */
import { existsSync, promises as fsp } from "node:fs";
import { join } from "node:path";
import { f1FromCounts } from "../../src/lib/regimes.ts";
import type { LocatedResult } from "../../src/lib/results.ts";
import { didYouMean, type SweepConfig } from "../../src/lib/sweep.ts";
import { InputError } from "../errors.ts";
import { sha256File } from "./hash.ts";
import { readCsvAsText } from "./csv-text.ts";
import { Duck } from "./duck.ts";
import { quoteIdent, quoteList, quoteLiteral } from "../../src/lib/sql/quote.ts";
import { epochOrTextToTimestampSql } from "./ohlcv-sql.ts";
import type { Collected } from "./sweep-files.ts";
import { formatUtc, parseUtc } from "../../src/lib/time.ts";

export const PREDICTION_FILES = ["predictions.parquet", "predictions.csv"] as const;
const REQUIRED = ["crypto", "fold", "variant", "ts", "y_true", "y_pred"] as const;
/** |f1 recomputed − f1 reported| above this is a disagreement (results are often rounded to 6 places). */
export const F1_TOLERANCE = 1e-6;
const LIST_LIMIT = 20;

export interface PredictionsInfo {
  file: string;
  rows: number;
  /** ORDER BY of the output (crypto, fold, variant in sweep order, ts). */
  orderedSelect: string;
}

/** A 0/1 column (also "true"/"false", "1.0") as TINYINT; anything else NULL. */
export function binaryExpr(col: string): string {
  return `(CASE lower(trim(CAST(${col} AS VARCHAR))) WHEN '1' THEN 1 WHEN '0' THEN 0 WHEN '1.0' THEN 1 WHEN '0.0' THEN 0 WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)::TINYINT`;
}

export async function readPredictions(duck: Duck, sweepDir: string, config: SweepConfig | null, results: LocatedResult[] | null, resultsFile: string | null, out: Collected): Promise<PredictionsInfo | null> {
  const present = PREDICTION_FILES.filter((f) => existsSync(join(sweepDir, f)));
  if (!present.length) return null;
  if (present.length > 1) {
    out.errors.push(new InputError("ambiguous_input", `several predictions files: ${present.join(", ")}`, { file: sweepDir }, "at most one predictions file"));
    return null;
  }
  const file = present[0];
  const path = join(sweepDir, file);
  const info = { root: "sweep" as const, path: file, kind: "predictions" as const, size: (await fsp.stat(path)).size, sha256: await sha256File(path), rows: 0 };
  out.files.push(info);

  let columns: string[];
  let lineOf: (rid: number) => { row: number; unit: "row" | "line" };
  if (file.endsWith(".csv")) {
    const t = await readCsvAsText(duck, path, "predictions_raw", file, out.errors);
    if (!t) return null;
    columns = t.columns;
    lineOf = (rid) => ({ row: t.locate.locate(rid).line, unit: "line" });
  } else {
    try {
      await duck.run(`CREATE OR REPLACE TEMP TABLE predictions_raw AS SELECT * FROM read_parquet(${quoteLiteral(path)})`);
    } catch (e) {
      out.errors.push(new InputError("unreadable", `cannot read Parquet: ${(e as Error).message.split("\n")[0]}`, { file }, "a Parquet file"));
      return null;
    }
    columns = (await duck.rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE predictions_raw)`)).map((c) => c.column_name);
    lineOf = (rid) => ({ row: rid + 1, unit: "row" });
  }
  const types = new Map((await duck.rows<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE predictions_raw)`)).map((c) => [c.column_name, c.column_type]));
  const col = (name: string) => columns.find((c) => c.trim().toLowerCase() === name);
  const missing = REQUIRED.filter((c) => !col(c));
  for (const m of missing) out.errors.push(new InputError("missing_column", `missing required column${didYouMean(m, columns)}`, { file, column: m }, `the columns ${REQUIRED.join(", ")} (buy_proba optional)`));
  if (missing.length) return null;

  const c = (name: string) => quoteIdent(col(name)!);
  const proba = col("buy_proba");
  const tsCol = col("ts")!;
  await duck.run(`CREATE OR REPLACE TABLE predictions_norm AS SELECT rowid AS rid,
    nullif(upper(trim(CAST(${c("crypto")} AS VARCHAR))), '') AS crypto,
    CASE WHEN TRY_CAST(${c("fold")} AS DOUBLE) = round(TRY_CAST(${c("fold")} AS DOUBLE)) AND TRY_CAST(${c("fold")} AS DOUBLE) >= 0 THEN TRY_CAST(TRY_CAST(${c("fold")} AS DOUBLE) AS INTEGER) END AS fold,
    nullif(trim(CAST(${c("variant")} AS VARCHAR)), '') AS variant,
    ${epochOrTextToTimestampSql(quoteIdent(tsCol), types.get(tsCol) ?? "VARCHAR")} AS ts,
    ${binaryExpr(c("y_true"))} AS y_true, ${binaryExpr(c("y_pred"))} AS y_pred,
    ${proba ? `TRY_CAST(${quoteIdent(proba)} AS DOUBLE)` : "NULL::DOUBLE"} AS buy_proba,
    ${proba ? `${quoteIdent(proba)} IS NOT NULL AND CAST(${quoteIdent(proba)} AS VARCHAR) <> ''` : "false"} AS has_proba
    FROM predictions_raw ORDER BY rowid`);
  info.rows = await duck.value<number>("SELECT count(*) FROM predictions_norm");
  if (!info.rows) out.errors.push(new InputError("empty_file", "no data rows", { file }, "one row per (crypto, fold, variant, bar)"));

  // Cell checks, each listing its first rows.
  const checks: { code: string; cond: string; column: string; message: string; expected: string }[] = [
    { code: "missing_value", cond: "crypto IS NULL", column: col("crypto")!, message: "missing crypto", expected: "a symbol" },
    { code: "wrong_type", cond: "fold IS NULL", column: col("fold")!, message: "fold is not an integer >= 0", expected: "an integer >= 0" },
    { code: "missing_value", cond: "variant IS NULL", column: col("variant")!, message: "missing variant", expected: "a variant id" },
    { code: "bad_time", cond: "ts IS NULL", column: tsCol, message: "missing or unparseable timestamp", expected: "a timestamp, epoch ms/µs or ISO-8601 text" },
    { code: "wrong_type", cond: "y_true IS NULL", column: col("y_true")!, message: "y_true is not 0 or 1", expected: "0 or 1 (1 = BUY)" },
    { code: "wrong_type", cond: "y_pred IS NULL", column: col("y_pred")!, message: "y_pred is not 0 or 1", expected: "0 or 1 (1 = BUY)" },
    { code: "out_of_range", cond: "has_proba AND NOT (buy_proba >= 0 AND buy_proba <= 1)", column: proba ?? "buy_proba", message: "buy_proba outside [0, 1] or NaN", expected: "a probability in [0, 1]" },
    { code: "out_of_range", cond: "has_proba AND buy_proba IS NULL", column: proba ?? "buy_proba", message: "buy_proba is not a number", expected: "a probability in [0, 1]" },
  ];
  for (const ch of checks) {
    const bad = await duck.rows<{ rid: number; n: number }>(`SELECT rid, count(*) OVER () AS n FROM predictions_norm WHERE ${ch.cond} ORDER BY rid LIMIT ${LIST_LIMIT}`);
    for (const b of bad) {
      const value = await duck.value(`SELECT CAST(${quoteIdent(ch.column)} AS VARCHAR) FROM predictions_raw WHERE rowid = ${b.rid}`);
      const at = lineOf(b.rid);
      out.errors.push(new InputError(ch.code, ch.message, { file, ...at, column: ch.column, value: value ?? null }, ch.expected));
    }
    if (bad.length && bad[0].n > bad.length) out.errors.push(new InputError(ch.code, `… and ${bad[0].n - bad.length} more rows: ${ch.message}`, { file, column: ch.column }));
  }

  const dups = await duck.rows<{ crypto: string; fold: number; variant: string; t: number; rid: number; first: number; n: number }>(`SELECT crypto, fold, variant, epoch_ms(ts)::DOUBLE AS t, max(rid) AS rid, min(rid) AS first, count(*) OVER () AS n
    FROM predictions_norm WHERE crypto IS NOT NULL AND fold IS NOT NULL AND variant IS NOT NULL AND ts IS NOT NULL
    GROUP BY crypto, fold, variant, ts HAVING count(*) > 1 ORDER BY min(rid) LIMIT ${LIST_LIMIT}`);
  for (const d of dups) {
    const first = lineOf(d.first);
    out.errors.push(new InputError("duplicate_ts", `duplicated bar for (${d.crypto}, fold ${d.fold}, ${d.variant}) at ${formatUtc(d.t)}, first at ${first.unit} ${first.row}`, { file, ...lineOf(d.rid), column: tsCol, value: formatUtc(d.t) }, "one prediction per bar and cell"));
  }
  if (dups.length && dups[0].n > dups.length) out.errors.push(new InputError("duplicate_ts", `… and ${dups[0].n - dups.length} more duplicated bars`, { file }));

  if (config && results) compareWithResults(await cellCounts(duck), config, results, resultsFile ?? "results", file, out);

  const cryptoOrder = config?.cryptos ? `coalesce(list_position(${quoteList(config.cryptos)}, crypto), 0), ` : "";
  const variantOrder = config ? `list_position(${quoteList(config.variants)}, variant), ` : "";
  return {
    file,
    rows: info.rows,
    orderedSelect: `SELECT crypto, fold, variant, ts, y_true, y_pred, buy_proba FROM predictions_norm ORDER BY ${cryptoOrder}crypto, fold, ${variantOrder}variant, ts`,
  };
}

interface CellCount {
  crypto: string;
  fold: number;
  variant: string;
  n: number;
  tp: number;
  fp: number;
  fn: number;
  min_t: number;
  max_t: number;
  first_rid: number;
  /** Rows whose y_true or y_pred is not 0/1 (already reported): f1 cannot be recomputed. */
  n_bad: number;
}

function cellCounts(duck: Duck): Promise<CellCount[]> {
  return duck.rows<CellCount>(`SELECT crypto, fold, variant, count(*) AS n,
      count(*) FILTER (WHERE y_true = 1 AND y_pred = 1) AS tp, count(*) FILTER (WHERE y_true = 0 AND y_pred = 1) AS fp,
      count(*) FILTER (WHERE y_true = 1 AND y_pred = 0) AS fn, epoch_ms(min(ts))::DOUBLE AS min_t, epoch_ms(max(ts))::DOUBLE AS max_t, min(rid) AS first_rid,
      count(*) FILTER (WHERE y_true IS NULL OR y_pred IS NULL) AS n_bad
    FROM predictions_norm WHERE crypto IS NOT NULL AND fold IS NOT NULL AND variant IS NOT NULL
    GROUP BY ALL ORDER BY first_rid`);
}

function compareWithResults(cells: CellCount[], config: SweepConfig, results: LocatedResult[], resultsFile: string, file: string, out: Collected): void {
  const key = (c: string, f: number, v: string) => `${c}\u0000${f}\u0000${v}`;
  const byCell = new Map(results.map((r) => [key(r.row.crypto, r.row.fold, r.row.variant), r]));
  const seen = new Set<string>();
  for (const c of cells) {
    const k = key(c.crypto, c.fold, c.variant);
    seen.add(k);
    const r = byCell.get(k);
    const cell = `(${c.crypto}, fold ${c.fold}, ${c.variant})`;
    if (!r) {
      const hint = config.variants.includes(c.variant) ? "" : didYouMean(c.variant, config.variants);
      out.errors.push(new InputError("unknown_cell", `predictions for cell ${cell} that ${resultsFile} does not have${hint}`, { file, column: "variant", value: c.variant }, "cells present in the results"));
      continue;
    }
    // No BUY at all in labels or predictions: sklearn's zero_division=0 convention.
    const f1 = f1FromCounts(c.tp, c.fp, c.fn) ?? 0;
    if (!c.n_bad && Math.abs(f1 - r.row.f1_buy) > F1_TOLERANCE) {
      out.errors.push(new InputError("predictions_mismatch", `cell ${cell}: f1_buy recomputed from ${c.n} predictions (tp ${c.tp}, fp ${c.fp}, fn ${c.fn}) is ${f1.toFixed(6)} but ${resultsFile} line ${r.line} says ${r.row.f1_buy}`, { file, column: "f1_buy", value: f1 }, `|difference| <= ${F1_TOLERANCE}`));
    }
    const { fold_start, fold_end } = r.row;
    if (fold_start && fold_end && (c.min_t < parseUtc(fold_start) || c.max_t >= parseUtc(fold_end))) {
      out.warnings.push({ code: "predictions_outside_fold", file, message: `${file}: predictions for ${cell} run from ${formatUtc(c.min_t)} to ${formatUtc(c.max_t)}, outside the test window [${fold_start}, ${fold_end})` });
    }
  }
  const without = results.filter((r) => !seen.has(key(r.row.crypto, r.row.fold, r.row.variant)));
  if (without.length) {
    const shown = without.slice(0, 10).map((r) => `${r.row.crypto}/fold ${r.row.fold}/${r.row.variant}`).join(", ");
    out.warnings.push({ code: "cells_without_predictions", file, count: without.length, message: `${file}: ${without.length} result cell${without.length === 1 ? " has" : "s have"} no predictions: ${shown}${without.length > 10 ? ", …" : ""} (per-regime f1 unavailable there)` });
  }
}
