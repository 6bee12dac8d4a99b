/**
 * bench/monitor: `ftf monitor` on a 30-day 1-minute inference log (43,200 bars × the live model and
 * the baseline's shadow = 86,400 rows, six BTC features, ~1,100 events), beside a pandas + scipy
 * reference pipeline computing the core numbers (bench/monitor/pandas_monitor.py).
 *
 *   npx tsx bench/monitor/run.ts [--days 30] [--runs 3] [--no-python]
 *
 * Needs the demo (npm run demo:all): the deployment comes from data/sweeps/demo-clean, whose
 * ingest (with its OHLCV) is done once first and timed apart — the site caches it, the CLI redoes it.
 * Writes under bench/out/monitor/ (git-ignored).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBTimestampValue } from "@duckdb/node-api";
import { Duck } from "../../loaders/ingest/duck.ts";
import { ingestSweep } from "../../loaders/ingest/index.ts";
import { monitorDeployment } from "../../loaders/monitor/index.ts";
import { createRng } from "../../src/lib/stats/index.ts";
import { featuresSql } from "../../src/lib/sql/features.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { BTC_FEATURES } from "../../src/lib/sweep.ts";
import { formatUtc, parseUtc } from "../../src/lib/time.ts";

const { values } = parseArgs({ options: { days: { type: "string" }, runs: { type: "string" }, "no-python": { type: "boolean" } } });
const DAYS = Number(values.days ?? 30);
const RUNS = Number(values.runs ?? 3);
const ROOT = resolve(import.meta.dirname, "../..");
const OUT = join(ROOT, "bench/out/monitor");
const SWEEP = join(ROOT, "data/sweeps/demo-clean");
const OHLCV = join(ROOT, "data/ohlcv");
const MIN = 60_000;
const LIVE = parseUtc("2025-07-01T00:00:00Z");
const N = DAYS * 1440;

rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, "deployment"), { recursive: true });
const dep = join(OUT, "deployment");

let t = performance.now();
await ingestSweep(SWEEP, { ohlcvDir: OHLCV, outDir: join(OUT, "ingest") });
const ingestSeconds = (performance.now() - t) / 1000;

// the log: feature rows drawn from ETHUSDC's training window, outcomes with a 20% BUY share,
// models right 80% / 78% of the time; a 7-hour BTC feed gap in week 2; ETL quality alerts
const duck = await Duck.open();
await duck.run(`CREATE VIEW o AS SELECT * FROM read_parquet(${quoteLiteral(join(OUT, "ingest/ohlcv.parquet"))})`);
const pool = (await duck.rows<Record<string, number>>(`SELECT ${BTC_FEATURES.join(", ")} FROM (${featuresSql({ source: "o", interval: "1h", btcSymbol: "BTCUSDC", targets: ["ETHUSDC"] })})
  WHERE symbol = 'ETHUSDC' AND ts < TIMESTAMP '2023-07-01' AND ${BTC_FEATURES.map((f) => `${f} IS NOT NULL`).join(" AND ")}`)).map((r) => BTC_FEATURES.map((f) => r[f]));
await duck.run(`CREATE TABLE log (ts TIMESTAMP, crypto VARCHAR, model_run_id VARCHAR, variant VARCHAR, ${BTC_FEATURES.map((f) => `${f} DOUBLE`).join(", ")}, buy_proba DOUBLE, y_pred TINYINT, y_true TINYINT)`);
const app = await duck.conn.createAppender("log");
const rng = createRng(2026);
const gap = [LIVE + 9 * 86_400_000, LIVE + 9 * 86_400_000 + 7 * 3_600_000];
for (let i = 0; i < N; i++) {
  const ts = LIVE + i * MIN;
  const f = pool[rng.nextInt(pool.length)];
  const y = rng.nextFloat() < 0.2 ? 1 : 0;
  for (const [model, variant, acc] of [["live", "btc_full", 0.8], ["base", "none", 0.78]] as const) {
    const p = rng.nextFloat() < acc ? y : 1 - y;
    app.appendTimestamp(new DuckDBTimestampValue(BigInt(ts) * 1000n));
    app.appendVarchar("ETHUSDC");
    app.appendVarchar(model);
    app.appendVarchar(variant);
    for (let k = 0; k < BTC_FEATURES.length; k++) (ts >= gap[0] && ts < gap[1] ? app.appendNull() : app.appendDouble(f[k]));
    app.appendDouble(p ? 0.5 + 0.5 * rng.nextFloat() : 0.5 * rng.nextFloat());
    app.appendTinyInt(p);
    if (i >= N - 12 * 60) app.appendNull();
    else app.appendTinyInt(y);
    app.endRow();
  }
}
app.closeSync();
await duck.run(`COPY (SELECT * FROM log ORDER BY ts, model_run_id) TO ${quoteLiteral(join(dep, "inference_log.parquet"))} (FORMAT parquet, COMPRESSION zstd)`);
const events: string[] = [];
const reasons = ["outlier_returns", "outlier_volume", "wick_to_body"];
for (let h = 0; h < DAYS * 24; h++) {
  const base = LIVE + h * 3_600_000;
  if (h % 24 === 0) events.push(JSON.stringify({ ts: formatUtc(base + 60_000), event: "btc_features_applied", feature_set: "btc_full", n_features: 14, purge_bars: 24 }));
  const n = h === 200 ? 8 : rng.nextInt(4);
  for (let k = 0; k < n; k++) events.push(JSON.stringify({ ts: formatUtc(base + (k + 1) * 6 * MIN), event: "btc_ohlcv_quality_alert", reason: h === 200 ? "outlier_returns" : reasons[rng.nextInt(3)] }));
}
writeFileSync(join(dep, "events.jsonl"), events.join("\n") + "\n");
writeFileSync(
  join(dep, "deployment.json"),
  JSON.stringify({ deployment_id: "bench-1m", sweep_id: "demo-clean", variant: "btc_full", cryptos: ["ETHUSDC"], model_run_id: "live", baseline_model_run_id: "base", stage: 4, live_start: formatUtc(LIVE), interval: "1m" }, null, 2),
);

const runs: { total: number; phases: Record<string, number> }[] = [];
let report: Awaited<ReturnType<typeof monitorDeployment>> | null = null;
for (let k = 0; k < RUNS; k++) {
  const phases: Record<string, number> = {};
  t = performance.now();
  report = await monitorDeployment(dep, { ingestDir: join(OUT, "ingest"), onPhase: (p, s) => (phases[p] = s) });
  runs.push({ total: (performance.now() - t) / 1000, phases });
}
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = median(runs.map((r) => r.total));
const phaseNames = Object.keys(runs[0].phases);
console.log(`bench/monitor: ${DAYS} days of 1-minute bars, ${2 * N} log rows, ${events.length} events; load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`);
console.log(`  sweep ingest with OHLCV (once; cached by the site, redone by the CLI): ${ingestSeconds.toFixed(2)} s`);
console.log(`  ftf monitor on the ingested sweep, median of ${RUNS}: ${med.toFixed(2)} s`);
for (const p of phaseNames) console.log(`    ${p.padEnd(16)} ${median(runs.map((r) => r.phases[p])).toFixed(2)} s`);
console.log(`  status ${report!.status}; fired: ${report!.triggers.filter((x) => x.status === "warn" || x.status === "critical").map((x) => x.id).join(", ") || "none"}`);

if (!values["no-python"]) {
  await duck.run(`COPY log TO ${quoteLiteral(join(OUT, "log.csv"))} (HEADER)`);
  await duck.run(`COPY (SELECT ${BTC_FEATURES.join(", ")} FROM (${featuresSql({ source: "o", interval: "1h", btcSymbol: "BTCUSDC", targets: ["ETHUSDC"] })}) WHERE symbol = 'ETHUSDC' AND ts >= TIMESTAMP '2022-01-01' AND ts < TIMESTAMP '2023-07-01') TO ${quoteLiteral(join(OUT, "train.csv"))} (HEADER)`);
  writeFileSync(join(OUT, "events.csv"), "ts,event,reason\n" + events.map((l) => JSON.parse(l)).map((e) => `${e.ts},${e.event},${e.reason ?? ""}`).join("\n") + "\n");
  t = performance.now();
  const py = JSON.parse(execFileSync("/usr/bin/python3", [join(ROOT, "bench/monitor/pandas_monitor.py"), join(OUT, "log.csv"), join(OUT, "train.csv"), join(OUT, "events.csv"), String(LIVE), "live", "base"], { encoding: "utf8" }));
  const pyWall = (performance.now() - t) / 1000;
  const pySum = Object.values(py.seconds as Record<string, number>).reduce((a, b) => a + b, 0);
  const f1 = report!.metrics.find((m) => m.id === "f1_buy_7d")!;
  const nan = report!.series.nan_folds.map((f) => f.nan_share);
  console.log(`  pandas + scipy reference (CSV in): ${pySum.toFixed(2)} s of work (${pyWall.toFixed(2)} s with Python start-up): ${Object.entries(py.seconds as Record<string, number>).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")}`);
  console.log(`  ratio reference / ftf monitor: ${(pySum / med).toFixed(2)}×`);
  const agree = Math.abs(py.f1_live_last - f1.value!) < 1e-12 && Math.abs(py.f1_base_last - f1.reference!) < 1e-12 && py.nan_share.length === nan.length && py.nan_share.every((x: number, i: number) => Math.abs(x - (nan[i] ?? NaN)) < 1e-12);
  console.log(`  agreement: last rolling f1 live ${f1.value} / ${py.f1_live_last}, baseline ${f1.reference} / ${py.f1_base_last}; NaN shares ${agree ? "equal" : "DIFFER"}; ${py.points} hourly f1 points vs ${report!.series.f1.length}`);
}
duck.close();
