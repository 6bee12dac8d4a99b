/**
 * `ftf validate <sweep-dir> [--ohlcv DIR] [--json]`: every problem of a sweep folder (and of its
 * OHLCV), each naming file, line, column, value and what was expected. Exit 0 valid, 1 invalid,
 * 2 usage. Warnings (outages, zero-volume bars, …) never make a sweep invalid.
 */
import { artefactContractErrors } from "../artefacts.ts";
import { validateSweep } from "../ingest/index.ts";
import { ttyProgress } from "../ingest/progress.ts";
import { parseSweepCommand } from "../ingest/sweep-args.ts";

const HELP = `usage: ftf validate <sweep-dir> [--ohlcv DIR] [--json]

Checks sweep.json, results.csv|parquet|jsonl, predictions.parquet|csv and enrichment_config.json
(DESIGN §3), and with --ohlcv the kline files of the sweep's cryptos and BTC symbol. The artefact
contract is fail-fast: an enrichment_config.json whose SHA-256 is not the registry tag, runs that
recorded another enrichment SHA-256, or a malformed shadow.csv make the sweep invalid.
Exit code: 0 valid, 1 invalid, 2 usage error.

  --ohlcv DIR   folder of kline files (Binance .csv/.csv.gz/.zip or CSV with a time column)
  --json        print {valid, errors, warnings} as JSON on stdout`;

export async function run(argv: string[]): Promise<number> {
  const cmd = parseSweepCommand(argv, { json: { type: "boolean" } }, HELP);
  if (!cmd) return 0;
  const sweepDir = cmd.sweepDir;
  const tty = ttyProgress();
  const report = await validateSweep(sweepDir, { ohlcvDir: cmd.values.ohlcv as string | undefined, progress: tty.progress }).finally(() => tty.done());
  // Ingest only warns on a SHA-256 mismatch (the dossier must still build and show it in red);
  // validate refuses it (spec §3 strict equality, ADR-25 fail-fast). See loaders/artefacts.ts.
  const contract = await artefactContractErrors(sweepDir);
  if (contract.length) {
    report.errors.push(...contract);
    report.warnings = report.warnings.filter((w) => w.code !== "enrichment_sha_mismatch");
  }
  const valid = report.errors.length === 0;
  if (cmd.values.json) {
    const errors = report.errors.map((e) => ({ code: e.code, message: e.message, ...e.location, expected: e.expected }));
    console.log(JSON.stringify({ valid, errors, warnings: report.warnings }, null, 2));
    return valid ? 0 : 1;
  }
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  console.log(`${sweepDir}: ${valid ? "valid" : "INVALID"} (${n(report.errors.length, "error")}, ${n(report.warnings.length, "warning")})`);
  if (!valid) {
    console.log("\nerrors:");
    for (const e of report.errors) console.log(`  - ${e.message}`);
  }
  if (report.warnings.length) {
    console.log("\nwarnings:");
    for (const w of report.warnings) console.log(`  - ${w.message}`);
  }
  return valid ? 0 : 1;
}
