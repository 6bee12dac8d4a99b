/**
 * What every build of the site gets after Observable Framework wrote it (`npm run build` runs it as
 * `postbuild`, `ftf snapshot` before it checks and inventories the output):
 *
 * 1. **Versioned package folders.** Framework names a bundled package `_node/<name>@<version>/`
 *    with the version of the package.json nearest to the imported file (pkg-dir). parquet-wasm
 *    0.8 ships `esm/package.json` = `{"type":"module"}`, so its folder became
 *    `_node/parquet-wasm@undefined/` — not content-addressed, and two versions would collide. The
 *    folder is renamed after the version installed in node_modules and every reference rewritten.
 * 2. **Smaller modules** before a page's first chart: the project's modules minified, and only the
 *    d3 modules something imports (loaders/site/shrink-modules.ts).
 * 3. **Precompressed siblings.** Every large compressible file (wasm, scripts, JSON, CSV, Arrow; not
 *    Parquet, which is compressed already) gets `<file>.br` (brotli) and `<file>.gz` (gzip -9)
 *    beside it, when they save at least 10%. A static host that serves precompressed files sends
 *    them with `Content-Encoding` instead of the raw bytes: DuckDB-WASM's 34 MB wasm travels as
 *    ~5 MB. Hosts: nginx `gzip_static on;` (+ `brotli_static on;` with ngx_brotli), Caddy
 *    `file_server { precompressed br gzip }`, Apache with mod_rewrite rules for `.br`/`.gz`,
 *    `npx http-server --brotli --gzip`. A host that does not knows nothing of them and
 *    serves the raw file. The compressed bytes are cached by the raw file's SHA-256 under the site
 *    cache (`.precompressed/`, or FTF_PRECOMPRESS_CACHE), so only the first build pays for brotli.
 *    `FTF_PRECOMPRESS=off` skips this step (smaller output for hosts that compress on the fly).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { installedVersion } from "./framework-offline.ts";
import { shrinkModules, walk } from "./shrink-modules.ts";
import { siteCacheRoot } from "./paths.ts";

/** Files below this size are left alone: a sibling saves little and costs an inode. */
export const PRECOMPRESS_MIN_BYTES = 32 * 1024;
const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|json|csv|tsv|txt|svg|arrow)$/;
const TEXT = /\.(html|js|mjs|css|json)$/;


/** `_node/<name>@undefined` folders, as package names (scoped names included). */
export function unversionedPackages(dist: string): string[] {
  const node = join(dist, "_node");
  if (!existsSync(node)) return [];
  const names: string[] = [];
  for (const e of readdirSync(node)) {
    if (e.startsWith("@") && statSync(join(node, e)).isDirectory()) {
      for (const s of readdirSync(join(node, e))) if (s.endsWith("@undefined")) names.push(`${e}/${s.slice(0, -"@undefined".length)}`);
    } else if (e.endsWith("@undefined")) names.push(e.slice(0, -"@undefined".length));
  }
  return names.sort();
}

/** Step 1: rename each `_node/<name>@undefined` after its installed version; returns the renames. */
export function versionPackageFolders(dist: string): Array<{ name: string; version: string }> {
  const done: Array<{ name: string; version: string }> = [];
  for (const name of unversionedPackages(dist)) {
    const version = installedVersion(name);
    if (!version) throw new Error(`postbuild: ${dist}/_node/${name}@undefined has no installed package to take its version from`);
    const from = join(dist, "_node", `${name}@undefined`);
    const to = join(dist, "_node", `${name}@${version}`);
    if (existsSync(to)) throw new Error(`postbuild: both ${from} and ${to} exist`);
    renameSync(from, to);
    done.push({ name, version });
  }
  if (done.length) {
    for (const f of walk(dist).filter((p) => TEXT.test(p))) {
      const path = join(dist, f);
      const text = readFileSync(path, "utf8");
      let out = text;
      for (const { name, version } of done) out = out.split(`${name}@undefined/`).join(`${name}@${version}/`);
      if (out !== text) writeFileSync(path, out);
    }
  }
  return done;
}

function brotli(bytes: Buffer): Buffer {
  // Quality 11 is 10-15% smaller than 9 but ~10-25× slower (measured on DuckDB-WASM's wasm: 5.1 MB
  // in 172 s against 5.9 MB in 17 s): the best quality for files under 1 MB, 9 above.
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: bytes.length > 2 ** 20 ? 9 : 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

export interface PrecompressResult {
  files: number;
  rawBytes: number;
  brBytes: number;
  gzBytes: number;
}

/** Step 2: write `.br`/`.gz` siblings of the large compressible files of `dist`. */
export function precompress(dist: string, cacheDir = process.env.FTF_PRECOMPRESS_CACHE || join(siteCacheRoot(), ".precompressed")): PrecompressResult {
  const result: PrecompressResult = { files: 0, rawBytes: 0, brBytes: 0, gzBytes: 0 };
  mkdirSync(cacheDir, { recursive: true });
  for (const f of walk(dist)) {
    if (!COMPRESSIBLE.test(f)) continue;
    const path = join(dist, f);
    const size = statSync(path).size;
    if (size < PRECOMPRESS_MIN_BYTES) continue;
    const raw = readFileSync(path);
    const sha = createHash("sha256").update(raw).digest("hex");
    let wrote = false;
    for (const [ext, compress] of [[".br", brotli], [".gz", (b: Buffer) => gzipSync(b, { level: 9 })]] as const) {
      const cached = join(cacheDir, `${sha}${ext}`);
      let bytes: Buffer;
      if (existsSync(cached)) bytes = readFileSync(cached);
      else {
        bytes = compress(raw);
        const tmp = `${cached}.tmp-${process.pid}`;
        writeFileSync(tmp, bytes);
        renameSync(tmp, cached);
      }
      if (bytes.length > 0.9 * size) continue;
      writeFileSync(path + ext, bytes);
      if (ext === ".br") result.brBytes += bytes.length;
      else result.gzBytes += bytes.length;
      wrote = true;
    }
    if (wrote) {
      result.files++;
      result.rawBytes += size;
    }
  }
  return result;
}

/** Remove the siblings precompress wrote (for a re-run on the same folder). */
export function removePrecompressed(dist: string): void {
  for (const f of walk(dist)) if (/\.(br|gz)$/.test(f) && existsSync(join(dist, f.replace(/\.(br|gz)$/, "")))) rmSync(join(dist, f));
}

export function precompressEnabled(): boolean {
  return !/^(off|0|false|no)$/i.test(process.env.FTF_PRECOMPRESS?.trim() ?? "");
}

/** All steps, as `npm run build` and `ftf snapshot` run them; one line per step for the log. */
export function postbuild(dist: string, log: (line: string) => void = () => {}): void {
  for (const { name, version } of versionPackageFolders(dist)) log(`postbuild: _node/${name}@undefined → ${name}@${version}`);
  for (const line of shrinkModules(dist)) log(`postbuild: ${line}`);
  if (!precompressEnabled()) return log("postbuild: precompression off (FTF_PRECOMPRESS)");
  const t = Date.now();
  const r = precompress(dist);
  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  log(`postbuild: ${r.files} files precompressed (${mb(r.rawBytes)} MB → ${mb(r.brBytes)} MB .br, ${mb(r.gzBytes)} MB .gz) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
