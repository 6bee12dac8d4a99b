/**
 * `ftf monitor` and the Monitoring page, Node side: read and validate a deployment folder, find the
 * sweep the model came from, build the training references (features of the sweep's training
 * window from its OHLCV, the sweep's own buy_proba of the variant), and hand everything to the
 * pure rules of src/lib/monitor. Invalid input throws ValidationError with every problem located;
 * no status is computed from it.
 *
 * Where the sweep is found: `sweepDir` when given; else `<deployment>/../../sweeps/<sweep_id>`
 * (the data/ layout); else FTF_SWEEPS (default data/sweeps).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { resolveDriftThresholds, DEFAULT_WARN_PVALUE } from "../../src/lib/drift/index.ts";
import { quoteLiteral as sqlStr } from "../../src/lib/sql/quote.ts";
import { formatUtc, parseUtc, tryParseUtc } from "../../src/lib/time.ts";
import {
  evaluateDeployment,
  preflight,
  resolveMonitorThresholds,
  type CryptoLog,
  type CryptoReference,
  type DeploymentConfig,
  type MonitorReport,
  type SweepFacts,
} from "../../src/lib/monitor/index.ts";
import type { ResultRow } from "../../src/lib/results.ts";
import { featuresSql } from "../../src/lib/sql/features.ts";
import { BTC_FEATURES, FEATURE_SETS, intervalMs, type SweepConfig } from "../../src/lib/sweep.ts";
import { InputError, ValidationError } from "../errors.ts";
import { readSymbolFeatures } from "../features/index.ts";
import { createFeaturesTableWithKernels } from "../features/kernel-tables.ts";
import { Duck, monitorMemoryLimit } from "../ingest/duck.ts";
import { ingestSweep, readIngested, readOhlcvDir } from "../ingest/index.ts";
import type { Collected } from "../ingest/sweep-files.ts";
import { sweepsRoot } from "../site/paths.ts";
import { readDeploymentConfig, readEvents, readInferenceLog, readModelSeries, type DeploymentFileInfo } from "./files.ts";

export interface MonitorOptions {
  /** The sweep folder (default: see the module comment). */
  sweepDir?: string;
  /** OHLCV folder: the features of the training window need it (without it, feature drift is not assessable). */
  ohlcvDir?: string | null;
  /** An already ingested sweep (the site's cache): skips the ingest. */
  ingestDir?: string;
  /** features.parquet of that ingest (the site's drift cache): skips the feature SQL. */
  featuresParquet?: string | null;
  /** As-of instant (ISO-8601); default the last bar of the log. */
  at?: string;
  onPhase?: (phase: string, seconds: number) => void;
}

export interface MonitorResult extends MonitorReport {
  inputs: DeploymentFileInfo[];
  warnings: string[];
}

/** The features a model of `variant` is fed (ADR-30 feature sets); all six for an unknown variant. */
export function fedFeatures(variant: string): string[] {
  return [...(FEATURE_SETS[variant] ?? BTC_FEATURES)];
}

export function locateSweep(deploymentDir: string, sweepId: string, sweepDir?: string): string {
  if (sweepDir) return resolve(sweepDir);
  const sibling = resolve(dirname(resolve(deploymentDir)), "..", "sweeps", sweepId);
  if (existsSync(join(sibling, "sweep.json"))) return sibling;
  return join(sweepsRoot(), sweepId);
}

/** Read and validate the deployment folder alone (the sweep is not needed); throws ValidationError. */
export async function validateDeployment(dir: string): Promise<{ config: DeploymentConfig; warnings: string[] }> {
  const out: Collected = { errors: [], warnings: [], files: [] };
  const duck = await Duck.open({ memoryLimit: monitorMemoryLimit() });
  try {
    const config = await readDeploymentConfig(dir, out);
    await readInferenceLog(duck, dir, config, fedFeatures(config?.variant ?? ""), out);
    await readEvents(dir, out);
    if (out.errors.length || !config) throw new ValidationError(out.errors);
    return { config, warnings: out.warnings.map((w) => w.message) };
  } finally {
    duck.close();
  }
}

export async function monitorDeployment(deploymentDir: string, opts: MonitorOptions = {}): Promise<MonitorResult> {
  const dir = resolve(deploymentDir);
  let clock = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    opts.onPhase?.(name, (now - clock) / 1000);
    clock = now;
  };
  if (!existsSync(dir)) throw new ValidationError([new InputError("missing_folder", "deployment folder not found", { file: dir }, "a folder holding deployment.json and inference_log.parquet|csv|jsonl")]);
  const out: Collected = { errors: [], warnings: [], files: [] };
  const duck = await Duck.open({ memoryLimit: monitorMemoryLimit() });
  let work: string | null = null;
  try {
    // 1. the deployment folder
    const config = await readDeploymentConfig(dir, out);
    const features = fedFeatures(config?.variant ?? "");
    const log = await readInferenceLog(duck, dir, config, features, out);
    const events = await readEvents(dir, out);
    if (out.errors.length || !config || !log) throw new ValidationError(out.errors);
    phase("read_deployment");

    // 2. the sweep (validated by its own ingest)
    let ingestDir = opts.ingestDir;
    const sweepDir = locateSweep(dir, config.sweep_id, opts.sweepDir);
    if (!ingestDir) {
      if (!existsSync(join(sweepDir, "sweep.json"))) {
        throw new ValidationError([new InputError("missing_sweep", `the sweep "${config.sweep_id}" of deployment.json was not found`, { file: "deployment.json", column: "sweep_id", value: config.sweep_id }, `a sweep folder at ${sweepDir} (or pass --sweep DIR)`)]);
      }
      work = mkdtempSync(join(tmpdir(), "ftf-monitor-"));
      ingestDir = join(work, "ingest");
      // The sweep's own files are validated by its ingest; of the OHLCV only the deployment's
      // cryptos and BTC are needed (the training features, the stage-1 regimes), read and checked
      // by the same OHLCV reader.
      await ingestSweep(sweepDir, { outDir: ingestDir });
      if (opts.ohlcvDir) {
        const { config: sc } = await readIngested(ingestDir);
        const set = await readOhlcvDir(resolve(opts.ohlcvDir), { symbols: [...new Set([sc.btc_symbol, ...config.cryptos])], interval: sc.interval, tempDir: work });
        try {
          await set.writeParquet(join(ingestDir, "ohlcv.parquet"));
        } finally {
          set.close();
        }
      }
    }
    const { config: sweep, results } = await readIngested(ingestDir);
    phase("read_sweep");
    if (!sweep.variants.includes(config.variant)) {
      throw new ValidationError([new InputError("unknown_variant", `variant is not one of the sweep's variants [${sweep.variants.join(", ")}]`, { file: "deployment.json", column: "variant", value: config.variant }, `a variant of ${config.sweep_id}`)]);
    }
    const interval = config.interval ?? sweep.interval;
    const barMs = intervalMs(interval);
    const lastTs = await duck.value<number>(`SELECT epoch_ms(max(ts))::DOUBLE FROM log_norm WHERE model_run_id = ${sqlStr(config.model_run_id)}`);
    let at = lastTs;
    if (opts.at !== undefined) {
      const t = tryParseUtc(opts.at);
      if (t === null) throw new InputError("bad_time", "--at is not an ISO-8601 date-time", { value: opts.at }, "e.g. 2025-06-20T00:00:00Z");
      at = t;
    }
    const liveStart = parseUtc(config.live_start);
    if (at < liveStart) throw new InputError("bad_time", `--at ${formatUtc(at)} lies before live_start ${config.live_start}`, { column: "live_start", value: formatUtc(at) }, "an instant after live_start");

    // 3. the log, per crypto and model
    const logs: CryptoLog[] = [];
    for (const crypto of config.cryptos) {
      logs.push({
        crypto,
        live: await readModelSeries(duck, crypto, config.model_run_id, log.features),
        baseline: await readModelSeries(duck, crypto, config.baseline_model_run_id, log.features),
      });
    }
    phase("read_log");

    // 4. references
    const references = await buildReferences(duck, ingestDir, sweep, results, config, liveStart, log.features, opts.featuresParquet ?? null);
    phase("references");

    // 5. the sweep's facts: stage 1 verdict, stage 2 pre-flight, run config
    const facts = await sweepFacts(ingestDir, sweep, results, config);
    phase("sweep_facts");

    const report = evaluateDeployment({
      deployment: config,
      interval,
      intervalMs: barMs,
      at,
      features: log.features.filter((f) => features.includes(f)),
      logs,
      references,
      events,
      sweep: facts,
      thresholds: resolveMonitorThresholds(config.thresholds),
      drift: resolveDriftThresholds(sweep.thresholds, config.thresholds),
      warnPValue: DEFAULT_WARN_PVALUE,
      referenceInterval: sweep.interval,
    });
    phase("rules");
    return {
      ...report,
      inputs: out.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, rows: f.rows })),
      warnings: out.warnings.map((w) => w.message),
    };
  } finally {
    duck.close();
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

async function buildReferences(
  duck: Duck, ingestDir: string, sweep: SweepConfig, results: ResultRow[], config: DeploymentConfig, liveStart: number, features: readonly string[], featuresParquet: string | null,
): Promise<CryptoReference[]> {
  const ohlcv = join(ingestDir, "ohlcv.parquet");
  const preds = join(ingestDir, "predictions.parquet");
  const trainStart = sweep.train_start ? parseUtc(sweep.train_start) : null;
  const trainEnd = sweep.train_end ? parseUtc(sweep.train_end) : null;
  let featureReason: string | null = null;
  if (trainEnd === null || trainStart === null) featureReason = `the sweep ${sweep.sweep_id} has no training window (train_start, train_end): no feature reference`;
  else if (featuresParquet && existsSync(featuresParquet)) {
    await duck.run(`CREATE OR REPLACE VIEW mon_features AS SELECT * FROM read_parquet(${sqlStr(featuresParquet)}) WHERE epoch_ms(ts) >= ${trainStart} AND epoch_ms(ts) < ${trainEnd}`);
  } else if (existsSync(ohlcv)) {
    const targets = config.cryptos;
    await duck.run(`CREATE OR REPLACE VIEW mon_ohlcv AS SELECT * FROM read_parquet(${sqlStr(ohlcv)})`);
    const symbols = new Set((await duck.rows<{ symbol: string }>("SELECT DISTINCT symbol FROM mon_ohlcv")).map((r) => r.symbol));
    const have = targets.filter((t) => symbols.has(t));
    if (!symbols.has(sweep.btc_symbol)) featureReason = `the sweep's OHLCV has no ${sweep.btc_symbol} bars: no feature reference`;
    else if (have.length) {
      const thresholds = resolveDriftThresholds(sweep.thresholds, config.thresholds);
      // the same engine as the sweep's drift tables (loaders/drift/): the streaming kernels, the
      // SQL definitions when a symbol has several bars in one grid slot — so the site and the CLI agree to the bit
      const opts = { source: "mon_ohlcv", interval: sweep.interval, btcSymbol: sweep.btc_symbol, targets: have, minCoverage: thresholds.min_window_coverage };
      if (!(await createFeaturesTableWithKernels(duck, "mon_features_all", opts))) await duck.run(`CREATE OR REPLACE TABLE mon_features_all AS ${featuresSql(opts)}`);
      await duck.run(`CREATE OR REPLACE VIEW mon_features AS SELECT * FROM mon_features_all WHERE epoch_ms(ts) >= ${trainStart} AND epoch_ms(ts) < ${trainEnd}`);
    }
  } else featureReason = "no OHLCV for the sweep (pass --ohlcv DIR): the training distribution of the features cannot be computed";
  const haveFeatures = featureReason === null && (await duck.value<number>("SELECT count(*) FROM duckdb_views() WHERE view_name = 'mon_features'")) > 0;
  const rows: CryptoReference[] = [];
  const hasPreds = existsSync(preds);
  if (hasPreds) await duck.run(`CREATE OR REPLACE VIEW mon_preds AS SELECT * FROM read_parquet(${sqlStr(preds)})`);
  for (const crypto of config.cryptos) {
    let table: CryptoReference["features"] = null;
    let reason = featureReason;
    if (haveFeatures) {
      const n = await duck.value<number>(`SELECT count(*) FROM mon_features WHERE symbol = ${sqlStr(crypto)}`);
      if (n) {
        const f = await readSymbolFeatures(duck.conn, "mon_features", crypto);
        table = { symbol: crypto, ts: f.ts, columns: Object.fromEntries(features.map((k) => [k, f.columns[k as keyof typeof f.columns]])) };
      } else reason = `no OHLCV bars of ${crypto} inside the sweep's training window: no feature reference`;
    } else if (!reason) reason = `no OHLCV bars of ${crypto} in the sweep: no feature reference`;

    let proba: CryptoReference["buy_proba"] = null;
    let probaReason: string | null = null;
    if (!hasPreds) probaReason = `the sweep ${sweep.sweep_id} has no predictions file: no buy_proba reference`;
    else {
      const r = await duck.rows<{ t: number; p: number | null; y: number }>(
        `SELECT epoch_ms(ts)::DOUBLE AS t, buy_proba AS p, y_pred::DOUBLE AS y FROM mon_preds WHERE variant = ${sqlStr(config.variant)} AND crypto = ${sqlStr(crypto)} AND epoch_ms(ts) < ${liveStart} AND buy_proba IS NOT NULL ORDER BY ts`,
      );
      if (!r.length) probaReason = `the sweep's predictions hold no buy_proba of ${config.variant} on ${crypto} before live_start`;
      else proba = { ts: Float64Array.from(r, (x) => x.t), values: Float64Array.from(r, (x) => x.p as number), y_pred: Float64Array.from(r, (x) => x.y) };
    }
    const base = results.filter((x) => x.variant === sweep.baseline_variant && x.crypto === crypto);
    rows.push({
      crypto,
      features: table,
      features_reason: table ? null : reason,
      buy_proba: proba,
      buy_proba_reason: probaReason,
      sweep_baseline_f1: base.length ? base.reduce((a, x) => a + x.f1_buy, 0) / base.length : null,
    });
  }
  return rows;
}

async function sweepFacts(ingestDir: string, sweep: SweepConfig, results: ResultRow[], config: DeploymentConfig): Promise<SweepFacts> {
  const mine = results.filter((r) => r.variant === config.variant && (config.cryptos.includes(r.crypto) || !results.some((x) => config.cryptos.includes(x.crypto))));
  const distinct = <T>(xs: (T | null)[]) => [...new Set(xs.filter((x): x is T => x !== null))].sort();
  let verdict: SweepFacts["verdict"] = null;
  let verdictReason: string | null = null;
  try {
    const { dossierFromIngested } = await import("../verdict.ts");
    const dossier = await dossierFromIngested(ingestDir);
    const v = dossier.variants.find((x) => x.variant === config.variant);
    if (v) verdict = { verdict: v.verdict, reason: v.verdict_reason };
    if (dossier.track_verdict === "ABANDON") verdict = { verdict: "ABANDON", reason: dossier.track_reason };
  } catch (e) {
    verdictReason = `the sweep's verdict could not be computed: ${(e as Error).message.split("\n")[0]}`;
  }
  const variant = sweep.variants.includes("btc_full") ? "btc_full" : config.variant;
  const crypto = results.some((r) => r.crypto === "BTCUSDC" && r.variant === variant) ? "BTCUSDC" : config.cryptos.find((c) => results.some((r) => r.crypto === c)) ?? config.cryptos[0];
  const thresholds = resolveMonitorThresholds(config.thresholds);
  return {
    sweep_id: sweep.sweep_id,
    baseline_variant: sweep.baseline_variant,
    train_start: sweep.train_start ? parseUtc(sweep.train_start) : NaN,
    train_end: sweep.train_end ? parseUtc(sweep.train_end) : NaN,
    run_config: { feature_set: distinct(mine.map((r) => r.feature_set)), n_features: distinct(mine.map((r) => r.n_features)), purge_bars: distinct(mine.map((r) => r.purge_bars)) },
    verdict,
    verdict_reason: verdictReason,
    preflight: preflight(results, { variant, crypto, minBuyTrades: thresholds.preflight_min_buy_trades }),
  };
}
