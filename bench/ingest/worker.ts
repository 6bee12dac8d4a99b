/**
 * One measured run for bench/ingest/run.ts, in its own process so its peak RSS is its own:
 *   normalise DIR INTERVAL   readOhlcvDir (read, normalise, check, hash) — the pandas comparison
 *   ingest SWEEP OHLCV OUT   ingestSweep end to end (+ Parquet, manifest)
 * Prints one JSON line.
 */
import { ingestSweep, readOhlcvDir } from "../../loaders/ingest/index.ts";

const [mode, a, b, c] = process.argv.slice(2);
const t0 = performance.now();
if (mode === "normalise") {
  const set = await readOhlcvDir(a, { interval: b });
  const seconds = (performance.now() - t0) / 1000;
  const rows = set.symbols.reduce((n, s) => n + s.rows, 0);
  const missing = set.symbols.reduce((n, s) => n + s.missing_bars, 0);
  const zero = set.symbols.reduce((n, s) => n + s.zero_volume_bars, 0);
  set.close();
  console.log(JSON.stringify({ rows, seconds, missing_bars: missing, zero_volume: zero, max_rss_mb: process.resourceUsage().maxRSS / 1024 }));
} else if (mode === "ingest") {
  const m = await ingestSweep(a, { ohlcvDir: b, outDir: c });
  const seconds = (performance.now() - t0) / 1000;
  const out = m.outputs.find((o) => o.path === "ohlcv.parquet")!;
  console.log(JSON.stringify({ rows: out.rows, seconds, parquet_mb: out.size / 2 ** 20, max_rss_mb: process.resourceUsage().maxRSS / 1024 }));
} else {
  console.error("usage: worker.ts normalise DIR INTERVAL | ingest SWEEP OHLCV OUT");
  process.exit(2);
}
