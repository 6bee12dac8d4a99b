/**
 * `ftf monitor` on the three demo deployments (the default demo, seed 7, shared by test/helpers/demo-fixture.ts): exit codes
 * 0 / 1 / 1, exactly the injected triggers, and the numbers against an independent recomputation
 * from the files (DuckDB SQL over the log, a plain line parser over the events): rolling 7-day
 * f1_buy, the NaN share per fold, the event counts per clock hour. Then `--at`, OpenMetrics and the
 * `ftf preflight` command.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ftfInProcess } from "../helpers/cli.ts";
import { demoFixture } from "../helpers/demo-fixture.ts";
import { Duck } from "../../loaders/ingest/duck.ts";
import { quoteLiteral as sqlStr } from "../../src/lib/sql/quote.ts";
import { monitorDeployment, type MonitorResult } from "../../loaders/monitor/index.ts";
import { BTC_FEATURES } from "../../src/lib/sweep.ts";

const H = 3_600_000;
const D = 24 * H;
let dir = "";
const reports: Record<string, MonitorResult> = {};
const exits: Record<string, number> = {};
const stdout: Record<string, string> = {};

/** Run the CLI in-process (test/helpers/cli.ts), capturing its stdout text and console output. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await ftfInProcess(...args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

before(async () => {
  // the default demo (demo-clean and the three demo deployments among it), shared read-only with
  // other test files
  dir = await demoFixture();
  for (const s of ["live-ok", "live-regress", "live-mismatch"]) {
    const r = await cli(["monitor", join(dir, "deployments", `demo-${s}`), "--ohlcv", join(dir, "ohlcv"), "--json"]);
    exits[s] = r.code;
    stdout[s] = r.out;
    reports[s] = JSON.parse(r.out) as MonitorResult;
  }
});


const fired = (r: MonitorResult) => r.triggers.filter((t) => t.status === "warn" || t.status === "critical").map((t) => t.id).sort();

describe("the three demo deployments", () => {
  test("exit 0 / 1 / 1 and exactly the injected triggers", () => {
    assert.deepEqual(exits, { "live-ok": 0, "live-regress": 1, "live-mismatch": 1 });
    assert.deepEqual(fired(reports["live-ok"]), []);
    assert.equal(reports["live-ok"].status, "ok");
    assert.deepEqual(fired(reports["live-regress"]), ["f1_regression_7d"]);
    assert.deepEqual(fired(reports["live-mismatch"]), ["btc_feed_nan", "enrichment_config_mismatch"]);
    for (const r of Object.values(reports)) {
      assert.deepEqual(
        r.triggers.map((t) => t.id),
        ["enrichment_config_mismatch", "f1_regression_7d", "btc_feed_nan", "stage4_gate", "correlation_drift", "feature_drift", "prediction_rate_drift", "ohlcv_quality_burst", "sample_size_mismatch"],
      );
      for (const t of r.triggers) {
        assert.ok(["ok", "warn", "critical", "not_assessable"].includes(t.status));
        assert.ok(t.action.length > 10 && t.reversal_latency.length > 0, `${t.id} has a runbook action and a reversal latency`);
        if (t.status === "ok") assert.equal(t.fired_at, null);
      }
      // every trigger is assessed on the demo (the references exist)
      assert.deepEqual(r.triggers.filter((t) => t.status === "not_assessable").map((t) => t.id), []);
      assert.ok(r.stages.length === 5 && r.stages.find((s) => s.current)?.stage === 4);
    }
  });

  test("the fired triggers say since when and what to do", () => {
    const reg = reports["live-regress"].triggers.find((t) => t.id === "f1_regression_7d")!;
    assert.equal(reg.status, "critical");
    assert.ok(reg.active);
    assert.match(reg.action, /champion_btc_blind/);
    assert.equal(reg.reversal_latency, "< 5 minutes");
    // the regression starts 10 days before the end: a 7-day window sees it within those 10 days
    const end = Date.parse(reports["live-regress"].at) + H;
    assert.ok(Date.parse(reg.fired_at!) > end - 10 * D && Date.parse(reg.fired_at!) < end, reg.fired_at!);
    const mm = reports["live-mismatch"].triggers.find((t) => t.id === "enrichment_config_mismatch")!;
    assert.equal(mm.fired_at, "2025-06-20T08:17:00Z");
    assert.equal(mm.value, 1);
    const nan = reports["live-mismatch"].triggers.find((t) => t.id === "btc_feed_nan")!;
    // 12 NaN bars from day 16 of live; the fold's budget is 5% of 168 bars = 8.4: the 9th NaN bar (its end) fires
    assert.equal(nan.fired_at, "2025-06-17T09:00:00Z");
    assert.equal(nan.active, false);
  });

  test("rolling 7-day f1_buy equals a recomputation from the log", async () => {
    const duck = await Duck.open();
    try {
      for (const [s, r] of Object.entries(reports)) {
        const cfg = JSON.parse(readFileSync(join(dir, "deployments", `demo-${s}`, "deployment.json"), "utf8"));
        const log = sqlStr(join(dir, "deployments", `demo-${s}`, "inference_log.parquet"));
        const end = Date.parse(r.at) + H;
        const f1 = async (model: string) => {
          const [row] = await duck.rows<{ tp: number; fp: number; fn: number }>(`SELECT
              count(*) FILTER (WHERE y_true = 1 AND y_pred = 1) AS tp, count(*) FILTER (WHERE y_true = 0 AND y_pred = 1) AS fp, count(*) FILTER (WHERE y_true = 1 AND y_pred = 0) AS fn
            FROM read_parquet(${log}) WHERE model_run_id = ${sqlStr(model)} AND y_true IS NOT NULL AND epoch_ms(ts) >= ${end - 7 * D} AND epoch_ms(ts) < ${end}`);
          return (2 * row.tp) / (2 * row.tp + row.fp + row.fn);
        };
        const m = r.metrics.find((x) => x.id === "f1_buy_7d")!;
        assert.ok(Math.abs(m.value! - (await f1(cfg.model_run_id))) < 1e-12, `${s}: live f1`);
        assert.ok(Math.abs(m.reference! - (await f1(cfg.baseline_model_run_id))) < 1e-12, `${s}: baseline f1`);
        // the last point of the series is the same window
        const last = r.series.f1[r.series.f1.length - 1];
        assert.equal(last.live, m.value);
      }
    } finally {
      duck.close();
    }
  });

  test("the NaN share per fold equals a recomputation from the log", async () => {
    const duck = await Duck.open();
    try {
      for (const [s, r] of Object.entries(reports)) {
        const cfg = JSON.parse(readFileSync(join(dir, "deployments", `demo-${s}`, "deployment.json"), "utf8"));
        const live = Date.parse(cfg.live_start);
        const rows = await duck.rows<{ fold: number; n: number; nan: number }>(`SELECT floor((epoch_ms(ts) - ${live}) / ${7 * D})::INTEGER + 1 AS fold, count(*) AS n,
            count(*) FILTER (WHERE ${BTC_FEATURES.map((f) => `${f} IS NULL OR isnan(${f})`).join(" OR ")}) AS nan
          FROM read_parquet(${sqlStr(join(dir, "deployments", `demo-${s}`, "inference_log.parquet"))}) WHERE model_run_id = ${sqlStr(cfg.model_run_id)} AND epoch_ms(ts) >= ${live} GROUP BY 1 ORDER BY 1`);
        assert.deepEqual(
          r.series.nan_folds.map((f) => ({ fold: f.fold, n: f.rows, nan: f.nan_rows, share: f.nan_share })),
          rows.map((x) => ({ fold: x.fold, n: x.n, nan: x.nan, share: x.nan / x.n })),
          s,
        );
        const worst = Math.max(...rows.map((x) => x.nan / x.n));
        assert.equal(r.metrics.find((m) => m.id === "btc_feed_nan_share")!.value, worst);
      }
      assert.deepEqual(reports["live-mismatch"].series.nan_folds.filter((f) => f.nan_rows > 0).map((f) => [f.fold, f.nan_rows]), [[3, 12]]);
    } finally {
      duck.close();
    }
  });

  test("event counts per clock hour equal a recomputation from the events file", () => {
    for (const [s, r] of Object.entries(reports)) {
      const file = s === "live-regress" ? "events.log" : "events.jsonl";
      const text = readFileSync(join(dir, "deployments", `demo-${s}`, file), "utf8");
      const counts = new Map<string, number>();
      for (const line of text.split("\n").filter(Boolean)) {
        // an independent reader: JSON, or logfmt with unquoted ts/event/reason values
        const rec: Record<string, string> = line.startsWith("{") ? JSON.parse(line) : Object.fromEntries(line.match(/(\w+)=("[^"]*"|\S+)/g)!.map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
        const hour = new Date(Math.floor(Date.parse(rec.ts) / H) * H).toISOString().replace(".000Z", "Z");
        const key = `${hour}|${rec.event}|${rec.event === "btc_ohlcv_quality_alert" ? rec.reason : ""}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const got = new Map(r.series.events_per_hour.map((h) => [`${h.hour_start}|${h.event}|${h.reason ?? ""}`, h.count]));
      assert.deepEqual(new Map([...got].sort()), new Map([...counts].sort()), s);
      const q = [...counts].filter(([k]) => k.includes("btc_ohlcv_quality_alert")).map(([, n]) => n);
      assert.equal(r.metrics.find((m) => m.id === "event.btc_ohlcv_quality_alert")!.value, Math.max(...q));
    }
  });

  test("--at evaluates an earlier instant: before the regression, f1_regression_7d has not fired", async () => {
    const d = join(dir, "deployments", "demo-live-regress");
    const early = await monitorDeployment(d, { ohlcvDir: join(dir, "ohlcv"), at: "2025-06-18T00:00:00Z" });
    assert.equal(early.at, "2025-06-18T00:00:00Z");
    const t = early.triggers.find((x) => x.id === "f1_regression_7d")!;
    assert.equal(t.status, "ok");
    assert.equal(t.fired_at, null);
    // the rolling window ends one bar after --at
    assert.equal(early.series.f1[early.series.f1.length - 1].t, "2025-06-18T01:00:00Z");
    assert.ok(early.series.nan_folds.every((f) => Date.parse(f.start) <= Date.parse("2025-06-18T00:00:00Z")));
  });

  test("--format openmetrics prints the same statuses", async () => {
    const r = await cli(["monitor", join(dir, "deployments", "demo-live-mismatch"), "--ohlcv", join(dir, "ohlcv"), "--format", "openmetrics"]);
    assert.equal(r.code, 1);
    assert.match(r.out, /^# TYPE ftf_monitor_status gauge$/m);
    assert.match(r.out, /^ftf_monitor_status\{deployment_id="demo-live-mismatch",.*\} 2$/m);
    assert.match(r.out, /^ftf_monitor_trigger_status\{deployment_id="demo-live-mismatch",trigger="btc_feed_nan",severity="critical"\} 2$/m);
    assert.match(r.out, /^ftf_monitor_trigger_fired_timestamp_seconds\{deployment_id="demo-live-mismatch",trigger="enrichment_config_mismatch"\} 1750407420$/m);
    assert.match(r.out, /# EOF\n$/);
  });
});

describe("ftf preflight", () => {
  test("passes on the demo's btc_full folds and fails a threshold above the count", async () => {
    const sweep = join(dir, "sweeps", "demo-clean");
    const ok = await cli(["preflight", sweep, "--crypto", "ETHUSDC", "--json"]);
    assert.equal(ok.code, 0);
    const res = JSON.parse(ok.out);
    assert.equal(res.pass, true);
    assert.equal(res.folds.length, 5);
    const one = await cli(["preflight", join(sweep, "predictions.parquet"), "--crypto", "ETHUSDC", "--fold", "2", "--json"]);
    const count = JSON.parse(one.out).n_buy_trades;
    assert.equal(count, res.folds.find((f: { fold: number }) => f.fold === 2).n_buy_trades, "predictions and results agree");
    const fail = await cli(["preflight", join(sweep, "results.csv"), "--crypto", "ETHUSDC", "--fold", "2", "--min", String(count + 1)]);
    assert.equal(fail.code, 1);
    assert.match(fail.out, /FAIL/);
    const none = await cli(["preflight", sweep]);
    assert.equal(none.code, 1, "the demo has no BTCUSDC target: the pre-flight cannot pass");
    assert.equal((await cli(["preflight"])).code, 2);
  });
});
