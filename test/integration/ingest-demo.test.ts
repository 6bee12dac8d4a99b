/**
 * Round trip on the generated demo, read exactly as a user's folder would be (the generator is
 * run through its CLI; nothing of its internals is used): every input row arrives in the outputs
 * with the same values, sorted, across the 2025 switch of the kline timestamps to microseconds.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Duck } from "../../loaders/ingest/duck.ts";
import { ingestSweep, readIngested, validateSweep, type Manifest } from "../../loaders/ingest/index.ts";

const tmp = mkdtempSync(join(tmpdir(), "ftf-demo-ingest-"));
const demo = join(tmp, "demo");
const sweepDir = join(demo, "sweeps", "demo-clean");
const ohlcvDir = join(demo, "ohlcv");
const out = join(tmp, "out");
let manifest: Manifest;
let duck: Duck;

before(async () => {
  // A short span that still crosses 2025-01-01, where the kline files switch from ms to µs.
  execFileSync(process.execPath, ["--import", "tsx", "loaders/cli.ts", "demo", "--scenario", "clean", "--out", demo, "--start", "2024-10-01", "--train-end", "2024-12-01", "--end", "2025-02-01"], { stdio: "pipe" });
  manifest = await ingestSweep(sweepDir, { ohlcvDir, outDir: out });
  duck = await Duck.open();
});
after(() => {
  duck?.close();
  rmSync(tmp, { recursive: true, force: true });
});

test("the demo validates without errors", async () => {
  const report = await validateSweep(sweepDir, { ohlcvDir });
  assert.deepEqual(report.errors.map((e) => e.message), []);
});

test("results.parquet holds results.csv's 150 rows with identical values", async () => {
  const lines = readFileSync(join(sweepDir, "results.csv"), "utf8").trim().split("\n");
  const header = lines[0].split(",");
  const csv = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [header[i], v])) as Record<string, string> & { crypto: string; fold: string; variant: string });
  const { results } = await readIngested(out);
  assert.equal(results.length, 150);
  const key = (r: { crypto: string; fold: unknown; variant: string }) => `${r.crypto}/${r.fold}/${r.variant}`;
  const byKey = new Map(results.map((r) => [key(r), r]));
  for (const c of csv) {
    const r = byKey.get(key(c))!;
    assert.ok(r, key(c));
    for (const col of ["f1_buy", "precision_buy", "recall_buy", "max_drawdown"] as const) assert.equal(r[col], Number(c[col]), `${key(c)} ${col}`);
    assert.equal(r.n_buy_trades, Number(c.n_buy_trades));
    assert.deepEqual(r.feature_names, c.feature_names.split(";"));
  }
});

test("predictions.parquet keeps every input row, sorted by crypto, fold, variant, ts", async () => {
  const inRows = await duck.value<number>(`SELECT count(*) FROM read_parquet('${join(sweepDir, "predictions.parquet")}')`);
  assert.equal(manifest.outputs.find((o) => o.path === "predictions.parquet")!.rows, inRows);
  const same = await duck.value<number>(`SELECT count(*) FROM (
      SELECT crypto, fold, variant, ts, y_true, y_pred, buy_proba FROM read_parquet('${join(sweepDir, "predictions.parquet")}')
      EXCEPT SELECT * FROM read_parquet('${join(out, "predictions.parquet")}'))`);
  assert.equal(same, 0, "every input prediction is in the output unchanged");
  const cryptos = JSON.parse(readFileSync(join(sweepDir, "sweep.json"), "utf8")).cryptos as string[];
  const firstCrypto = await duck.value<string>(`SELECT crypto FROM read_parquet('${join(out, "predictions.parquet")}') LIMIT 1`);
  assert.equal(firstCrypto, cryptos[0], "crypto order is sweep.json's");
});

test("ohlcv.parquet has every kline row, ms and µs files on one UTC time line, sorted", async () => {
  const files = readdirSync(ohlcvDir).filter((f) => f.endsWith(".csv"));
  const lines = files.reduce((n, f) => n + readFileSync(join(ohlcvDir, f), "utf8").trim().split("\n").length, 0);
  const parquet = join(out, "ohlcv.parquet");
  assert.equal(await duck.value<number>(`SELECT count(*) FROM read_parquet('${parquet}')`), lines);
  assert.equal(manifest.ohlcv!.symbols.reduce((n, s) => n + s.rows, 0), lines);
  // The first bar of the µs-era file for BTC is 2025-01-01T00:00Z.
  const jan = readFileSync(join(ohlcvDir, "BTCUSDC-1h-2025-01.csv"), "utf8").split("\n")[0].split(",");
  assert.equal(jan[0].length, 16, "the 2025 file is in microseconds");
  const first2025 = await duck.value<number>(`SELECT epoch_ms(min(ts))::DOUBLE FROM read_parquet('${parquet}') WHERE symbol = 'BTCUSDC' AND ts >= TIMESTAMP '2025-01-01'`);
  assert.equal(first2025, Number(jan[0]) / 1000);
  assert.equal(await duck.value<number>(`SELECT close FROM read_parquet('${parquet}') WHERE symbol = 'BTCUSDC' AND ts = make_timestamp(${jan[0]})`), Number(jan[4]));
  const unsorted = await duck.value<number>(`SELECT count(*) FROM (
      SELECT symbol, ts, lag(symbol) OVER () AS ps, lag(ts) OVER () AS pt FROM read_parquet('${parquet}'))
    WHERE ps IS NOT NULL AND (symbol < ps OR (symbol = ps AND ts <= pt))`);
  assert.equal(unsorted, 0);
  const cols = (await duck.rows<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet('${parquet}')`)).map((c) => `${c.column_name} ${c.column_type}`);
  assert.deepEqual(cols, ["symbol VARCHAR", "ts TIMESTAMP", "open DOUBLE", "high DOUBLE", "low DOUBLE", "close DOUBLE", "volume DOUBLE", "close_time TIMESTAMP", "quote_volume DOUBLE", "n_trades BIGINT", "taker_buy_base_volume DOUBLE", "taker_buy_quote_volume DOUBLE"]);
});
