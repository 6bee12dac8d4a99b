/**
 * Same inputs, same code → byte-identical outputs; the manifest traces every input and output
 * (size, SHA-256, rows) and holds no wall-clock time; a re-ingest replaces the folder whole.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ingestSweep, readIngested, readSweep, type Manifest } from "../../loaders/ingest/index.ts";

const SWEEP = "test/fixtures/ingest/sweeps/good";
const OHLCV = "test/fixtures/ingest/ohlcv/good";
const tmp = mkdtempSync(join(tmpdir(), "ftf-determinism-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

test("ingesting twice gives byte-identical files", async () => {
  const [a, b] = [join(tmp, "a"), join(tmp, "b")];
  await ingestSweep(SWEEP, { ohlcvDir: OHLCV, outDir: a });
  await ingestSweep(SWEEP, { ohlcvDir: OHLCV, outDir: b });
  const files = readdirSync(a).sort();
  assert.deepEqual(files, ["manifest.json", "ohlcv.parquet", "predictions.parquet", "results.parquet", "sweep.json"]);
  assert.deepEqual(readdirSync(b).sort(), files);
  for (const f of files) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs between two ingests`);
});

test("the manifest lists every input and output with size, SHA-256 and rows, and no build time", async () => {
  const out = join(tmp, "m");
  const m = await ingestSweep(SWEEP, { ohlcvDir: OHLCV, outDir: out });
  const onDisk = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
  assert.deepEqual(onDisk, m);
  assert.equal(m.sweep_id, "good");
  assert.equal(m.tool.name, "ftf-workbench");
  assert.match(m.tool.duckdb, /^v\d/);
  assert.deepEqual(
    m.inputs.map((f) => [f.root, f.path, f.kind, f.rows]),
    [
      ["sweep", "predictions.csv", "predictions", 96],
      ["sweep", "results.csv", "results", 24],
      ["sweep", "sweep.json", "sweep", null],
      ["ohlcv", "BTCUSDC-1h-2024-12.csv", "ohlcv", 48],
      ["ohlcv", "BTCUSDC-1h-2025-01.csv", "ohlcv", 24],
      ["ohlcv", "ETHUSDC-1h-2024-12.zip", "ohlcv", 48],
      ["ohlcv", "ETHUSDC-1h-2025-01.csv.gz", "ohlcv", 24],
      ["ohlcv", "SOLUSDC_1h.csv", "ohlcv", 72],
    ],
  );
  for (const f of m.inputs) {
    const p = join(f.root === "sweep" ? SWEEP : OHLCV, f.path);
    assert.equal(f.sha256, sha(p), `${f.path} hash`);
    assert.equal(f.size, readFileSync(p).length);
  }
  assert.deepEqual(m.inputs.find((f) => f.path.endsWith(".zip"))!.entries, [{ name: "ETHUSDC-1h-2024-12.csv", rows: 48 }]);
  assert.deepEqual(m.outputs.map((o) => [o.path, o.rows]), [["results.parquet", 24], ["predictions.parquet", 96], ["ohlcv.parquet", 216], ["sweep.json", null]]);
  for (const o of m.outputs) assert.equal(o.sha256, sha(join(out, o.path)));
  assert.deepEqual(m.ohlcv?.symbols.map((s) => [s.symbol, s.rows, s.first_ts, s.last_ts]), [
    ["BTCUSDC", 72, "2024-12-30T00:00:00Z", "2025-01-01T23:00:00Z"],
    ["ETHUSDC", 72, "2024-12-30T00:00:00Z", "2025-01-01T23:00:00Z"],
    ["SOLUSDC", 72, "2024-12-30T00:00:00Z", "2025-01-01T23:00:00Z"],
  ]);
  // No wall-clock time: nothing in the manifest looks like today.
  const today = new Date().toISOString().slice(0, 10);
  assert.ok(!readFileSync(join(out, "manifest.json"), "utf8").includes(today));
});

test("results.parquet reads back as the validated results, in output order", async () => {
  const out = join(tmp, "r");
  await ingestSweep(SWEEP, { outDir: out });
  const back = await readIngested(out);
  const direct = await readSweep(SWEEP);
  assert.deepEqual(back.results, direct.results);
  assert.deepEqual(back.config, direct.config);
  assert.deepEqual(back.results.slice(0, 2).map((r) => [r.crypto, r.fold, r.variant, r.f1_buy, r.fold_start]), [
    ["ETHUSDC", 1, "none", 0.5, "2024-12-31T00:00:00Z"],
    ["ETHUSDC", 1, "btc_min", 1, "2024-12-31T00:00:00Z"],
  ]);
});

test("re-ingesting replaces the output folder as a whole (no stale file survives)", async () => {
  const out = join(tmp, "replace");
  await ingestSweep(SWEEP, { ohlcvDir: OHLCV, outDir: out });
  writeFileSync(join(out, "stale.txt"), "from an older run");
  await ingestSweep(SWEEP, { outDir: out });
  assert.deepEqual(readdirSync(out).sort(), ["manifest.json", "predictions.parquet", "results.parquet", "sweep.json"]);
  assert.deepEqual(readdirSync(tmp).filter((f) => f.startsWith(".")), [], "no temporary folder left behind");
});
