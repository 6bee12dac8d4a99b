/**
 * `ftf validate` and `ftf ingest` as a user runs them: exit codes 0 / 1 / 2, every error printed,
 * no output folder after a failure, and no progress noise when stderr is not a terminal.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const F = "test/fixtures/ingest";
const tmp = mkdtempSync(join(tmpdir(), "ftf-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function ftf(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "loaders/cli.ts", ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("validate: a valid sweep exits 0 and says so, quietly on a non-terminal stderr", () => {
  const r = ftf("validate", join(F, "sweeps/good"), "--ohlcv", join(F, "ohlcv/good"));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /good: valid \(0 errors, 0 warnings\)/);
  assert.equal(r.stderr, "");
});

test("validate: an invalid sweep exits 1 and lists every error with its location", () => {
  const r = ftf("validate", join(F, "sweeps/unknown-variant"));
  assert.equal(r.code, 1);
  assert.match(r.stdout, /INVALID \(2 errors, 0 warnings\)/);
  assert.match(r.stdout, /results\.csv, line 4, column "variant": unknown variant \(did you mean "btc_full"\?\) \(got "btc_ful"\)/);
  assert.match(r.stdout, /incomplete grid/);
});

test("validate --json gives machine-readable errors", () => {
  const r = ftf("validate", join(F, "sweeps/wrong-type"), "--json");
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout);
  assert.equal(j.valid, false);
  assert.deepEqual(j.errors[0], {
    code: "wrong_type",
    message: 'results.csv, line 3, column "n_buy_trades": wrong type (got "many"); expected an integer',
    file: "results.csv", row: 3, unit: "line", column: "n_buy_trades", value: "many", expected: "an integer",
  });
});

test("usage errors exit 2", () => {
  assert.equal(ftf("validate").code, 2);
  assert.equal(ftf("validate", "a", "b").code, 2);
  assert.equal(ftf("validate", join(F, "sweeps/good"), "--bogus").code, 2);
  assert.equal(ftf("ingest", join(F, "sweeps/good")).code, 2, "--out is required");
});

test("ingest writes the outputs and exits 0; on invalid input exits 1 and writes nothing", () => {
  const out = join(tmp, "good");
  const ok = ftf("ingest", join(F, "sweeps/good"), "--ohlcv", join(F, "ohlcv/good"), "--out", out);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(readdirSync(out).sort(), ["manifest.json", "ohlcv.parquet", "predictions.parquet", "results.parquet", "sweep.json"]);
  assert.match(ok.stdout, /ohlcv\.parquet\s+216 rows/);
  assert.equal(ok.stderr, "");

  const bad = join(tmp, "bad");
  const r = ftf("ingest", join(F, "sweeps/good"), "--ohlcv", join(F, "ohlcv/no-sol"), "--out", bad);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /1 problem in the input:\n {2}- .*no OHLCV bars for SOLUSDC/);
  assert.equal(existsSync(bad), false);
});
