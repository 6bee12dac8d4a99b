/**
 * Market data's precomputed opening view (issue 14): the opening range is whole UTC days ending
 * with the last bar's day, and the view's candles are what the page's own SQL gives for that range.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { candleBucketHours, DEFAULT_CANDLE_DAYS, defaultCandleWindow } from "../../src/lib/sql/candles.ts";
import { parseUtc } from "../../src/lib/time.ts";
import { Duck } from "../../loaders/ingest/duck.ts";
import { ohlcvView } from "../../loaders/site/ohlcv-view.ts";

const DAY = 86_400_000;

test("the opening window: whole UTC days, the last bar's day included, clamped to the first bar's day", () => {
  const w = defaultCandleWindow(parseUtc("2024-01-01T05:00:00Z"), parseUtc("2025-06-30T23:00:00Z"));
  assert.equal(w.endMs, parseUtc("2025-07-01T00:00:00Z"));
  assert.equal(w.endMs - w.startMs, DEFAULT_CANDLE_DAYS * DAY);
  const short = defaultCandleWindow(parseUtc("2025-06-20T05:00:00Z"), parseUtc("2025-06-30T00:00:00Z"));
  assert.equal(short.startMs, parseUtc("2025-06-20T00:00:00Z"));
  assert.equal(short.endMs, parseUtc("2025-07-01T00:00:00Z"));
});

test("ohlcvView: every symbol's candles of the opening window, every bar counted once; no file, an empty view", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ftf-ohlcv-view-"));
  try {
    const file = join(dir, "ohlcv.parquet");
    const duck = await Duck.open({ threads: 1 });
    // 200 days of hourly bars for two symbols; the last bar at 2025-06-30T23:00Z.
    await duck.run(`COPY (SELECT s.symbol, TIMESTAMP '2024-12-13 00:00:00' + INTERVAL (h) HOUR AS ts, 100.0 + h AS open, 101.0 + h AS high, 99.0 + h AS low, 100.5 + h AS close, 1.0 AS volume
      FROM range(0, 200 * 24) t(h), (VALUES ('BTCUSDC'), ('ETHUSDC')) s(symbol)) TO '${file}' (FORMAT parquet)`);
    duck.close();
    const v = await ohlcvView(file);
    assert.deepEqual(v.symbols, ["BTCUSDC", "ETHUSDC"]);
    assert.equal(v.bounds?.n, 2 * 200 * 24);
    assert.equal(v.window?.end, parseUtc("2025-07-01T00:00:00Z"));
    assert.equal(v.window?.bucket_hours, candleBucketHours(v.window!.start, v.window!.end));
    for (const s of v.symbols) {
      const c = v.candles[s]!;
      assert.equal(c.reduce((n, d) => n + d.bars, 0), DEFAULT_CANDLE_DAYS * 24, `${s}: every bar of the window in one candle`);
      assert.equal(c[0]!.ts, v.window!.start);
      assert.equal(c[0]!.open, 100 + (v.window!.start - parseUtc("2024-12-13T00:00:00Z")) / 3_600_000);
      assert.ok(c.every((d, i) => i === 0 || d.ts > c[i - 1]!.ts), "in time order");
    }
    assert.deepEqual(await ohlcvView(join(dir, "absent.parquet")), { symbols: [], bounds: null, window: null, candles: {} });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
