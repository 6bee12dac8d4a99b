/**
 * OHLCV quality flags (src/lib/drift/quality.ts): the SQL against an independent loop on synthetic
 * bars with planted defects, the doji convention, the clock-hour rule at 1h and at 1m, missing bars.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { dropBars, loadBars, syntheticMarket, type Bars } from "../../loaders/features/synthetic.ts";
import { barCountsSql, expectedBars, hourlyAlertsSql, hourlyRuleNote, missingBarsRow, qualityBaseRates, qualityBaseRatesSql, qualityFlagsSql, qualityWarmupBars, type QualityFlag } from "../../src/lib/drift/quality.ts";
import { resolveDriftThresholds } from "../../src/lib/drift/thresholds.ts";
import { minObservations } from "../../src/lib/sql/features.ts";
import { barsFor } from "../../src/lib/sweep.ts";

const th = resolveDriftThresholds();
const H = 3_600_000;

async function flagsOf(conn: DuckDBConnection, interval: string): Promise<QualityFlag[]> {
  const r = await conn.runAndReadAll(`SELECT symbol, epoch_ms(ts)::DOUBLE AS ts, reason, value, threshold FROM (${qualityFlagsSql({ source: "ohlcv", interval, thresholds: th })})`);
  return r.getRowObjectsJS() as unknown as QualityFlag[];
}

/** Independent loop: the three rules as DESIGN §4 words them (grid bars, full windows). */
function expectedFlags(b: Bars, interval: string, stepMs: number): string[] {
  const out: string[] = [];
  const byK = new Map<number, number>();
  b.ts.forEach((t, i) => byK.set(Math.floor(t / stepMs), i));
  const k0 = Math.floor(b.ts[0] / stepMs);
  const ret = (k: number) => {
    const i = byK.get(k);
    const j = byK.get(k - 1);
    return i === undefined || j === undefined ? null : Math.log(b.close[i] / b.close[j]);
  };
  const wr = barsFor(720, interval);
  const wv = barsFor(24, interval);
  for (let i = 0; i < b.ts.length; i++) {
    const k = Math.floor(b.ts[i] / stepMs);
    const r = ret(k);
    const prev: number[] = [];
    for (let j = k - wr; j < k; j++) {
      const x = ret(j);
      if (x !== null) prev.push(x);
    }
    if (r !== null && k - wr - 1 >= k0 && prev.length >= minObservations(wr, th.min_window_coverage)) {
      const m = prev.reduce((a, c) => a + c, 0) / prev.length;
      const sd = Math.sqrt(prev.reduce((a, c) => a + (c - m) ** 2, 0) / (prev.length - 1));
      if (sd > 0 && Math.abs(r) > 5 * sd) out.push(`${b.ts[i]} outlier_returns`);
    }
    const vols: number[] = [];
    for (let j = k - wv; j < k; j++) {
      const x = byK.get(j);
      if (x !== undefined) vols.push(b.volume[x]);
    }
    if (k - wv >= k0 && vols.length >= minObservations(wv, th.min_window_coverage)) {
      vols.sort((x, y) => x - y);
      const h = vols.length / 2;
      const med = vols.length % 2 ? vols[Math.floor(h)] : (vols[h - 1] + vols[h]) / 2;
      if (b.volume[i] < 0.2 * med) out.push(`${b.ts[i]} outlier_volume`);
    }
    const body = Math.abs(b.close[i] - b.open[i]);
    const wick = b.high[i] - Math.max(b.open[i], b.close[i]) + Math.min(b.open[i], b.close[i]) - b.low[i];
    if (wick > 0 && (body === 0 || wick / body > 5)) out.push(`${b.ts[i]} wick_to_body`);
  }
  return out;
}

test("planted defects are flagged and the SQL equals an independent loop", async () => {
  let [btc] = syntheticMarket({ symbols: ["BTCUSDC"], btcSymbol: "BTCUSDC", interval: "1h", start: "2022-01-01T00:00:00Z", bars: 3000, seed: 21 });
  // a 10σ return at bar 1200 (shift every later price so only one return is abnormal)
  const jump = Math.exp(-10 * 0.6 / Math.sqrt(365 * 24));
  for (let i = 1200; i < btc.ts.length; i++) {
    if (i > 1200) btc.open[i] *= jump;
    btc.close[i] *= jump;
    btc.high[i] = Math.max(btc.high[i] * (i > 1200 ? jump : 1), btc.open[i], btc.close[i]);
    btc.low[i] = Math.min(btc.low[i] * jump, btc.open[i], btc.close[i]);
  }
  // volume collapse, a long wick, a doji with wicks, a flat halt bar
  btc.volume[1500] = btc.volume[1499] * 0.05;
  btc.low[1800] = Math.min(btc.open[1800], btc.close[1800]) * 0.97;
  btc.close[2000] = btc.open[2000];
  btc.high[2000] = btc.open[2000] * 1.001;
  const i = 2100;
  btc.open[i] = btc.high[i] = btc.low[i] = btc.close[i] = btc.close[i - 1];
  btc.volume[i] = 0;
  btc = dropBars(btc, 2500, 2504);

  const conn = await (await DuckDBInstance.create(":memory:")).connect();
  await loadBars(conn, "ohlcv", [btc]);
  const flags = await flagsOf(conn, "1h");
  const got = flags.map((f) => `${f.ts} ${f.reason}`).sort();
  assert.deepEqual(got, expectedFlags(btc, "1h", H).sort());
  const has = (idx: number, reason: string) => flags.some((f) => f.ts === btc.ts[idx] && f.reason === reason);
  assert.ok(has(1200, "outlier_returns"), "10σ return");
  assert.ok(has(1500, "outlier_volume"), "95% volume drop");
  assert.ok(has(1800, "wick_to_body"), "long wick");
  const doji = flags.find((f) => f.ts === btc.ts[2000] && f.reason === "wick_to_body");
  assert.equal(doji?.value, Infinity, "doji with a wick: ratio +∞, flagged");
  assert.ok(!has(i, "wick_to_body"), "flat halt bar: no wick, not a wick_to_body flag");
  assert.ok(has(i, "outlier_volume"), "halt bar: zero volume");
  // nothing else at an implausible rate on this clean synthetic market
  const rate = (reason: string) => flags.filter((f) => f.reason === reason).length / btc.ts.length;
  assert.ok(rate("outlier_returns") < 0.002, `outlier_returns rate ${rate("outlier_returns")}`);
  assert.ok(rate("outlier_volume") < 0.005, `outlier_volume rate ${rate("outlier_volume")}`);
  // wick/body > 5 is common on ordinary bars: a body under 1/6 of the range happens on ~10% of
  // random-walk bars. The rule is the spec's; the pages show its base rate rather than hide it.
  assert.ok(rate("wick_to_body") < 0.2, `wick_to_body rate ${rate("wick_to_body")}`);
});

test("clock-hour rule: cannot fire at 1h (and says so), fires at 1m on a burst of more than 5", async () => {
  assert.equal(hourlyRuleNote("1h", 5).applicable, false);
  assert.match(hourlyRuleNote("1h", 5).note, /cannot fire/);
  assert.equal(hourlyRuleNote("1m", 5).bars_per_hour, 60);
  assert.equal(hourlyRuleNote("15m", 5).applicable, false);
  assert.equal(hourlyRuleNote("10m", 5).applicable, true);

  const [btc] = syntheticMarket({ symbols: ["BTCUSDC"], btcSymbol: "BTCUSDC", interval: "1m", start: "2024-01-01T00:00:00Z", bars: 46_000, seed: 4 });
  // a feed glitch: 8 bars of near-zero volume inside one clock hour, starting 10:05
  const start = btc.ts.findIndex((t) => t === Date.UTC(2024, 0, 31, 10, 5));
  for (let j = 0; j < 16; j += 2) btc.volume[start + j] = 1e-6;
  const conn = await (await DuckDBInstance.create(":memory:")).connect();
  await loadBars(conn, "ohlcv", [btc]);
  await conn.run(`CREATE TABLE flags AS ${qualityFlagsSql({ source: "ohlcv", interval: "1m", thresholds: th })}`);
  const alerts = (await conn.runAndReadAll(hourlyAlertsSql("flags", 5))).getRowObjectsJS().map((a) => ({ reason: String(a.reason), hour_start: Number(a.hour_start), count: Number(a.count) }));
  const glitch = alerts.filter((a) => a.reason === "outlier_volume");
  assert.equal(glitch.length, 1);
  assert.equal(glitch[0].hour_start, Date.UTC(2024, 0, 31, 10));
  assert.equal(glitch[0].count, 8);
});

test("missing bars per fold: share of the grid, revert above 5%", async () => {
  let [btc] = syntheticMarket({ symbols: ["BTCUSDC"], btcSymbol: "BTCUSDC", interval: "1h", start: "2022-01-01T00:00:00Z", bars: 1000, seed: 2 });
  btc = dropBars(btc, 100, 130); // 30 missing in fold 1 (500 bars: 6%), none in fold 2
  const conn = await (await DuckDBInstance.create(":memory:")).connect();
  await loadBars(conn, "ohlcv", [btc]);
  const t0 = Date.UTC(2022, 0, 1);
  const folds = [
    { id: 0, symbol: "BTCUSDC", start: t0, end: t0 + 500 * H },
    { id: 1, symbol: "BTCUSDC", start: t0 + 500 * H, end: t0 + 1000 * H },
  ];
  const r = (await conn.runAndReadAll(barCountsSql("ohlcv", "1h", folds))).getRowObjectsJS();
  const rows = folds.map((f, j) => missingBarsRow("BTCUSDC", j + 1, f, "1h", Number(r[j].present), 0.05));
  assert.deepEqual(rows.map((x) => [x.expected, x.present, x.missing, x.revert]), [[500, 470, 30, true], [500, 500, 0, false]]);
  assert.equal(rows[0].missing_share, 0.06);
  assert.equal(rows[0].window_start, "2022-01-01T00:00:00Z");
  assert.equal(expectedBars(t0 + 1, t0 + 2 * H, "1h"), 1, "grid slots whose open lies in the window");
});

/**
 * 1-minute bars whose flags are known by construction: returns alternate ±a (σ ≈ a), with a 20a
 * jump every 200 bars; volume 100, with a 10 (below 0.2 × median) every 100 bars; the wick is one
 * body except on planted bars where it is ten: at minutes 0, 10, …, 50 of every fourth clock hour
 * (6 in the hour, more than the alert limit of 5) and at minutes 0, 12, …, 48 of the others (5).
 * The planted minutes never coincide.
 */
function plantedBars(symbol: string, n: number): Bars {
  const b: Bars = { symbol, ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  const a = 0.001;
  let close = 100;
  for (let i = 0; i < n; i++) {
    const hour = Math.floor(i / 60);
    const minute = i % 60;
    const open = close;
    const r = i % 200 === 155 ? 20 * a : (i % 2 ? a : -a);
    close = open * Math.exp(r);
    const body = Math.abs(close - open);
    const wick = (hour % 4 === 0 ? minute % 10 === 0 : minute % 12 === 0) ? 10 * body : body;
    b.ts[i] = Date.UTC(2024, 0, 1) + i * 60_000;
    b.open[i] = open;
    b.close[i] = close;
    b.high[i] = Math.max(open, close) + wick / 2;
    b.low[i] = Math.min(open, close) - wick / 2;
    b.volume[i] = i % 100 === 53 ? 10 : 100;
  }
  return b;
}

test("base rates on the training window: known shares of flagged bars and of alert hours, warm-up excluded", async () => {
  const t = resolveDriftThresholds(undefined, { outlier_return_window_hours: 1, outlier_volume_window_hours: 1 });
  const full = plantedBars("AAA", 36 * 60);
  // BBB: the same bars from the training window's start on, so the warm-up falls inside it
  const from = 6 * 60;
  const late: Bars = { symbol: "BBB", ts: full.ts.slice(from), open: full.open.slice(from), high: full.high.slice(from), low: full.low.slice(from), close: full.close.slice(from), volume: full.volume.slice(from) };
  const reference = { start: Date.UTC(2024, 0, 1, 6), end: Date.UTC(2024, 0, 2, 6) }; // bars 360 … 1799, clock hours 6 … 29
  const conn = await (await DuckDBInstance.create(":memory:")).connect();
  await loadBars(conn, "ohlcv", [full, late]);
  await conn.run(`CREATE TABLE flags AS ${qualityFlagsSql({ source: "ohlcv", interval: "1m", thresholds: t })}`);
  const rows = (await conn.runAndReadAll(qualityBaseRatesSql({ flags: "flags", source: "ohlcv", interval: "1m", reference, symbols: ["AAA", "BBB", "CCC"], thresholds: t }))).getRowObjectsJS();
  const rates = qualityBaseRates(rows as never, "1m", t.quality_alert_per_hour);
  const get = (symbol: string, reason: string) => rates.find((r) => r.symbol === symbol && r.reason === reason)!;
  // in bars 360 … 1799: jumps at 555, 755, …, 1755 (7); low volumes at 453, 553, …, 1753 (14);
  // wick bars: 6 in each of the hours 8, 12, …, 28 and 5 in the 18 others
  const wick = 6 * 6 + 18 * 5;
  assert.deepEqual(
    ["outlier_returns", "outlier_volume", "wick_to_body"].map((reason) => get("AAA", reason)),
    [
      { symbol: "AAA", reason: "outlier_returns", bars: 1440, flagged: 7, rate: 7 / 1440, hours: 24, alert_hours: 0, alert_rate: 0 },
      { symbol: "AAA", reason: "outlier_volume", bars: 1440, flagged: 14, rate: 14 / 1440, hours: 24, alert_hours: 0, alert_rate: 0 },
      { symbol: "AAA", reason: "wick_to_body", bars: 1440, flagged: wick, rate: wick / 1440, hours: 24, alert_hours: 6, alert_rate: 0.25 },
    ],
  );
  // BBB starts at the window's start: a rule cannot fire before its warm-up, which leaves the denominator
  assert.equal(qualityWarmupBars("outlier_returns", "1m", t), 61);
  assert.equal(get("BBB", "outlier_returns").bars, 1440 - 61);
  assert.equal(get("BBB", "outlier_returns").flagged, 7);
  assert.equal(get("BBB", "outlier_volume").bars, 1440 - 60);
  assert.equal(get("BBB", "outlier_volume").flagged, 14);
  assert.deepEqual(get("BBB", "wick_to_body"), { ...get("AAA", "wick_to_body"), symbol: "BBB" });
  // a symbol without bars has no rate; at 1h the clock-hour rule cannot fire: no alert rate
  assert.deepEqual(get("CCC", "wick_to_body"), { symbol: "CCC", reason: "wick_to_body", bars: 0, flagged: 0, rate: null, hours: 0, alert_hours: 0, alert_rate: null });
  assert.ok(qualityBaseRates(rows as never, "1h", t.quality_alert_per_hour).every((r) => r.alert_rate === null));
});
