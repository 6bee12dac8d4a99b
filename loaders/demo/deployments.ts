/**
 * Demo deployments (`ftf demo --scenario live-ok|live-regress|live-mismatch`): btc_full of the
 * clean demo sweep promoted to stage 4 on ETHUSDC for the last 30 days of the demo span, with the
 * champion_btc_blind baseline (`none`) scored in shadow beside it from 24 h before live_start.
 * Each folder holds deployment.json, inference_log.parquet and an events file, in the formats of
 * data/README.md "The deployment folder".
 *
 * The model of the log is the sweep's score model (scenarios.ts, predictions.ts) on the real demo
 * labels of ETHUSDC: S = (A + U)·z̃ + e_0 + 0.35·e_v, buy_proba = logistic(1.6·(S − τ)), with the
 * baseline's U = 0 and the live model's U = LIVE_SKILL; the pnl of a bar is y_pred × the next
 * bar's simple return (a one-bar long position).
 *
 * The BTC features in the log are whole feature rows of ETHUSDC drawn at random (seeded) from the
 * sweep's training window, one per bar: a market that looks like the training period, which is
 * exactly the null hypothesis of the drift rules. Real hourly rolling features are autocorrelated
 * and their weekly KS rejects far more often (see the sweep's Feature drift page); the demo shows a
 * healthy deployment as healthy and injects only what each scenario names:
 * - live-ok: nothing;
 * - live-regress: from 10 days before the end the live model loses its BTC skill and more
 *   (U = REGRESS_SKILL < 0): its rolling 7-day f1_buy falls below the baseline's − 0.02 →
 *   f1_regression_7d;
 * - live-mismatch: one event=enrichment_config_mismatch (the InferenceAPI loaded the artefact under
 *   another env config) → enrichment_config_mismatch, and a 12-hour BTC feed gap (all six features
 *   NaN) inside one 7-day fold, 12/168 = 7.1 % > 5 % → btc_feed_nan.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance, DuckDBTimestampValue } from "@duckdb/node-api";
import { featuresSql } from "../../src/lib/sql/features.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { BTC_FEATURES } from "../../src/lib/sweep.ts";
import { type DemoSpan } from "./calendar.ts";
import { DAY_MS, HOUR_MS, formatUtc as isoZ, MINUTE_MS } from "../../src/lib/time.ts";
import { computeLabels, gridCloses, LABEL_HORIZON } from "./labels.ts";
import type { Market, SymbolSeries } from "./market.ts";
import { featureNames, PURGE_BARS } from "./predictions.ts";
import { Rng } from "./prng.ts";
import { SHARED_SKILL, VARIANT_NOISE } from "./scenarios.ts";
import { enrichmentConfigText } from "./sweep-files.ts";
import { createHash } from "node:crypto";
import { DEPLOYMENT_CRYPTO, DEPLOYMENT_FILES, DEPLOYMENT_SWEEP, DEPLOYMENT_VARIANT, deploymentId, liveSpanProblem, liveWindow, SHADOW_HOURS, type LiveScenario } from "./deployment-layout.ts";

export { LIVE_SCENARIOS, isLiveScenario, deploymentId, liveWindow, liveSpanProblem, DEPLOYMENT_FILES, type LiveScenario } from "./deployment-layout.ts";
/** BTC skill of the deployed model live (the sweep's btc_full has ≈ 0.085·factor). */
const LIVE_SKILL = 0.3;
/** From REGRESS_DAYS before the end, live-regress's model scores against the move. */
const REGRESS_SKILL = -0.45;
const REGRESS_DAYS = 10;
const PROBA_SLOPE = 1.6;
const SHARE_QUANTILE = 0.772;
const PROBA_SCALE = 1e4;
const Z_CLIP = 3;
/** live-mismatch: the feed gap (hours) and where it starts (days after live_start). */
const GAP_HOURS = 12;
const GAP_DAY = 16;
const MISMATCH_DAY = 19;

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const runId = (seed: number, scenario: string, model: string) => sha(`ftf-demo-deploy|${seed}|${scenario}|${model}`).slice(0, 32);

/** The training-window feature rows of ETHUSDC (ts order), computed by the one feature SQL. */
async function trainingFeatures(market: Market, target: SymbolSeries): Promise<Float64Array[]> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const conn = await instance.connect();
  try {
    await conn.run("CREATE TABLE bars (symbol VARCHAR, ts TIMESTAMP, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE)");
    const app = await conn.createAppender("bars");
    for (const s of [market.btc, target]) {
      for (let i = 0; i < market.n; i++) {
        if (!s.present[i]) continue;
        app.appendVarchar(s.spec.symbol);
        app.appendTimestamp(new DuckDBTimestampValue(BigInt(s.start + i * HOUR_MS) * 1000n));
        app.appendDouble(s.high[i]);
        app.appendDouble(s.low[i]);
        app.appendDouble(s.close[i]);
        app.appendDouble(s.volume[i]);
        app.endRow();
      }
    }
    app.closeSync();
    const sql = featuresSql({ source: "bars", interval: "1h", btcSymbol: market.btc.spec.symbol, targets: [target.spec.symbol] });
    const r = await conn.runAndReadAll(
      `SELECT ${BTC_FEATURES.join(", ")} FROM (${sql}) WHERE symbol = '${target.spec.symbol}' AND epoch_ms(ts) >= ${market.span.start} AND epoch_ms(ts) < ${market.span.trainEnd}
       AND ${BTC_FEATURES.map((f) => `${f} IS NOT NULL AND NOT isnan(${f})`).join(" AND ")} ORDER BY ts`,
    );
    return r.getRowsJS().map((row) => Float64Array.from(row as number[]));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

interface LogRow {
  ts: number;
  model: string;
  variant: string;
  f: Float64Array | null;
  proba: number;
  yPred: number;
  yTrue: number | null;
  pnl: number;
}

/** Write DIR/deployments/demo-<scenario>/; returns the paths written relative to `deploymentsDir`. */
export async function writeDeploymentFolder(deploymentsDir: string, scenario: LiveScenario, seed: number, market: Market): Promise<string[]> {
  const problem = liveSpanProblem(market.span);
  if (problem) throw new Error(problem);
  const target = market.targets.find((t) => t.spec.symbol === DEPLOYMENT_CRYPTO)!;
  const { liveStart, end } = liveWindow(market.span);
  const shadowStart = liveStart - SHADOW_HOURS * HOUR_MS;
  const id = deploymentId(scenario);
  const dir = join(deploymentsDir, id);
  mkdirSync(dir, { recursive: true });
  const model = runId(seed, scenario, DEPLOYMENT_VARIANT);
  const baseline = runId(seed, scenario, "none");

  const closes = gridCloses(target.close, target.present);
  const labels = computeLabels(closes);
  const pool = await trainingFeatures(market, target);
  const pick = new Rng(seed, `deploy/${DEPLOYMENT_CRYPTO}/features`);
  const shared = new Rng(seed, `deploy/${DEPLOYMENT_CRYPTO}/shared`);
  const own = { live: new Rng(seed, `deploy/${DEPLOYMENT_CRYPTO}/live`), base: new Rng(seed, `deploy/${DEPLOYMENT_CRYPTO}/none`) };
  const gapStart = liveStart + GAP_DAY * DAY_MS;
  const regressFrom = end - REGRESS_DAYS * DAY_MS;

  const rows: LogRow[] = [];
  for (let t = shadowStart; t < end; t += HOUR_MS) {
    const i = (t - market.span.start) / HOUR_MS;
    // every bar draws the same number of variates in every scenario, so the scenarios differ only where injected
    const f = pool[pick.int(pool.length)];
    const e0 = shared.normal();
    const eLive = own.live.normal();
    const eBase = own.base.normal();
    if (!target.present[i] || !Number.isFinite(labels.sigma[i])) continue;
    const z = Number.isFinite(labels.z[i]) ? labels.z[i] : 0;
    const zc = Math.max(-Z_CLIP, Math.min(Z_CLIP, z));
    const yTrue = labels.y[i] >= 0 ? labels.y[i] : null;
    const next = i + 1 < market.n && target.present[i + 1] ? target.close[i + 1] / target.close[i] - 1 : 0;
    const gap = scenario === "live-mismatch" && t >= gapStart && t < gapStart + GAP_HOURS * HOUR_MS;
    const feats = gap ? null : f;
    const score = (u: number, e: number) => {
      const tau = SHARE_QUANTILE * Math.sqrt((SHARED_SKILL + u) ** 2 + 1 + VARIANT_NOISE ** 2);
      const s = (SHARED_SKILL + u) * zc + e0 + VARIANT_NOISE * e;
      const p = Math.round(PROBA_SCALE / (1 + Math.exp(-PROBA_SLOPE * (s - tau)))) / PROBA_SCALE;
      return { p, y: p > 0.5 ? 1 : 0 };
    };
    const b = score(0, eBase);
    rows.push({ ts: t, model: baseline, variant: "none", f: feats, proba: b.p, yPred: b.y, yTrue, pnl: b.y * next });
    if (t >= liveStart) {
      const u = scenario === "live-regress" && t >= regressFrom ? REGRESS_SKILL : LIVE_SKILL;
      const l = score(u, eLive);
      rows.push({ ts: t, model, variant: DEPLOYMENT_VARIANT, f: feats, proba: l.p, yPred: l.y, yTrue, pnl: l.y * next });
    }
  }
  await writeLogParquet(join(dir, "inference_log.parquet"), rows);
  // outcomes arrive LABEL_HORIZON bars later: the last bars' y_true is null (above), as in production
  void LABEL_HORIZON;

  const deployment = {
    deployment_id: id,
    sweep_id: DEPLOYMENT_SWEEP,
    variant: DEPLOYMENT_VARIANT,
    cryptos: [DEPLOYMENT_CRYPTO],
    model_run_id: model,
    baseline_model_run_id: baseline,
    stage: 4,
    live_start: isoZ(liveStart),
    interval: "1h",
    description: `demo deployment (${scenario}): btc_full of ${DEPLOYMENT_SWEEP} live on ${DEPLOYMENT_CRYPTO}, champion_btc_blind in shadow`,
  };
  writeFileSync(join(dir, "deployment.json"), JSON.stringify(deployment, null, 2) + "\n");

  const events = demoEvents(scenario, seed, { shadowStart, liveStart, end, model });
  const file = DEPLOYMENT_FILES[scenario][2];
  writeFileSync(join(dir, file), events.map((e) => (file.endsWith(".log") ? logfmt(e) : JSON.stringify(e))).join("\n") + "\n");
  return DEPLOYMENT_FILES[scenario].map((f) => `${id}/${f}`);
}

type DemoEvent = Record<string, string | number>;

function demoEvents(scenario: LiveScenario, seed: number, w: { shadowStart: number; liveStart: number; end: number; model: string }): DemoEvent[] {
  const rng = new Rng(seed, "deploy/events");
  const out: DemoEvent[] = [];
  const applied = (t: number): DemoEvent => ({ ts: isoZ(t), event: "btc_features_applied", feature_set: "btc_full", n_features: featureNames(DEPLOYMENT_VARIANT).length, purge_bars: PURGE_BARS[DEPLOYMENT_VARIANT], crypto: DEPLOYMENT_CRYPTO });
  out.push(applied(w.shadowStart));
  for (let t = w.liveStart; t < w.end; t += DAY_MS) out.push(applied(t + 5 * MINUTE_MS)); // the daily feature refresh
  out.push({ ts: isoZ(w.liveStart), event: "model_promoted", model_run_id: w.model, stage: 4 });
  // scattered BTC quality alerts, never more than two of a reason in one hour
  const reasons = ["outlier_returns", "outlier_volume", "wick_to_body"];
  for (let t = w.liveStart; t < w.end; t += 6 * HOUR_MS) {
    if (rng.uniform() < 0.35) {
      const reason = reasons[rng.int(reasons.length)];
      const n = 1 + rng.int(2);
      for (let k = 0; k < n; k++) out.push({ ts: isoZ(t + (10 + 20 * k) * MINUTE_MS), event: "btc_ohlcv_quality_alert", reason, symbol: "BTCUSDC" });
    }
  }
  if (scenario === "live-mismatch") {
    const t = w.liveStart + MISMATCH_DAY * DAY_MS + 8 * HOUR_MS + 17 * MINUTE_MS;
    const artefact = sha(enrichmentConfigText());
    out.push({ ts: isoZ(t), event: "enrichment_config_mismatch", model_run_id: w.model, env_value: sha(`${artefact}|CVN_BTC_FEATURES_ENABLED=0`), artefact_value: artefact });
    out.push({ ts: isoZ(t + MINUTE_MS), event: "model_load_failed", model_run_id: w.model, error: "RuntimeError: enrichment config SHA-256 differs from the registry tag (ADR-25)" });
  }
  return out.sort((a, b) => String(a.ts).localeCompare(String(b.ts)));
}

function logfmt(e: DemoEvent): string {
  return Object.entries(e)
    .map(([k, v]) => `${k}=${typeof v === "string" && /[\s"=]/.test(v) ? JSON.stringify(v) : v}`)
    .join(" ");
}

async function writeLogParquet(path: string, rows: LogRow[]): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const conn = await instance.connect();
  try {
    await conn.run(
      `CREATE TABLE log (ts TIMESTAMP, crypto VARCHAR, model_run_id VARCHAR, variant VARCHAR, ${BTC_FEATURES.map((f) => `${f} DOUBLE`).join(", ")}, buy_proba DOUBLE, y_pred TINYINT, y_true TINYINT, pnl DOUBLE)`,
    );
    const app = await conn.createAppender("log");
    for (const r of rows) {
      app.appendTimestamp(new DuckDBTimestampValue(BigInt(r.ts) * 1000n));
      app.appendVarchar(DEPLOYMENT_CRYPTO);
      app.appendVarchar(r.model);
      app.appendVarchar(r.variant);
      for (let k = 0; k < BTC_FEATURES.length; k++) {
        if (r.f) app.appendDouble(r.f[k]);
        else app.appendNull();
      }
      app.appendDouble(r.proba);
      app.appendTinyInt(r.yPred);
      if (r.yTrue === null) app.appendNull();
      else app.appendTinyInt(r.yTrue);
      app.appendDouble(r.pnl);
      app.endRow();
    }
    app.closeSync();
    await conn.run(`COPY (SELECT * FROM log ORDER BY ts, variant DESC) TO ${quoteLiteral(path)} (FORMAT parquet, COMPRESSION zstd)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
