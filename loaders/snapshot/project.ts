/**
 * A throw-away copy of the site's project for one snapshot build.
 *
 * Why not build in place: Framework caches every data loader's output in
 * `src/.observablehq/cache/<path>` and reuses it as long as the cache file is newer than the
 * loader script — whatever the data. A snapshot of a sweep named `demo-clean` would otherwise
 * ship the pages cached from another `demo-clean` (the dev site's, an older input), and would
 * leave its own outputs behind for the next `npm run dev`. So each snapshot gets its own source
 * root: a copy of `src/` (pages and components, a few hundred kB) with an empty cache, plus
 * links to `loaders/` and `node_modules/`, and the project's own config.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative, sep } from "node:path";
import { PROJECT_ROOT } from "../site/paths.ts";

/** Top-level pages a one-sweep snapshot leaves out (comparing needs two sweeps). */
export const SNAPSHOT_EXCLUDED_PAGES = ["compare.md"];

export interface SnapshotProject {
  /** The project folder (the build's working directory). */
  dir: string;
  /** FTF_SWEEPS: holds one link, `<sweep_id>` → the sweep folder. */
  sweeps: string;
  /** FTF_CACHE: the ingest and drift caches of this build only. */
  cache: string;
  /** FTF_OHLCV when no OHLCV folder is given: a path that does not exist (so none is read). */
  noOhlcv: string;
  /**
   * FTF_DEPLOYMENTS: an empty folder. A snapshot is one sweep's dossier; a deployment's
   * Monitoring page reads its own inputs (and usually another sweep), so it is not part of it.
   */
  deployments: string;
  remove(): void;
}

export function createSnapshotProject(sweepId: string, sweepDir: string): SnapshotProject {
  const dir = mkdtempSync(join(tmpdir(), "ftf-snapshot-"));
  try {
    const src = join(PROJECT_ROOT, "src");
    cpSync(src, join(dir, "src"), {
      recursive: true,
      filter: (path) => {
        const rel = relative(src, path);
        if (rel.split(sep)[0] === ".observablehq") return false;
        return !(SNAPSHOT_EXCLUDED_PAGES.includes(rel));
      },
    });
    for (const name of ["loaders", "node_modules", "package.json"]) symlinkSync(join(PROJECT_ROOT, name), join(dir, name));
    cpSync(join(PROJECT_ROOT, "observablehq.config.ts"), join(dir, "observablehq.config.ts"));
    const sweeps = join(dir, "sweeps");
    mkdirSync(sweeps);
    symlinkSync(sweepDir, join(sweeps, sweepId));
    const cache = join(dir, "cache");
    mkdirSync(cache);
    const deployments = join(dir, "deployments");
    mkdirSync(deployments);
    writeFileSync(join(dir, "README"), `Temporary project of \`ftf snapshot\` for sweep ${sweepId} (${basename(sweepDir)}); safe to delete.\n`);
    return { dir, sweeps, cache, noOhlcv: join(dir, "no-ohlcv"), deployments, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
