/**
 * Bench: BTC feature computation + drift/quality analysis for 6 symbols × 4 years, at 1h and at 1m.
 * Synthetic Binance-like monthly kline CSVs (12 columns, ms before 2025 / µs after) are written to a
 * temp dir, read with DuckDB, then timed phase by phase through the same code the CLI runs
 * (loaders/drift/). Speed lives here, never in a test.
 *
 *   npx tsx bench/drift/run.ts [--interval 1h|1m|both] [--years 4] [--threads 2] [--engine kernels|sql] [--keep] [--csv DIR] [--no-pandas]
 *
 * In the same run, bench/drift/pandas_drift.py does the same work on the same CSVs (features,
 * quality flags, weekly KS) under /usr/bin/time -v. Prints the phases, the ratio against pandas and
 * both peak RSS, writes bench/out/drift-<interval>.json and ends each interval with one JSON line
 * {"rows","ours_s","pandas_s","ratio","peak_rss_mb"} (ours_s = read CSV + the whole analysis).
 * --keep keeps the CSV folder and prints its path; --csv <that folder> reuses it (same --interval and
 * --years) instead of generating the CSVs again; --generate-only writes and keeps the CSVs, nothing else.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { analyzeDrift } from "../../loaders/drift/analyze.ts";
import { writeDriftTables } from "../../loaders/drift/write.ts";
import { syntheticMarket, writeBinanceCsv } from "../../loaders/features/synthetic.ts";
import { analysisMemoryLimit, Duck } from "../../loaders/ingest/duck.ts";
import type { SweepConfig } from "../../src/lib/sweep.ts";

const SYMBOLS = ["BTCUSDC", "ETHUSDC", "SOLUSDC", "LINKUSDC", "AAVEUSDC", "UNIUSDC"];

const { values: args } = parseArgs({
  options: {
    interval: { type: "string", default: "both" },
    years: { type: "string", default: "4" },
    threads: { type: "string", default: "2" },
    keep: { type: "boolean", default: false },
    engine: { type: "string", default: "kernels" },
    "no-pandas": { type: "boolean", default: false },
    csv: { type: "string" },
    "generate-only": { type: "boolean", default: false },
    // DuckDB's memory limit: by default the analysis' (loaders/ingest/duck.ts analysisMemoryLimit,
    // what `ftf drift` runs with); beyond it the in-memory OHLCV and feature tables go to the spill folder
    "memory-limit": { type: "string", default: analysisMemoryLimit() },
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
  // --csv: a folder kept by an earlier --keep run (its ohlcv/ CSVs are reused, never deleted), so
  // the timed runs need not regenerate gigabytes of CSV
  const reuse = args.csv ?? null;
  const dir = reuse ?? mkdtempSync(join(tmpdir(), `ftf-drift-bench-${interval}-`));
  const phases: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  const start = "2021-07-01T00:00:00Z";
  const stepMs = interval === "1m" ? 60_000 : 3_600_000;
  const bars = Math.round((years * 365 * 86_400_000) / stepMs);
  const trainEnd = new Date(Date.parse(start) + Math.round(bars * 0.4) * stepMs).toISOString().slice(0, 10);
  try {
    // Generate one symbol at a time to keep memory flat.
    if (!reuse) await timed(phases, "generate_csv", () => {
      for (const [s, symbol] of SYMBOLS.entries()) {
        const market = syntheticMarket({ symbols: s === 0 ? [symbol] : ["BTCUSDC", symbol], btcSymbol: "BTCUSDC", interval, start, bars, seed: 17 });
        writeBinanceCsv(join(dir, "ohlcv"), [market[market.length - 1]], interval);
      }
    });
    const csvBytes = readdirSync(join(dir, "ohlcv")).reduce((a, f) => a + statSync(join(dir, "ohlcv", f)).size, 0);
    if (args["generate-only"]) return { interval, years, csv_mb: +(csvBytes / 2 ** 20).toFixed(1), generated: dir };
    const duck = await Duck.open({ threads: Number(args.threads), memoryLimit: args["memory-limit"], tempDir: join(dir, "spill") });
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
    const { report } = await timed(phases, "analyze_total", () =>
      analyzeDrift({ duck, ohlcv: "ohlcv", config, results: [], engine: args.engine as "kernels" | "sql", onPhase: (p, s, c) => (console.error(`    ${p}: ${s.toFixed(1)} s (CPU ${c.toFixed(1)} s)`), (phases[p] = s), (cpu[p] = c)) }),
    );
    // the features phase is "features" (kernels) or "features_sql" (--engine sql)
    cpu.features_sql ??= cpu.features;
    phases.features_sql ??= phases.features;
    await timed(phases, "write_tables", () => writeDriftTables(duck, report, join(dir, "out")));
    // issue 11: what the calibrated rule (τ̂, leave-block-out nulls, both rules' replays, Fisher-z
    // chart) adds, against the features it calibrates and against the dossier's rule alone
    const ratio = (a: number, b: number) => +(a / b).toFixed(2);
    console.error(
      `  CPU time: calibration / features = ${ratio(cpu.calibration, cpu.features_sql)}; calibration / dossier's drift (KS/PSI/limits) = ${ratio(cpu.calibration, cpu.feature_and_correlation_drift)}` +
        ` (wall: ${ratio(phases.calibration, phases.features_sql)}, ${ratio(phases.calibration, phases.feature_and_correlation_drift)})`,
    );
    // what the drift phase computed, both rules: a speed-up of the calibration must leave it unchanged
    const outputsSha = createHash("sha256").update(JSON.stringify({ drift: report.drift, calibration: report.calibration, alerts: report.alerts })).digest("hex");
    console.error(`  drift rows + calibration + alerts sha256: ${outputsSha}`);
    duck.close();
    const ours = process.resourceUsage().maxRSS / 1024;
    const oursS = phases.read_csv + phases.analyze_total;
    let pandas: { seconds: number; rows: number; flags: number; ks_tests: number; peak_rss_mb: number; cpu_s: number } | null = null;
    if (!args["no-pandas"]) {
      console.error("  pandas reference (bench/drift/pandas_drift.py) …");
      const r = spawnSync("/usr/bin/time", ["-v", "/usr/bin/python3", "bench/drift/pandas_drift.py", join(dir, "ohlcv"), interval, trainEnd], { encoding: "utf8", maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`pandas reference failed:\n${r.stderr}`);
      const field = (name: string) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(r.stderr)?.[1] ?? NaN);
      pandas = { ...JSON.parse(r.stdout.trim().split("\n").pop()!), peak_rss_mb: field("Maximum resident set size \\(kbytes\\)") / 1024, cpu_s: field("User time \\(seconds\\)") + field("System time \\(seconds\\)") };
      if (pandas!.rows !== rows) throw new Error(`pandas read ${pandas!.rows} rows, DuckDB ${rows}`);
    }
    const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
    console.error(
      `\n${interval}: ${rows.toLocaleString("en-US")} bars; ours (${args.engine}) ${oursS.toFixed(1)} s (read ${phases.read_csv.toFixed(1)} + analysis ${phases.analyze_total.toFixed(1)}), peak RSS ${ours.toFixed(0)} MB` +
        (pandas ? `; pandas ${pandas.seconds.toFixed(1)} s, peak RSS ${pandas.peak_rss_mb.toFixed(0)} MB → ${(pandas.seconds / oursS).toFixed(2)}× pandas` : "") +
        `; load average ${load}`,
    );
    return {
      interval,
      engine: args.engine,
      ours_s: +oursS.toFixed(2),
      peak_rss_mb: +ours.toFixed(0),
      pandas,
      ratio: pandas ? +(pandas.seconds / oursS).toFixed(2) : null,
      load_average: load,
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
      outputs_sha256: outputsSha,
    };
  } finally {
    if (reuse) for (const d of ["spill", "out"]) rmSync(join(dir, d), { recursive: true, force: true });
    else if (!args.keep && !args["generate-only"]) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

const intervals = args.interval === "both" ? ["1h", "1m"] : [args.interval as string];
mkdirSync("bench/out", { recursive: true });
for (const interval of intervals) {
  const r = await benchOne(interval, Number(args.years));
  if (args["generate-only"]) continue;
  console.error(JSON.stringify(r));
  const p = r.pandas as { seconds: number } | null;
  console.log(JSON.stringify({ rows: r.rows, ours_s: r.ours_s, pandas_s: p ? +p.seconds.toFixed(2) : null, ratio: r.ratio, peak_rss_mb: r.peak_rss_mb }));
  writeFileSync(`bench/out/drift-${interval}.json`, JSON.stringify({ ...r, threads: Number(args.threads), node: process.version }, null, 1) + "\n");
}
