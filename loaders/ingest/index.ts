/**
 * Ingest: the one place where a researcher's files become the normalised tables every page and
 * gate reads. `validateSweep` reports every problem; `ingestSweep` writes the Parquet files, the
 * normalised sweep.json and manifest.json atomically, and only when there is no error; `readSweep`
 * is the quick path for the config and results alone.
 */
import { existsSync, mkdtempSync, promises as fsp, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compareResults, type LocatedResult, type ResultRow } from "../../src/lib/results.ts";
import { checkSweepConfig, DEFAULT_BTC_SYMBOL, intervalMs, type SweepConfig } from "../../src/lib/sweep.ts";
import { InputError, ValidationError } from "../errors.ts";
import { writeDirAtomically } from "./atomic-dir.ts";
import { Duck, ingestMemoryLimit } from "./duck.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { sha256File } from "./hash.ts";
import { loadOhlcvDir, type OhlcvSet } from "./ohlcv-read.ts";
import { readPredictions, type PredictionsInfo } from "./predictions.ts";
import { createResultsTable, readResultsParquet } from "./results-table.ts";
import { issueToError, readEnrichmentConfig, readResults, readSweepConfig, type Collected } from "./sweep-files.ts";
import { gitCommit, toolVersion } from "./tool-info.ts";
import type { InputFileInfo, LoadedSweep, Manifest, OutputFileInfo, ProgressFn, ValidationReport, Warning } from "./types.ts";
import { formatUtc, parseUtc } from "../../src/lib/time.ts";
import { missingBarsRow, resolveDriftThresholds } from "../../src/lib/drift/index.ts";

export { readOhlcvDir, loadOhlcvDir, type OhlcvSet, type OhlcvBar, type ReadOhlcvOptions } from "./ohlcv-read.ts";
export type * from "./types.ts";

/**
 * A raw sweep.json value → the normalised config (defaults filled in). Throws ValidationError
 * listing every problem, each located in `file`.
 */
export function normalizeSweepConfig(raw: unknown, file = "sweep.json"): SweepConfig {
  const { config, issues } = checkSweepConfig(raw);
  const errors = issues.filter((i) => i.severity === "error").map((i) => issueToError(file, i));
  if (errors.length || !config) throw new ValidationError(errors);
  return config;
}

interface Analysis {
  duck: Duck;
  config: SweepConfig | null;
  results: LocatedResult[] | null;
  predictions: PredictionsInfo | null;
  ohlcv: OhlcvSet | null;
  out: Collected;
  close(): void;
}

async function analyse(sweepDir: string, opts: { ohlcvDir?: string; predictions: boolean; progress?: ProgressFn }): Promise<Analysis> {
  const out: Collected = { errors: [], warnings: [], files: [] };
  const work = mkdtempSync(join(tmpdir(), "ftf-ingest-"));
  const duck = await Duck.open({ tempDir: join(work, "spill"), memoryLimit: ingestMemoryLimit() });
  let ohlcv: OhlcvSet | null = null;
  const close = () => {
    ohlcv?.close();
    duck.close();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    if (!existsSync(sweepDir) || !statSync(sweepDir).isDirectory()) {
      out.errors.push(new InputError("missing_folder", "sweep folder not found", { file: sweepDir }, "a folder holding sweep.json and results.csv|parquet|jsonl"));
      return { duck, config: null, results: null, predictions: null, ohlcv: null, out, close };
    }
    const config = await readSweepConfig(sweepDir, out);
    const results = await readResults(duck, sweepDir, config, out);
    await readEnrichmentConfig(sweepDir, config, out);
    const predictions = opts.predictions ? await readPredictions(duck, sweepDir, config, results?.located ?? null, results?.file ?? null, out) : null;
    if (opts.ohlcvDir) {
      const cryptos = config?.cryptos ?? [...new Set((results?.rows ?? []).map((r) => r.crypto))].sort();
      const symbols = [...new Set([...cryptos, config?.btc_symbol ?? DEFAULT_BTC_SYMBOL])];
      ohlcv = await loadOhlcvDir(opts.ohlcvDir, { symbols, interval: config?.interval, duck, tempDir: work, progress: opts.progress });
      out.errors.push(...ohlcv.errors);
      out.warnings.push(...ohlcv.warnings);
      out.files.push(...ohlcv.files);
      if (config && results && !ohlcv.errors.length) out.warnings.push(...(await foldCoverage(ohlcv, config, results.rows)));
    }
    return { duck, config, results: results?.located ?? null, predictions, ohlcv, out, close };
  } catch (e) {
    close();
    throw e;
  }
}

/**
 * Missing bars per symbol and fold (and in the training window): a fold of a crypto counts that
 * crypto's bars; the BTC series is counted over every distinct fold window.
 */
async function foldCoverage(ohlcv: OhlcvSet, config: SweepConfig, rows: ResultRow[]): Promise<Warning[]> {
  const iv = intervalMs(config.interval);
  const windows: { symbol: string; fold?: number; start: number; end: number; label: string }[] = [];
  const seen = new Set<string>();
  const add = (symbol: string, fold: number | undefined, start: number, end: number, label: string) => {
    const k = `${symbol}|${fold}|${start}|${end}`;
    if (!seen.has(k)) seen.add(k), windows.push({ symbol, fold, start, end, label });
  };
  for (const r of rows) {
    if (!r.fold_start || !r.fold_end) continue;
    const [s, e] = [parseUtc(r.fold_start), parseUtc(r.fold_end)];
    add(r.crypto, r.fold, s, e, `fold ${r.fold}`);
    if (r.crypto !== config.btc_symbol) add(config.btc_symbol, r.fold, s, e, `fold ${r.fold} (${r.crypto}'s window)`);
  }
  if (config.train_start && config.train_end) {
    for (const sym of new Set([...rows.map((r) => r.crypto), config.btc_symbol])) add(sym, undefined, parseUtc(config.train_start), parseUtc(config.train_end), "training window");
  }
  const present = await ohlcv.countBars(windows);
  // The drift report's rule (src/lib/drift/quality.ts) with the sweep's threshold: one rule, one number.
  const revertShare = resolveDriftThresholds(config.drift_thresholds).missing_bar_revert_share;
  const warnings: Warning[] = [];
  windows.forEach((w, i) => {
    const row = missingBarsRow(w.symbol, w.fold ?? 0, w, config.interval, present[i], revertShare);
    if (row.missing <= 0) return;
    const flag = row.revert ? ` — above ${revertShare * 100}%: revert flag` : "";
    const warning: Warning = {
      code: w.fold === undefined ? "missing_bars_train" : "missing_bars_fold",
      symbol: w.symbol,
      count: row.missing,
      total: row.expected,
      message: `${w.symbol} ${w.label} [${row.window_start}, ${row.window_end}): ${row.missing} of ${row.expected} bars missing (${(row.missing_share * 100).toFixed(2)}%)${flag}`,
    };
    if (w.fold !== undefined) warning.fold = w.fold;
    warnings.push(warning);
  });
  return warnings;
}

/**
 * sweep.json and the results, checked (config, every cell, the grid) and normalised. Throws
 * ValidationError listing all problems. Predictions and OHLCV are not read: see validateSweep.
 */
export async function readSweep(sweepDir: string): Promise<LoadedSweep> {
  const a = await analyse(sweepDir, { predictions: false });
  try {
    if (a.out.errors.length || !a.config || !a.results) throw new ValidationError(a.out.errors);
    const results = a.results.map((l) => l.row).sort(compareResults(a.config));
    return { config: a.config, results, files: sortFiles(a.out.files), warnings: a.out.warnings };
  } finally {
    a.close();
  }
}

/** Every error and warning of a sweep folder (and of its OHLCV when a folder is given). */
export async function validateSweep(sweepDir: string, opts: { ohlcvDir?: string; progress?: ProgressFn } = {}): Promise<ValidationReport> {
  const a = await analyse(sweepDir, { predictions: true, ohlcvDir: opts.ohlcvDir, progress: opts.progress });
  a.close();
  return { errors: a.out.errors, warnings: a.out.warnings };
}

export interface IngestOptions {
  ohlcvDir?: string;
  outDir: string;
  progress?: ProgressFn;
}

/**
 * Validate, then write into `outDir` (atomically): results.parquet, predictions.parquet (when
 * the sweep has predictions), ohlcv.parquet (when an OHLCV folder is given), sweep.json (the
 * normalised config) and manifest.json. Same inputs, same code → byte-identical outputs.
 */
export async function ingestSweep(sweepDir: string, opts: IngestOptions): Promise<Manifest> {
  const a = await analyse(sweepDir, { predictions: true, ohlcvDir: opts.ohlcvDir, progress: opts.progress });
  try {
    if (a.out.errors.length || !a.config || !a.results) throw new ValidationError(a.out.errors);
    const config = a.config;
    const rows = a.results.map((l) => l.row).sort(compareResults(config));
    return await writeDirAtomically(resolve(opts.outDir), async (dir) => {
      const outputs: OutputFileInfo[] = [];
      const emit = (detail: string) => opts.progress?.({ phase: "write", files_done: outputs.length, files_total: 5, rows: 0, bytes: 0, detail });
      const record = async (name: string, rowsWritten: number | null) => {
        const path = join(dir, name);
        outputs.push({ path: name, size: (await fsp.stat(path)).size, sha256: await sha256File(path), rows: rowsWritten });
      };
      // Parquet bytes must not depend on the core count.
      await a.duck.withThreads(1, async () => {
        emit("results.parquet");
        await createResultsTable(a.duck, rows);
        await a.duck.run(`COPY (SELECT * FROM results) TO ${quoteLiteral(join(dir, "results.parquet"))} (FORMAT parquet, COMPRESSION zstd)`);
        await record("results.parquet", rows.length);
        if (a.predictions) {
          emit("predictions.parquet");
          await a.duck.run(`COPY (${a.predictions.orderedSelect}) TO ${quoteLiteral(join(dir, "predictions.parquet"))} (FORMAT parquet, COMPRESSION zstd)`);
          await record("predictions.parquet", a.predictions.rows);
        }
      });
      if (a.ohlcv) {
        emit("ohlcv.parquet");
        const n = await a.ohlcv.writeParquet(join(dir, "ohlcv.parquet"));
        await record("ohlcv.parquet", n);
      }
      await fsp.writeFile(join(dir, "sweep.json"), JSON.stringify(config, null, 2) + "\n");
      await record("sweep.json", null);
      const manifest: Manifest = {
        manifest_version: 1,
        sweep_id: config.sweep_id,
        tool: { ...toolVersion(), git_commit: gitCommit(), duckdb: await a.duck.version() },
        inputs: sortFiles(a.out.files),
        outputs,
        ohlcv: a.ohlcv ? { interval: config.interval, symbols: a.ohlcv.symbols } : null,
        warnings: a.out.warnings,
        warning_counts: countWarnings(a.out.warnings),
      };
      await fsp.writeFile(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
      opts.progress?.({ phase: "done", files_done: outputs.length, files_total: outputs.length, rows: rows.length, bytes: 0 });
      return manifest;
    });
  } finally {
    a.close();
  }
}

function sortFiles(files: InputFileInfo[]): InputFileInfo[] {
  return [...files].sort((a, b) => (a.root !== b.root ? (a.root === "sweep" ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function countWarnings(warnings: readonly Warning[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const w of warnings) counts[w.code] = (counts[w.code] ?? 0) + (w.count ?? 1);
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** An ingest output folder read back: the normalised config, the results rows and the manifest. */
export async function readIngested(outDir: string): Promise<{ config: SweepConfig; results: ResultRow[]; manifest: Manifest }> {
  const config = JSON.parse(await fsp.readFile(join(outDir, "sweep.json"), "utf8")) as SweepConfig;
  const manifest = JSON.parse(await fsp.readFile(join(outDir, "manifest.json"), "utf8")) as Manifest;
  const duck = await Duck.open();
  try {
    return { config, results: await readResultsParquet(duck, join(outDir, "results.parquet")), manifest };
  } finally {
    duck.close();
  }
}

