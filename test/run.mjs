#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it, in one node:test run so the closing summary counts
// every file (unit, integration, site, browser). Browser tests are never skipped: a missing
// Chromium is installed when this user may (root or passwordless sudo), otherwise the run stops at
// once with the command to type.
//
//   node test/run.mjs                  everything (CI)
//   node test/run.mjs fast             unit + integration: no type-check, no site build (npm run test:fast)
//   node test/run.mjs unit integration those folders (test/site and test/browser need the build)
//   node test/run.mjs test/unit/x.test.ts ...   those files only (the site is built if one needs it)
//   add --watch to re-run on change (node --test --watch)
//
// Nothing waits for what it does not need. The type-check, the site build (with the demo sweeps)
// and the Chromium install start together with the tests; a test file that needs the build or
// Chromium waits for it before it loads (test/helpers/await-needs.mjs), the others run meanwhile,
// at a lower CPU priority so the build (which the browser tests wait for) keeps its core. Files
// start slowest first (SLOWEST below) so that no long file starts last and runs alone.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, setPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { needsOf } from "./helpers/needs.mjs";
import { ensureTestPackages } from "./prepare.mjs";

const args = process.argv.slice(2);
const watch = args.includes("--watch");
const named = args.filter((a) => a !== "--watch");
const fast = named.includes("fast");
const fileArgs = named.filter((a) => /\.test\.(ts|mjs|js)$/.test(a));
const folders = fast ? ["unit", "integration"] : named.filter((a) => a !== "fast" && !fileArgs.includes(a));
const suites = fileArgs.length ? [] : folders.length ? folders : ["unit", "integration", "site", "browser"];
const full = !fast && !fileArgs.length && !folders.length;

/**
 * Test files by CPU time, slowest first (measured one file at a time on the 2-core machine, issue
 * 18; seconds of user+system CPU in the comment). Files not listed start after these, in name
 * order. A stale entry only costs a little wall time, never a result: update it when a file's
 * cost changes a lot.
 */
const SLOWEST = [
  "test/site/offline-build.test.ts",
  "test/integration/mlflow-import.test.ts", // 47
  "test/integration/kernels-parity.test.ts", // 33
  "test/integration/drift-calibrated-demo.test.ts", // 29
  "test/integration/verdict.test.ts", // 22
  "test/integration/cli-bad-values.test.ts", // 21
  "test/integration/monitor-demo.test.ts", // 21
  "test/integration/quality-drift-demo.test.ts", // 21
  "test/integration/demo.test.ts", // 16
  "test/integration/artefacts-validate.test.ts", // 14
  "test/integration/snapshot-ids.test.ts", // 10
  "test/integration/ingest-cli.test.ts", // 10
  "test/integration/ingest-site-cache.test.ts", // 9
  "test/unit/drift-calibrated.test.ts", // 9
  // the browser files (they start after the build): wall seconds with four at a time in `npm test`
  "test/browser/explore.test.ts", // 367
  "test/browser/site.test.ts", // 235
  "test/browser/snapshot.test.ts", // 166
  "test/browser/inputs.test.ts", // 87
  "test/browser/timestamps.test.ts", // 69
  "test/browser/layout.test.ts", // 61
  "test/browser/first-paint.test.ts", // 51
  "test/browser/drift-pages.test.ts", // 46
  "test/browser/dossier.test.ts", // 43
];

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return testFiles(p);
    return /\.test\.(ts|mjs|js)$/.test(name) ? [p] : [];
  }).sort();
}

/** Files that need nothing first, then those that wait for the build; slowest first in each. */
function ordered(files) {
  const rank = (f) => {
    const i = SLOWEST.indexOf(f.split("\\").join("/"));
    return i < 0 ? SLOWEST.length : i;
  };
  const waits = (f) => (needsOf(f).includes("site") ? 1 : 0);
  return [...files].sort((a, b) => waits(a) - waits(b) || rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const files = ordered(fileArgs.length ? fileArgs : suites.flatMap((d) => testFiles(join("test", d))));
const needs = new Set(files.flatMap(needsOf));
const buildSite = needs.has("site") && !process.env.FTF_SKIP_BUILD;
const t0 = Date.now();
const seconds = () => ((Date.now() - t0) / 1000).toFixed(1);

/** A child whose output is held back and returned when it ends (so children never interleave). */
function background(label, cmd, cmdArgs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", (e) => resolve({ label, code: 1, out: `${out}${e.message}` }));
    child.on("close", (code) => resolve({ label, code: code ?? 1, out }));
  });
}

// Before any slow step: install Chromium (and util-linux) when missing and allowed, else say how.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const packages = needs.has("packages") ? ensureTestPackages(chromium, process.env.CHROMIUM_PATH) : null;

if (watch) {
  // node --test --watch re-runs files as they change; the build (if needed) comes first, once.
  if (packages) {
    const p = await packages;
    if (!p.ok) (console.error(p.message), process.exit(1));
  }
  if (buildSite) {
    console.log("npm test: building the site on the demo sweeps…");
    const r = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

// The steps that run beside the tests: the type-check (full run only), the build, the packages.
const steps = [];
let readyDir = null;
if (!watch && (buildSite || packages)) {
  readyDir = mkdtempSync(join(tmpdir(), "ftf-test-ready-"));
  /** Tell waiting test files that `need` is done (atomically: they poll for the file). */
  const ready = (need, ok, message) => {
    const tmp = join(readyDir, `.${need}.tmp`);
    writeFileSync(tmp, JSON.stringify({ ok, message }));
    renameSync(tmp, join(readyDir, `${need}.json`));
  };
  if (buildSite) {
    console.log(full ? "npm test: type-checking and building the site on the demo sweeps while the tests start…" : "npm test: building the site on the demo sweeps while the tests start…");
    steps.push(background("build", "npm", ["run", "build", "--silent"]).then((r) => {
      ready("site", r.code === 0, `npm run build exited ${r.code} (its output is printed at the end)`);
      console.log(`npm test: site build ${r.code === 0 ? "done" : "FAILED"} after ${seconds()} s`);
      return r;
    }));
  } else if (needs.has("site")) ready("site", true, "");
  if (packages) {
    steps.push(packages.then((p) => {
      ready("packages", p.ok, p.message);
      if (p.message && p.ok) console.log(p.message);
      return { label: "Debian packages", code: p.ok ? 0 : 1, out: p.message };
    }));
  }
}
if (full) {
  // One CPU for ~1 min; beside the build and the tests instead of before them.
  steps.push(background("type-check", process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]).then((r) => {
    console.log(`npm test: type-check ${r.code === 0 ? "passed" : "FAILED"} after ${seconds()} s`);
    return r;
  }));
}

// Most integration tests wait on DuckDB or a child process: two files per core keeps the CPUs busy.
const concurrency = String(Math.max(2, 2 * availableParallelism()));
const testArgs = [
  "--import", "tsx",
  ...(readyDir ? ["--import", new URL("./helpers/await-needs.mjs", import.meta.url).href] : []),
  // --watch: node --test itself (it re-runs changed files); otherwise run-files.mjs, which keeps
  // the order above (the CLI sorts its file arguments by name)
  ...(watch ? ["--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", "--watch"] : [new URL("./helpers/run-files.mjs", import.meta.url).pathname, concurrency]),
  ...files,
];
// One DuckDB worker per test session (loaders/ingest/duck.ts): several files run at once, so a
// pool per session only adds contention (measured on 2 cores: test:fast 267 → 226 CPU-s).
const duckThreads = process.env.FTF_DUCKDB_THREADS ?? "1";
const env = { ...process.env, FTF_DIST: process.env.FTF_DIST ?? "dist", FTF_DUCKDB_THREADS: duckThreads, ...(readyDir ? { FTF_TEST_READY_DIR: readyDir } : {}) };
const tests = spawn(process.execPath, testArgs, { stdio: "inherit", env });
// Below the build and the type-check, so the build the browser tests wait for is not slowed down;
// test processes inherit it. (Only while something runs beside them.)
if (steps.length) {
  try {
    setPriority(tests.pid, 10);
  } catch {
    // not allowed here: same priority, only slower
  }
}
const testCode = await new Promise((resolve) => tests.on("close", (code) => resolve(code ?? 1)));
const results = await Promise.all(steps);
if (readyDir) rmSync(readyDir, { recursive: true, force: true });
let failed = testCode !== 0;
for (const r of results) {
  if (r.code === 0) continue;
  failed = true;
  process.stdout.write(r.out.endsWith("\n") || !r.out ? r.out : `${r.out}\n`);
  console.error(`npm test: ${r.label} failed (exit ${r.code})`);
}
if (!watch) console.log(`npm test: ${files.length} test files in ${seconds()} s${failed ? " — FAILED" : ""}`);
process.exit(failed ? testCode || 1 : 0);
