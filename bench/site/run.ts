/**
 * Site benchmark (issue 14): per page, the time to its first chart or table and the bytes the
 * server sent before it, on a cold browser context, median of `--runs`; then the size of a
 * snapshot of a results-only sweep, of a full demo sweep, and of the published site of the three
 * demo sweeps (`ftf publish`, one shared runtime in `_runtime/`). The snapshots are built with
 * `--precompress`; the sizes without the .br/.gz siblings are what the default writes.
 *
 *   npx tsx bench/site/run.ts [--skip-build] [--dist DIR] [--runs 3] [--no-pages] [--no-sizes] [--no-publish]
 *
 * Pages are served by a plain static server (test/helpers/static-server.ts: no compression, no
 * cache headers), so "bytes" are raw bytes; "gzipped" counts the same files at their .gz
 * siblings' size (what a host that gzips, on the fly or from the siblings, sends).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildSnapshot } from "../../loaders/snapshot/index.ts";
import { publishSnapshots } from "../../loaders/snapshot/publish.ts";
import { SHARED_RUNTIME_DIR } from "../../loaders/snapshot/shared-runtime.ts";
import { SWEEP_PAGES, TOP_PAGES } from "../../src/lib/pages.ts";
import { launchBrowser } from "../../test/helpers/browser.ts";
import { FIRST_PAINT_MAX_BYTES, firstPaint } from "../../test/helpers/first-paint.ts";
import { serveStatic } from "../../test/helpers/static-server.ts";

const { values } = parseArgs({
  options: {
    "skip-build": { type: "boolean" },
    runs: { type: "string", default: "3" },
    dist: { type: "string", default: "bench/out/site-dist" },
    "no-pages": { type: "boolean" },
    "no-sizes": { type: "boolean" },
    "no-publish": { type: "boolean" },
    sweep: { type: "string", default: "demo-clean" },
  },
});
const dist = resolve(values.dist!);
const runs = Number(values.runs);
const MB = (b: number) => (b / 1e6).toFixed(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Bytes under `dir`: all files, and without the precompressed .br/.gz siblings. */
function du(dir: string, filter: (rel: string) => boolean = () => true, rel = ""): { all: number; raw: number } {
  let all = 0, raw = 0;
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      const s = du(dir, filter, p);
      all += s.all;
      raw += s.raw;
    } else if (e.isFile() && filter(p)) {
      const n = statSync(join(dir, p)).size;
      all += n;
      if (!/\.(br|gz)$/.test(p)) raw += n;
    }
  }
  return { all, raw };
}

const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`;
console.log(`${load()} (2 cores, shared: read the sizes and the ratios first; < 1 s to first chart needs an idle machine)`);

if (!values["skip-build"]) {
  const t0 = performance.now();
  execFileSync("npm", ["run", "build", "--silent"], { stdio: "ignore", env: { ...process.env, FTF_DIST: dist } });
  console.log(`build (3 demo sweeps, data loaders and postbuild included): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (!values["no-pages"]) {
  const server = await serveStatic(dist);
  const browser = await launchBrowser();
  const pages = [
    { name: "Home", path: "/index.html" },
    ...TOP_PAGES.map((p) => ({ name: p.name, path: `/${p.file}.html` })),
    ...SWEEP_PAGES.map((p) => ({ name: p.name, path: `/sweeps/${values.sweep}/${p.file}.html` })),
  ];
  console.log(`\nfirst chart or table, cold, median of ${runs} (${values.sweep}):\n`);
  console.log(`| page | time to first chart | bytes before it | gzipped | under ${FIRST_PAINT_MAX_BYTES / 1e6} MB raw | wasm before it | load (1 min) |`);
  console.log("| --- | ---: | ---: | ---: | --- | --- | ---: |");
  try {
    for (const p of pages) {
      const rs = [];
      for (let i = 0; i < runs; i++) rs.push(await firstPaint(browser, server, dist, p.path, 120_000));
      const wasm = [...new Set(rs.flatMap((r) => r.wasm.map((w) => w.split("/").pop())))];
      const bytes = median(rs.map((r) => r.bytes));
      console.log(`| ${p.name} | ${median(rs.map((r) => r.ms)).toFixed(0)} ms | ${MB(bytes)} MB | ${MB(median(rs.map((r) => r.gzipBytes)))} MB | ${p.path.endsWith("/explore.html") ? "n/a (loads the SQL engine)" : bytes < FIRST_PAINT_MAX_BYTES ? "yes" : "NO"} | ${wasm.join(", ") || "none"} | ${loadavg()[0]!.toFixed(1)} |`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`\n(${load()} after the pages)`);
}

if (!values["no-sizes"]) {
  const work = mkdtempSync(join(tmpdir(), "ftf-bench-site-"));
  try {
    // A results-only sweep: the demo's sweep.json and results.csv, nothing else, no OHLCV.
    const src = join("data", "sweeps", values.sweep!);
    const only = join(work, "sweeps-results-only", `${values.sweep}-results-only`);
    mkdirSync(only, { recursive: true });
    for (const f of ["sweep.json", "results.csv"]) copyFileSync(join(src, f), join(only, f));
    const quiet = () => {};
    const a = await buildSnapshot({ sweepDir: only, outDir: join(work, "snap-results-only"), precompress: true, progress: quiet });
    const sa = du(a.outDir);
    console.log(`\nsizes on disk: as written by default (no .br/.gz siblings) and with --precompress:\n`);
    console.log("| output | MB, --precompress | MB, default |");
    console.log("| --- | ---: | ---: |");
    console.log(`| snapshot, results only (${values.sweep}) | ${MB(sa.all)} | ${MB(sa.raw)} |`);
    if (!values["no-publish"]) {
      const b = await buildSnapshot({ sweepDir: src, ohlcvDir: join("data", "ohlcv"), outDir: join(work, "snap-full"), precompress: true, progress: quiet });
      const sb = du(b.outDir);
      const pub = join(work, "published");
      const r = await publishSnapshots({ sweepsDir: join("data", "sweeps"), ohlcvDir: join("data", "ohlcv"), outDir: pub, precompress: true, progress: quiet });
      if (r.failed.length) throw new Error(`publish failed for ${r.failed.map((e) => e.sweep_id).join(", ")}`);
      const site = du(pub);
      const data = du(pub, (p) => /(^|\/)_file\//.test(p));
      const runtime = du(pub, (p) => p.startsWith(`${SHARED_RUNTIME_DIR}/`));
      console.log(`| snapshot, full demo sweep with OHLCV | ${MB(sb.all)} | ${MB(sb.raw)} |`);
      console.log(`| published site, ${r.entries.length} demo sweeps | ${MB(site.all)} | ${MB(site.raw)} |`);
      console.log(`| … of which the sweeps' data (_file/) | ${MB(data.all)} | ${MB(data.raw)} |`);
      console.log(`| … of which the shared runtime (${SHARED_RUNTIME_DIR}/) | ${MB(runtime.all)} | ${MB(runtime.raw)} |`);
      console.log(`| published site less its data | ${MB(site.all - data.all)} | ${MB(site.raw - data.raw)} |`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
