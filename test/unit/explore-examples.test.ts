/**
 * The Explore page's example queries run in DuckDB over small synthetic tables with the site's
 * schemas, and the per-regime example agrees with the pure-JS rule of src/lib/regimes.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DuckDBInstance } from "@duckdb/node-api";
import { exampleQueries, exampleVariant, regimeF1ExampleSql, type ExampleConfig } from "../../src/lib/explore/examples.ts";
import { regimeF1FromBars, regimeRuleFor } from "../../src/lib/regimes.ts";

const config: ExampleConfig = {
  interval: "1h",
  train_start: "2024-01-01T00:00:00Z",
  train_end: "2024-02-01T00:00:00Z",
  btc_symbol: "BTCUSDC",
  variants: ["none", "btc_full", "btc_full_purge0"],
  baseline_variant: "none",
  leakage_pair: { leaky: "btc_full_purge0", reference: "btc_full" },
};

async function syntheticSweep() {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  // 3000 hourly bars from 2024-01-01 for two symbols, BTC trending up then down, a 5-bar outage.
  await conn.run(`
CREATE TABLE ohlcv AS
SELECT s.symbol, TIMESTAMP '2024-01-01' + INTERVAL (h) HOUR AS ts,
       c * 0.999 AS open, c * 1.01 AS high, c * 0.99 AS low, c AS close, 100 + (h % 7) AS volume
FROM (SELECT unnest(['BTCUSDC', 'ETHUSDC']) AS symbol) s,
     (SELECT range AS h, 100 * exp(CASE WHEN range < 1500 THEN range ELSE 3000 - range END * 2e-4 + sin(range / 5.0) * 1e-2) AS c FROM range(3000)) b
WHERE NOT (s.symbol = 'ETHUSDC' AND h BETWEEN 1000 AND 1004);
CREATE TABLE btc_ohlcv AS SELECT symbol, ts, close FROM ohlcv WHERE symbol = 'BTCUSDC';
CREATE TABLE predictions AS
SELECT 'ETHUSDC' AS crypto, 1 + (h >= 2400)::INTEGER AS fold, v.variant, TIMESTAMP '2024-01-01' + INTERVAL (h) HOUR AS ts,
       (hash(h) % 3 = 0)::TINYINT AS y_true, (hash(h, v.variant) % 3 = 0)::TINYINT AS y_pred, (hash(h) % 100) / 100.0 AS buy_proba
FROM range(1800, 3000) r(h), (SELECT unnest(['none', 'btc_full', 'btc_full_purge0']) AS variant) v;
CREATE TABLE results AS
SELECT crypto, fold, variant, avg(y_pred)::DOUBLE AS f1_buy, count(*)::BIGINT AS n_buy_trades FROM predictions GROUP BY ALL;
CREATE TABLE quality_flags AS SELECT symbol, ts, open, high, low, close, volume, 'wick_to_body' AS reason, 6.0 AS value, 5.0 AS threshold FROM ohlcv WHERE hash(ts) % 50 = 0;
CREATE TABLE correlation AS SELECT symbol, ts, 0.5 AS corr, 0.4 AS center, 0.2 AS lcl, 0.6 AS ucl, hash(ts) % 9 = 0 AS outside, ts < TIMESTAMP '2024-02-01' AS in_reference FROM ohlcv WHERE symbol <> 'BTCUSDC';
CREATE TABLE drift AS SELECT symbol, 'btc_ret_1h' AS feature, ts AS window_start, ts + INTERVAL 7 DAY AS window_end, 168 AS n, 0.0 AS mean, 0.1 AS ks_statistic,
  0.5 AS ks_pvalue, 0.6 AS ks_pvalue_adj, false AS ks_reject, 0.01 AS psi, false AS psi_flag, -1.0 AS lcl, 1.0 AS ucl, CASE WHEN hash(ts) % 5 = 0 THEN 'warn' ELSE 'ok' END AS status
  FROM ohlcv WHERE symbol <> 'BTCUSDC' AND hour(ts) = 0 AND dayofweek(ts) = 1;
CREATE TABLE features AS SELECT symbol, ts, 0.01 AS btc_ret_1h, 0.02 AS btc_ret_24h, 0.1 AS btc_rv_24h, 0.0 AS btc_volume_z_168h, 0.02 AS btc_range_1h, 0.5 AS btc_alt_corr_720h FROM ohlcv WHERE symbol <> 'BTCUSDC';
`);
  return conn;
}

test("exampleVariant: the leakage reference, else the first variant that is not the baseline", () => {
  assert.equal(exampleVariant(config), "btc_full");
  assert.equal(exampleVariant({ ...config, leakage_pair: { leaky: "a", reference: "gone" } }), "btc_full");
  assert.equal(exampleVariant({ ...config, variants: ["none"], leakage_pair: { leaky: "a", reference: "b" } }), "none");
});

test("every example runs over tables with the site's schemas and returns rows", async () => {
  const conn = await syntheticSweep();
  const examples = exampleQueries(config);
  assert.ok(examples.length >= 6);
  assert.equal(new Set(examples.map((e) => e.title)).size, examples.length);
  for (const ex of examples) {
    const rows = (await conn.runAndReadAll(ex.sql)).getRowObjectsJS();
    assert.ok(rows.length > 0, `${ex.title} returned no rows`);
  }
  const missing = (await conn.runAndReadAll(examples.find((e) => e.title === "missing bars per symbol")!.sql)).getRowObjectsJS();
  assert.deepEqual(
    missing.map((r) => [r.symbol, Number(r.missing_bars), Number(r.gaps), Number(r.longest_gap_bars)]),
    [
      ["ETHUSDC", 5, 1, 5],
      ["BTCUSDC", 0, 0, 0],
    ],
  );
  const pairs = (await conn.runAndReadAll(examples.find((e) => e.title === "leakage pairs")!.sql)).getRowObjectsJS();
  assert.equal(pairs.length, 2);
  for (const p of pairs) assert.equal(p.difference, (p.f1_leaky as number) - (p.f1_reference as number));
  conn.closeSync();
});

test("the per-regime example equals the pure-JS regime rule for that variant (btc_ohlcv or ohlcv)", async () => {
  const conn = await syntheticSweep();
  const bars = (await conn.runAndReadAll("SELECT epoch_ms(ts)::DOUBLE AS ts, close FROM btc_ohlcv")).getRowObjectsJS() as { ts: number; close: number }[];
  const preds = (await conn.runAndReadAll("SELECT crypto, variant, epoch_ms(ts)::DOUBLE AS ts, y_true::INTEGER AS y_true, y_pred::INTEGER AS y_pred FROM predictions")).getRowObjectsJS() as {
    crypto: string;
    variant: string;
    ts: number;
    y_true: number;
    y_pred: number;
  }[];
  const expected = regimeF1FromBars(preds, bars, regimeRuleFor(config)).rows.filter((r) => r.variant === "btc_full");
  assert.ok(new Set(expected.map((r) => r.regime)).size >= 2, "the synthetic BTC path spans several regimes");
  for (const table of ["btc_ohlcv", "ohlcv"]) {
    const got = (await conn.runAndReadAll(regimeF1ExampleSql(config, "btc_full", table))).getRowObjectsJS();
    assert.deepEqual(
      got.map((r) => ({ ...r, f1: r.f1 === null ? null : Number(r.f1) })),
      expected.map((r) => ({ ...r })),
      table,
    );
  }
  conn.closeSync();
});
