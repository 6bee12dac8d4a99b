/**
 * The pages' query builders and drawing helpers in src/lib (pages only choose inputs and draw):
 * run on native DuckDB with small tables whose answers are known.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DuckDBInstance } from "@duckdb/node-api";
import { correlationBands, correlationEpisodesSql, correlationSeriesSql } from "../../src/lib/sql/correlation-drift.ts";
import { featureSampleSql } from "../../src/lib/sql/feature-sample.ts";
import { flaggedBarsSql, priceEnvelopeSql } from "../../src/lib/sql/flagged-bars.ts";
import { ecdfAt, ecdfSteps } from "../../src/lib/stats/ecdf.ts";
import { trendHoursOf, DEFAULT_TREND_HOURS } from "../../src/lib/regimes.ts";

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

async function withDuck<T>(setup: string, f: (q: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    await conn.run(setup);
    return await f(async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

test("correlation episodes: runs of consecutive out-of-band bars after training, per symbol", async () => {
  // ETH: in band, out ×2, in, out ×1; the reference bar is out but does not count.
  const corr = [[0, 0.9, true], [1, 0.5, false], [2, 0.1, false], [3, 0.05, false], [4, 0.5, false], [5, 0.95, false]];
  const values = corr.map(([h, c, ref]) => `('ETH', TIMESTAMP '2024-01-01' + INTERVAL ${h} HOUR, ${c}, ${ref})`).join(", ");
  const bands = correlationBands([{ symbol: "ETH", center: 0.5, sigma: 0.1 }], 2);
  assert.deepEqual(bands.map((b) => [b.lcl, b.ucl].map((x) => Math.round(x * 1e12) / 1e12)), [[0.3, 0.7]]);
  // a wide what-if k keeps the band inside the values a correlation can take
  assert.deepEqual(correlationBands([{ symbol: "SOL", center: -0.6, sigma: 0.2 }, { symbol: "ETH", center: 0.9, sigma: 0.1 }], 4).map((b) => [b.lcl, b.ucl].map((x) => Math.round(x * 1e12) / 1e12)), [[-1, 0.2], [0.5, 1]]);
  const rows = await withDuck(`CREATE TABLE correlation AS SELECT * FROM (VALUES ${values}) t(symbol, ts, corr, in_reference)`, (q) =>
    q(correlationEpisodesSql(bands, T0 + H)),
  );
  assert.deepEqual(rows.map((r) => [Number(r.bars), r.min_corr, r.max_corr]), [[2, 0.05, 0.1], [1, 0.95, 0.95]]);
  const none = await withDuck(`CREATE TABLE correlation AS SELECT * FROM (VALUES ${values}) t(symbol, ts, corr, in_reference)`, (q) => q(correlationEpisodesSql([], 0)));
  assert.deepEqual(none, []);
  const series = await withDuck(`CREATE TABLE correlation AS SELECT * FROM (VALUES ${values}) t(symbol, ts, corr, in_reference)`, (q) => q(correlationSeriesSql(6)));
  assert.equal(series.length, 1);
});

test("feature sample, flagged bars and the price envelope quote what they are given", async () => {
  const setup = `CREATE TABLE features AS SELECT * FROM (VALUES ('O''Neil', TIMESTAMP '2024-01-01 00:00', 1.0), ('O''Neil', TIMESTAMP '2024-01-01 01:00', NULL), ('O''Neil', TIMESTAMP '2024-01-01 02:00', 3.0)) t(symbol, ts, btc_ret_1h);
    CREATE TABLE quality_flags AS SELECT * FROM (VALUES ('O''Neil', TIMESTAMP '2024-01-01', 'wick_to_body', 9.0, 5.0, 1.0, 2.0, 0.5, 1.5, 10.0)) t(symbol, ts, reason, value, threshold, open, high, low, close, volume);
    CREATE TABLE ohlcv AS SELECT * FROM quality_flags`;
  await withDuck(setup, async (q) => {
    assert.deepEqual((await q(featureSampleSql("btc_ret_1h", "O'Neil", T0, T0 + 3 * H))).map((r) => r.v), [1, 3]);
    assert.deepEqual((await q(featureSampleSql("btc_ret_1h", "O'Neil", T0 + H, T0 + 3 * H))).map((r) => r.v), [3]);
    assert.equal((await q(flaggedBarsSql("quality_flags", "O'Neil", ["wick_to_body", "it's"]))).length, 1);
    assert.equal((await q(flaggedBarsSql("quality_flags", "O'Neil", []))).length, 0);
    assert.equal((await q(priceEnvelopeSql("O'Neil"))).length, 1);
  });
  assert.throws(() => featureSampleSql("x; DROP TABLE features" as never, "a", 0, 1), RangeError);
});

test("ECDF: right-continuous F(x) = #{≤ x}/n and thinned step points ending at (max, 1)", () => {
  const s = Float64Array.from([1, 2, 2, 3]);
  assert.deepEqual([0, 1, 2, 2.5, 3, 9].map((x) => ecdfAt(s, x)), [0, 0.25, 0.75, 0.75, 1, 1]);
  assert.deepEqual(ecdfSteps(s), [{ x: 1, F: 0.25 }, { x: 2, F: 0.5 }, { x: 2, F: 0.75 }, { x: 3, F: 1 }, { x: 3, F: 1 }]);
  const big = Float64Array.from({ length: 10_000 }, (_, i) => i);
  const pts = ecdfSteps(big, 100);
  assert.ok(pts.length <= 102);
  assert.deepEqual(pts[pts.length - 1], { x: 9999, F: 1 });
  assert.deepEqual(ecdfSteps([]), []);
  assert.equal(ecdfAt([], 1), 0);
});

test("the trend window of a rule in hours, default 720", () => {
  assert.equal(trendHoursOf(null, "1h"), DEFAULT_TREND_HOURS);
  assert.equal(trendHoursOf({ trend_bars: 720 }, "1h"), 720);
  assert.equal(trendHoursOf({ trend_bars: 43_200 }, "1m"), 720);
});
