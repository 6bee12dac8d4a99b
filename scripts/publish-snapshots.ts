/**
 * CI's publisher (.github/workflows/publish-dossiers.yml), runnable locally:
 *
 *   npx tsx scripts/publish-snapshots.ts [--sweeps data/sweeps] [--ohlcv data/ohlcv] [--out _site]
 *
 * A snapshot per sweep into <out>/<sweep_id>/ and <out>/index.html (loaders/snapshot/publish.ts).
 * With the default sweeps folder and no sweep in it, the deterministic demo (three scenarios) is
 * generated first, so a fresh clone publishes something to look at. The OHLCV folder is used when
 * it exists. Exit 1 when any sweep failed (the workflow then does not deploy).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { listSweepIds, PROJECT_ROOT } from "../loaders/site/paths.ts";
import { publishSnapshots } from "../loaders/snapshot/publish.ts";

const { values } = parseArgs({ options: { sweeps: { type: "string" }, ohlcv: { type: "string" }, out: { type: "string", default: "_site" } } });
const sweeps = resolve(values.sweeps ?? join(PROJECT_ROOT, "data/sweeps"));
const ohlcv = resolve(values.ohlcv ?? join(PROJECT_ROOT, "data/ohlcv"));

if (!values.sweeps && listSweepIds(sweeps).length === 0) {
  console.error(`publish-snapshots: no sweep under ${sweeps}; generating the demo (npm run demo:all)`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "loaders/demo/ensure-demo.ts")], { stdio: "inherit", cwd: PROJECT_ROOT });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const result = await publishSnapshots({
  sweepsDir: sweeps,
  ohlcvDir: existsSync(ohlcv) ? ohlcv : null,
  outDir: values.out!,
  progress: (line) => console.error(`publish-snapshots: ${line}`),
});
for (const e of result.entries) {
  console.log(e.ok ? `${e.sweep_id}\t${e.manifest!.verdict.track_verdict}\t${(e.bytes / 1e6).toFixed(1)} MB\t${e.seconds.toFixed(1)} s` : `${e.sweep_id}\tFAILED\t${e.error?.split("\n")[0]}`);
}
process.exit(result.failed.length ? 1 : 0);
