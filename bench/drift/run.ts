/**
 * Bench: BTC feature computation + drift/quality analysis for 6 symbols × 4 years, at 1h and at 1m.
 * Synthetic Binance-like monthly kline CSVs (12 columns, ms before 2025 / µs after) are written to a
 * temp dir, read with DuckDB, then timed phase by phase through the same code the CLI runs
 * (loaders/drift.ts). Speed lives here, never in a test.
 *
 *   npx tsx bench/drift/run.ts [--interval 1h|1m|both] [--years 4] [--threads 2] [--keep]
 *
 * Prints a table and writes bench/out/drift-<interval>.json.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { analyzeDrift, writeDriftTables } from "../../loaders/drift.ts";
import { syntheticMarket, writeBinanceCsv } from "../../loaders/features/synthetic.ts";
import { Duck } from "../../loaders/ingest/duck.ts";
import type { SweepConfig } from "../../src/lib/sweep.ts";

const SYMBOLS = ["BTCUSDC", "ETHUSDC", "SOLUSDC", "LINKUSDC", "AAVEUSDC", "UNIUSDC"];

const { values: args } = parseArgs({
  options: {
    interval: { type: "string", default: "both" },
    years: { type: "string", default: "4" },
    threads: { type: "string", default: "2" },
    keep: { type: "boolean", default: false },
  },
});

async function timed<T>(phases: Record<string, number>, name: string, f: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const out = await f();
  phases[name] = (performance.now() - t) / 1000;
  console.error(`  ${name}: ${phases[name].toFixed(1)} s`);
  return out;
}

async function benchOne(interval: string, years: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), `ftf-drift-bench-${interval}-`));
  const phases: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  const start = "2021-07-01T00:00:00Z";
  const stepMs = interval === "1m" ? 60_000 : 3_600_000;
  const bars = Math.round((years * 365 * 86_400_000) / stepMs);
  const trainEnd = new Date(Date.parse(start) + Math.round(bars * 0.4) * stepMs).toISOString().slice(0, 10);
  try {
    // Generate one symbol at a time to keep memory flat.
    await timed(phases, "generate_csv", () => {
      for (const [s, symbol] of SYMBOLS.entries()) {
        const market = syntheticMarket({ symbols: s === 0 ? [symbol] : ["BTCUSDC", symbol], btcSymbol: "BTCUSDC", interval, start, bars, seed: 17 });
        writeBinanceCsv(join(dir, "ohlcv"), [market[market.length - 1]], interval);
      }
    });
    const csvBytes = readdirSync(join(dir, "ohlcv")).reduce((a, f) => a + statSync(join(dir, "ohlcv", f)).size, 0);
    const duck = await Duck.open({ threads: Number(args.threads), memoryLimit: "4GB", tempDir: join(dir, "spill") });
    await timed(phases, "read_csv", () =>
      duck.run(`CREATE TABLE ohlcv AS
        SELECT regexp_extract(filename, '([A-Z0-9]+)-${interval}-', 1) AS symbol,
          make_timestamp(CASE WHEN c0 >= 100000000000000 THEN c0 ELSE c0 * 1000 END) AS ts,
          c1 AS open, c2 AS high, c3 AS low, c4 AS close, c5 AS volume
        FROM read_csv('${join(dir, "ohlcv")}/*.csv', header = false, filename = true,
          columns = {'c0': 'BIGINT', 'c1': 'DOUBLE', 'c2': 'DOUBLE', 'c3': 'DOUBLE', 'c4': 'DOUBLE', 'c5': 'DOUBLE', 'c6': 'BIGINT', 'c7': 'DOUBLE', 'c8': 'BIGINT', 'c9': 'DOUBLE', 'c10': 'DOUBLE', 'c11': 'DOUBLE'})
        ORDER BY symbol, ts`),
    );
    const rows = await duck.value<number>("SELECT count(*) FROM ohlcv");
    const config: SweepConfig = {
      sweep_id: `bench-${interval}`,
      created_at: null,
      track: null,
      universe: null,
      baseline_variant: "none",
      variants: ["none"],
      leakage_pair: { leaky: "btc_full_purge0", reference: "btc_full" },
      interval,
      train_start: start,
      train_end: trainEnd,
      registry: null,
      thresholds: {},
      cryptos: SYMBOLS.slice(1),
      btc_symbol: "BTCUSDC",
    };
    const { report } = await timed(phases, "analyze_total", () => analyzeDrift({ duck, ohlcv: "ohlcv", config, results: [], onPhase: (p, s, c) => (console.error(`    ${p}: ${s.toFixed(1)} s (CPU ${c.toFixed(1)} s)`), (phases[p] = s), (cpu[p] = c)) }));
    await timed(phases, "write_tables", () => writeDriftTables(duck, report, join(dir, "out")));
    // issue 11: what the calibrated rule (τ̂, leave-block-out nulls, both rules' replays, Fisher-z
    // chart) adds, against the features it calibrates and against the dossier's rule alone
    const ratio = (a: number, b: number) => +(a / b).toFixed(2);
    console.error(
      `  CPU time: calibration / features_sql = ${ratio(cpu.calibration, cpu.features_sql)}; calibration / dossier's drift (KS/PSI/limits) = ${ratio(cpu.calibration, cpu.feature_and_correlation_drift)}` +
        ` (wall: ${ratio(phases.calibration, phases.features_sql)}, ${ratio(phases.calibration, phases.feature_and_correlation_drift)})`,
    );
    duck.close();
    return {
      interval,
      symbols: SYMBOLS.length,
      years,
      rows,
      csv_mb: +(csvBytes / 2 ** 20).toFixed(1),
      drift_rows: report.drift.length,
      quality_flags: report.quality.length,
      alerts: report.alerts.length,
      seconds: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, +v.toFixed(2)])),
      cpu_seconds: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, +v.toFixed(2)])),
      calibration_over_features_cpu: +(cpu.calibration / cpu.features_sql).toFixed(2),
      calibration_over_spec_drift_cpu: +(cpu.calibration / cpu.feature_and_correlation_drift).toFixed(2),
    };
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
    else console.error(`kept ${dir}`);
  }
}

const intervals = args.interval === "both" ? ["1h", "1m"] : [args.interval as string];
mkdirSync("bench/out", { recursive: true });
for (const interval of intervals) {
  const r = await benchOne(interval, Number(args.years));
  console.log(JSON.stringify(r));
  writeFileSync(`bench/out/drift-${interval}.json`, JSON.stringify({ ...r, threads: Number(args.threads), node: process.version }, null, 1) + "\n");
}
