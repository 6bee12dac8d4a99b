/**
 * Bad deployment folders are refused with file / line (or row) / column errors and no status:
 * missing columns, time going backwards, y_true not 0/1, a model_run_id that deployment.json does
 * not name, a truncated events file, a bad deployment.json; in CSV, JSON Lines and Parquet.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../loaders/cli.ts";
import { ValidationError, type InputError } from "../../loaders/errors.ts";
import { Duck } from "../../loaders/ingest/duck.ts";
import { quoteLiteral as sqlStr } from "../../src/lib/sql/quote.ts";
import { monitorDeployment, validateDeployment } from "../../loaders/monitor/index.ts";
import { BTC_FEATURES } from "../../src/lib/sweep.ts";

let root = "";
const DEPLOYMENT = {
  deployment_id: "t",
  sweep_id: "demo-clean",
  variant: "btc_full",
  cryptos: ["ETHUSDC"],
  model_run_id: "live1",
  baseline_model_run_id: "base1",
  stage: 4,
  live_start: "2025-06-01T00:00:00Z",
};
const HEADER = ["ts", "crypto", "model_run_id", "variant", ...BTC_FEATURES, "buy_proba", "y_pred", "y_true"];

/** A clean CSV log of `hours` bars for both models (line 1 = header, then 2 rows per bar). */
function csvRows(hours = 6): string[][] {
  const rows: string[][] = [];
  for (let h = 0; h < hours; h++) {
    const ts = new Date(Date.UTC(2025, 5, 1, h)).toISOString().replace(".000Z", "Z");
    for (const [m, v] of [["live1", "btc_full"], ["base1", "none"]]) rows.push([ts, "ETHUSDC", m, v, "0.001", "0.01", "0.02", "0.3", "0.012", "0.8", "0.4", h % 2 ? "1" : "0", h % 3 ? "1" : "0"]);
  }
  return rows;
}

function folder(name: string, opts: { config?: unknown; csv?: string; events?: string; eventsFile?: string } = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "deployment.json"), typeof opts.config === "string" ? opts.config : JSON.stringify(opts.config ?? DEPLOYMENT, null, 2));
  writeFileSync(join(dir, "inference_log.csv"), opts.csv ?? [HEADER, ...csvRows()].map((r) => r.join(",")).join("\n") + "\n");
  if (opts.events !== undefined) writeFileSync(join(dir, opts.eventsFile ?? "events.jsonl"), opts.events);
  return dir;
}

const csv = (header: string[], rows: string[][]) => [header, ...rows].map((r) => r.join(",")).join("\n") + "\n";

async function problems(dir: string): Promise<InputError[]> {
  try {
    await monitorDeployment(dir);
  } catch (e) {
    assert.ok(e instanceof ValidationError, `expected a ValidationError, got ${e}`);
    return e.problems;
  }
  assert.fail("the folder was accepted");
}

function has(list: InputError[], want: { code: string; file: string; row?: number; column?: string }): void {
  const hit = list.find((p) => p.code === want.code && p.location.file === want.file && (want.row === undefined || p.location.row === want.row) && (want.column === undefined || p.location.column === want.column));
  assert.ok(hit, `no ${JSON.stringify(want)} among:\n${list.map((p) => p.message).join("\n")}`);
}

before(() => {
  root = mkdtempSync(join(tmpdir(), "ftf-monitor-inputs-"));
});
after(() => rmSync(root, { recursive: true, force: true }));

describe("refused deployment inputs", () => {
  test("a clean folder passes validation", async () => {
    const { config } = await validateDeployment(folder("good", { events: '{"ts":"2025-06-01T00:00:00Z","event":"btc_features_applied","feature_set":"btc_full","n_features":14,"purge_bars":24}\n' }));
    assert.equal(config.deployment_id, "t");
  });

  test("missing columns", async () => {
    const header = HEADER.filter((c) => c !== "buy_proba" && c !== "btc_rv_24h");
    const rows = csvRows().map((r) => r.filter((_, i) => HEADER[i] !== "buy_proba" && HEADER[i] !== "btc_rv_24h"));
    const p = await problems(folder("missing-columns", { csv: csv(header, rows) }));
    has(p, { code: "missing_column", file: "inference_log.csv", column: "buy_proba" });
    has(p, { code: "missing_column", file: "inference_log.csv", column: "btc_rv_24h" });
  });

  test("non-monotonic ts", async () => {
    const rows = csvRows();
    // the live model's 3rd bar (line 6) moved before its 2nd (line 4)
    [rows[2], rows[4]] = [rows[4], rows[2]];
    const p = await problems(folder("non-monotonic", { csv: csv(HEADER, rows) }));
    has(p, { code: "non_monotonic_ts", file: "inference_log.csv", row: 6, column: "ts" });
  });

  test("y_true not 0/1", async () => {
    const rows = csvRows();
    rows[3][HEADER.indexOf("y_true")] = "2";
    const p = await problems(folder("bad-y-true", { csv: csv(HEADER, rows) }));
    has(p, { code: "wrong_type", file: "inference_log.csv", row: 5, column: "y_true" });
    assert.match(p.find((x) => x.location.column === "y_true")!.message, /got "2"/);
  });

  test("y_true may be empty (outcome not known yet), y_pred may not", async () => {
    const rows = csvRows();
    rows[0][HEADER.indexOf("y_true")] = "";
    rows[1][HEADER.indexOf("y_pred")] = "";
    const p = await problems(folder("empty-y", { csv: csv(HEADER, rows) }));
    assert.deepEqual(p.map((x) => [x.code, x.location.row, x.location.column]), [["wrong_type", 3, "y_pred"]]);
  });

  test("a model_run_id not in deployment.json", async () => {
    const rows = csvRows();
    rows[5][HEADER.indexOf("model_run_id")] = "rogue9";
    const p = await problems(folder("unknown-model", { csv: csv(HEADER, rows) }));
    has(p, { code: "unknown_model", file: "inference_log.csv", row: 7, column: "model_run_id" });
  });

  test("a truncated events file (JSON Lines and logfmt)", async () => {
    const ok = '{"ts":"2025-06-01T00:00:00Z","event":"btc_features_applied","feature_set":"btc_full","n_features":14,"purge_bars":24}\n';
    const p = await problems(folder("truncated-jsonl", { events: ok + ok + '{"ts":"2025-06-01T02:00:00Z","event":"btc_ohlcv_qua' }));
    has(p, { code: "truncated_file", file: "events.jsonl", row: 3 });
    const q = await problems(folder("truncated-logfmt", { eventsFile: "events.log", events: 'ts=2025-06-01T00:00:00Z event=enrichment_config_mismatch model_run_id=live1 env_value=a artefact_value=b\nts=2025-06-01T01:00:00Z event=model_load_failed error="RuntimeError: enrich' }));
    has(q, { code: "truncated_file", file: "events.log", row: 2 });
  });

  test("an event without its fields, and a bad quality reason", async () => {
    const p = await problems(folder("bad-events", { events: '{"ts":"2025-06-01T00:00:00Z","event":"enrichment_config_mismatch","model_run_id":"live1"}\nts=2025-06-01T00:00:00Z event=btc_ohlcv_quality_alert reason=gap\nts=nope event=x\n', eventsFile: "events.log" }));
    has(p, { code: "missing_value", file: "events.log", row: 1, column: "env_value" });
    has(p, { code: "invalid_value", file: "events.log", row: 2, column: "reason" });
    has(p, { code: "bad_time", file: "events.log", row: 3, column: "ts" });
  });

  test("deployment.json: missing keys, bad stage, unknown threshold", async () => {
    const { model_run_id: _m, ...rest } = DEPLOYMENT;
    const p = await problems(folder("bad-config", { config: { ...rest, stage: 7, thresholds: { f1_regresion_max: 0.03 } } }));
    has(p, { code: "missing_key", file: "deployment.json", column: "model_run_id" });
    has(p, { code: "invalid_value", file: "deployment.json", column: "stage" });
    const t = p.find((x) => x.code === "unknown_threshold")!;
    assert.match(t.message, /did you mean "f1_regression_max"/);
    const j = await problems(folder("bad-json", { config: '{"deployment_id": "t",\n  "stage": 4,,\n}' }));
    has(j, { code: "invalid_json", file: "deployment.json", row: 2 });
  });

  test("JSON Lines and Parquet logs are located by line and row", async () => {
    const recs = csvRows().map((r) => Object.fromEntries(HEADER.map((h, i) => [h, h.startsWith("btc_") || h === "buy_proba" ? Number(r[i]) : h.startsWith("y_") ? Number(r[i]) : r[i]])));
    recs[4].buy_proba = 1.5;
    const dir = folder("jsonl", {});
    rmSync(join(dir, "inference_log.csv"));
    writeFileSync(join(dir, "inference_log.jsonl"), recs.map((r) => JSON.stringify(r)).join("\n") + "\n");
    has(await problems(dir), { code: "out_of_range", file: "inference_log.jsonl", row: 5, column: "buy_proba" });

    const pq = folder("parquet", {});
    const duck = await Duck.open();
    try {
      const rows = csvRows();
      rows[2][HEADER.indexOf("y_true")] = "7";
      writeFileSync(join(pq, "in.csv"), csv(HEADER, rows));
      await duck.run(`COPY (SELECT * REPLACE (CAST(ts AS TIMESTAMP) AS ts) FROM read_csv(${sqlStr(join(pq, "in.csv"))}, header = true, all_varchar = true)) TO ${sqlStr(join(pq, "inference_log.parquet"))} (FORMAT parquet)`);
    } finally {
      duck.close();
    }
    rmSync(join(pq, "inference_log.csv"));
    rmSync(join(pq, "in.csv"));
    const p = await problems(pq);
    has(p, { code: "wrong_type", file: "inference_log.parquet", row: 3, column: "y_true" });
    assert.equal(p.find((x) => x.location.column === "y_true")!.location.unit, "row");
  });

  test("the CLI exits 1 and prints the problems, and no status", async () => {
    const rows = csvRows();
    rows[3][HEADER.indexOf("y_true")] = "yes";
    const dir = folder("cli", { csv: csv(HEADER, rows) });
    const out: string[] = [];
    const err: string[] = [];
    const w = process.stdout.write.bind(process.stdout);
    const [log, error] = [console.log, console.error];
    process.stdout.write = ((s: string | Uint8Array, ...rest: never[]) => (typeof s === "string" ? (out.push(s), true) : w(s, ...rest))) as typeof process.stdout.write;
    console.log = (...a: unknown[]) => void out.push(a.join(" "));
    console.error = (...a: unknown[]) => void err.push(a.join(" "));
    let code: number;
    try {
      code = await main(["monitor", dir, "--json"]);
    } finally {
      process.stdout.write = w;
      [console.log, console.error] = [log, error];
    }
    assert.equal(code, 1);
    assert.equal(out.join(""), "", "no report on stdout");
    assert.match(err.join("\n"), /inference_log\.csv, line 5, column "y_true": y_true is not 0 or 1 \(got "yes"\)/);
    assert.equal(await main(["monitor"]), 2);
  });
});
