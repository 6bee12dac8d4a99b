/**
 * The site's ingest cache: each Framework data loader of a sweep prints one ingested file, and
 * they all call `ensureIngested`, which ingests the sweep once into `data/out/<sweep_id>/` and
 * reuses it until an input file, the ingest code or the commit changes. Loaders run as separate
 * processes at the same time, so one of them takes a lock file and ingests; the others wait and
 * then read the same folder. The folder itself is replaced atomically (see atomic-dir.ts).
 */
import { createHash } from "node:crypto";
import { existsSync, promises as fsp, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isValidSweepId } from "../../src/lib/sweep.ts";
import { listSweepIds, ohlcvRoot, siteCacheRoot, sweepsRoot } from "../site/paths.ts";
import { ingestSweep } from "./index.ts";
import { gitCommit } from "./tool-info.ts";

const KEY_FILE = ".ingest-key";
/** A lock older than this is from a crashed process. */
const STALE_LOCK_MS = 30 * 60_000;
const POLL_MS = 200;

/** Sweep ids (folders with a sweep.json) under FTF_SWEEPS, sorted. */
export function listSweeps(): string[] {
  return listSweepIds();
}

function listFiles(dir: string, rel = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .filter((e) => !e.name.startsWith("."))
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, join(rel, e.name)) : e.isFile() ? [join(rel, e.name)] : []))
    .sort();
}

/** Names, sizes and mtimes of every input, plus what identifies the code: cheap to compute. */
export function cacheKey(sweepDir: string, ohlcvDir: string | null): string {
  const h = createHash("sha256");
  const stamp = (root: string, files: string[]) => {
    for (const f of files) {
      const st = statSync(join(root, f));
      h.update(`${f}\t${st.size}\t${st.mtimeMs}\n`);
    }
  };
  h.update(`sweep ${sweepDir}\n`);
  stamp(sweepDir, listFiles(sweepDir));
  h.update(`ohlcv ${ohlcvDir}\n`);
  if (ohlcvDir) stamp(ohlcvDir, listFiles(ohlcvDir));
  h.update(`commit ${gitCommit()}\n`);
  // The ingest code itself: a local edit must invalidate the cache even before a commit.
  const code = fileURLToPath(new URL(".", import.meta.url));
  const lib = fileURLToPath(new URL("../../src/lib/", import.meta.url));
  for (const f of [...listFiles(code).map((f) => join(code, f)), ...["sweep.ts", "results.ts"].map((f) => join(lib, f))]) {
    if (f.endsWith(".ts")) h.update(readFileSync(f));
  }
  h.update(readFileSync(new URL("../../package.json", import.meta.url)));
  return h.digest("hex");
}

function readKey(outDir: string): string | null {
  try {
    return readFileSync(join(outDir, KEY_FILE), "utf8").trim();
  } catch {
    return null;
  }
}

async function tryLock(lock: string): Promise<boolean> {
  try {
    const fh = await fsp.open(lock, "wx");
    await fh.writeFile(`${process.pid}\n`);
    await fh.close();
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  // Held: break it only if its owner is gone or it is very old.
  try {
    const pid = Number(readFileSync(lock, "utf8").trim());
    const age = Date.now() - statSync(lock).mtimeMs;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === "EPERM";
    }
    if (!alive || age > STALE_LOCK_MS) await fsp.rm(lock, { force: true });
  } catch {
    // The lock vanished meanwhile: the next attempt will take it.
  }
  return false;
}

/**
 * The folder holding the ingested files of `sweepId` (results.parquet, predictions.parquet,
 * ohlcv.parquet, sweep.json, manifest.json), ingesting first when the cache is missing or stale.
 * OHLCV comes from FTF_OHLCV (default data/ohlcv) when that folder exists.
 */
export async function ensureIngested(sweepId: string): Promise<string> {
  if (!isValidSweepId(sweepId)) throw new Error(`invalid sweep id ${JSON.stringify(sweepId)}: expected [A-Za-z0-9._-]{1,100}`);
  const sweepDir = join(sweepsRoot(), sweepId);
  if (!existsSync(join(sweepDir, "sweep.json"))) throw new Error(`sweep "${sweepId}" not found: no ${join(sweepDir, "sweep.json")}`);
  const ohlcv = ohlcvRoot();
  const ohlcvDir = existsSync(ohlcv) ? ohlcv : null;
  const root = siteCacheRoot();
  const outDir = join(root, sweepId);
  const key = cacheKey(sweepDir, ohlcvDir);
  if (readKey(outDir) === key) return outDir;
  await fsp.mkdir(root, { recursive: true });
  const lock = join(root, `.${sweepId}.lock`);
  for (;;) {
    if (await tryLock(lock)) {
      try {
        if (readKey(outDir) !== key) {
          await ingestSweep(sweepDir, { ohlcvDir: ohlcvDir ?? undefined, outDir });
          await fsp.writeFile(join(outDir, KEY_FILE), key + "\n");
        }
        return outDir;
      } finally {
        await fsp.rm(lock, { force: true });
      }
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (readKey(outDir) === key) return outDir;
  }
}
