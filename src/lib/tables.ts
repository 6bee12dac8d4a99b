/**
 * The catalogue of the tables a sweep's site serves (one Parquet file each): name, file, columns
 * and their types, what a row is, and which pipeline stage writes it. One list, read by the
 * Parquet writers (results, drift), the empty tables a sweep without OHLCV or predictions gets,
 * Explore's table list and data/README.md's table section (`tablesMarkdown()`, kept equal by a
 * test), so a column added in one place cannot be missing from another.
 * Isomorphic: no Node or DOM imports.
 */
import { RESULT_COLUMNS } from "./results.js";
import { BTC_FEATURES } from "./sweep.js";

export type ColumnType = "VARCHAR" | "VARCHAR[]" | "DOUBLE" | "TINYINT" | "INTEGER" | "BIGINT" | "BOOLEAN" | "TIMESTAMP";

export interface TableColumn {
  readonly name: string;
  readonly type: ColumnType;
  /** Written only when the input has it (the empty table leaves it out). */
  readonly optional?: boolean;
}

/** Who writes the table: ingest (loaders/ingest), drift (loaders/drift), the site's loaders, or `ftf import mlflow`. */
export type TableStage = "ingest" | "drift" | "site" | "mlflow import";

export interface SiteTable {
  /** The SQL name on the Explore page. */
  readonly name: string;
  /** The data loader's file under src/sweeps/[sweep]/data/. */
  readonly file: string;
  readonly stage: TableStage;
  /** One sentence: what a row is. `{btc_symbol}` is replaced by the sweep's BTC symbol. */
  readonly description: string;
  readonly columns: readonly TableColumn[];
  /** Columns the catalogue cannot list (named after the input), said in words. */
  readonly moreColumns?: string;
  /** Row order of the file (so the same inputs give the same bytes). */
  readonly order: string;
}

const RESULT_TYPES: Record<string, ColumnType> = {
  string: "VARCHAR", integer: "BIGINT", probability: "DOUBLE", fraction: "DOUBLE", timestamp: "TIMESTAMP", sha256: "VARCHAR", names: "VARCHAR[]",
};

const col = (name: string, type: ColumnType, optional?: boolean): TableColumn => (optional ? { name, type, optional } : { name, type });

export const SITE_TABLES: readonly SiteTable[] = [
  {
    name: "results",
    file: "results.parquet",
    stage: "ingest",
    description: "One row per (crypto, fold, variant): f1_buy, BUY trades, precision, recall, max drawdown, fold window, provenance.",
    // every contract column, absent optional ones as NULL; fold fits an INTEGER, the counts may not
    columns: RESULT_COLUMNS.map((c) => col(c.name, c.name === "fold" ? "INTEGER" : RESULT_TYPES[c.kind])),
    order: "crypto (as in `cryptos`, else alphabetical), fold, variant (as in `variants`)",
  },
  {
    name: "predictions",
    file: "predictions.parquet",
    stage: "ingest",
    description: "Per bar and (crypto, fold, variant): ts, y_true, y_pred (1 = BUY), buy_proba. Empty when the sweep has none.",
    columns: [col("crypto", "VARCHAR"), col("fold", "INTEGER"), col("variant", "VARCHAR"), col("ts", "TIMESTAMP"), col("y_true", "TINYINT"), col("y_pred", "TINYINT"), col("buy_proba", "DOUBLE")],
    order: "crypto, fold, variant, ts",
  },
  {
    name: "ohlcv",
    file: "ohlcv.parquet",
    stage: "ingest",
    description: "Every symbol's bars: symbol, ts (bar open, UTC), open, high, low, close, volume, …",
    columns: [
      col("symbol", "VARCHAR"), col("ts", "TIMESTAMP"), col("open", "DOUBLE"), col("high", "DOUBLE"), col("low", "DOUBLE"), col("close", "DOUBLE"), col("volume", "DOUBLE"),
      col("close_time", "TIMESTAMP", true), col("quote_volume", "DOUBLE", true), col("n_trades", "BIGINT", true), col("taker_buy_base_volume", "DOUBLE", true), col("taker_buy_quote_volume", "DOUBLE", true),
    ],
    order: "symbol, ts",
  },
  {
    name: "btc_ohlcv",
    file: "btc-ohlcv.parquet",
    stage: "site",
    description: "{btc_symbol} closes only (symbol, ts, close): what regimes are labelled from; much smaller than ohlcv.",
    columns: [col("symbol", "VARCHAR"), col("ts", "TIMESTAMP"), col("close", "DOUBLE")],
    order: "ts",
  },
  {
    name: "features",
    file: "features.parquet",
    stage: "drift",
    description: "The six BTC features per target bar (symbol, ts, btc_ret_1h, …, btc_alt_corr_720h).",
    columns: [col("symbol", "VARCHAR"), col("ts", "TIMESTAMP"), ...BTC_FEATURES.map((f) => col(f, "DOUBLE"))],
    order: "symbol, ts",
  },
  {
    name: "drift",
    file: "drift.parquet",
    stage: "drift",
    description:
      "Weekly drift tests per symbol and feature against the training window: KS statistic and p-values (raw, BH-adjusted), PSI, window mean and its control limits, status (ok / warn / critical).",
    columns: [
      col("symbol", "VARCHAR"), col("feature", "VARCHAR"), col("window_start", "TIMESTAMP"), col("window_end", "TIMESTAMP"), col("n", "INTEGER"), col("mean", "DOUBLE"),
      col("ks_statistic", "DOUBLE"), col("ks_pvalue", "DOUBLE"), col("ks_pvalue_adj", "DOUBLE"), col("ks_reject", "BOOLEAN"), col("psi", "DOUBLE"), col("psi_flag", "BOOLEAN"),
      col("lcl", "DOUBLE"), col("ucl", "DOUBLE"), col("status", "VARCHAR"), col("pvalue_calibrated", "DOUBLE"), col("pvalue_calibrated_adj", "DOUBLE"), col("effect_size", "DOUBLE"),
      col("status_calibrated", "VARCHAR"),
    ],
    order: "symbol, feature, window_start",
  },
  {
    name: "correlation",
    file: "correlation.parquet",
    stage: "drift",
    description: "Rolling 720-bar correlation with BTC per target bar, its control limits and whether it is outside them.",
    columns: [col("symbol", "VARCHAR"), col("ts", "TIMESTAMP"), col("corr", "DOUBLE"), col("center", "DOUBLE"), col("lcl", "DOUBLE"), col("ucl", "DOUBLE"), col("outside", "BOOLEAN"), col("in_reference", "BOOLEAN")],
    order: "symbol, ts",
  },
  {
    name: "quality_flags",
    file: "quality_flags.parquet",
    stage: "drift",
    description: "OHLCV bars flagged by a quality rule (reason, value, threshold).",
    columns: [
      col("symbol", "VARCHAR"), col("ts", "TIMESTAMP"), col("open", "DOUBLE"), col("high", "DOUBLE"), col("low", "DOUBLE"), col("close", "DOUBLE"), col("volume", "DOUBLE"),
      col("reason", "VARCHAR"), col("value", "DOUBLE"), col("threshold", "DOUBLE"),
    ],
    order: "symbol, ts, reason",
  },
  {
    name: "mlflow_runs",
    file: "mlflow_runs.parquet",
    stage: "mlflow import",
    description:
      'For a sweep made by ftf import mlflow: every selected MLflow run, its (crypto, fold, variant), whether it was imported (else skip_reason), and the mlflow.search_runs columns (run_id, status, start_time, "metrics.<name>", "params.<name>", "tags.<name>"). Empty for other sweeps.',
    columns: [
      col("crypto", "VARCHAR"), col("fold", "INTEGER"), col("variant", "VARCHAR"), col("imported", "BOOLEAN"), col("skip_reason", "VARCHAR"), col("experiment_name", "VARCHAR"),
      col("parent_run_id", "VARCHAR"), col("run_path", "VARCHAR"), col("datasets", "VARCHAR"),
      col("run_id", "VARCHAR"), col("experiment_id", "VARCHAR"), col("run_name", "VARCHAR"), col("status", "VARCHAR"), col("lifecycle_stage", "VARCHAR"), col("artifact_uri", "VARCHAR"),
      col("start_time", "TIMESTAMP"), col("end_time", "TIMESTAMP"),
    ],
    moreColumns: '"metrics.<name>" DOUBLE, "params.<name>" and "tags.<name>" VARCHAR, one per name the runs logged, among the search_runs columns',
    order: "as the runs were selected",
  },
];

/** The catalogue entry of table `name` (a TypeError for a name it lacks: a programming error). */
export function siteTable(name: string): SiteTable {
  const t = SITE_TABLES.find((x) => x.name === name || x.file === name);
  if (!t) throw new TypeError(`no site table named ${JSON.stringify(name)}`);
  return t;
}

/** `a VARCHAR, b DOUBLE` for CREATE TABLE: every column, or only those always written (`required`). */
export function tableDdl(table: SiteTable, which: "all" | "required" = "all"): string {
  return table.columns
    .filter((c) => which === "all" || !c.optional)
    .map((c) => `${c.name} ${c.type}`)
    .join(", ");
}

/** Explore's table list: SQL name, data file and description (with the sweep's BTC symbol filled in). */
export function exploreTables(sweep: { btc_symbol: string }): { name: string; file: string; description: string }[] {
  return SITE_TABLES.map((t) => ({ name: t.name, file: t.file, description: t.description.replaceAll("{btc_symbol}", sweep.btc_symbol) }));
}

/** The catalogue as a Markdown table (data/README.md's "Tables of the site" section). */
export function tablesMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const columns = (t: SiteTable) => {
    const list = t.columns.map((c) => `\`${c.name}\` ${c.type}${c.optional ? " (when the input has it)" : ""}`).join(", ");
    return t.moreColumns ? `${list}; then ${t.moreColumns}` : list;
  };
  const rows = SITE_TABLES.map((t) => `| \`${t.name}\` | \`${t.file}\` | ${t.stage} | ${cell(t.description.replaceAll("{btc_symbol}", "the BTC symbol's"))} | ${cell(columns(t))} | ${cell(t.order)} |`);
  return ["| table | file | written by | rows | columns | order |", "|---|---|---|---|---|---|", ...rows].join("\n");
}
