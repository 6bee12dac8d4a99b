/**
 * The demo sweep folder in the input formats of DESIGN §3:
 * `sweep.json`, `results.csv`, `predictions.parquet`, `enrichment_config.json`.
 *
 * Byte determinism: JSON with fixed key order; numbers in results.csv printed with JavaScript's
 * shortest round-trip form (`String(x)`: at most 17 significant digits, parses back to the same
 * double); Parquet written by DuckDB with one thread, ZSTD, rows in a fixed order.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance, DuckDBTimestampValue } from "@duckdb/node-api";
import { BTC_FEATURES, DEFAULT_BASELINE, DEFAULT_LEAKAGE_PAIR, DEFAULT_VARIANTS, FEATURE_SETS } from "../../src/lib/sweep.ts";
import { type DemoSpan } from "./calendar.ts";
import { SWEEP_FILES, sweepId } from "./layout.ts";
import { LABEL_HORIZON, LABEL_K, VOL_MIN_RETURNS, VOL_WINDOW } from "./labels.ts";
import { BASE_FEATURES, featureNames, featureSetOf, PURGE_BARS, type PredictionBlock } from "./predictions.ts";
import type { Scenario } from "./scenarios.ts";
import { BTC, TARGET_SYMBOLS } from "./symbols.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { formatUtc, HOUR_MS, MINUTE_MS } from "../../src/lib/time.ts";
import { csvRow } from "../../src/lib/csv.ts";

export const RESULTS_COLUMNS = [
  "crypto",
  "fold",
  "variant",
  "f1_buy",
  "n_buy_trades",
  "precision_buy",
  "recall_buy",
  "max_drawdown",
  "purge_bars",
  "n_features",
  "feature_set",
  "fold_start",
  "fold_end",
  "model_run_id",
  "enrichment_config_sha256",
  "n_samples",
  "n_true_buy",
  "feature_names",
] as const;

export const TRACK = "track1-btc-features";
export const UNIVERSE = "defi_top5";

const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");

/** The feature-engineering artefact whose SHA-256 the registry pins (same for every scenario). */
export function enrichmentConfigText(): string {
  const config = {
    schema_version: 1,
    track: TRACK,
    btc_symbol: BTC.symbol,
    interval: "1h",
    base_features: BASE_FEATURES,
    btc_features: {
      btc_ret_1h: "ln(c_t / c_{t-1})",
      btc_ret_24h: "ln(c_t / c_{t-24})",
      btc_rv_24h: "sqrt(sum of the last 24 squared 1-bar log returns)",
      btc_volume_z_168h: "z-score of ln(volume_t) against the previous 168 bars",
      btc_range_1h: "(h_t - l_t) / c_t",
      btc_alt_corr_720h: "Pearson correlation of target and BTC 1-bar log returns over the last 720 bars",
    },
    btc_feature_order: BTC_FEATURES,
    alignment: "BTC bars joined to the target's bar open time; a missing BTC bar leaves the features null",
    feature_sets: Object.fromEntries(Object.entries(FEATURE_SETS).filter(([k]) => !k.includes("purge"))),
    variants: Object.fromEntries(DEFAULT_VARIANTS.map((v) => [v, { feature_set: featureSetOf(v), purge_bars: PURGE_BARS[v] }])),
    label: {
      horizon_bars: LABEL_HORIZON,
      rule: "BUY when ln(c_{t+h}/c_t) > k * sigma_t * sqrt(h); sigma_t = RMS of the 1-bar log returns over the last vol_window_bars",
      k: LABEL_K,
      vol_window_bars: VOL_WINDOW,
      vol_min_returns: VOL_MIN_RETURNS,
    },
  };
  return JSON.stringify(config, null, 2) + "\n";
}

export interface SweepMeta {
  scenario: Scenario;
  seed: number;
  span: DemoSpan;
}

/** created_at: fixed, derived from the seed (6 h after the data ends plus seed mod 1440 minutes). */
export function createdAt(seed: number, span: DemoSpan): string {
  return formatUtc(span.end + 6 * HOUR_MS + (seed % 1440) * MINUTE_MS);
}

export function sweepJsonText(meta: SweepMeta, enrichmentSha: string): string {
  const sweep = {
    sweep_id: sweepId(meta.scenario),
    created_at: createdAt(meta.seed, meta.span),
    track: TRACK,
    universe: UNIVERSE,
    baseline_variant: DEFAULT_BASELINE,
    variants: DEFAULT_VARIANTS,
    leakage_pair: DEFAULT_LEAKAGE_PAIR,
    interval: "1h",
    train_start: formatUtc(meta.span.start),
    train_end: formatUtc(meta.span.trainEnd),
    cryptos: TARGET_SYMBOLS,
    btc_symbol: BTC.symbol,
    registry: {
      enrichment_config_sha256: enrichmentSha,
      variants: Object.fromEntries(DEFAULT_VARIANTS.map((v) => [v, { feature_names: featureNames(v) }])),
    },
  };
  return JSON.stringify(sweep, null, 2) + "\n";
}

export function modelRunId(meta: SweepMeta, crypto: string, fold: number, variant: string): string {
  return sha256(`ftf-demo|${meta.seed}|${meta.scenario}|${crypto}|${fold}|${variant}`).slice(0, 32);
}

export function resultsCsvText(meta: SweepMeta, blocks: PredictionBlock[], enrichmentSha: string): string {
  const lines = [RESULTS_COLUMNS.join(",")];
  for (const b of blocks) {
    const m = b.metrics;
    const names = featureNames(b.variant);
    const row: Record<(typeof RESULTS_COLUMNS)[number], string | number | null> = {
      crypto: b.crypto,
      fold: b.fold.fold,
      variant: b.variant,
      f1_buy: m.f1_buy,
      n_buy_trades: m.n_buy_trades,
      precision_buy: m.precision_buy,
      recall_buy: m.recall_buy,
      max_drawdown: m.max_drawdown,
      purge_bars: PURGE_BARS[b.variant],
      n_features: names.length,
      feature_set: featureSetOf(b.variant),
      fold_start: formatUtc(b.fold.start),
      fold_end: formatUtc(b.fold.end),
      model_run_id: modelRunId(meta, b.crypto, b.fold.fold, b.variant),
      enrichment_config_sha256: enrichmentSha,
      n_samples: m.n_samples,
      n_true_buy: m.n_true_buy,
      feature_names: names.join(";"),
    };
    lines.push(csvRow(RESULTS_COLUMNS.map((c) => row[c])));
  }
  return lines.join("\n") + "\n";
}

/** predictions.parquet through DuckDB (one thread, ZSTD), rows in block order. */
export async function writePredictionsParquet(path: string, blocks: PredictionBlock[]): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const conn = await instance.connect();
  try {
    await conn.run(
      "CREATE TABLE predictions (crypto VARCHAR, fold INTEGER, variant VARCHAR, ts TIMESTAMP, y_true TINYINT, y_pred TINYINT, buy_proba DOUBLE)",
    );
    const app = await conn.createAppender("predictions");
    for (const b of blocks) {
      for (let k = 0; k < b.ts.length; k++) {
        app.appendVarchar(b.crypto);
        app.appendInteger(b.fold.fold);
        app.appendVarchar(b.variant);
        app.appendTimestamp(new DuckDBTimestampValue(BigInt(b.ts[k]) * 1000n));
        app.appendTinyInt(b.yTrue[k]);
        app.appendTinyInt(b.yPred[k]);
        app.appendDouble(b.proba[k]);
        app.endRow();
      }
    }
    app.closeSync();
    await conn.run(`COPY predictions TO ${quoteLiteral(path)} (FORMAT parquet, COMPRESSION zstd)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Write the whole sweep folder; returns the paths written (relative to `sweepsDir`). */
export async function writeSweepFolder(sweepsDir: string, meta: SweepMeta, blocks: PredictionBlock[]): Promise<string[]> {
  const id = sweepId(meta.scenario);
  const dir = join(sweepsDir, id);
  mkdirSync(dir, { recursive: true });
  const enrichment = enrichmentConfigText();
  const sha = sha256(enrichment);
  writeFileSync(join(dir, "enrichment_config.json"), enrichment);
  writeFileSync(join(dir, "sweep.json"), sweepJsonText(meta, sha));
  writeFileSync(join(dir, "results.csv"), resultsCsvText(meta, blocks, sha));
  await writePredictionsParquet(join(dir, "predictions.parquet"), blocks);
  return SWEEP_FILES.map((f) => `${id}/${f}`);
}
