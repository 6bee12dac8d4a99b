#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it. Builds the site once (with the demo sweeps), then
// runs every test file (unit, integration, browser) in one node:test run so the closing summary
// counts them all. Browser tests are never skipped: a missing Chromium is installed when this user
// may (root or passwordless sudo), otherwise the run stops at once with the command to type.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ensureTestPackages } from "./prepare.mjs";

// `node test/run.mjs unit integration` runs only those folders (no build, no browser).
const only = process.argv.slice(2);
const suites = only.length ? only : ["unit", "integration", "browser"];
const needsSite = suites.includes("browser") || suites.includes("integration");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Before any slow step: install Chromium (and util-linux) when missing and allowed, else say how.
if (suites.includes("browser")) ensureTestPackages(chromium, process.env.CHROMIUM_PATH);

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
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
console.log("npm test: type-checking…");
run("npx", ["tsc", "--noEmit", "-p", "."]);
if (needsSite && !process.env.FTF_SKIP_BUILD) {
  console.log("npm test: building the site on the demo sweeps…");
  run("npm", ["run", "build", "--silent"]);
  console.log(`npm test: build done in ${((Date.now() - t0) / 1000).toFixed(1)} s; running tests…`);
}
const files = suites.flatMap((d) => testFiles(join("test", d)));
run(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], { FTF_DIST: "dist" });
