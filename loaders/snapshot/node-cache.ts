/**
 * Framework bundles every npm package a page imports (DuckDB-WASM, Arrow, Plot, d3, …) into
 * `src/.observablehq/cache/_node/` — a third of a snapshot build's CPU time, and the same bytes
 * every time for the same node_modules. Snapshot builds start from an empty source root
 * (project.ts), so the bundles of a successful build are kept and copied into the next one.
 *
 * Keyed by package-lock.json and the Framework version; stored under the site cache
 * (FTF_CACHE, default data/out) in `.snapshot-node-cache/<key>/`, written only after a build
 * succeeded, moved into place with one rename. `FTF_SNAPSHOT_NODE_CACHE=off` disables it; any
 * other value is the folder to use instead.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT, siteCacheRoot } from "../site/paths.ts";

const NODE_DIR = join("src", ".observablehq", "cache", "_node");

function cacheDir(): string | null {
  const setting = process.env.FTF_SNAPSHOT_NODE_CACHE?.trim();
  if (setting === "off") return null;
  const lock = join(PROJECT_ROOT, "package-lock.json");
  const fw = join(PROJECT_ROOT, "node_modules/@observablehq/framework/package.json");
  const h = createHash("sha256");
  for (const f of [lock, fw]) if (existsSync(f)) h.update(readFileSync(f));
  return join(setting || join(siteCacheRoot(), ".snapshot-node-cache"), h.digest("hex").slice(0, 16));
}

/** Copy the kept bundles into a snapshot project; true when there were some. */
export function seedNodeCache(projectDir: string): boolean {
  const dir = cacheDir();
  if (!dir || !existsSync(dir)) return false;
  mkdirSync(join(projectDir, "src", ".observablehq", "cache"), { recursive: true });
  cpSync(dir, join(projectDir, NODE_DIR), { recursive: true });
  return true;
}

/** After a successful build: keep its bundles when none are kept yet. */
export function keepNodeCache(projectDir: string): void {
  const dir = cacheDir();
  const built = join(projectDir, NODE_DIR);
  if (!dir || existsSync(dir) || !existsSync(built)) return;
  const tmp = `${dir}.tmp-${process.pid}`;
  try {
    mkdirSync(join(dir, ".."), { recursive: true });
    cpSync(built, tmp, { recursive: true });
    renameSync(tmp, dir);
  } catch {
    // another build kept its bundles first, or the disk is full: the next build bundles again
    rmSync(tmp, { recursive: true, force: true });
  }
}
