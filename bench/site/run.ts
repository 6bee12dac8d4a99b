/**
 * Site benchmark: build time, size of the build and of what a reader downloads before the first
 * chart, and time to first chart on a cold load in Chromium.
 *
 *   npx tsx bench/site/run.ts [--skip-build] [--runs 3]
 */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { launchBrowser, settle } from "../../test/helpers/browser.ts";
import { serveStatic } from "../../test/helpers/static-server.ts";

const { values } = parseArgs({ options: { "skip-build": { type: "boolean" }, runs: { type: "string", default: "3" }, dist: { type: "string", default: "bench/out/site-dist" } } });
const dist = values.dist!;
const runs = Number(values.runs);

function dirSize(dir: string): number {
  return readdirSync(dir).reduce((s, n) => {
    const p = join(dir, n);
    const st = statSync(p);
    return s + (st.isDirectory() ? dirSize(p) : st.size);
  }, 0);
}
function fileSize(path: string): number {
  try {
    const st = statSync(path);
    return st.isDirectory() ? statSync(join(path, "index.html")).size : st.size;
  } catch {
    return 0;
  }
}
const mb = (b: number) => `${(b / 1048576).toFixed(2)} MiB`;

if (!values["skip-build"]) {
  execFileSync("npm", ["run", "demo:all", "--silent"], { stdio: "inherit" });
  execFileSync("rm", ["-rf", "src/.observablehq/cache", "data/out"]);
  const t0 = performance.now();
  execFileSync("npx", ["observable", "build"], { stdio: "ignore", env: { ...process.env, FTF_DIST: dist, OBSERVABLE_TELEMETRY_DISABLE: "true" } });
  console.log(`build (cold, 3 demo sweeps, data loaders included): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(`dist size: ${mb(dirSize(dist))}`);

const server = await serveStatic(dist);
const browser = await launchBrowser();
const page0 = "/sweeps/demo-clean/results.html";
const times: number[] = [];
let bytes = 0;
for (let i = 0; i < runs; i++) {
  const ctx = await browser.newContext(); // a fresh context = cold cache
  const page = await ctx.newPage();
  // Count on the server side: the DuckDB worker's fetches (its wasm) are not page requests.
  const served = server.requests.length;
  const t0 = performance.now();
  await page.goto(server.url + page0);
  await page.waitForSelector("svg circle", { timeout: 60_000 });
  times.push(performance.now() - t0);
  if (i === 0) bytes = server.requests.slice(served).reduce((sum, path) => sum + fileSize(join(dist, path)), 0);
  await settle(page);
  await ctx.close();
}
times.sort((a, b) => a - b);
console.log(`time to first chart (results page, cold): median ${times[Math.floor(times.length / 2)].toFixed(0)} ms over ${runs} runs (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)})`);
console.log(`downloaded before the first chart (uncompressed, incl. the DuckDB worker's wasm): ${mb(bytes)}`);
await browser.close();
await server.close();
