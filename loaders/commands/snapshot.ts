/**
 * `ftf snapshot <sweep-dir> [--ohlcv DIR] --out DIR`: one sweep's static dossier, self-contained
 * (relative links, no request outside its folder), with snapshot.json. See loaders/snapshot/.
 */
import { UsageError } from "../errors.ts";
import { parseSweepCommand } from "../ingest/sweep-args.ts";
import { buildSnapshot } from "../snapshot/index.ts";

const HELP = `usage: ftf snapshot <sweep-dir> [--ohlcv DIR] --out DIR

Builds the sweep's dossier (every page of the site for this one sweep) as static files that open
from any static file host, in any subfolder, with no request outside the folder; writes
DIR/snapshot.json (sweep id, input SHA-256s, tool version, git commit, build time, verdict,
artefact contract, SHA-256 of every file). The same inputs give the same files apart from
snapshot.json's built_at (dates embedded elsewhere come from SOURCE_DATE_EPOCH, else the commit
time). Progress goes to stderr; DIR is replaced as a whole. Open DIR/index.html.
Exit code: 0 written, 1 invalid input or failed build, 2 usage error.

  --ohlcv DIR   folder of kline files (drift, OHLCV quality and gate 3 by regime need it)
  --out DIR     output folder (new, empty, or a previous snapshot)
  --precompress also write .br/.gz siblings of the large files (+~17 MB), for a host set up to
                serve them (nginx gzip_static/brotli_static, Caddy precompressed)`;

export async function run(argv: string[]): Promise<number> {
  const cmd = parseSweepCommand(argv, { out: { type: "string" }, precompress: { type: "boolean" } }, HELP);
  if (!cmd) return 0;
  const out = cmd.values.out as string | undefined;
  if (!out) throw new UsageError(`--out DIR is required\n\n${HELP}`);
  const r = await buildSnapshot({
    sweepDir: cmd.sweepDir,
    ohlcvDir: (cmd.values.ohlcv as string | undefined) ?? null,
    outDir: out,
    precompress: cmd.values.precompress === true,
    progress: (line) => process.stderr.write(`ftf snapshot: ${line}\n`),
  });
  const m = r.manifest;
  console.log(`${m.sweep_id}: ${m.verdict.track_verdict}; artefact contract ${m.artefact_contract.status}; ${m.files.count} files, ${(r.bytes / 1e6).toFixed(1)} MB, ${r.seconds.toFixed(1)} s → ${r.outDir}/index.html`);
  return 0;
}
