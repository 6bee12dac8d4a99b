/**
 * Shapes that leave the ingest step: what `readSweep` returns, the warnings carried into the
 * dossier, and `manifest.json`. Plain JSON (no Map, no bigint), so pages may `import type` them.
 */
import type { DossierInputFile, IngestWarning } from "../../src/lib/dossier.ts";
import type { ResultRow } from "../../src/lib/results.ts";
import type { SweepConfig } from "../../src/lib/sweep.ts";
import type { InputError } from "../errors.ts";

/** Warnings carried into the dossier: the shape is the dossier's (src/lib/dossier.ts). */
export type Warning = IngestWarning;

/** One input file as the manifest lists it. `path` is relative to its root, with "/". */
export interface InputFileInfo extends DossierInputFile {
  /** OHLCV: the symbol the file holds (null when it has a `symbol` column). */
  symbol?: string | null;
  /** Archives: the CSV members read, with their rows. */
  entries?: { name: string; rows: number }[];
}

export interface OutputFileInfo {
  path: string;
  size: number;
  sha256: string;
  rows: number | null;
}

export interface LoadedSweep {
  config: SweepConfig;
  results: ResultRow[];
  files: InputFileInfo[];
  warnings: Warning[];
}

export interface ValidationReport {
  errors: InputError[];
  warnings: Warning[];
}

/** Per-symbol facts of the normalised OHLCV (also in the manifest). */
export interface OhlcvSymbolSummary {
  symbol: string;
  rows: number;
  /** ISO-8601 UTC of the first and last bar open. */
  first_ts: string;
  last_ts: string;
  interval: string;
  missing_bars: number;
  zero_volume_bars: number;
}

/**
 * `manifest.json`: everything needed to trace the outputs to the inputs and the code. It holds no
 * wall-clock time, so ingesting the same inputs twice gives the same bytes.
 */
export interface Manifest {
  manifest_version: 1;
  sweep_id: string;
  tool: { name: string; version: string; git_commit: string | null; duckdb: string };
  inputs: InputFileInfo[];
  outputs: OutputFileInfo[];
  ohlcv: { interval: string; symbols: OhlcvSymbolSummary[] } | null;
  warnings: Warning[];
  /** Occurrences per warning code (sum of `count`). */
  warning_counts: Record<string, number>;
}

export interface ProgressEvent {
  phase: "hash" | "read" | "check" | "write" | "done";
  files_done: number;
  files_total: number;
  rows: number;
  bytes: number;
  /** What is being worked on, e.g. a file name. */
  detail?: string;
}

export type ProgressFn = (e: ProgressEvent) => void;
