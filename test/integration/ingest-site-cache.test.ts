/**
 * The site's ingest cache: several data-loader processes asking for the same sweep at once get
 * one ingest and the same folder; the cache is reused until an input changes.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { SweepIdError } from "../../loaders/errors.ts";

const tmp = mkdtempSync(join(tmpdir(), "ftf-site-cache-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const sweeps = join(tmp, "sweeps");
cpSync("test/fixtures/ingest/sweeps/good", join(sweeps, "good"), { recursive: true });
cpSync("test/fixtures/ingest/sweeps/wrong-type", join(sweeps, "wrong-type"), { recursive: true });
const env = { ...process.env, FTF_SWEEPS: sweeps, FTF_OHLCV: resolve("test/fixtures/ingest/ohlcv/good"), FTF_CACHE: join(tmp, "cache") };
const script = join(tmp, "ensure.mts");
writeFileSync(script, `import { ensureIngested } from ${JSON.stringify(resolve("loaders/ingest/site-cache.ts"))};
import { listSweepIds } from ${JSON.stringify(resolve("loaders/site/paths.ts"))};
const [id] = process.argv.slice(2);
if (id === "--list") console.log(JSON.stringify(listSweepIds()));
else console.log(await ensureIngested(id));\n`);

function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runFile(script, ...args);
}

function runFile(file: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runFileIn(env, file, ...args);
}

function runFileIn(envOf: NodeJS.ProcessEnv, file: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, ["--import", "tsx", file, ...args], { env: envOf });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => res({ code, stdout: stdout.trim(), stderr }));
  });
}

test("concurrent loaders share one ingest, then reuse it until an input changes", async () => {
  const runs = await Promise.all([run("good"), run("good"), run("good")]);
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  const dirs = new Set(runs.map((r) => r.stdout));
  assert.equal(dirs.size, 1);
  const [dir] = dirs;
  assert.equal(dir, join(tmp, "cache", "good"));
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  assert.equal(manifest.sweep_id, "good");
  const mtime = statSync(join(dir, "manifest.json")).mtimeMs;

  assert.equal((await run("good")).stdout, dir);
  assert.equal(statSync(join(dir, "manifest.json")).mtimeMs, mtime, "cache hit: not re-ingested");

  const results = join(sweeps, "good", "results.csv");
  const t = new Date(Date.now() + 5000);
  utimesSync(results, t, t);
  assert.equal((await run("good")).code, 0);
  assert.notEqual(statSync(join(dir, "manifest.json")).mtimeMs, mtime, "an input changed: re-ingested");
});

test("an invalid sweep fails with its errors; a bad id is refused; listSweeps lists the folders", async () => {
  const bad = await run("wrong-type");
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /results\.csv, line 3, column "n_buy_trades": wrong type/);
  const id = await run("../etc");
  assert.notEqual(id.code, 0);
  assert.match(id.stderr, /invalid sweep id/);
  assert.deepEqual(JSON.parse((await run("--list")).stdout), ["good", "wrong-type"]);
});

test("an id naming no sweep is a SweepIdError saying which id, which folder and which ids exist", async () => {
  const { ensureIngested } = await import("../../loaders/ingest/site-cache.ts");
  const saved = process.env.FTF_SWEEPS;
  process.env.FTF_SWEEPS = sweeps;
  try {
    for (const [id, code] of [["nope", "sweep_not_found"], ["../etc", "invalid_sweep_id"]] as const) {
      await assert.rejects(ensureIngested(id), (e: unknown) => {
        assert.ok(e instanceof SweepIdError, String(e));
        assert.equal(e.code, code);
        assert.equal(e.sweepId, id);
        assert.equal(e.folder, sweeps);
        assert.deepEqual(e.known, ["good", "wrong-type"]);
        assert.match(e.message, new RegExp(`${sweeps.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: good, wrong-type`));
        return true;
      });
    }
  } finally {
    if (saved === undefined) delete process.env.FTF_SWEEPS;
    else process.env.FTF_SWEEPS = saved;
  }
});

test("a data loader asked for a missing or invalid sweep prints one line, no stack trace, and exits 1", async () => {
  const loader = resolve("src/sweeps/[sweep]/data/sweep.json.ts");
  const missing = await runFile(loader, "--sweep", "nope");
  assert.equal(missing.code, 1);
  assert.equal(missing.stdout, "");
  assert.equal(
    missing.stderr,
    `data loader sweep.json.ts: ${join(sweeps, "nope", "sweep.json")}: sweep "nope" not found; expected one of the sweeps in ${sweeps}: good, wrong-type\n`,
  );
  const trick = await runFile(loader, "--sweep", "../etc");
  assert.equal(trick.code, 1);
  assert.equal(trick.stderr, `data loader sweep.json.ts: --sweep must match [A-Za-z0-9._-]{1,100}, got "../etc"\n`);
});

test("the site-wide summary loaders fail with one line too, no stack trace", async () => {
  const notAFolder = join(tmp, "not-a-folder");
  writeFileSync(notAFolder, "x");
  for (const [loader, variable] of [["src/data/sweeps-summary.json.ts", "FTF_SWEEPS"], ["src/data/deployments-summary.json.ts", "FTF_DEPLOYMENTS"]]) {
    const r = await runFileIn({ ...env, [variable]: notAFolder }, resolve(loader));
    assert.equal(r.code, 1, loader);
    assert.match(r.stderr, /^data loader [a-z-]+\.json\.ts: .*not-a-folder.*\n$/, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});
