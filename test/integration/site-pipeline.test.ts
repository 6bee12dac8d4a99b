/**
 * The site pipeline's cache key (loaders/site/pipeline.ts) covers all of the code: in a temporary
 * copy of loaders/ and src/lib/, an edit to a statistics file (which the drift stage's old key did
 * not hash) makes the drift stage recompute, and an edit to the gate thresholds (which the ingest
 * stage's old key did not hash) makes the ingest stage recompute; unchanged code and inputs are
 * served from the cache.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { Duck } from "../../loaders/ingest/duck.ts";
import { ingestSweep } from "../../loaders/ingest/index.ts";
import { KEY_FILE } from "../../loaders/site/pipeline.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { siteTable } from "../../src/lib/tables.ts";

const tmp = mkdtempSync(join(tmpdir(), "ftf-pipeline-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

// The copy runs its own code: its PROJECT_ROOT, and so the hashed source, is the copy.
const root = join(tmp, "root");
mkdirSync(join(root, "src"), { recursive: true });
cpSync("loaders", join(root, "loaders"), { recursive: true });
cpSync("src/lib", join(root, "src/lib"), { recursive: true });
for (const f of ["package.json", "tsconfig.json"]) cpSync(f, join(root, f));
symlinkSync(resolve("node_modules"), join(root, "node_modules"), "dir");

const sweeps = join(tmp, "sweeps");
cpSync("test/fixtures/ingest/sweeps/good", join(sweeps, "good"), { recursive: true });
const ohlcv = resolve("test/fixtures/ingest/ohlcv/good");
const env = { ...process.env, FTF_SWEEPS: sweeps, FTF_OHLCV: ohlcv, FTF_CACHE: join(tmp, "cache"), FTF_GIT_COMMIT: "0".repeat(40) };

const ingestDir = join(tmp, "ingest");
const script = join(root, "stage.mts");
writeFileSync(
  script,
  `const [stage, arg] = process.argv.slice(2);
if (stage === "drift") console.log(await (await import("./loaders/drift/cache.ts")).ensureDriftTables(arg));
else console.log(await (await import("./loaders/ingest/site-cache.ts")).ensureIngested(arg));\n`,
);

async function run(stage: "drift" | "ingest", arg: string): Promise<string> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, ["--import", "tsx", script, stage, arg], { env, cwd: root });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => (code === 0 ? res(stdout.trim()) : rej(new Error(`${stage} exited ${code}: ${stderr}`))));
  });
}

/** What tells a recomputed output from a cached one: the file's identity and its stage key. */
function identity(dir: string, file: string): { ino: number; mtimeMs: number; key: string } {
  const st = statSync(join(dir, file));
  return { ino: st.ino, mtimeMs: st.mtimeMs, key: readFileSync(join(dir, KEY_FILE), "utf8") };
}

test("an edit under src/lib/stats recomputes the drift tables; unchanged code and inputs are served from the cache", async () => {
  // The ingest folder is made once, outside the copy, so only the drift stage's own key decides.
  await ingestSweep(join(sweeps, "good"), { ohlcvDir: ohlcv, outDir: ingestDir });
  const dir = await run("drift", ingestDir);
  assert.equal(dir, join(ingestDir, "drift"));
  const first = identity(dir, "drift.parquet");
  const report = readFileSync(join(dir, "drift.json"), "utf8");

  assert.equal(await run("drift", ingestDir), dir);
  assert.deepEqual(identity(dir, "drift.parquet"), first, "unchanged: served from the cache");

  appendFileSync(join(root, "src/lib/stats/psi.ts"), "\n// an edit the drift stage must see\n");
  assert.equal(await run("drift", ingestDir), dir);
  const second = identity(dir, "drift.parquet");
  assert.notEqual(second.key, first.key, "the key follows the statistics code");
  assert.notEqual(second.ino, first.ino, "drift.parquet was written again");
  assert.equal(readFileSync(join(dir, "drift.json"), "utf8"), report, "same code semantics, same bytes");

  assert.deepEqual(identity(await run("drift", ingestDir), "drift.parquet"), second, "and cached again");
});

test("an edit to the gate thresholds re-ingests; unchanged code and inputs are served from the cache", async () => {
  const dir = await run("ingest", "good");
  assert.equal(dir, join(tmp, "cache", "good"));
  const first = identity(dir, "manifest.json");
  assert.deepEqual(identity(await run("ingest", "good"), "manifest.json"), first, "unchanged: served from the cache");

  appendFileSync(join(root, "src/lib/gates/thresholds.ts"), "\n// an edit the ingest stage must see\n");
  const second = identity(await run("ingest", "good"), "manifest.json");
  assert.notEqual(second.key, first.key);
  assert.notEqual(second.ino, first.ino, "re-ingested");
});

test("the written tables have the catalogue's columns and types (src/lib/tables.ts)", async () => {
  const duck = await Duck.open();
  try {
    const files = [...["results.parquet", "ohlcv.parquet"].map((f) => join(ingestDir, f)), ...["features.parquet", "drift.parquet", "correlation.parquet", "quality_flags.parquet"].map((f) => join(ingestDir, "drift", f))];
    for (const path of files) {
      const cols = await duck.rows<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(path)}))`);
      const table = siteTable(path.split("/").pop()!);
      const want = table.columns.filter((c) => !c.optional || cols.some((x) => x.column_name === c.name)).map((c) => `${c.name} ${c.type}`);
      assert.deepEqual(cols.map((c) => `${c.column_name} ${c.column_type}`), want, path);
    }
  } finally {
    duck.close();
  }
});
