/**
 * One runtime for every sweep of a published site (`ftf publish`).
 *
 * Each snapshot carries Framework's bundles — `_node/` (DuckDB-WASM's 34 MB wasm, parquet-wasm,
 * Arrow, Plot, d3, …), `_npm/`, `_observablehq/` — identical from sweep to sweep when they were
 * built from the same lock file. Their paths are already content-addressed: a package folder is
 * named `<name>@<version>` (loaders/site/postbuild.ts makes sure of it) and Framework puts a
 * content hash in every module's name. So the published site keeps one copy at its root
 * (`<out>/_node/…`), and each snapshot's pages point one folder further up for them: an
 * additional sweep costs its own pages and data only, and a reader's browser caches the runtime
 * once for all sweeps. A file whose bytes differ from the shared copy (a snapshot built by
 * other code) keeps the whole snapshot self-contained instead. A snapshot written by
 * `ftf snapshot` is never touched: it works alone, from any folder.
 *
 * snapshot.json's inventory follows: moved files are listed as `../_node/…`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const SHARED_DIRS = ["_node", "_npm", "_observablehq"] as const;
const TEXT = /\.(html|js|mjs|css|json)$/;

function walk(dir: string, rel = ""): string[] {
  if (!existsSync(join(dir, rel))) return [];
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(dir, p) : e.isFile() ? [p] : [];
  });
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/**
 * Rewrite the references of a snapshot's own files to its runtime folders so they point at the
 * published site's root: in a file `k` folders deep, `("../" × k)_node/` becomes `("../" × (k+1))_node/`.
 */
export function pointAtSharedRuntime(text: string, depth: number): string {
  const own = depth === 0 ? "(?:\\./)?" : `(?:\\.\\./){${depth}}`;
  const re = new RegExp(`(^|["'(\\s,=])${own}(${SHARED_DIRS.join("|")})/`, "g");
  // (a reference with more "../" than the depth is not into this snapshot and does not match:
  // the lookbehind-like group requires the prefix to start right after a delimiter)
  return text.replace(re, (_m, before: string, dir: string) => `${before}${"../".repeat(depth + 1)}${dir}/`);
}

export interface ShareResult {
  shared: string[];
  selfContained: Array<{ sweep_id: string; reason: string }>;
  /** Bytes of the runtime stored once instead of once per snapshot. */
  savedBytes: number;
}

/** Move the runtime of the snapshots `<out>/<id>/` to `<out>/`, sharing identical files. */
export function shareRuntime(out: string, ids: string[]): ShareResult {
  for (const d of SHARED_DIRS) rmSync(join(out, d), { recursive: true, force: true });
  const result: ShareResult = { shared: [], selfContained: [], savedBytes: 0 };
  for (const id of ids) {
    const snap = join(out, id);
    const files = SHARED_DIRS.flatMap((d) => walk(snap, d));
    const differing = files.find((f) => existsSync(join(out, f)) && sha(join(out, f)) !== sha(join(snap, f)));
    if (differing) {
      result.selfContained.push({ sweep_id: id, reason: `${differing} differs from the shared copy` });
      continue;
    }
    for (const f of files) {
      const target = join(out, f);
      if (existsSync(target)) {
        result.savedBytes += statSync(join(snap, f)).size;
        rmSync(join(snap, f));
      } else {
        mkdirSync(dirname(target), { recursive: true });
        renameSync(join(snap, f), target);
      }
    }
    for (const d of SHARED_DIRS) rmSync(join(snap, d), { recursive: true, force: true });
    for (const f of walk(snap).filter((p) => TEXT.test(p) && p !== "snapshot.json")) {
      const path = join(snap, f);
      const text = readFileSync(path, "utf8");
      const next = pointAtSharedRuntime(text, f.split("/").length - 1);
      if (next !== text) writeFileSync(path, next);
    }
    const manifestPath = join(snap, "snapshot.json");
    if (existsSync(manifestPath)) {
      const m = JSON.parse(readFileSync(manifestPath, "utf8")) as { files?: { list?: Array<{ path: string; size: number; sha256: string }> }; shared_runtime?: string };
      for (const f of m.files?.list ?? []) {
        if (SHARED_DIRS.some((d) => f.path.startsWith(`${d}/`))) f.path = `../${f.path}`;
        else if (existsSync(join(snap, f.path))) [f.size, f.sha256] = [statSync(join(snap, f.path)).size, sha(join(snap, f.path))];
      }
      m.shared_runtime = "..";
      writeFileSync(manifestPath, JSON.stringify(m, null, 2) + "\n");
    }
    result.shared.push(id);
  }
  return result;
}
