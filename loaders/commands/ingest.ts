/**
 * `ftf ingest <sweep-dir> [--ohlcv DIR] --out DIR`: validate, then write the normalised Parquet
 * files, sweep.json and manifest.json into DIR — all of them or, on any error, none.
 */
import { UsageError } from "../errors.ts";
import { ingestSweep } from "../ingest/index.ts";
import { ttyProgress } from "../ingest/progress.ts";
import { parseSweepCommand } from "../ingest/sweep-args.ts";

const HELP = `usage: ftf ingest <sweep-dir> [--ohlcv DIR] --out DIR

Validates the sweep (as 'ftf validate') and writes into DIR, atomically:
  results.parquet, predictions.parquet (if the sweep has predictions), ohlcv.parquet (with --ohlcv),
  sweep.json (normalised config) and manifest.json (input and output SHA-256, rows, warnings).
Same inputs give byte-identical outputs. Exit code: 0 written, 1 invalid input, 2 usage error.

  --ohlcv DIR   folder of kline files for the sweep's cryptos and BTC symbol
  --out DIR     output folder (replaced as a whole)`;

export async function run(argv: string[]): Promise<number> {
  const cmd = parseSweepCommand(argv, { out: { type: "string" } }, HELP);
  if (!cmd) return 0;
  const out = cmd.values.out as string | undefined;
  if (!out) throw new UsageError(`--out DIR is required\n\n${HELP}`);
  const t0 = Date.now();
  const tty = ttyProgress();
  const manifest = await ingestSweep(cmd.sweepDir, { ohlcvDir: cmd.values.ohlcv as string | undefined, outDir: out, progress: tty.progress }).finally(() => tty.done());
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`${manifest.sweep_id} → ${out} in ${secs} s`);
  for (const o of manifest.outputs) console.log(`  ${o.path.padEnd(20)} ${(o.rows === null ? "" : `${o.rows.toLocaleString("en-US")} rows`).padEnd(16)} ${o.sha256.slice(0, 12)}`);
  if (manifest.warnings.length) {
    console.log(`warnings (${manifest.warnings.length}):`);
    for (const w of manifest.warnings) console.log(`  - ${w.message}`);
  }
  return 0;
}
