/**
 * Bench: OHLCV ingestion of 6 symbols × 4 years of Binance klines, hourly (≈ 210k rows) and
 * 1-minute (≈ 12.6M rows, ≈ 1.3 GB of CSV), against the same normalisation in pandas.
 *
 *   npx tsx bench/ingest/run.ts [--interval 1h|1m|both] [--repeat N] [--keep] [--no-pandas] [--generate-only]
 *
 * Each measured run is its own process (peak RSS by /usr/bin/time -v): readOhlcvDir (read, parse,
 * ms/µs, checks, SHA-256 of every file), the full ingestSweep (+ ZSTD Parquet and manifest), and
 * bench/ingest/pandas_normalise.py. Data go to a temp folder (never committed); results are
 * printed and written to bench/out/ingest-<interval>.json (git-ignored). Speed lives here, never
 * in a test. Targets (issue 3): ≥ 5× pandas' throughput, < 3 GiB peak for 1-minute bars. Each
 * interval ends with one JSON line {"rows","ours_s","pandas_s","ratio","peak_rss_mb"}.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BENCH_SYMBOLS, generateKlines } from "./generate.ts";

const { values: args } = parseArgs({
  options: {
    interval: { type: "string", default: "both" },
    keep: { type: "boolean", default: false },
    "no-pandas": { type: "boolean", default: false },
    // Write (or find) the CSV folders and stop: generation then stays out of a locked bench run.
    "generate-only": { type: "boolean", default: false },
    repeat: { type: "string", default: "1" },
  },
});
const YEARS = 4;
const START_YEAR = 2022;

interface Measured {
  rows: number;
  seconds: number;
  wall_s: number;
  cpu_s: number;
  peak_rss_mb: number;
  [k: string]: unknown;
}

/** Run a command under /usr/bin/time -v; its last stdout line is JSON. */
function measure(cmd: string, argv: string[]): Measured {
  const t = performance.now();
  const r = spawnSync("/usr/bin/time", ["-v", cmd, ...argv], { encoding: "utf8", maxBuffer: 1 << 26 });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed:\n${r.stderr}`);
  const field = (name: string) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(r.stderr)?.[1] ?? NaN);
  const json = JSON.parse(r.stdout.trim().split("\n").pop()!);
  // CPU seconds (all threads) next to wall time: on a shared machine wall time says little alone.
  return { ...json, wall_s: wall, cpu_s: field("User time \\(seconds\\)") + field("System time \\(seconds\\)"), peak_rss_mb: field("Maximum resident set size \\(kbytes\\)") / 1024 };
}

function prepare(interval: "1h" | "1m"): string {
  const dir = join(tmpdir(), `ftf-bench-ingest-${interval}`);
  const stamp = join(dir, "stamp.json");
  if (existsSync(stamp)) return dir;
  rmSync(dir, { recursive: true, force: true });
  const t = performance.now();
  const g = generateKlines({ dir: join(dir, "ohlcv"), interval, startYear: START_YEAR, years: YEARS });
  console.log(`generated ${g.files} files, ${g.rows.toLocaleString("en-US")} rows, ${(g.bytes / 2 ** 20).toFixed(0)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s → ${dir}`);
  // A minimal sweep over the same symbols, so ingestSweep has something to validate.
  const sweep = join(dir, "sweep");
  mkdirSync(sweep, { recursive: true });
  const cryptos = BENCH_SYMBOLS.slice(1).map((s) => s.symbol);
  writeFileSync(join(sweep, "sweep.json"), JSON.stringify({ sweep_id: "sweep", interval, cryptos, btc_symbol: "BTCUSDC", train_start: "2022-01-01", train_end: "2024-01-01" }));
  const variants = ["none", "btc_min", "btc_full", "btc_full_purge0", "btc_full_purge10", "btc_vol_only"];
  const rows = cryptos.flatMap((c) => variants.map((v) => `${c},1,${v},0.4,100,2024-01-01T00:00:00Z,2025-01-01T00:00:00Z`));
  writeFileSync(join(sweep, "results.csv"), ["crypto,fold,variant,f1_buy,n_buy_trades,fold_start,fold_end", ...rows].join("\n") + "\n");
  writeFileSync(stamp, JSON.stringify(g));
  return dir;
}

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

function benchOne(interval: "1h" | "1m"): Record<string, unknown> {
  const dir = prepare(interval);
  const gen = JSON.parse(readFileSync(join(dir, "stamp.json"), "utf8"));
  const tsx = ["--import", "tsx", "bench/ingest/worker.ts"];
  // Best of --repeat runs each, interleaved, so that other load on a shared machine hurts all alike.
  const runs: Record<"normalise" | "ingest" | "pandas", Measured[]> = { normalise: [], ingest: [], pandas: [] };
  for (let k = 0; k < Number(args.repeat); k++) {
    runs.normalise.push(measure(process.execPath, [...tsx, "normalise", join(dir, "ohlcv"), interval]));
    if (!args["no-pandas"]) runs.pandas.push(measure("/usr/bin/python3", ["bench/ingest/pandas_normalise.py", join(dir, "ohlcv"), String(interval === "1m" ? 60_000 : 3_600_000)]));
    runs.ingest.push(measure(process.execPath, [...tsx, "ingest", join(dir, "sweep"), join(dir, "ohlcv"), join(dir, "out")]));
  }
  const best = (ms: Measured[]) => ms.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const normalise = best(runs.normalise);
  const ingest = best(runs.ingest);
  const pandas = runs.pandas.length ? best(runs.pandas) : null;
  if (pandas && (pandas.rows !== normalise.rows || pandas.missing_bars !== normalise.missing_bars || pandas.zero_volume !== normalise.zero_volume)) {
    throw new Error(`pandas and ingest disagree: ${JSON.stringify({ pandas, normalise })}`);
  }
  const line = (name: string, m: Measured) =>
    `  ${name.padEnd(34)} ${fmt(m.rows).padStart(11)} ${fmt(m.seconds, 2).padStart(8)} s ${fmt(m.rows / m.seconds).padStart(12)} rows/s ${fmt(m.cpu_s, 1).padStart(7)} CPU-s ${fmt(m.peak_rss_mb).padStart(7)} MB` +
    (pandas && m !== pandas ? `   ${fmt(pandas.seconds / m.seconds, 1)}× pandas` : "");
  const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  console.log(`\n${interval}: ${BENCH_SYMBOLS.length} symbols × ${YEARS} years, ${gen.files} files, ${fmt(gen.bytes / 2 ** 20)} MB of CSV (load average ${load} on ${availableParallelism()} cores)`);
  console.log(line("readOhlcvDir (normalise + checks)", normalise));
  console.log(line("ingestSweep (+ Parquet, manifest)", ingest));
  if (pandas) console.log(line("pandas (same normalisation)", pandas));
  const result = { interval, symbols: BENCH_SYMBOLS.length, years: YEARS, csv_mb: gen.bytes / 2 ** 20, files: gen.files, load_average: Number(load), normalise, ingest, pandas, runs, speedup_vs_pandas: pandas ? pandas.seconds / normalise.seconds : null };
  mkdirSync("bench/out", { recursive: true });
  writeFileSync(`bench/out/ingest-${interval}.json`, JSON.stringify(result, null, 2) + "\n");
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
  // the summary line scripts read: readOhlcvDir (read + parse + every check + hashing) against pandas
  console.log(JSON.stringify({ rows: normalise.rows, ours_s: +normalise.seconds.toFixed(2), pandas_s: pandas ? +pandas.seconds.toFixed(2) : null, ratio: pandas ? +(pandas.seconds / normalise.seconds).toFixed(2) : null, peak_rss_mb: +normalise.peak_rss_mb.toFixed(0) }));
  return result;
}

const intervals = args.interval === "both" ? (["1h", "1m"] as const) : [args.interval as "1h" | "1m"];
for (const i of intervals) {
  if (args["generate-only"]) console.log(`CSV folder ready: ${prepare(i)}`);
  else benchOne(i);
}
