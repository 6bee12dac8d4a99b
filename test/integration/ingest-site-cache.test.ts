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
  return new Promise((res) => {
    const p = spawn(process.execPath, ["--import", "tsx", script, ...args], { env });
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
