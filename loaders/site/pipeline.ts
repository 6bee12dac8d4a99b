/**
 * The site pipeline's one cache: ingest → analyses (drift tables, sweep summaries, monitoring) →
 * the files the data loaders print. Every cached stage goes through `cachedStage`, with the same
 * key rule, the same lock and the same atomic replacement, so no stage can forget an input.
 *
 * Key = the stage's inputs (for ingest the input files' names, sizes and mtimes; after it, the
 * ingest manifest, which records the content hash of every input) + the content hash of every
 * file under loaders/ and src/lib/ (+ package.json, which pins the DuckDB that writes the bytes).
 * Hashing all of the code, not a list of "the files this stage uses", is what keeps a cache from
 * going stale when a stage starts depending on one more module: such lists had already missed
 * src/lib/stats (drift) and src/lib/gates/thresholds.ts (ingest). It costs one read of ~1.5 MB
 * per process.
 *
 * Data loaders run as separate processes at the same time: one takes the stage's lock and
 * computes, the others wait and then read the same folder. The folder is replaced atomically
 * (atomic-dir.ts), with its key inside, so a reader never pairs new files with an old key.
 */
import { createHash } from "node:crypto";
import { existsSync, promises as fsp, readdirSync, readFileSync, statSync, utimesSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeDirAtomically } from "../ingest/atomic-dir.ts";
import { PROJECT_ROOT } from "./paths.ts";

/** The folders whose every file is part of each stage's key. */
export const SOURCE_DIRS = ["loaders", "src/lib"] as const;
/** The file in a stage's folder that holds the key it was computed for. */
export const KEY_FILE = ".stage-key";

/** Files under `dir` (relative, sorted, dot-entries skipped), recursively. */
export function listFiles(dir: string, rel = ""): string[] {
  if (!existsSync(join(dir, rel))) return [];
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .filter((e) => !e.name.startsWith("."))
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, join(rel, e.name)) : e.isFile() ? [join(rel, e.name)] : []))
    .sort();
}

const sourceHashes = new Map<string, string>();

/**
 * SHA-256 over the path and bytes of every file under loaders/ and src/lib/ of `root`, and its
 * package.json. Computed once per process (the code does not change under a running loader).
 */
export function sourceHash(root = PROJECT_ROOT): string {
  const known = sourceHashes.get(root);
  if (known) return known;
  const h = createHash("sha256");
  for (const d of SOURCE_DIRS) {
    for (const f of listFiles(join(root, d))) h.update(`${d}/${f}\u0000`).update(readFileSync(join(root, d, f))).update("\u0000");
  }
  const pkg = join(root, "package.json");
  if (existsSync(pkg)) h.update("package.json\u0000").update(readFileSync(pkg));
  const hex = h.digest("hex");
  sourceHashes.set(root, hex);
  return hex;
}

/** A stage's key: its name, what it reads (any JSON value) and the code. */
export function stageKey(stage: string, inputs: unknown): string {
  return createHash("sha256").update(JSON.stringify({ stage, inputs, code: sourceHash() })).digest("hex");
}

/** Names, sizes and mtimes of every file under each folder: a cheap stand-in for their content. */
export function folderStamp(dirs: Record<string, string | null>): string {
  const h = createHash("sha256");
  for (const [label, dir] of Object.entries(dirs)) {
    h.update(`${label} ${dir}\n`);
    if (!dir) continue;
    for (const f of listFiles(dir)) {
      const st = statSync(join(dir, f));
      h.update(`${f}\t${st.size}\t${st.mtimeMs}\n`);
    }
  }
  return h.digest("hex");
}

/** SHA-256 of a file's bytes, null when it does not exist (an optional input). */
export function fileHash(path: string): string | null {
  return existsSync(path) ? createHash("sha256").update(readFileSync(path)).digest("hex") : null;
}

function readKey(dir: string): string | null {
  try {
    return readFileSync(join(dir, KEY_FILE), "utf8").trim();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The lock: a file created exclusively, holding the owner's pid. A waiter breaks it only when the
// owner process is gone, or when the owner has not touched it for STALE_LOCK_MS (a pid reused
// after a crash). The owner touches it every HEARTBEAT_MS, so a long computation is not broken.

const STALE_LOCK_MS = 10 * 60_000;
const HEARTBEAT_MS = 60_000;
const POLL_MS = 200;

function ownerAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
}

/** Take `lock` if free (or held by a dead owner: then break it and let the next attempt take it). */
async function tryLock(lock: string): Promise<boolean> {
  try {
    const fh = await fsp.open(lock, "wx");
    await fh.writeFile(`${process.pid}\n`);
    await fh.close();
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  try {
    const pid = Number(readFileSync(lock, "utf8").trim());
    const age = Date.now() - statSync(lock).mtimeMs;
    if (!ownerAlive(pid) || age > STALE_LOCK_MS) await fsp.rm(lock, { force: true });
  } catch {
    // The lock vanished meanwhile: the next attempt will take it.
  }
  return false;
}

/** Run `fn` holding `lock`; while waiting, return early with `ready()`'s value once it has one. */
export async function withLock<T>(lock: string, ready: () => T | null, fn: () => Promise<T>): Promise<T> {
  await fsp.mkdir(dirname(lock), { recursive: true });
  for (;;) {
    if (await tryLock(lock)) {
      const beat = setInterval(() => {
        try {
          const now = new Date();
          utimesSync(lock, now, now);
        } catch {
          // broken by a waiter that judged us dead: nothing to keep alive
        }
      }, HEARTBEAT_MS);
      beat.unref();
      try {
        return await fn();
      } finally {
        clearInterval(beat);
        await fsp.rm(lock, { force: true });
      }
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
    const done = ready();
    if (done !== null) return done;
  }
}

// ---------------------------------------------------------------------------------------------

export interface StageOptions {
  /** The folder holding the stage's outputs (replaced as a whole). */
  dir: string;
}

/**
 * The folder of stage `name` (ingest, drift, ...) for `key`: reused when it holds that key, else
 * filled by `compute` (into a temporary folder that replaces `dir` when complete), under its lock
 * (`.<dir name>.lock` beside the folder). A failed `compute` leaves the previous folder in place.
 */
export async function cachedStage(name: string, key: string, compute: (outDir: string) => Promise<void>, opts: StageOptions): Promise<string> {
  const { dir } = opts;
  // The stage's name goes into the key file too, so a cache folder says what made it.
  const stamp = `${name} ${key}`;
  const fresh = () => (readKey(dir) === stamp ? dir : null);
  if (fresh()) return dir;
  const lock = join(dirname(dir), `.${basename(dir)}.lock`);
  return withLock(lock, fresh, async () => {
    if (fresh()) return dir;
    await writeDirAtomically(dir, async (tmp) => {
      await compute(tmp);
      await fsp.writeFile(join(tmp, KEY_FILE), `${stamp}\n`);
    });
    return dir;
  });
}

/** A stage whose output is one JSON value (stored as `value.json` in the stage's folder). */
export async function cachedJson<T>(name: string, key: string, compute: () => Promise<T>, opts: StageOptions): Promise<T> {
  const dir = await cachedStage(name, key, async (out) => fsp.writeFile(join(out, "value.json"), JSON.stringify(await compute())), opts);
  return JSON.parse(readFileSync(join(dir, "value.json"), "utf8")) as T;
}
