/**
 * Synthetic data for the Explore benchmark: `rows` prediction rows (5 cryptos × 6 variants × 5
 * folds at 15-minute bars; 5,000,000 rows ≈ 4.75 years) with BTC OHLCV covering them plus the
 * 30-day regime warm-up, written as the site serves them (ingest's Parquet settings: zstd,
 * DuckDB's default row groups) into bench/out/explore/:
 *   predictions.parquet  crypto, fold, variant, ts, y_true, y_pred, buy_proba
 *   ohlcv.parquet        symbol, ts, open, high, low, close, volume (BTC only)
 *   btc-ohlcv.parquet    symbol, ts, close
 *   sweep.json           the sweep config the page builds its example queries from
 * BTC follows alternating 90-day up and down drifts so every regime (bull, bear, range) appears.
 *
 *   npx tsx bench/explore/generate.ts [--rows 5000000] [--out bench/out/explore]
 */
import { mkdirSync, writeFileSync, statSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { DEFAULT_VARIANTS } from "../../src/lib/sweep.ts";

export const BENCH_CRYPTOS = ["ETHUSDC", "SOLUSDC", "LINKUSDC", "AAVEUSDC", "UNIUSDC"];
export const BENCH_INTERVAL = "15m";
const STEP_MS = 15 * 60_000;
const START_MS = Date.parse("2020-01-01T00:00:00Z");
const WARMUP_BARS = 30 * 96; // the 720-hour trend window at 15m
const FOLDS = 5;

export interface BenchData {
  dir: string;
  rows: number;
  barsPerSeries: number;
  files: Record<string, number>;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

export async function generateExploreData(rows: number, dir: string): Promise<BenchData> {
  const series = BENCH_CRYPTOS.length * DEFAULT_VARIANTS.length;
  const barsPerSeries = Math.ceil(rows / series);
  const stamp = join(dir, "stamp.json");
  const want = JSON.stringify({ rows, barsPerSeries, version: 1 });
  const names = ["predictions.parquet", "ohlcv.parquet", "btc-ohlcv.parquet", "sweep.json"];
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want && names.every((n) => existsSync(join(dir, n)))) {
    return { dir, rows, barsPerSeries, files: Object.fromEntries(names.map((n) => [n, statSync(join(dir, n)).size])) };
  }
  mkdirSync(dir, { recursive: true });
  const foldBars = Math.ceil(barsPerSeries / FOLDS);
  const endMs = START_MS + barsPerSeries * STEP_MS;
  const trainStart = iso(START_MS - WARMUP_BARS * STEP_MS);
  const db = await DuckDBInstance.create(":memory:", { threads: "2" });
  const conn = await db.connect();
  const q = (p: string) => `'${join(dir, p).replaceAll("'", "''")}'`;
  // BTC: log-price random walk with a drift that flips every 90 days (8640 bars).
  await conn.run(`
CREATE TABLE btc AS
WITH steps AS (
  SELECT i, make_timestamp((${START_MS - WARMUP_BARS * STEP_MS} + i * ${STEP_MS})::BIGINT * 1000) AS ts,
         (CASE WHEN (i // 8640) % 2 = 0 THEN 2.5e-5 ELSE -2.5e-5 END) + 3e-3 * ((hash(i, 'btc') % 20001)::DOUBLE / 10000 - 1) AS r
  FROM range(${barsPerSeries + WARMUP_BARS}) t(i)
)
SELECT 'BTCUSDC' AS symbol, ts, 30000 * exp(sum(r) OVER (ORDER BY i) - r) AS open, 30000 * exp(sum(r) OVER (ORDER BY i)) AS close, i
FROM steps;
COPY (
  SELECT symbol, ts, open, greatest(open, close) * 1.001 AS high, least(open, close) * 0.999 AS low, close,
         50 + (hash(i, 'vol') % 1000)::DOUBLE / 10 AS volume
  FROM btc ORDER BY ts
) TO ${q("ohlcv.parquet")} (FORMAT parquet, COMPRESSION zstd);
COPY (SELECT symbol, ts, close FROM btc ORDER BY ts) TO ${q("btc-ohlcv.parquet")} (FORMAT parquet, COMPRESSION zstd);
COPY (
  WITH grid AS (
    SELECT c.crypto, v.variant, v.skill, b.i, make_timestamp((${START_MS} + b.i * ${STEP_MS})::BIGINT * 1000) AS ts
    FROM (SELECT unnest(${JSON.stringify(BENCH_CRYPTOS).replaceAll('"', "'")}) AS crypto) c,
         (SELECT unnest(${JSON.stringify([...DEFAULT_VARIANTS]).replaceAll('"', "'")}) AS variant, unnest([55, 60, 66, 70, 65, 58]) AS skill) v,
         range(${barsPerSeries}) b(i)
  ),
  labelled AS (SELECT *, (hash(crypto, i) % 100 < 30)::TINYINT AS y_true, hash(crypto, variant, i) % 100 AS u FROM grid)
  SELECT crypto, (1 + i // ${foldBars})::INTEGER AS fold, variant, ts, y_true,
         (CASE WHEN u < skill THEN y_true ELSE 1 - y_true END)::TINYINT AS y_pred,
         round(CASE WHEN u < skill THEN y_true ELSE 1 - y_true END * 0.5 + (u::DOUBLE / 200), 4) AS buy_proba
  FROM labelled
  ORDER BY crypto, fold, variant, ts
  LIMIT ${rows}
) TO ${q("predictions.parquet")} (FORMAT parquet, COMPRESSION zstd);
`);
  conn.closeSync();
  const sweep = {
    sweep_id: "bench-explore",
    created_at: new Date(0).toISOString(),
    track: "track1-btc-features",
    universe: "defi_top5",
    baseline_variant: "none",
    variants: [...DEFAULT_VARIANTS],
    leakage_pair: { leaky: "btc_full_purge0", reference: "btc_full" },
    interval: BENCH_INTERVAL,
    train_start: trainStart,
    train_end: iso(START_MS + 365 * 86_400_000),
    thresholds: {},
    cryptos: BENCH_CRYPTOS,
    btc_symbol: "BTCUSDC",
    registry: null,
    data_end: iso(endMs),
  };
  writeFileSync(join(dir, "sweep.json"), JSON.stringify(sweep, null, 2) + "\n");
  writeFileSync(stamp, want);
  return { dir, rows, barsPerSeries, files: Object.fromEntries(names.map((n) => [n, statSync(join(dir, n)).size])) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rows: { type: "string", default: "5000000" }, out: { type: "string", default: "bench/out/explore" } } });
  const t0 = performance.now();
  const data = await generateExploreData(Number(values.rows), values.out!);
  console.log(`${data.rows.toLocaleString("en-US")} prediction rows (${data.barsPerSeries.toLocaleString("en-US")} bars per crypto × variant) in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${data.dir}`);
  for (const [f, b] of Object.entries(data.files)) console.log(`  ${f}: ${(b / 2 ** 20).toFixed(1)} MiB`);
}
