/**
 * A large batch of kline files is read by one single-threaded INSERT per DuckDB thread, each on
 * its own connection, committed in file order (insertInLanes in loaders/ingest/ohlcv-read.ts).
 * The suite's sessions run one DuckDB thread (FTF_DUCKDB_THREADS), which never takes that path, so
 * this test opens two-thread sessions itself and compares them with a one-thread session on ~20 MB
 * of minute bars holding a malformed row, an unparseable number, a gap and a zero-volume bar: the
 * same rows in the same order, the same errors (with their lines), warnings and file facts.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Duck } from "../../loaders/ingest/duck.ts";
import { loadOhlcvDir } from "../../loaders/ingest/index.ts";

function writeMonth(dir: string, symbol: string, month: number, blemish: boolean): void {
  const from = Date.UTC(2024, month - 1, 1);
  const to = Date.UTC(2024, month, 1);
  const lines: string[] = [];
  let k = 0;
  for (let t = from; t < to; t += 60_000, k++) {
    if (blemish && k >= 100 && k < 103) continue; // a 3-bar outage
    const p = 100 + (k % 97) * 0.01;
    const vol = blemish && k === 200 ? "0.00000000" : `${(1 + (k % 13)).toFixed(8)}`;
    lines.push(`${t},${p.toFixed(8)},${(p + 0.05).toFixed(8)},${(p - 0.05).toFixed(8)},${(p + 0.01).toFixed(8)},${vol},${t + 59_999},${(p * 3).toFixed(8)},${k % 50},0.50000000,${(p / 2).toFixed(8)},0`);
  }
  if (blemish) {
    lines[500] = lines[500].split(",").slice(0, 7).join(","); // a short row (a reject)
    const f = lines[900].split(",");
    f[4] = "1.2.3"; // an unparseable close (a reject)
    lines[900] = f.join(",");
  }
  writeFileSync(join(dir, `${symbol}-1m-2024-${String(month).padStart(2, "0")}.csv`), lines.join("\n") + "\n");
}

test("reading in lanes gives the table, order, errors and warnings of one thread", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ftf-lanes-"));
  const sessions: Duck[] = [];
  try {
    for (const [i, m] of [1, 2, 3].entries()) writeMonth(dir, "BTCUSDC", m, i === 1);
    writeMonth(dir, "ETHUSDC", 1, false);
    const read = async (threads: number) => {
      const duck = await Duck.open({ threads });
      sessions.push(duck);
      const set = await loadOhlcvDir(dir, { interval: "1m", duck, tempDir: dir });
      const table = await duck.value<bigint | number>(`SELECT bit_xor(hash(rid, src, sym, rn, ts, tu, open, high, low, close, volume, close_time, quote_volume, n_trades, taker_buy_base_volume, taker_buy_quote_volume)) FROM ohlcv_raw`);
      return {
        table: String(table),
        rows: await duck.value<number>("SELECT count(*) FROM ohlcv_raw"),
        sorted: !/ORDER BY/.test(set.selectSql),
        errors: set.errors.map((e) => ({ code: e.code, message: e.message })),
        warnings: set.warnings,
        files: set.files,
        symbols: set.symbols,
      };
    };
    const one = await read(1);
    const two = await read(2);
    assert.equal(one.rows, 4 * 44_640 - 3 - 2 - (44_640 - 41_760));
    assert.ok(one.errors.some((e) => e.code === "truncated_row") && one.errors.some((e) => e.code === "unparseable_number"), JSON.stringify(one.errors));
    assert.ok(one.warnings.some((w) => w.code === "missing_bars") && one.warnings.some((w) => w.code === "zero_volume"));
    assert.deepEqual(two, one);
  } finally {
    for (const d of sessions) d.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
