/**
 * Market regimes and per-regime f1: the rule at its boundaries by hand, and the DuckDB SQL of
 * src/lib/sql/regime-f1.ts against the pure functions of src/lib/regimes.ts on a synthetic market
 * with an outage (same labels, same counts, same f1).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { dropBars, loadBars, rng, syntheticMarket } from "../../loaders/features/synthetic.ts";
import {
  classifyTrend,
  classifyVol,
  f1FromCounts,
  labelRegimes,
  regimeF1,
  regimeF1FromBars,
  regimeRuleFor,
  type PredictionLike,
  type RegimeRule,
} from "../../src/lib/regimes.ts";
import { dailyRegimeLabelsSql, regimeF1Sql, regimeLabelsSql } from "../../src/lib/sql/regime-f1.ts";
import type { RegimeF1Row } from "../../src/lib/gates/types.ts";

const H = 3_600_000;
const T0 = Date.UTC(2023, 0, 1);

function nextUp(x: number): number {
  const f = new Float64Array([x]);
  const u = new BigInt64Array(f.buffer);
  u[0] += x >= 0 ? 1n : -1n;
  return f[0];
}
function nextDown(x: number): number {
  return -nextUp(-x);
}

const rule = (over: Partial<RegimeRule> = {}): RegimeRule =>
  regimeRuleFor({ interval: "1h", train_start: null, train_end: null }, over);

test("rule defaults scale with the interval", () => {
  const r1h = rule();
  assert.equal(r1h.trend_bars, 720);
  assert.equal(r1h.rv_bars, 24);
  assert.equal(r1h.bull_above, 0.1);
  assert.equal(r1h.bear_below, -0.1);
  const r15 = regimeRuleFor({ interval: "15m", train_start: "2023-01-01T00:00:00Z", train_end: "2023-06-01T00:00:00Z" });
  assert.equal(r15.trend_bars, 2880);
  assert.equal(r15.rv_bars, 96);
  assert.equal(r15.train_start_ms, Date.UTC(2023, 0, 1));
  assert.throws(() => rule({ bull_above: -0.2 }), /bear_below <= bull_above/);
});

test("trend boundaries are strict: ±0.10 itself is range", () => {
  const r = rule();
  assert.equal(classifyTrend(0.1, r), "range");
  assert.equal(classifyTrend(nextUp(0.1), r), "bull");
  assert.equal(classifyTrend(nextDown(0.1), r), "range");
  assert.equal(classifyTrend(-0.1, r), "range");
  assert.equal(classifyTrend(nextDown(-0.1), r), "bear");
  assert.equal(classifyTrend(nextUp(-0.1), r), "range");
  assert.equal(classifyTrend(null, r), null);
  assert.equal(classifyVol(0.02, 0.02), "low_vol");
  assert.equal(classifyVol(nextUp(0.02), 0.02), "high_vol");
  assert.equal(classifyVol(0.02, null), null);
});

test("labels by hand: trend over N bars of the time grid, warm-up and gaps are unknown", () => {
  // trend_bars = 2: R_k = ln(c_k / c_{k-2}); bar 4 is missing (an outage)
  const closes: Array<[number, number]> = [
    [0, 100],
    [1, 100],
    [2, 120], // ln 1.2 = 0.18 > 0.1 → bull
    [3, 90], // ln 0.9 = −0.105 → bear
    [5, 95], // k−2 = 3: ln(95/90) = 0.054 → range
    [6, 95], // k−2 = 4 is missing → unknown (not ln(95/90) over 3 bars)
  ];
  const { labels } = labelRegimes(
    closes.map(([k, c]) => ({ ts: T0 + k * H, close: c })),
    rule({ trend_bars: 2 }),
  );
  assert.deepEqual(
    labels.map((l) => l.regime),
    ["unknown", "unknown", "bull", "bear", "range", "unknown"],
  );
  assert.ok(Math.abs(labels[2].trend_return! - Math.log(1.2)) < 1e-15);
});

test("f1 from counts; 0/0 is null", () => {
  assert.equal(f1FromCounts(3, 1, 2), 6 / 9);
  assert.equal(f1FromCounts(0, 0, 0), null);
  assert.equal(f1FromCounts(0, 4, 0), 0);
  const rows = regimeF1(
    [
      { crypto: "X", variant: "v", ts: 1, y_true: 1, y_pred: 1 },
      { crypto: "X", variant: "v", ts: 2, y_true: 0, y_pred: 1 },
      { crypto: "X", variant: "v", ts: 3, y_true: 1, y_pred: 0 },
      { crypto: "X", variant: "v", ts: 4, y_true: 0, y_pred: 0 },
      { crypto: "X", variant: "v", ts: 5, y_true: 0, y_pred: 0 },
    ],
    (ts) => (ts <= 3 ? "bull" : ts === 4 ? "bear" : undefined),
  );
  assert.deepEqual(rows, [
    { variant: "v", crypto: "X", regime: "bear", n_bars: 1, n_pred_buy: 0, n_true_buy: 0, tp: 0, fp: 0, fn: 0, f1: null },
    { variant: "v", crypto: "X", regime: "bull", n_bars: 3, n_pred_buy: 2, n_true_buy: 2, tp: 1, fp: 1, fn: 1, f1: 0.5 },
    { variant: "v", crypto: "X", regime: "unknown", n_bars: 1, n_pred_buy: 0, n_true_buy: 0, tp: 0, fp: 0, fn: 0, f1: null },
  ]);
});

// ------------------------------------------------------------ SQL twin

const BARS = 3000;
const market = syntheticMarket({ symbols: ["BTCUSDC", "ETHUSDC", "SOLUSDC"], btcSymbol: "BTCUSDC", interval: "1h", start: "2023-01-01T00:00:00Z", bars: BARS, seed: 42, annualVol: 0.9 });
// an outage in BTC: 30 missing hours, so trend returns and rv windows cross a gap
const btc = dropBars(market[0], 1500, 1530);
const btcBars = Array.from(btc.ts, (ts, i) => ({ ts, close: btc.close[i] }));

/** Predictions for two cryptos × two variants on every alt bar after the warm-up and a bit before it. */
function predictions(): PredictionLike[] {
  const u = rng(9);
  const out: PredictionLike[] = [];
  for (const alt of market.slice(1)) {
    for (const variant of ["btc_full", "none"]) {
      for (let i = 600; i < BARS; i++) {
        const y_true = u() < 0.3 ? 1 : 0;
        const y_pred = u() < (y_true ? 0.6 : 0.2) ? 1 : 0;
        out.push({ crypto: alt.symbol, variant, ts: alt.ts[i], y_true, y_pred });
      }
    }
  }
  return out;
}

async function withDuck<T>(f: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const inst = await DuckDBInstance.create(":memory:");
  const conn = await inst.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    return await f(conn);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

async function loadPredictions(conn: DuckDBConnection, rows: PredictionLike[], tsType: string): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE predictions_raw (crypto VARCHAR, fold INTEGER, variant VARCHAR, ts_ms BIGINT, y_true TINYINT, y_pred TINYINT)`);
  const app = await conn.createAppender("predictions_raw");
  for (const p of rows) {
    app.appendVarchar(p.crypto);
    app.appendInteger(1);
    app.appendVarchar(p.variant);
    app.appendBigInt(BigInt(p.ts));
    app.appendTinyInt(p.y_true);
    app.appendTinyInt(p.y_pred);
    app.endRow();
  }
  app.closeSync();
  await conn.run(`CREATE OR REPLACE TABLE predictions AS SELECT crypto, fold, variant, CAST(make_timestamp(ts_ms * 1000) AS ${tsType}) AS ts, y_true, y_pred FROM predictions_raw`);
}

function sqlRows(raw: Record<string, unknown>[]): RegimeF1Row[] {
  return raw.map((r) => ({
    variant: String(r.variant),
    crypto: String(r.crypto),
    regime: String(r.regime),
    n_bars: Number(r.n_bars),
    n_pred_buy: Number(r.n_pred_buy),
    n_true_buy: Number(r.n_true_buy),
    tp: Number(r.tp),
    fp: Number(r.fp),
    fn: Number(r.fn),
    f1: r.f1 === null ? null : Number(r.f1),
  }));
}

const CASES: Array<[string, Partial<RegimeRule>, string]> = [
  ["trend only", {}, "TIMESTAMP"],
  ["trend × volatility, training median", { vol_split: true, train_start_ms: Date.UTC(2023, 0, 1), train_end_ms: Date.UTC(2023, 2, 1) }, "TIMESTAMP_MS"],
  ["page inputs: ±0.05, whole-series median", { vol_split: true, bull_above: 0.05, bear_below: -0.05 }, "TIMESTAMPTZ"],
];

for (const [name, over, tsType] of CASES) {
  test(`SQL and pure functions agree: ${name}`, async () => {
    const r = rule(over);
    const preds = predictions();
    const pure = regimeF1FromBars(preds, btcBars, r);
    const { labels, rv_median } = labelRegimes(btcBars, r);
    await withDuck(async (conn) => {
      await loadBars(conn, "ohlcv", [btc, ...market.slice(1)]);
      await loadPredictions(conn, preds, tsType);
      const opts = { ...r, btc_symbol: "BTCUSDC" };
      const lab = (await conn.runAndReadAll(regimeLabelsSql(opts))).getRowObjectsJS();
      assert.equal(lab.length, labels.length);
      let mismatched = 0;
      for (let i = 0; i < labels.length; i++) {
        const a = labels[i];
        const b = lab[i];
        assert.equal(Number(b.ts_ms), a.ts);
        if (b.regime !== a.regime) mismatched++;
        for (const k of ["trend_return", "rv"] as const) {
          const x = a[k];
          const y = b[k] as number | null;
          assert.equal(y === null, x === null, `${k} null-ness at bar ${i}`);
          if (x !== null) assert.ok(Math.abs(x - (y as number)) <= 1e-12 * Math.abs(x), `${k} at bar ${i}: ${x} vs ${y}`);
        }
      }
      assert.equal(mismatched, 0);
      const daily = (await conn.runAndReadAll(dailyRegimeLabelsSql(opts))).getRowObjectsJS();
      assert.deepEqual(daily, lab.filter((l) => Number(l.ts_ms) % 86_400_000 === 0), "the daily labels are the 00:00 UTC bars' labels");
      assert.ok(daily.length > 0);
      if (r.vol_split) {
        assert.ok(rv_median !== null && Math.abs(rv_median - Number(lab[0].rv_median)) <= 1e-12 * rv_median);
        assert.ok(new Set(labels.map((l) => l.regime)).size >= 5, "the synthetic market visits several regimes");
      } else {
        assert.deepEqual([...new Set(labels.map((l) => l.regime))].sort(), ["bear", "bull", "range", "unknown"]);
      }
      const sql = sqlRows((await conn.runAndReadAll(regimeF1Sql(opts))).getRowObjectsJS());
      assert.deepEqual(sql, pure.rows);
      // the outage and the warm-up show up as unknown bars
      assert.ok(pure.rows.some((x) => x.regime === "unknown" && x.n_bars > 0));
    });
  });
}
