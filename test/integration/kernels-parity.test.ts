/**
 * The kernel path (src/lib/rolling via loaders/features/kernel-tables.ts) against the SQL
 * definitions the browser runs (src/lib/sql/features.ts, src/lib/drift/quality.ts), through
 * `analyzeDrift` itself: on the demo at 1h and on a 1-minute synthetic sample with gaps, a halt and
 * zero-volume bars. Features equal within 1e-12 relative (NULL exactly where SQL has NULL), quality
 * flags identical (same (symbol, bar, reason) set, values within 1e-12), and the drift report the
 * same apart from last-ulp differences in statistics of the features.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeDrift, FEATURES_TABLE, QUALITY_TABLE, type DriftInput, type DriftReport } from "../../loaders/drift/analyze.ts";
import { openIngested } from "../../loaders/drift/inputs.ts";
import { ingestedFixture } from "../helpers/demo-fixture.ts";
import { Duck } from "../../loaders/ingest/duck.ts";
import { dropBars, loadBars, syntheticMarket } from "../../loaders/features/synthetic.ts";
import { BTC_FEATURES, type SweepConfig } from "../../src/lib/sweep.ts";

/**
 * |a − b| ≤ 1e-12 · max(|a|, |b|, floor), or both NULL. `floor` = 1 for the unit-free centred
 * statistics (a z-score, a correlation): near 0 they are a difference of nearly equal numbers, whose
 * relative error has no meaning, and 1 is their natural scale.
 */
function close(a: number | null, b: number | null, floor = 0): boolean {
  if (a === null || b === null) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b), floor);
}
const UNIT_SCALE = new Set(["btc_volume_z_168h", "btc_alt_corr_720h"]);

interface Snapshot {
  features: Map<string, (number | null)[]>;
  flags: Map<string, number[]>;
  report: DriftReport;
}

async function run(input: Omit<DriftInput, "engine">, engine: "kernels" | "sql", thresholds?: Partial<Record<string, number>>): Promise<Snapshot> {
  const { report } = await analyzeDrift({ ...input, engine, thresholds });
  const duck = input.duck;
  const features = new Map(
    (await duck.conn.runAndReadAll(`SELECT symbol || ' ' || epoch_ms(ts), ${BTC_FEATURES.join(", ")} FROM ${FEATURES_TABLE}`))
      .getRowsJS()
      .map((r) => [String(r[0]), r.slice(1).map((v) => (v === null ? null : Number(v)))]),
  );
  const flags = new Map(
    (await duck.conn.runAndReadAll(`SELECT symbol || ' ' || epoch_ms(ts) || ' ' || reason, open, high, low, close, volume, value, threshold FROM ${QUALITY_TABLE}`))
      .getRowsJS()
      .map((r) => [String(r[0]), r.slice(1).map(Number)]),
  );
  return { features, flags, report };
}

function assertSame(sql: Snapshot, ker: Snapshot, what: string): { maxRel: number; features: number; flags: number } {
  assert.equal(ker.features.size, sql.features.size, `${what}: feature rows`);
  let maxRel = 0;
  for (const [key, want] of sql.features) {
    const got = ker.features.get(key);
    assert.ok(got, `${what}: feature row ${key} missing`);
    want.forEach((w, j) => {
      const g = got[j];
      const floor = UNIT_SCALE.has(BTC_FEATURES[j]) ? 1 : 0;
      assert.ok(close(g, w, floor), `${what}: ${BTC_FEATURES[j]} at ${key}: kernels ${g}, SQL ${w}`);
      if (g !== null && w !== null && g !== w) maxRel = Math.max(maxRel, Math.abs(g - w) / Math.max(Math.abs(g), Math.abs(w), floor));
    });
  }
  assert.deepEqual([...ker.flags.keys()].sort(), [...sql.flags.keys()].sort(), `${what}: flagged (bar, reason) set`);
  for (const [key, want] of sql.flags) want.forEach((w, j) => assert.ok(close(ker.flags.get(key)![j], w), `${what}: flag ${key} column ${j}`));
  // the report: same shape and counts; numbers equal up to the features' last-ulp differences
  const strip = (r: DriftReport) => JSON.parse(JSON.stringify(r), (_k, v) => (typeof v === "number" ? Number(v.toPrecision(9)) : v));
  assert.deepEqual(strip(ker.report), strip(sql.report), `${what}: drift report`);
  assert.deepEqual(ker.report.quality_counts, sql.report.quality_counts);
  assert.deepEqual(ker.report.alerts, sql.report.alerts, `${what}: alerts`);
  return { maxRel, features: sql.features.size, flags: sql.flags.size };
}

test("demo at 1h: kernels equal the SQL definitions (features 1e-12, flags identical, same report)", async () => {
  // the default demo's demo-clean, ingested once and shared read-only with other test files
  const input = await openIngested(await ingestedFixture("clean"));
  try {
    for (const thresholds of [undefined, { wick_min_sigma: 3 }]) {
      const sql = await run(input, "sql", thresholds);
      const ker = await run(input, "kernels", thresholds);
      const m = assertSame(sql, ker, `demo 1h ${JSON.stringify(thresholds ?? {})}`);
      assert.ok(m.features > 1000 && m.flags > 10);
      console.log(`# demo 1h ${JSON.stringify(thresholds ?? {})}: ${m.features} feature rows, ${m.flags} flags, max relative difference ${m.maxRel.toExponential(2)}`);
    }
  } finally {
    input.duck.close();
  }
});

test("1-minute sample with gaps, a halt and zero volume: kernels equal the SQL definitions", async () => {
  const bars = 46 * 1440; // past the 30-day windows (corr, σ of returns) with two weeks of values
  const market = syntheticMarket({ symbols: ["BTCUSDC", "ETHUSDC"], btcSymbol: "BTCUSDC", interval: "1m", start: "2024-03-01T00:00:00Z", bars, seed: 5 });
  let [btc, eth] = market;
  for (let i = 50_000; i < 50_030; i++) {
    // a halt: flat bars, zero volume
    btc.open[i] = btc.high[i] = btc.low[i] = btc.close[i] = btc.close[49_999];
    btc.volume[i] = 0;
  }
  btc.volume[60_000] = 0;
  btc = dropBars(dropBars(btc, 45_000, 45_003), 61_000, 61_500); // short and long gaps
  eth = dropBars(eth, 47_000, 47_100);
  const duck = await Duck.open({ threads: 2, memoryLimit: "1GB" });
  try {
    await loadBars(duck.conn, "ohlcv", [btc, eth]);
    const config: SweepConfig = {
      sweep_id: "parity-1m",
      created_at: null,
      track: null,
      universe: null,
      baseline_variant: "none",
      variants: ["none"],
      leakage_pair: { leaky: "btc_full_purge0", reference: "btc_full" },
      interval: "1m",
      train_start: "2024-03-01T00:00:00Z",
      train_end: "2024-04-05T00:00:00Z",
      registry: null,
      thresholds: {},
      cryptos: ["ETHUSDC"],
      btc_symbol: "BTCUSDC",
    } as SweepConfig;
    const input = { duck, ohlcv: "ohlcv", config, results: [] };
    const m = assertSame(await run(input, "sql"), await run(input, "kernels"), "1m sample");
    assert.ok(m.features > 60_000 && m.flags > 100);
    console.log(`# 1m sample: ${m.features} feature rows, ${m.flags} flags, max relative difference ${m.maxRel.toExponential(2)}`);
  } finally {
    duck.close();
  }
});
