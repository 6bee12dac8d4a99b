/**
 * `ftf publish --sweeps DIR [--ohlcv DIR] --out DIR`: a snapshot per sweep into DIR/<sweep_id>/
 * and DIR/index.html listing them — the local equivalent of the CI publisher
 * (.github/workflows/publish-dossiers.yml).
 */
import { parseArgs } from "node:util";
import { UsageError } from "../errors.ts";
import { publishSnapshots } from "../snapshot/publish.ts";

const HELP = `usage: ftf publish --sweeps DIR [--ohlcv DIR] --out DIR [--precompress]

Builds one snapshot (see 'ftf snapshot --help') per sweep folder of --sweeps into
DIR/<sweep_id>/, then DIR/index.html (every sweep with its track verdict, variant verdicts and
artefact contract) and DIR/snapshots.json. The snapshots share one runtime, DIR/_runtime/
(Framework's client, the bundled packages, DuckDB-WASM): each sweep adds its pages and data only.
Folders whose name is not a valid sweep id are
refused. A sweep that fails is listed with its error and the others are still published.
Exit code: 0 all published, 1 some sweep failed, 2 usage error.

  --sweeps DIR  folder of sweep folders (each with sweep.json)
  --ohlcv DIR   folder of kline files shared by the sweeps
  --out DIR     output folder (the site to serve)
  --precompress also write .br/.gz siblings of the large files (once, in _runtime/: +~17 MB)`;

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { sweeps: { type: "string" }, ohlcv: { type: "string" }, out: { type: "string" }, precompress: { type: "boolean" }, help: { type: "boolean", short: "h" } } }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.sweeps || !values.out) throw new UsageError(`--sweeps DIR and --out DIR are required\n\n${HELP}`);
  const r = await publishSnapshots({ sweepsDir: values.sweeps, ohlcvDir: values.ohlcv ?? null, outDir: values.out, precompress: values.precompress === true, progress: (l) => process.stderr.write(`ftf publish: ${l}\n`) });
  for (const e of r.entries) {
    console.log(e.ok ? `${e.sweep_id.padEnd(24)} ${e.manifest!.verdict.track_verdict.padEnd(8)} artefacts ${e.manifest!.artefact_contract.status.padEnd(8)} ${(e.bytes / 1e6).toFixed(1).padStart(6)} MB ${e.seconds.toFixed(1).padStart(6)} s` : `${e.sweep_id.padEnd(24)} FAILED: ${e.error?.split("\n")[0]}`);
  }
  return r.failed.length ? 1 : 0;
}
