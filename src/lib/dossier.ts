/**
 * The committee dossier's JSON shape, once: `loaders/verdict.ts` writes it (`ftf verdict --json`,
 * the site's dossier.json), the pages and `src/components/verdict.ts` read it. Types only.
 */
import type { GateReport, RegimeF1Row } from "./gates/index.js";
import type { RegimeRule } from "./regimes.js";

export const DOSSIER_VERSION = 1;

/**
 * A problem that does not invalidate the data (missing bars, zero-volume bars, an unfinished last
 * candle, an ignored key). `count` says how many occurrences one warning stands for.
 */
export interface IngestWarning {
  code: string;
  message: string;
  file?: string;
  row?: number;
  column?: string;
  symbol?: string;
  fold?: number;
  count?: number;
  /** Out of how many (e.g. the bars a fold should have), when that makes sense. */
  total?: number;
}

/** One input file with its hash, as the dossier's provenance lists it (`path` relative to `root`, "/"). */
export interface DossierInputFile {
  root: "sweep" | "ohlcv";
  path: string;
  kind: "sweep" | "results" | "predictions" | "enrichment_config" | "ohlcv";
  size: number;
  sha256: string;
  /** Data rows read (CSV header excluded); null for JSON documents. */
  rows: number | null;
}

/** How per-regime f1 entered gate 3, or why it did not. */
export interface RegimeSection {
  assessed: boolean;
  /** Why not, in words (null when assessed). */
  reason: string | null;
  rule: (Omit<RegimeRule, "train_start_ms" | "train_end_ms"> & { train_start: string | null; train_end: string | null; btc_symbol: string }) | null;
  /** Median of btc_rv_24h over the training window (with the volatility split only). */
  rv_median: number | null;
  rows: RegimeF1Row[];
}

export interface ToolInfo {
  name: string;
  version: string;
  git_commit: string | null;
  duckdb?: string;
}

export interface Dossier extends GateReport {
  sweep_id: string;
  dossier_version: number;
  track: string | null;
  universe: string | null;
  created_at: string | null;
  interval: string;
  /** sweep.json `thresholds` as given (the rest are defaults). */
  threshold_overrides: Record<string, number>;
  regimes: RegimeSection;
  inputs: DossierInputFile[];
  warnings: IngestWarning[];
  tool: ToolInfo;
  method: Record<string, string>;
  /** Only for a sweep made by `ftf import mlflow`: the store and the run id of every cell. */
  mlflow?: MlflowProvenance;
}

/**
 * Where an imported sweep's results came from: `source.json` of `ftf import mlflow`
 * (loaders/mlflow/import.ts), with that file's SHA-256 so the committee can check it.
 */
export interface MlflowProvenance {
  file: "source.json";
  sha256: string;
  store: { path: string; uri: string };
  experiments: Array<{ experiment_id: string; name: string; lifecycle_stage: string; path: string }>;
  selection: { statuses: string[]; include_deleted: boolean; parent_run_id: string | null };
  /** results column → MLflow source (`metrics.f1_buy`, `params.fold`, `run_id`, …). */
  map: Record<string, string>;
  /** Each results row's run, in results order. */
  rows: Array<{ crypto: string; fold: number; variant: string; run_id: string; run_name: string | null; experiment_id: string; run_path: string }>;
  /** Selected runs that are not results rows, and why (container parent runs, other statuses). */
  skipped: Array<{ run_id: string; run_name: string | null; reason: string }>;
  /** The registry versions whose tags filled sweep.json's registry. */
  registry: { model: string; versions: Array<{ version: number; run_id: string | null; current_stage: string | null; aliases: string[]; variant: string; tags_used: Record<string, string> }> } | null;
  imported_by: { name: string; version: string; git_commit: string | null };
}

/** When and from which commit a page was built (the only wall-clock value; kept out of `Dossier`). */
export interface BuildInfo {
  built_at: string;
  git_commit: string | null;
}

/** What the site's pages receive: the dossier plus its build. */
export interface SiteDossier extends Dossier {
  build: BuildInfo;
}
