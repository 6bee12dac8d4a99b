/**
 * Fewer bytes before a page's first chart (issue 14): a page downloads every module its code
 * imports statically (Framework writes a `<link rel="modulepreload">` for each, transitively), so
 * each byte of those modules counts against the 1 MB budget on a host that does not compress.
 * Two steps on the folder Framework just wrote, both before precompression:
 *
 * 1. **Minified local modules.** Framework 1.13 minifies its own client and the `_node/` bundles
 *    (rollup + esbuild, minify on) but only transpiles the project's modules under `_import/`
 *    (whitespace and long local names kept): ~30% of their bytes. They are minified here with the
 *    same esbuild Framework bundles with, names kept (`keepNames`: an error's or a class's name
 *    reads the same in a message).
 * 2. **Only the d3 modules something imports.** Plot imports its d3 functions from the `d3`
 *    package, whose index re-exports all 30 d3 modules, so every chart page downloaded d3-brush,
 *    d3-zoom, d3-force, d3-transition… (~64 KB) that nothing calls. The index is rewritten to
 *    re-export only the modules that provide a name some module imports from it, and the modules
 *    nothing references any more are deleted with their modulepreload links. It is skipped, the
 *    index left whole, as soon as any reference to the index is not a plain named import
 *    (`import * as d3`, a dynamic import, a page's inline script): then the names are not known.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { posix } from "node:path";
import { join } from "node:path";
import { transformSync } from "esbuild";

/** Every file under `dir`, as paths relative to it with "/" separators. */
export function walk(dir: string, rel = ""): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(dir, p) : e.isFile() ? [p] : [];
  });
}

export interface MinifyResult {
  files: number;
  before: number;
  after: number;
}

/** Step 1: minify every `_import/**.js` in place. */
export function minifyLocalModules(dist: string): MinifyResult {
  const r: MinifyResult = { files: 0, before: 0, after: 0 };
  const dir = join(dist, "_import");
  if (!existsSync(dir)) return r;
  for (const f of walk(dir).filter((p) => p.endsWith(".js"))) {
    const path = join(dir, f);
    const code = readFileSync(path, "utf8");
    // Framework's own target for the modules it bundles (src/node.ts in Framework 1.13).
    const out = transformSync(code, { minify: true, keepNames: true, format: "esm", target: ["es2022", "chrome96", "firefox96", "safari16"], legalComments: "none", sourcefile: `_import/${f}` }).code;
    r.files++;
    r.before += Buffer.byteLength(code);
    if (out.length < code.length) {
      writeFileSync(path, out);
      r.after += Buffer.byteLength(out);
    } else r.after += Buffer.byteLength(code);
  }
  return r;
}

export interface D3PruneResult {
  /** Why the index was left whole, when it was. */
  skipped?: string;
  /** Modules deleted (dist-relative), with their bytes. */
  removed: string[];
  bytes: number;
}

const MODULEPRELOAD = /<link rel="modulepreload" href="([^"]+)">\n?/g;

/** Text of an HTML page without its modulepreload links: what loads a module, not what prefetches it. */
const withoutPreloads = (html: string) => html.replace(MODULEPRELOAD, "");

/** Names a minified module exports, or null when it exports in a form other than `export{a as b}`. */
function exportedNames(code: string): string[] | null {
  if (/export\s*(\*|default\b|function\b|const\b|let\b|var\b|class\b|async\b)/.test(code)) return null;
  const names: string[] = [];
  for (const m of code.matchAll(/export\s*\{([^}]*)\}(?!\s*from)/g)) {
    for (const part of m[1]!.split(",")) if (part.trim()) names.push(part.trim().split(/\s+as\s+/).pop()!);
  }
  return names;
}

/** Step 2: re-export from `_node/d3@*\/index.*.js` only the d3 modules whose names are imported. */
export function pruneD3Index(dist: string): D3PruneResult {
  const result: D3PruneResult = { removed: [], bytes: 0 };
  const node = join(dist, "_node");
  if (!existsSync(node)) return { ...result, skipped: "no _node/" };
  const d3Dir = readdirSync(node).find((d) => /^d3@\d/.test(d));
  if (!d3Dir) return { ...result, skipped: "no d3 package" };
  const indexFile = readdirSync(join(node, d3Dir)).find((f) => /^index\.[0-9a-f]+\.js$/.test(f));
  if (!indexFile) return { ...result, skipped: `no index module in _node/${d3Dir}` };
  const index = `_node/${d3Dir}/${indexFile}`;
  const files = walk(dist);
  const texts = new Map<string, string>();
  for (const f of files) if (/\.(js|html)$/.test(f)) texts.set(f, f.endsWith(".html") ? withoutPreloads(readFileSync(join(dist, f), "utf8")) : readFileSync(join(dist, f), "utf8"));

  // Every reference to the index must be a static named import; collect the names.
  const wanted = new Set<string>();
  const tail = `${d3Dir}/${indexFile}`;
  for (const [f, text] of texts) {
    if (f === index || !text.includes(tail)) continue;
    const all = text.split(tail).length - 1;
    let named = 0;
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
      if (!m[2]!.endsWith(tail)) continue;
      named++;
      for (const part of m[1]!.split(",")) if (part.trim()) wanted.add(part.trim().split(/\s+as\s+/)[0]!);
    }
    if (named !== all) return { ...result, skipped: `${f} references ${index} other than by a named import` };
  }

  // Which re-exported module provides which names.
  const indexCode = readFileSync(join(dist, index), "utf8");
  const reexports = [...indexCode.matchAll(/export\s*\*\s*from\s*"([^"]+)";?/g)];
  const rest = indexCode.replace(/export\s*\*\s*from\s*"[^"]+";?/g, "").trim();
  // Besides the re-exports, d3's index only declares its version (`var r="7.9.2";export{r as version}`).
  const own = exportedNames(rest);
  if (own === null || /\bimport\b|\bfrom\s*"/.test(rest)) return { ...result, skipped: `${index} holds more than \`export * from\` statements and its own names` };
  const keep: string[] = [];
  const dropped: string[] = [];
  for (const m of reexports) {
    const target = posix.join(posix.dirname(index), m[1]!);
    const names = exportedNames(readFileSync(join(dist, target), "utf8"));
    if (names === null) return { ...result, skipped: `${target} exports in a form this step does not read` };
    (names.some((n) => wanted.has(n)) ? keep : dropped).push(m[0]);
    if (!names.some((n) => wanted.has(n))) result.removed.push(target);
  }
  const provided = new Set<string>(own);
  for (const m of keep) {
    const target = posix.join(posix.dirname(index), /"([^"]+)"/.exec(m)![1]!);
    for (const n of exportedNames(readFileSync(join(dist, target), "utf8"))!) provided.add(n);
  }
  const missing = [...wanted].filter((n) => !provided.has(n));
  if (missing.length) return { removed: [], bytes: 0, skipped: `names no d3 module exports: ${missing.join(", ")}` };
  if (!dropped.length) return result;
  const pruned = keep.join("") + rest;
  writeFileSync(join(dist, index), pruned);
  texts.set(index, pruned);

  // Delete what nothing references any more, then what only those referenced, and so on.
  const candidates = new Set(result.removed);
  result.removed = [];
  const refName = (f: string) => f.split("/").slice(-2).join("/");
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of candidates) {
      const name = refName(c);
      if ([...texts].some(([f, t]) => f !== c && t.includes(name))) continue;
      const code = texts.get(c) ?? "";
      for (const m of code.matchAll(/from\s*"([^"]+)"/g)) {
        const dep = posix.join(posix.dirname(c), m[1]!);
        if (dep.startsWith("_node/") && texts.has(dep)) candidates.add(dep);
      }
      candidates.delete(c);
      texts.delete(c);
      result.bytes += statSync(join(dist, c)).size;
      rmSync(join(dist, c));
      // the package folder goes with its only module
      if (!readdirSync(join(dist, posix.dirname(c))).length) rmSync(join(dist, posix.dirname(c)), { recursive: true });
      result.removed.push(c);
      changed = true;
    }
  }
  const gone = new Set(result.removed.map(refName));
  for (const f of files.filter((p) => p.endsWith(".html"))) {
    const html = readFileSync(join(dist, f), "utf8");
    const out = html.replace(MODULEPRELOAD, (link, href: string) => (gone.has(href.split("/").slice(-2).join("/")) ? "" : link));
    if (out !== html) writeFileSync(join(dist, f), out);
  }
  result.removed.sort();
  return result;
}

/** Both steps, as `npm run build`'s postbuild and `ftf snapshot` run them; one line each for the log. */
export function shrinkModules(dist: string): string[] {
  const kb = (n: number) => `${(n / 1e3).toFixed(0)} KB`;
  const m = minifyLocalModules(dist);
  const d = pruneD3Index(dist);
  return [
    `${m.files} local modules minified (${kb(m.before)} → ${kb(m.after)})`,
    d.skipped ? `d3 index left whole: ${d.skipped}` : `${d.removed.length} d3 modules nothing imports left out (${kb(d.bytes)})`,
  ];
}
