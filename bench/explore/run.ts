/**
 * Explore benchmark: the built Explore page in headless Chromium with 5 million prediction rows.
 *
 * The page is a real build (any sweep); Playwright answers its requests for predictions.parquet,
 * ohlcv.parquet, btc-ohlcv.parquet and sweep.json with the synthetic files of generate.ts, so the
 * page's own code path is measured end to end (fetch → parquet-wasm → DuckDB-WASM → stored result →
 * table/chart), and the example queries are built from the bench sweep's config (15m bars).
 * Timings come from the page (the status line's data-* attributes, performance.now() in the page)
 * plus the wall clock from click to rendered result. Main-thread blocking is read from Chromium's
 * long-task entries. Native DuckDB (@duckdb/node-api, 2 threads) runs the same SQL over the same
 * files as the reference. Reported, never asserted.
 *
 *   npx tsx bench/explore/run.ts [--rows 5000000] [--runs 5] [--dist <built site>] [--sweep demo-clean]
 *                                [--sql <file.sql>]…
 *
 * --sql times more SQL the same way (e.g. a rewrite of a builder's query before changing it).
 *
 * Without --dist it builds the site for the one sweep into bench/out/explore-dist. Writes
 * bench/out/explore.json.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { launchBrowser } from "../../test/helpers/browser.ts";
import { exploreStatus as status, runFinished, type ExploreStatus } from "../../test/browser/explore-page.ts";
import { serveStatic } from "../../test/helpers/static-server.ts";
import { exampleQueries, exampleVariant, regimeF1ExampleSql } from "../../src/lib/explore/examples.ts";
import { regimeRuleFor } from "../../src/lib/regimes.ts";
import { regimeF1Sql } from "../../src/lib/sql/regime-f1.ts";
import { generateExploreData } from "./generate.ts";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "5000000" },
    runs: { type: "string", default: "5" },
    dist: { type: "string" },
    sweep: { type: "string", default: "demo-clean" },
    out: { type: "string", default: "bench/out/explore" },
    sql: { type: "string", multiple: true, default: [] },
  },
});
const RUNS = Number(args.runs);
const SWEEP = args.sweep!;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${Math.round(x).toLocaleString("en-US")} ms`;

// ---------------------------------------------------------------------------------------------
console.log(`load average ${loadavg().map((v) => v.toFixed(1)).join(" ")} on ${availableParallelism()} cores (shared machine: read ratios, not absolutes)`);
const t0 = performance.now();
const data = await generateExploreData(Number(args.rows), args.out!);
console.log(`data: ${data.rows.toLocaleString("en-US")} prediction rows, predictions.parquet ${(data.files["predictions.parquet"] / 2 ** 20).toFixed(1)} MiB, btc-ohlcv ${(data.files["btc-ohlcv.parquet"] / 2 ** 20).toFixed(1)} MiB (${((performance.now() - t0) / 1000).toFixed(1)} s, cached)`);
const sweep = JSON.parse(readFileSync(join(data.dir, "sweep.json"), "utf8"));

let dist = args.dist;
if (!dist) {
  dist = "bench/out/explore-dist";
  const sweeps = resolve("bench/out/explore-sweeps");
  rmSync(sweeps, { recursive: true, force: true });
  mkdirSync(sweeps, { recursive: true });
  symlinkSync(resolve("data/sweeps", SWEEP), join(sweeps, SWEEP));
  rmSync(dist, { recursive: true, force: true });
  execFileSync("npm", ["run", "demo:all", "--silent"], { stdio: "inherit" });
  const tb = performance.now();
  execFileSync("npx", ["observable", "build"], { stdio: "ignore", env: { ...process.env, FTF_DIST: resolve(dist), FTF_SWEEPS: sweeps, OBSERVABLE_TELEMETRY_DISABLE: "true" } });
  console.log(`built ${dist} in ${((performance.now() - tb) / 1000).toFixed(1)} s`);
}
const explorePath = `/sweeps/${SWEEP}/explore.html`;
if (!existsSync(join(dist, explorePath))) throw new Error(`no ${explorePath} under ${dist}`);

// ---------------------------------------------------------------------------------------------
// Native reference: the same SQL over the same files.
const native: Record<string, number[]> = {};
const nativeRows: Record<string, number> = {};
{
  const db = await DuckDBInstance.create(":memory:", { threads: "2" });
  const conn = await db.connect();
  const file = (n: string) => `'${join(data.dir, n)}'`;
  await conn.run(`CREATE VIEW predictions AS FROM ${file("predictions.parquet")}; CREATE VIEW btc_ohlcv AS FROM ${file("btc-ohlcv.parquet")}`);
  const queries = {
    regime_one_variant: regimeF1ExampleSql(sweep),
    regime_all_variants: regimeF1Sql({ ...regimeRuleFor(sweep), btc_symbol: sweep.btc_symbol, ohlcv_table: "btc_ohlcv" }),
  };
  // Parquet scans each time (what a one-off CLI run pays) and in-memory tables (what the page has).
  for (const mode of ["parquet", "memory"] as const) {
    if (mode === "memory") await conn.run(`CREATE TABLE p AS FROM predictions; CREATE TABLE b AS FROM btc_ohlcv; DROP VIEW predictions; DROP VIEW btc_ohlcv; ALTER TABLE p RENAME TO predictions; ALTER TABLE b RENAME TO btc_ohlcv`);
    for (const [name, sql] of Object.entries(queries)) {
      const key = `${name}_${mode}`;
      native[key] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const r = await conn.runAndReadAll(sql);
        native[key].push(performance.now() - t);
        nativeRows[name] = r.currentRowCount;
      }
    }
  }
  conn.closeSync();
}

// ---------------------------------------------------------------------------------------------
// The page in Chromium.
const server = await serveStatic(dist);
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
// Long tasks (main thread blocked ≥ 50 ms), recorded from the first script on.
await page.addInitScript(() => {
  const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
});
const served: Record<string, string> = { predictions: "predictions.parquet", ohlcv: "ohlcv.parquet", "btc-ohlcv": "btc-ohlcv.parquet", sweep: "sweep.json" };
await page.route(new RegExp(`/_file/sweeps/${SWEEP}/data/(predictions|ohlcv|btc-ohlcv|sweep)\\.[0-9a-f]+\\.(parquet|json)$`), (route) => {
  const name = /data\/([a-z-]+)\./.exec(route.request().url())![1];
  return route.fulfill({ status: 200, contentType: name === "sweep" ? "application/json" : "application/octet-stream", body: readFileSync(join(data.dir, served[name])) });
});

async function untilFinished(after: number): Promise<ExploreStatus> {
  const s = await runFinished(page, after, 600_000);
  if (s.state !== "done") throw new Error(`query ended ${s.state}: ${s.text} ${await page.textContent('[data-testid="explore-error"]')}`);
  return s;
}
const now = () => page.evaluate(() => performance.now());
async function blocked(from: number, to: number): Promise<{ longest: number; total: number; count: number }> {
  const tasks = (await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks)).filter((t) => t.start >= from && t.start < to);
  return { longest: Math.max(0, ...tasks.map((t) => t.duration)), total: tasks.reduce((s, t) => s + t.duration, 0), count: tasks.length };
}
/** Click `selector` (a Run button or an example), wait for the result; wall ms from click to rendered result. */
async function clickAndWait(selector: string): Promise<{ s: ExploreStatus; wall: number; from: number; to: number }> {
  const { run } = await status(page);
  const from = await now();
  await page.click(selector);
  const s = await untilFinished(run);
  // The result table and chart are drawn after the status says done: wait for the table of this run.
  await page.waitForSelector('[data-testid="explore-table"] tbody tr');
  const to = await now();
  return { s, wall: to - from, from, to };
}

const tl = performance.now();
await page.goto(server.url + explorePath);
const first = await untilFinished(0);
const pageReady = performance.now() - tl;
const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  load_average: loadavg()[0],
  rows: data.rows,
  interval: sweep.interval,
  files_mib: Object.fromEntries(Object.entries(data.files).map(([k, v]) => [k, +(v / 2 ** 20).toFixed(2)])),
  page_first_query_ms: Math.round(pageReady),
  duckdb_start_ms: Math.round(first.startMs),
};
console.log(`\npage open → first example done: ${ms(pageReady)} (starting DuckDB-WASM ${ms(first.startMs)})`);

// 1. Per-regime f1 of one variant, first time: loads predictions (5M rows) and btc_ohlcv.
const examples = exampleQueries(sweep);
const regimeIndex = examples.findIndex((e) => e.title.startsWith("per-regime f1"));
const cold = await clickAndWait(`[data-testid="example-${regimeIndex}"]`);
const coldBlock = await blocked(cold.from, cold.to);
const browserRows = cold.s.text.match(/^([\d,]+) row/)?.[1];
console.log(`per-regime f1 (${exampleVariant(sweep)}), first run: load predictions + btc_ohlcv ${ms(cold.s.loadMs)}, query ${ms(cold.s.execMs)}, click → table ${ms(cold.wall)}; ${browserRows} rows (native: ${nativeRows.regime_one_variant})`);
console.log(`  main thread during the load: longest task ${ms(coldBlock.longest)}, ${coldBlock.count} long tasks, ${ms(coldBlock.total)} blocked in all`);

// 2. The same query again (tables in DuckDB): what a reader pays per question.
async function repeat(label: string): Promise<{ exec: number[]; wall: number[]; longest: number }> {
  const exec: number[] = [];
  const wall: number[] = [];
  let longest = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await clickAndWait('[data-testid="explore-run"]');
    exec.push(r.s.execMs);
    wall.push(r.wall);
    longest = Math.max(longest, (await blocked(r.from, r.to)).longest);
  }
  console.log(`${label}: query median ${ms(median(exec))} (min ${ms(Math.min(...exec))}, max ${ms(Math.max(...exec))}), click → table median ${ms(median(wall))}, longest main-thread task ${ms(longest)}  [${RUNS} runs]`);
  return { exec, wall, longest };
}
const regimeOne = await repeat(`per-regime f1 (${exampleVariant(sweep)}), warm`);

await page.fill('[data-testid="explore-sql"]', regimeF1Sql({ ...regimeRuleFor(sweep), btc_symbol: sweep.btc_symbol, ohlcv_table: "btc_ohlcv" }));
const regimeAll = await repeat("per-regime f1, all variants (gate 3's query), warm");

await page.fill('[data-testid="explore-sql"]', "SELECT variant, count(*) AS bars, avg(y_pred) AS buy_share FROM predictions GROUP BY variant ORDER BY variant");
const scan = await repeat("group-by scan of 5M predictions, warm");

const extra: Record<string, { exec: number[]; wall: number[]; longest: number }> = {};
for (const file of args.sql ?? []) {
  await page.fill('[data-testid="explore-sql"]', readFileSync(file, "utf8"));
  extra[file] = await repeat(`--sql ${file}, warm`);
}

// 3. A 5M-row result: stored in the worker, paged from there.
await page.fill('[data-testid="explore-sql"]', "SELECT * FROM predictions");
const big = await clickAndWait('[data-testid="explore-run"]');
const tp = await now();
await page.click('[data-testid="page-last"]');
await page.waitForFunction(() => /^rows [\d,]+–[\d,]+ of/.test(document.querySelector('[data-testid="page-info"]')?.textContent ?? "") && !document.querySelector('[data-testid="page-info"]')?.textContent?.startsWith("rows 1–"));
const lastPage = (await now()) - tp;
console.log(`SELECT * FROM predictions (${big.s.text.split(" in ")[0]}): stored in ${ms(big.s.execMs)}, click → first page + chart ${ms(big.wall)}; jump to the last page ${ms(lastPage)}; longest main-thread task ${ms((await blocked(big.from, big.to)).longest)}`);

// 4. Downloads of one variant (~833k rows).
await page.fill('[data-testid="explore-sql"]', `SELECT * FROM predictions WHERE variant = '${exampleVariant(sweep)}'`);
const one = await clickAndWait('[data-testid="explore-run"]');
const downloads: Record<string, { ms: number; mib: number; longest: number }> = {};
for (const format of ["csv", "parquet"] as const) {
  const from = await now();
  const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 600_000 }), page.click(`[data-testid="explore-download-${format}"]`)]);
  const path = join(data.dir, `download.${format}`);
  await dl.saveAs(path);
  const to = await now();
  const size = readFileSync(path).length;
  downloads[format] = { ms: Math.round(to - from), mib: +(size / 2 ** 20).toFixed(1), longest: Math.round((await blocked(from, to)).longest) };
  console.log(`download ${format.toUpperCase()} of ${one.s.text.split(" in ")[0]}: ${ms(to - from)}, ${downloads[format].mib} MiB, longest main-thread task ${ms(downloads[format].longest)}`);
  rmSync(path);
}

const fmtRuns = (xs: number[]) => ({ median_ms: Math.round(median(xs)), min_ms: Math.round(Math.min(...xs)), max_ms: Math.round(Math.max(...xs)) });
console.log(`\nnative DuckDB (2 threads) on the same SQL: per-regime f1 one variant ${ms(median(native.regime_one_variant_memory))} in memory / ${ms(median(native.regime_one_variant_parquet))} from Parquet; all variants ${ms(median(native.regime_all_variants_memory))} / ${ms(median(native.regime_all_variants_parquet))}`);
Object.assign(report, {
  regime_one_variant: {
    first_run: { load_ms: Math.round(cold.s.loadMs), query_ms: Math.round(cold.s.execMs), click_to_table_ms: Math.round(cold.wall), main_thread: coldBlock },
    warm_query: fmtRuns(regimeOne.exec),
    warm_click_to_table: fmtRuns(regimeOne.wall),
    longest_task_ms: Math.round(regimeOne.longest),
    rows: Number(browserRows?.replaceAll(",", "")),
    native_rows: nativeRows.regime_one_variant,
  },
  regime_all_variants: { warm_query: fmtRuns(regimeAll.exec), warm_click_to_table: fmtRuns(regimeAll.wall), longest_task_ms: Math.round(regimeAll.longest) },
  scan_group_by: { warm_query: fmtRuns(scan.exec), warm_click_to_table: fmtRuns(scan.wall) },
  select_star_5m: { store_ms: Math.round(big.s.execMs), click_to_table_ms: Math.round(big.wall), last_page_ms: Math.round(lastPage) },
  downloads_one_variant: downloads,
  extra_sql: Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, { warm_query: fmtRuns(v.exec), warm_click_to_table: fmtRuns(v.wall), longest_task_ms: Math.round(v.longest) }])),
  native_duckdb_2_threads: Object.fromEntries(Object.entries(native).map(([k, v]) => [k, fmtRuns(v)])),
});
writeFileSync("bench/out/explore.json", JSON.stringify(report, null, 2) + "\n");
console.log("wrote bench/out/explore.json");
await browser.close();
await server.close();
