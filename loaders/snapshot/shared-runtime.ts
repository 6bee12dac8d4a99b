/**
 * One runtime for every snapshot of a published site (`ftf publish`, issue 14). A snapshot holds
 * ~40 MB of code that is the same for every sweep built by the same tool: Framework's client
 * (`_observablehq/`), the bundled packages (`_node/`, `_npm/`: DuckDB-WASM's 34 MB wasm among
 * them) and the site's own modules (`_import/`). Their file names are content hashes (or, for the
 * wasm files, the package version folder), so two snapshots that hold the same path hold the same
 * bytes. `shareRuntime` moves those folders of a snapshot into the site's `_runtime/` beside the
 * snapshots and rewrites the pages' references to them; the modules refer to each other by
 * relative paths inside those folders, so they work unchanged. Each further sweep then costs only
 * its pages and data (`_file/`). `ftf snapshot` does not call it: a lone snapshot stays whole.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { listFiles } from "./output.ts";

/** The folders of a build that hold code, the same for every sweep. */
export const RUNTIME_DIRS = ["_import", "_node", "_npm", "_observablehq"] as const;

/** The shared runtime's folder, a sibling of the snapshots in a published site. */
export const SHARED_RUNTIME_DIR = "_runtime";

const isRuntimeFile = (p: string) => RUNTIME_DIRS.some((d) => p.startsWith(`${d}/`));

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/**
 * A page's references into the runtime folders, pointed at `../_runtime/` instead. `page` is the
 * page's path inside the snapshot ("sweeps/x/index.html"): a reference is rewritten only when its
 * "./" or "../" prefix leads back to the snapshot's root.
 */
export function rewriteRuntimeRefs(text: string, page: string): string {
  const depth = page.split("/").length - 1;
  const re = new RegExp(`(["'])((?:\\./)?(?:\\.\\./)*)(${RUNTIME_DIRS.join("|")})/`, "g");
  return text.replace(re, (all, lead: string, prefix: string, dir: string) => {
    const ups = prefix.split("../").length - 1;
    if (ups !== depth || (prefix === "" && depth > 0)) return all;
    return `${lead}${"../".repeat(depth + 1)}${SHARED_RUNTIME_DIR}/${dir}/`;
  });
}

export interface ShareResult {
  /** Runtime files of this snapshot, as paths inside `_runtime/` (now there, not in the snapshot). */
  files: string[];
  /** Of those, how many were already in `_runtime/` (from an earlier snapshot). */
  reused: number;
  /** Paths present in `_runtime/` with other bytes: nothing was moved, the snapshot stays whole. */
  conflicts: string[];
}

/**
 * Move `snapshotDir`'s runtime folders into `runtimeDir` and rewrite its pages (see the module
 * comment). `claimed`: the runtime files other snapshots of this site use; a file of `runtimeDir`
 * outside it is a leftover of an earlier publish, replaced when it differs.
 */
export function shareRuntime(snapshotDir: string, runtimeDir: string, claimed: ReadonlySet<string> = new Set()): ShareResult {
  const files = listFiles(snapshotDir).filter(isRuntimeFile);
  const same = (f: string) => statSync(join(runtimeDir, f)).size === statSync(join(snapshotDir, f)).size && sha256(join(runtimeDir, f)) === sha256(join(snapshotDir, f));
  const differ = files.filter((f) => existsSync(join(runtimeDir, f)) && !same(f));
  const conflicts = differ.filter((f) => claimed.has(f));
  if (conflicts.length) return { files: [], reused: 0, conflicts };
  for (const f of differ) rmSync(join(runtimeDir, f));
  let reused = 0;
  for (const f of files) {
    const to = join(runtimeDir, f);
    if (existsSync(to)) {
      rmSync(join(snapshotDir, f));
      reused++;
    } else {
      mkdirSync(dirname(to), { recursive: true });
      renameSync(join(snapshotDir, f), to);
    }
  }
  for (const d of RUNTIME_DIRS) if (existsSync(join(snapshotDir, d))) rmSync(join(snapshotDir, d), { recursive: true });
  for (const page of listFiles(snapshotDir).filter((p) => p.endsWith(".html"))) {
    const path = join(snapshotDir, page);
    const text = readFileSync(path, "utf8");
    const out = rewriteRuntimeRefs(text, page);
    if (out !== text) writeFileSync(path, out);
  }
  return { files, reused, conflicts: [] };
}

/** Remove the files of `runtimeDir` no snapshot uses any more (and the folders left empty). */
export function pruneRuntime(runtimeDir: string, used: ReadonlySet<string>): number {
  if (!existsSync(runtimeDir)) return 0;
  let n = 0;
  for (const f of listFiles(runtimeDir)) {
    if (!used.has(f)) {
      rmSync(join(runtimeDir, f));
      n++;
    }
  }
  const prune = (dir: string): boolean => {
    let empty = true;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && prune(join(dir, e.name))) rmdirSync(join(dir, e.name));
      else empty = false;
    }
    return empty;
  };
  prune(runtimeDir);
  return n;
}
