/**
 * The SQL features (src/lib/sql/features.ts) against an independent plain-TypeScript computation
 * written straight from DESIGN §4 and the module's documented conventions (gaps, warm-up, coverage,
 * exact-bar alignment, zero volume).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DuckDBInstance } from "@duckdb/node-api";
import { createFeaturesTable, readSymbolFeatures, type SymbolFeatures } from "../../loaders/features/index.ts";
import { dropBars, loadBars, syntheticMarket, type Bars } from "../../loaders/features/synthetic.ts";
import { BTC_FEATURES, barsFor, intervalMs } from "../../src/lib/sweep.ts";
import { featuresSql, minObservations } from "../../src/lib/sql/features.ts";

const COV = 0.9;

/** Reference implementation: maps keyed by bar index, loops, no windows functions. */
function expected(btc: Bars, target: Bars, interval: string): Record<string, (number | null)[]> {
  const ms = intervalMs(interval);
  const idx = (t: number) => Math.floor(t / ms);
  const bmap = new Map<number, number>();
  btc.ts.forEach((t, i) => bmap.set(idx(t), i));
  const tmap = new Map<number, number>();
  target.ts.forEach((t, i) => tmap.set(idx(t), i));
  const k0b = idx(btc.ts[0]);
  const k0t = idx(target.ts[0]);
  const bret = (k: number): number | null => {
    const i = bmap.get(k);
    const j = bmap.get(k - 1);
    return i === undefined || j === undefined ? null : Math.log(btc.close[i] / btc.close[j]);
  };
  const tret = (k: number): number | null => {
    const i = tmap.get(k);
    const j = tmap.get(k - 1);
    return i === undefined || j === undefined ? null : Math.log(target.close[i] / target.close[j]);
  };
  const W24 = barsFor(24, interval);
  const W168 = barsFor(168, interval);
  const W720 = barsFor(720, interval);
  const out: Record<string, (number | null)[]> = Object.fromEntries(BTC_FEATURES.map((f) => [f, []]));
  for (let ti = 0; ti < target.ts.length; ti++) {
    const k = idx(target.ts[ti]);
    const bi = bmap.get(k);
    if (bi === undefined) {
      for (const f of BTC_FEATURES.slice(0, 5)) out[f].push(null);
    } else {
      out.btc_ret_1h.push(bret(k));
      const j24 = bmap.get(k - W24);
      out.btc_ret_24h.push(j24 === undefined ? null : Math.log(btc.close[bi] / btc.close[j24]));
      out.btc_range_1h.push((btc.high[bi] - btc.low[bi]) / btc.close[bi]);
      // realised volatility
      let s = 0;
      let n = 0;
      for (let j = k - W24 + 1; j <= k; j++) {
        const r = bret(j);
        if (r !== null) {
          s += r * r;
          n++;
        }
      }
      out.btc_rv_24h.push(k - W24 >= k0b && n >= minObservations(W24, COV) ? Math.sqrt((s * W24) / n) : null);
      // volume z
      const lv: number[] = [];
      for (let j = k - W168; j < k; j++) {
        const i = bmap.get(j);
        if (i !== undefined && btc.volume[i] > 0) lv.push(Math.log(btc.volume[i]));
      }
      const mean = lv.reduce((a, b) => a + b, 0) / lv.length;
      const sd = Math.sqrt(lv.reduce((a, b) => a + (b - mean) ** 2, 0) / (lv.length - 1));
      const ok = k - W168 >= k0b && lv.length >= minObservations(W168, COV) && sd > 0 && btc.volume[bi] > 0;
      out.btc_volume_z_168h.push(ok ? (Math.log(btc.volume[bi]) - mean) / sd : null);
    }
    const xs: number[] = [];
    const ys: number[] = [];
    for (let j = k - W720 + 1; j <= k; j++) {
      if (!tmap.has(j)) continue;
      const a = tret(j);
      const b = bret(j);
      if (a !== null && b !== null) {
        xs.push(a);
        ys.push(b);
      }
    }
    let corr: number | null = null;
    if (k - W720 >= Math.max(k0b, k0t) && xs.length >= minObservations(W720, COV)) {
      const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
      const my = ys.reduce((a, b) => a + b, 0) / ys.length;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < xs.length; i++) {
        sxy += (xs[i] - mx) * (ys[i] - my);
        sxx += (xs[i] - mx) ** 2;
        syy += (ys[i] - my) ** 2;
      }
      corr = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
    }
    out.btc_alt_corr_720h.push(corr);
  }
  return out;
}

function assertClose(actual: SymbolFeatures, exp: Record<string, (number | null)[]>, label: string): number {
  let compared = 0;
  for (const f of BTC_FEATURES) {
    const a = actual.columns[f];
    const e = exp[f];
    assert.equal(a.length, e.length, `${label} ${f}: row count`);
    for (let i = 0; i < a.length; i++) {
      const ev = e[i];
      if (ev === null) {
        assert.ok(Number.isNaN(a[i]), `${label} ${f} row ${i}: expected NULL, got ${a[i]}`);
      } else {
        assert.ok(Math.abs(a[i] - ev) <= 1e-9 * Math.max(1, Math.abs(ev)), `${label} ${f} row ${i}: ${a[i]} vs ${ev}`);
        compared++;
      }
    }
  }
  return compared;
}

async function run(series: Bars[], interval: string, targets: string[]) {
  const inst = await DuckDBInstance.create(":memory:");
  const conn = await inst.connect();
  await loadBars(conn, "ohlcv", series);
  await createFeaturesTable(conn, "features", { source: "ohlcv", interval, btcSymbol: "BTCUSDC", targets });
  const out: Record<string, SymbolFeatures> = {};
  for (const t of targets) out[t] = await readSymbolFeatures(conn, "features", t);
  conn.closeSync();
  return out;
}

test("features match an independent computation on hourly bars with gaps and a zero-volume bar", async () => {
  let [btc, eth, sol] = syntheticMarket({ symbols: ["BTCUSDC", "ETHUSDC", "SOLUSDC"], btcSymbol: "BTCUSDC", interval: "1h", start: "2022-01-01T00:00:00Z", bars: 2400, seed: 11 });
  btc.volume[1000] = 0; // halt bar: no log volume
  btc = dropBars(btc, 1500, 1503); // BTC outage: 3 bars
  eth = dropBars(eth, 900, 901); // a single missing target bar
  sol = dropBars(sol, 0, 30); // target starts later than BTC
  const got = await run([btc, eth, sol], "1h", ["ETHUSDC", "SOLUSDC"]);
  let compared = 0;
  compared += assertClose(got.ETHUSDC, expected(btc, eth, "1h"), "ETHUSDC");
  compared += assertClose(got.SOLUSDC, expected(btc, sol, "1h"), "SOLUSDC");
  assert.ok(compared > 20_000, `compared ${compared} non-null values`);
  // the conventions show up where they should
  const eth1500 = got.ETHUSDC.ts.indexOf(btc.ts[1499] + 3_600_000);
  assert.ok(Number.isNaN(got.ETHUSDC.columns.btc_ret_1h[eth1500]), "BTC missing → NULL, not ASOF");
  const halt = got.ETHUSDC.ts.indexOf(btc.ts[1000]);
  assert.ok(Number.isNaN(got.ETHUSDC.columns.btc_volume_z_168h[halt]), "zero volume → NULL z");
  assert.ok(!Number.isNaN(got.ETHUSDC.columns.btc_volume_z_168h[halt + 1]), "the halt bar is skipped, not poisoning the window");
});

test("warm-up rows are NULL, then values appear exactly when the window is full", async () => {
  const series = syntheticMarket({ symbols: ["BTCUSDC", "ETHUSDC"], btcSymbol: "BTCUSDC", interval: "1h", start: "2022-01-01T00:00:00Z", bars: 800, seed: 3 });
  const f = (await run(series, "1h", ["ETHUSDC"])).ETHUSDC.columns;
  const firstValue = (a: Float64Array) => a.findIndex((v) => !Number.isNaN(v));
  assert.equal(firstValue(f.btc_ret_1h), 1);
  assert.equal(firstValue(f.btc_ret_24h), 24);
  assert.equal(firstValue(f.btc_rv_24h), 24);
  assert.equal(firstValue(f.btc_volume_z_168h), 168);
  assert.equal(firstValue(f.btc_range_1h), 0);
  assert.equal(firstValue(f.btc_alt_corr_720h), 720);
});

test("windows scale with the interval (4h bars) and BTC can be its own target", async () => {
  const series = syntheticMarket({ symbols: ["BTCUSDC", "LINKUSDC"], btcSymbol: "BTCUSDC", interval: "4h", start: "2022-01-01T00:00:00Z", bars: 600, seed: 5 });
  const got = await run(series, "4h", ["BTCUSDC", "LINKUSDC"]);
  assertClose(got.LINKUSDC, expected(series[0], series[1], "4h"), "LINKUSDC 4h");
  assert.equal(got.LINKUSDC.columns.btc_ret_24h.findIndex((v) => !Number.isNaN(v)), 6);
  assert.equal(got.LINKUSDC.columns.btc_alt_corr_720h.findIndex((v) => !Number.isNaN(v)), 180);
  const self = got.BTCUSDC.columns.btc_alt_corr_720h.filter((v) => !Number.isNaN(v));
  assert.ok(self.length > 0 && self.every((v) => Math.abs(v - 1) < 1e-12));
});

test("the SQL text rejects nonsense options", () => {
  assert.throws(() => featuresSql({ source: "o", interval: "1h", btcSymbol: "BTCUSDC", targets: [] }), /no target/);
  assert.throws(() => featuresSql({ source: "o", interval: "1h", btcSymbol: "BTCUSDC", targets: ["X"], minCoverage: 0 }), /minCoverage/);
  assert.throws(() => featuresSql({ source: "o", interval: "1x", btcSymbol: "BTCUSDC", targets: ["X"] }), /interval/);
});
