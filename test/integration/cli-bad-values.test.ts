/**
 * Every command, given a bad flag value, exits 1 (invalid input) or 2 (usage) with a one-line
 * reason and no stack trace. The values are refused before any heavy work starts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const GOOD = "test/fixtures/ingest/sweeps/good";
const OHLCV = "test/fixtures/ingest/ohlcv/good";

async function ftf(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  try {
    const r = await run(process.execPath, ["--import", "tsx", "loaders/cli.ts", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FTF_DEBUG: "" } });
    return { code: 0, stderr: r.stderr, stdout: r.stdout };
  } catch (e) {
    const x = e as { code: number; stderr: string; stdout: string };
    return { code: x.code, stderr: x.stderr, stdout: x.stdout };
  }
}

const tmp = mkdtempSync(join(tmpdir(), "ftf-badflags-"));
const CASES: Array<[string[], number, RegExp]> = [
  [["demo", "--seed", "abc", "--out", join(tmp, "d")], 2, /--seed must be a non-negative integer/],
  [["demo", "--start", "yesterday", "--out", join(tmp, "d")], 2, /--start must be a UTC date/],
  [["demo", "--scenario", "nope", "--out", join(tmp, "d")], 2, /--scenario must be one of/],
  [["drift", GOOD, "--ohlcv", OHLCV, "--set", "window_days=0"], 2, /threshold "window_days" must be > 0 \(got 0\)/],
  [["drift", GOOD, "--ohlcv", OHLCV, "--set", "window_dayz=3"], 2, /did you mean "window_days"/],
  [["drift", GOOD, "--ohlcv", OHLCV, "--set", "ks_alpha=x"], 2, /"x" is not a number/],
  [["drift", GOOD, "--ohlcv", OHLCV, "--warn-p", "maybe"], 2, /--warn-p must be/],
  [["drift", GOOD, "--ohlcv", "/nonexistent-ohlcv"], 1, /cannot read the OHLCV folder/],
  [["validate", GOOD, "--ohlcv", "/nonexistent-ohlcv"], 1, /cannot read the OHLCV folder/],
  [["ingest", GOOD, "--ohlcv", "/nonexistent-ohlcv", "--out", join(tmp, "i")], 1, /cannot read the OHLCV folder/],
  [["verdict", GOOD, "--ohlcv", "/nonexistent-ohlcv"], 1, /cannot read the OHLCV folder/],
  [["verdict", GOOD, "--bogus"], 2, /Unknown option '--bogus'/],
  [["snapshot", GOOD, "--ohlcv", "/nonexistent-ohlcv", "--out", join(tmp, "s")], 1, /OHLCV folder not found/],
  [["publish", "--sweeps", "/nonexistent-sweeps", "--out", join(tmp, "p")], 1, /sweeps folder not found/],
  [["mlflow", "runs", "/nonexistent-store", "--status", "BOGUS"], 2, /unknown run status "BOGUS"/],
  [["import", "mlflow", "/nonexistent-store", "--experiment", "1", "--map", "f1_buy=metrics.f1", "--sweep-id", "bad id", "--out", join(tmp, "m")], 2, /--sweep-id "bad id"/],
];

test("a bad flag value: exit 1 or 2, the reason on stderr, no stack trace", async () => {
  try {
    // Two at a time: each is a Node start-up with tsx.
    const results: Array<Awaited<ReturnType<typeof ftf>>> = [];
    for (let i = 0; i < CASES.length; i += 2) results.push(...(await Promise.all(CASES.slice(i, i + 2).map(([args]) => ftf(args)))));
    CASES.forEach(([args, code, re], i) => {
      const r = results[i];
      const what = `ftf ${args.join(" ")}`;
      assert.equal(r.code, code, `${what}: exit ${r.code}\n${r.stderr}`);
      assert.match(r.stderr, re, what);
      assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, `${what} printed a stack trace`);
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("sweep.json thresholds.drift reaches the drift analysis; a bad one is invalid input (exit 1) naming its path", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ftf-thresholds-"));
  try {
    cpSync(GOOD, join(dir, "s"), { recursive: true });
    const file = join(dir, "s", "sweep.json");
    const cfg = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...cfg, thresholds: { gates: { min_uplift: 0.03 }, drift: { window_days: 14 } } }));
    const ok = await ftf(["drift", join(dir, "s"), "--ohlcv", OHLCV, "--json"]);
    assert.equal(ok.code === 0 || ok.code === 1, true, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).thresholds.window_days, 14);
    writeFileSync(file, JSON.stringify({ ...cfg, thresholds: { drift: { window_days: 0 } } }));
    const bad = await ftf(["drift", join(dir, "s"), "--ohlcv", OHLCV]);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /thresholds\.drift\.window_days.*must be > 0/);
    assert.doesNotMatch(bad.stderr, /^\s+at .+:\d+:\d+\)?$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
