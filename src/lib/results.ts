/**
 * Row types of the normalised sweep tables (the Parquet files `ftf ingest` writes; DESIGN §3).
 * Isomorphic: the gate engine takes these plain objects, whether they came from Node or the browser.
 */

/** One row of `results.parquet`: one (crypto, fold, variant) cell of the sweep. */
export interface ResultRow {
  crypto: string;
  fold: number;
  variant: string;
  f1_buy: number;
  n_buy_trades: number;
  precision_buy: number | null;
  recall_buy: number | null;
  /** Maximum drawdown as a positive fraction (0.12 = 12%). */
  max_drawdown: number | null;
  purge_bars: number | null;
  n_features: number | null;
  feature_set: string | null;
  /** ISO-8601 UTC, half-open test window [fold_start, fold_end). */
  fold_start: string | null;
  fold_end: string | null;
  model_run_id: string | null;
  enrichment_config_sha256: string | null;
  n_samples: number | null;
  n_true_buy: number | null;
  /** `;`-separated in the input, an array here. */
  feature_names: string[] | null;
}

/** One row of `predictions.parquet`: one bar of one (crypto, fold, variant) test window. */
export interface PredictionRow {
  crypto: string;
  fold: number;
  variant: string;
  /** Bar open time, epoch milliseconds UTC. */
  ts: number;
  y_true: 0 | 1;
  y_pred: 0 | 1;
  buy_proba: number | null;
}

/** Columns of `ohlcv.parquet`. `ts` is the bar open time (Parquet TIMESTAMP, UTC). */
export const OHLCV_COLUMNS = ["symbol", "ts", "open", "high", "low", "close", "volume"] as const;
