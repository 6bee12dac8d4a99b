#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it. Type-checks while the site builds (with the demo
// sweeps), then runs every test file (unit, integration, site, browser) in one node:test run so
// the closing summary counts them all. Browser tests are never skipped: a missing Chromium is
// installed when this user may (root or passwordless sudo), otherwise the run stops at once with
// the command to type.
//
//   node test/run.mjs                  everything (CI)
//   node test/run.mjs fast             unit + integration: no type-check, no site build (npm run test:fast)
//   node test/run.mjs unit integration those folders (test/site and test/browser need the build)
//   node test/run.mjs test/unit/x.test.ts ...   those files only (built first if one needs the site)
//   add --watch to re-run on change (node --test --watch)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { ensureTestPackages } from "./prepare.mjs";

const args = process.argv.slice(2);
const watch = args.includes("--watch");
const named = args.filter((a) => a !== "--watch");
const fast = named.includes("fast");
const fileArgs = named.filter((a) => /\.test\.(ts|mjs|js)$/.test(a));
const folders = fast ? ["unit", "integration"] : named.filter((a) => a !== "fast" && !fileArgs.includes(a));
const suites = fileArgs.length ? [] : folders.length ? folders : ["unit", "integration", "site", "browser"];
const needsSite = suites.includes("browser") || suites.includes("site") || fileArgs.some((f) => /test[\\/](site|browser)[\\/]/.test(f));
const needsBrowser = suites.includes("browser") || fileArgs.some((f) => /test[\\/]browser[\\/]/.test(f));
const full = !fast && !fileArgs.length && !folders.length;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Before any slow step: install Chromium (and util-linux) when missing and allowed, else say how.
if (needsBrowser) ensureTestPackages(chromium, process.env.CHROMIUM_PATH);

function run(cmd, cmdArgs, env = {}) {
  const r = spawnSync(cmd, cmdArgs, { stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** A child whose output is held back and printed when it ends (so two in parallel do not interleave). */
function background(label, cmd, cmdArgs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ label, code: code ?? 1, out }));
  });
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return testFiles(p);
    return /\.test\.(ts|mjs|js)$/.test(name) ? [p] : [];
  }).sort();
}

const t0 = Date.now();
const seconds = () => ((Date.now() - t0) / 1000).toFixed(1);
if (full) {
  // The type-check (~1 CPU) runs beside the build instead of before it; both must pass.
  console.log("npm test: type-checking while the site builds on the demo sweeps…");
  const build = process.env.FTF_SKIP_BUILD ? Promise.resolve({ label: "build", code: 0, out: "" }) : background("build", "npm", ["run", "build", "--silent"]);
  const results = await Promise.all([background("type-check", "npx", ["tsc", "--noEmit", "-p", "."]), build]);
  for (const r of results) {
    if (r.code !== 0) {
      process.stdout.write(r.out);
      console.error(`npm test: ${r.label} failed (exit ${r.code})`);
    }
  }
  if (results.some((r) => r.code !== 0)) process.exit(1);
  console.log(`npm test: type-check and build done in ${seconds()} s; running tests…`);
} else if (needsSite && !process.env.FTF_SKIP_BUILD) {
  console.log("npm test: building the site on the demo sweeps…");
  run("npm", ["run", "build", "--silent"]);
  console.log(`npm test: build done in ${seconds()} s; running tests…`);
}
const files = fileArgs.length ? fileArgs : suites.flatMap((d) => testFiles(join("test", d)));
// Most integration tests wait on DuckDB or a child process: two files per core keeps the CPUs busy.
const concurrency = String(Math.max(2, 2 * availableParallelism()));
const testArgs = ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...(watch ? ["--watch"] : []), ...files];
const r = spawnSync(process.execPath, testArgs, { stdio: "inherit", env: { ...process.env, FTF_DIST: process.env.FTF_DIST ?? "dist" } });
if (!watch) console.log(`npm test: ${files.length} test files in ${seconds()} s`);
process.exit(r.status ?? 1);
