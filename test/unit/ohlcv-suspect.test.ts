/**
 * The cheap whole-table test that lets clean OHLCV data skip the per-bar checks (SUSPECT_SQL in
 * loaders/ingest/ohlcv-checks.ts) must never clear a table holding a bad bar: every combination
 * of NULL, NaN, ±inf, zero, negative, ordinary and huge values in open/high/low/close/volume (and
 * a negative extra) is tried as a one-row table, against the VALUE_CHECKS conditions themselves.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Duck } from "../../loaders/ingest/duck.ts";
import { SUSPECT_SQL, VALUE_CHECKS } from "../../loaders/ingest/ohlcv-checks.ts";

test("SUSPECT_SQL flags every table that has a bar failing a per-bar check", async () => {
  const duck = await Duck.open({ threads: 1 });
  try {
    const values = ["NULL", "'nan'", "'inf'", "'-inf'", "0", "-1", "1", "2", "3", "1e308"].map((x) => `(${x}::DOUBLE)`).join(", ");
    await duck.run(`CREATE TABLE all_rows AS SELECT (row_number() OVER ())::INTEGER AS r, CASE WHEN q.x = 2 THEN NULL ELSE TIMESTAMP '2024-01-01' END AS ts,
        o.x AS open, h.x AS high, l.x AS low, c.x AS close, v.x AS volume, q.x AS quote_volume,
        NULL::DOUBLE AS taker_buy_base_volume, NULL::DOUBLE AS taker_buy_quote_volume, NULL::BIGINT AS n_trades
      FROM (VALUES ${values}) o(x), (VALUES ${values}) h(x), (VALUES ${values}) l(x), (VALUES ${values}) c(x), (VALUES ${values}) v(x),
        (VALUES (NULL::DOUBLE), (1), (-1), (2)) q(x)`);
    // One group per row: the same aggregate as over a whole table, here over a one-row table each.
    const perRow = SUSPECT_SQL.replace(/^SELECT /, "SELECT r, ").replace(/FROM ohlcv_raw$/, "FROM all_rows GROUP BY r");
    assert.notEqual(perRow, SUSPECT_SQL);
    const rows = await duck.rows<{ r: number; bad: boolean; suspect: boolean }>(`SELECT r, (${VALUE_CHECKS.map((c) => c.cond).join(" OR ")}) IS TRUE AS bad, s.suspect
      FROM all_rows JOIN (${perRow}) s USING (r)`);
    assert.equal(rows.length, 10 ** 5 * 4);
    const missed = rows.filter((x) => x.bad && !x.suspect);
    assert.deepEqual(missed, []);
    // Clean bars exist in the grid and are cleared (the test is not just "always suspect").
    const cleared = rows.filter((x) => !x.bad && !x.suspect).length;
    assert.ok(cleared > 100, `${cleared} clean rows cleared`);
    // An empty table has nothing to check.
    await duck.run("CREATE TABLE ohlcv_raw AS SELECT * EXCLUDE (r) FROM all_rows LIMIT 0");
    assert.equal(await duck.value(SUSPECT_SQL), false);
  } finally {
    duck.close();
  }
});
