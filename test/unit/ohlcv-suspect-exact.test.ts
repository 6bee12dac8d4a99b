/**
 * SUSPECT_SQL (loaders/ingest/ohlcv-checks.ts) is exact: on every one-row table of a grid of
 * NULL, NaN, ±inf, zero, negative, ordinary and huge values (prices, volume and each extra) it
 * says "suspect" exactly when a VALUE_CHECKS condition fires, so it never clears a bad bar and
 * never sends clean data to the per-bar scan. And one NaN bar hidden in a large clean table
 * (NaN compares above everything in DuckDB) is still caught, wherever it sits.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Duck } from "../../loaders/ingest/duck.ts";
import { SUSPECT_SQL, VALUE_CHECKS } from "../../loaders/ingest/ohlcv-checks.ts";

const anyBad = VALUE_CHECKS.map((c) => c.cond).join(" OR ");

test("SUSPECT_SQL is true exactly for tables with a bar failing a per-bar check", async () => {
  const duck = await Duck.open({ threads: 1 });
  try {
    const grid = (xs: string[], type = "DOUBLE") => xs.map((x) => `(${x}::${type})`).join(", ");
    const prices = grid(["NULL", "'nan'", "'inf'", "'-inf'", "0", "-1", "1", "2", "3", "1e308"]);
    const extras = grid(["NULL", "'nan'", "-1", "0", "5"]);
    await duck.run(`CREATE TABLE all_rows AS SELECT (row_number() OVER ())::INTEGER AS r, CASE WHEN e.x = 0 AND h.x = 3 THEN NULL ELSE TIMESTAMP '2024-01-01' END AS ts,
        o.x AS open, h.x AS high, l.x AS low, c.x AS close, v.x AS volume,
        CASE WHEN e.k = 0 THEN e.x END AS quote_volume, CASE WHEN e.k = 1 THEN e.x END AS taker_buy_base_volume,
        CASE WHEN e.k = 2 THEN e.x END AS taker_buy_quote_volume, CASE WHEN e.k = 3 AND isfinite(e.x) THEN e.x::BIGINT END AS n_trades
      FROM (VALUES ${prices}) o(x), (VALUES ${prices}) h(x), (VALUES ${prices}) l(x), (VALUES ${prices}) c(x), (VALUES ${prices}) v(x),
        (SELECT * FROM (VALUES ${extras}) e(x), range(4) k(k)) e`);
    const perRow = SUSPECT_SQL.replace(/^SELECT /, "SELECT r, ").replace(/FROM ohlcv_raw$/, "FROM all_rows GROUP BY r");
    assert.notEqual(perRow, SUSPECT_SQL);
    const rows = await duck.rows<{ r: number; bad: boolean; suspect: boolean }>(`SELECT r, (${anyBad}) IS TRUE AS bad, s.suspect
      FROM all_rows JOIN (${perRow}) s USING (r)`);
    assert.equal(rows.length, 10 ** 5 * 5 * 4);
    const wrong = rows.filter((x) => x.bad !== x.suspect);
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.ok(rows.some((x) => !x.bad) && rows.some((x) => x.bad));
  } finally {
    duck.close();
  }
});

test("one NaN, +inf or NULL bar among a million clean ones makes the table suspect", async () => {
  const duck = await Duck.open({ threads: 2 });
  try {
    await duck.run(`CREATE TABLE clean AS SELECT TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE AS ts, (10 + i % 7)::DOUBLE AS open, 20::DOUBLE AS high, 5::DOUBLE AS low, 11::DOUBLE AS close,
        (i % 3)::DOUBLE AS volume, 1::DOUBLE AS quote_volume, NULL::DOUBLE AS taker_buy_base_volume, NULL::DOUBLE AS taker_buy_quote_volume, 3::BIGINT AS n_trades
      FROM range(1000000) t(i)`);
    await duck.run("CREATE TABLE ohlcv_raw AS SELECT * FROM clean");
    assert.equal(await duck.value(SUSPECT_SQL), false);
    for (const [col, value] of [["open", "'nan'"], ["high", "'nan'"], ["low", "'nan'"], ["close", "'nan'"], ["volume", "'nan'"], ["high", "'inf'"], ["volume", "NULL"], ["n_trades", "-1"]]) {
      for (const at of [0, 2047, 500_001, 999_999]) {
        await duck.run(`CREATE OR REPLACE TABLE ohlcv_raw AS SELECT * REPLACE (CASE WHEN rowid = ${at} THEN ${value}::${col === "n_trades" ? "BIGINT" : "DOUBLE"} ELSE ${col} END AS ${col}) FROM clean`);
        assert.equal(await duck.value(`SELECT count(*) FROM ohlcv_raw WHERE ${anyBad}`), 1, `${col} = ${value} at ${at}`);
        assert.equal(await duck.value(SUSPECT_SQL), true, `${col} = ${value} at row ${at}`);
      }
    }
  } finally {
    duck.close();
  }
});
