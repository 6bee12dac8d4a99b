/**
 * Sweep ids name folders and URLs, so ids with path tricks ("../x", "a/b", empty, 101 characters,
 * ".", "..") are refused everywhere an id enters: the data loaders' --sweep, the ingest cache, the
 * site's sweep listing, `ftf snapshot` and `ftf publish`. Plus the snapshot CLI's refusals that
 * come before any build (usage, an --out that is not a snapshot, invalid input). No build runs here.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isValidSweepId } from "../../src/lib/sweep.ts";
import { sweepArg } from "../../loaders/site/emit.ts";
import { listSweepIds } from "../../loaders/site/paths.ts";
import { sweepIdOfFolder } from "../../loaders/snapshot/index.ts";
import { sweepFolders } from "../../loaders/snapshot/publish.ts";

const TRICKS = ["../x", "a/b", "", "x".repeat(101), ".", "..", "a\\b", "with space", "%2e%2e"];

let root = "";
const demo = () => join(root, "sweeps", "demo-clean");

function ftf(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "loaders/cli.ts", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { code: r.status, out: r.stdout + r.stderr };
}

before(() => {
  root = mkdtempSync(join(tmpdir(), "ftf-snapshot-ids-"));
  const r = ftf(["demo", "--scenario", "clean", "--out", root, "--start", "2024-10-01", "--train-end", "2024-12-01", "--end", "2025-02-01"]);
  assert.equal(r.code, 0, r.out);
});
after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("sweep ids with path tricks are refused", () => {
  test("the id rule itself: [A-Za-z0-9._-]{1,100}, not . or ..", () => {
    for (const id of TRICKS) assert.equal(isValidSweepId(id), false, JSON.stringify(id));
    assert.equal(isValidSweepId("x".repeat(100)), true);
    assert.equal(isValidSweepId("demo-clean.v2_1"), true);
  });

  test("data loaders (--sweep) and the ingest cache refuse them", async () => {
    const { ensureIngested } = await import("../../loaders/ingest/site-cache.ts");
    for (const id of TRICKS) {
      assert.throws(() => sweepArg(["--sweep", id]), /--sweep must match/, JSON.stringify(id));
      await assert.rejects(ensureIngested(id), /invalid sweep id/, JSON.stringify(id));
    }
    assert.throws(() => sweepArg([]), /--sweep must match/);
    assert.equal(sweepArg(["--sweep", "demo-clean"]), "demo-clean");
  });

  test("the site lists, and publish takes, only folders with a valid name", () => {
    const sweeps = join(root, "listing");
    for (const name of ["ok-1", "with space", "x".repeat(101), "..."]) {
      mkdirSync(join(sweeps, name), { recursive: true });
      writeFileSync(join(sweeps, name, "sweep.json"), "{}");
    }
    assert.deepEqual(listSweepIds(sweeps), ["...", "ok-1"].filter(isValidSweepId));
    const { ids, refused } = sweepFolders(sweeps);
    assert.deepEqual(ids, ["...", "ok-1"].filter(isValidSweepId));
    assert.deepEqual(refused.map((r) => r.name).sort(), ["with space", "x".repeat(101)].sort());
  });

  test("ftf snapshot refuses a sweep folder whose name is not a valid id, and writes nothing", () => {
    const bad = join(root, "x".repeat(101));
    cpSync(demo(), bad, { recursive: true });
    assert.throws(() => sweepIdOfFolder(bad), /not a valid sweep id/);
    const out = join(root, "out-long");
    const r = ftf(["snapshot", bad, "--out", out]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /the folder name is not a valid sweep id/);
    assert.equal(existsSync(out), false);
  });

  test("ftf snapshot refuses a sweep.json whose sweep_id is a path trick, before building", () => {
    const dir = join(root, "trick");
    cpSync(demo(), dir, { recursive: true });
    const sj = join(dir, "sweep.json");
    writeFileSync(sj, readFileSync(sj, "utf8").replace('"sweep_id": "demo-clean"', '"sweep_id": "../x"'));
    const out = join(root, "out-trick");
    const r = ftf(["snapshot", dir, "--out", out]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /sweep\.json, column "sweep_id": invalid sweep_id \(got "\.\.\/x"\)/);
    assert.equal(existsSync(out), false);
  });

  test("ftf publish lists refused folders and fails", () => {
    const sweeps = join(root, "publish-refused");
    mkdirSync(join(sweeps, "bad name"), { recursive: true });
    writeFileSync(join(sweeps, "bad name", "sweep.json"), "{}");
    const out = join(root, "published");
    const r = ftf(["publish", "--sweeps", sweeps, "--out", out]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /skipping folder "bad name": the folder name is not a valid sweep id/);
    assert.match(readFileSync(join(out, "index.html"), "utf8"), /bad name/);
  });
});

describe("ftf snapshot: refusals before any build", () => {
  test("usage errors exit 2", () => {
    assert.equal(ftf(["snapshot", demo()]).code, 2, "--out is required");
    assert.equal(ftf(["snapshot", "--out", join(root, "o")]).code, 2, "a sweep folder is required");
    assert.equal(ftf(["publish", "--out", join(root, "o")]).code, 2, "--sweeps is required");
  });

  test("an --out folder that holds something else is not replaced", () => {
    const out = join(root, "precious");
    mkdirSync(out);
    writeFileSync(join(out, "thesis.tex"), "do not delete");
    const r = ftf(["snapshot", demo(), "--out", out]);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /exists and is not a snapshot/);
    assert.equal(readFileSync(join(out, "thesis.tex"), "utf8"), "do not delete");
  });

  test("invalid input exits 1 with the ingest's located errors", () => {
    const dir = join(root, "no-results");
    cpSync(demo(), dir, { recursive: true });
    rmSync(join(dir, "results.csv"));
    const r = ftf(["snapshot", dir, "--out", join(root, "out-invalid")]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /no results file/);
  });
});
