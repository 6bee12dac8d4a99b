/**
 * `ftf publish` of three short demo sweeps — one of them a leaky-scenario copy whose
 * enrichment_config.json was tampered with (the track is ABANDONed, the artefact contract fails) —
 * and `ftf snapshot` of that one alone:
 * - one runtime: the published snapshots share `_runtime/` (each adds its pages and data only);
 * - determinism: the published snapshot with the shared runtime and a separate `ftf snapshot` of
 *   the same sweep hold the same bytes but for snapshot.json's built_at and the pages' runtime
 *   references;
 * - snapshot.json: ids, input SHA-256s, tool, commit, verdict, the inventory of every file;
 * - served from a subfolder of a plain static server, every page of every published snapshot and
 *   of the lone snapshot works in Chromium and requests nothing outside its own folder (and the
 *   shared runtime); the artefact page and the Dossier show the red banner; the published index
 *   lists the sweeps.
 * Four site builds (several minutes on a loaded 2-core machine).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { visit, inlineErrors, useBuiltSite } from "../helpers/browser.ts";
import { listFiles } from "../../loaders/snapshot/output.ts";
import { RUNTIME_DIRS, rewriteRuntimeRefs, SHARED_RUNTIME_DIR } from "../../loaders/snapshot/shared-runtime.ts";
import type { SnapshotManifest } from "../../loaders/snapshot/index.ts";

const ID = "demo-tampered";
/** Published beside it, untouched. */
const OTHERS = ["demo-clean", "demo-unstable"];
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const EPOCH = 1_735_689_600; // 2025-01-01T00:00:00Z

let root = "";
let site = ""; // served root; the published folder is its subfolder "dossiers"
let published = "";
let single = "";
const sweepDir = () => join(root, "sweeps-to-publish", ID);

function ftf(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "loaders/cli.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FTF_GIT_COMMIT: COMMIT, SOURCE_DATE_EPOCH: String(EPOCH) },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, "snapshot.json"), "utf8")) as SnapshotManifest;

before(() => {
  root = mkdtempSync(join(tmpdir(), "ftf-snapshot-"));
  const demo = ftf(["demo", "--scenario", "all", "--out", root, "--start", "2024-10-01", "--train-end", "2024-12-01", "--end", "2025-02-01"]);
  assert.equal(demo.code, 0, demo.stderr);
  mkdirSync(join(root, "sweeps-to-publish"));
  for (const o of OTHERS) cpSync(join(root, "sweeps", o), join(root, "sweeps-to-publish", o), { recursive: true });
  cpSync(join(root, "sweeps", "demo-leaky"), sweepDir(), { recursive: true });
  const sj = join(sweepDir(), "sweep.json");
  writeFileSync(sj, readFileSync(sj, "utf8").replace('"sweep_id": "demo-leaky"', `"sweep_id": "${ID}"`));
  appendFileSync(join(sweepDir(), "enrichment_config.json"), "\n");

  site = join(root, "site");
  published = join(site, "dossiers");
  const pub = ftf(["publish", "--sweeps", join(root, "sweeps-to-publish"), "--ohlcv", join(root, "ohlcv"), "--out", published]);
  assert.equal(pub.code, 0, `${pub.stdout}\n${pub.stderr}`);
  assert.match(pub.stderr, /ftf publish: \[3\/3\] demo-unstable/, "progress on stderr");
  assert.match(pub.stderr, /runtime shared \(_runtime\/: 0 files added, \d+ reused\)/, "the second and third sweeps reuse the runtime");
  single = join(site, "single");
  const snap = ftf(["snapshot", sweepDir(), "--ohlcv", join(root, "ohlcv"), "--out", single]);
  assert.equal(snap.code, 0, `${snap.stdout}\n${snap.stderr}`);
  assert.match(snap.stderr, /ftf snapshot: demo-tampered: building the static site/);
  assert.match(snap.stdout, /demo-tampered: ABANDON; artefact contract mismatch/);
});

after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const isRuntime = (f: string) => RUNTIME_DIRS.some((d) => f.startsWith(`${d}/`));
const runtime = () => join(published, SHARED_RUNTIME_DIR);

describe("snapshot files", () => {
  test("the same inputs give the same bytes: the lone snapshot = the published one with the shared runtime", () => {
    const a = join(published, ID);
    const files = listFiles(single);
    assert.ok(files.length > 50, `${files.length} files`);
    assert.deepEqual(listFiles(a), files.filter((f) => !isRuntime(f)), "the published snapshot holds no runtime of its own");
    const differ = files.filter((f) => {
      if (f === "snapshot.json") return false;
      const mine = readFileSync(join(single, f));
      if (isRuntime(f)) return !existsSync(join(runtime(), f)) || !readFileSync(join(runtime(), f)).equals(mine);
      return f.endsWith(".html") ? rewriteRuntimeRefs(mine.toString("utf8"), f) !== readFileSync(join(a, f), "utf8") : !readFileSync(join(a, f)).equals(mine);
    });
    assert.deepEqual(differ, []);
    const [ma, mb] = [manifestOf(a), manifestOf(single)];
    assert.notEqual(ma.built_at, mb.built_at, "two builds, two build times");
    assert.equal(ma.shared_runtime, `../${SHARED_RUNTIME_DIR}`);
    assert.equal(mb.shared_runtime, undefined);
    const { files: fa, built_at: _a, shared_runtime: _s, ...restA } = ma;
    const { files: fb, built_at: _b, ...restB } = mb;
    assert.deepEqual(restA, restB);
    assert.deepEqual(fa.list.map((f) => f.path.replace(`../${SHARED_RUNTIME_DIR}/`, "")).sort(), fb.list.map((f) => f.path).sort(), "the same inventory");
  });

  test("one runtime for the three published sweeps: each adds only its pages and data", () => {
    const shared = listFiles(runtime());
    assert.ok(shared.some((f) => f.endsWith("duckdb-eh.wasm")) && shared.every(isRuntime), "the runtime holds DuckDB-WASM and only the runtime folders");
    for (const id of [ID, ...OTHERS]) {
      const own = listFiles(join(published, id));
      assert.deepEqual(own.filter(isRuntime), [], `${id} has no runtime of its own`);
      assert.ok(!own.some((f) => f.endsWith(".wasm")), `${id}: no wasm`);
      assert.equal(manifestOf(join(published, id)).shared_runtime, `../${SHARED_RUNTIME_DIR}`);
    }
  });

  test("snapshot.json: sweep id, input SHA-256s, tool, commit, build time, verdict, artefact contract, inventory", () => {
    const dir = join(published, ID);
    const m = manifestOf(dir);
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    assert.equal(m.sweep_id, ID);
    assert.equal(m.dossier, `sweeps/${ID}/index.html`);
    assert.deepEqual([m.tool.name, m.tool.version, m.tool.git_commit], [pkg.name, pkg.version, COMMIT]);
    assert.equal(m.source_date, new Date(EPOCH * 1000).toISOString());
    assert.ok(Math.abs(Date.parse(m.built_at) - Date.now()) < 60 * 60_000, m.built_at);
    for (const f of ["sweep.json", "results.csv", "predictions.parquet", "enrichment_config.json"]) {
      assert.equal(m.inputs.find((i) => i.root === "sweep" && i.path === f)?.sha256, sha(join(sweepDir(), f)), f);
    }
    const btcJan = m.inputs.find((i) => i.root === "ohlcv" && i.path === "BTCUSDC-1h-2025-01.csv");
    assert.equal(btcJan?.sha256, sha(join(root, "ohlcv", "BTCUSDC-1h-2025-01.csv")));
    assert.equal(m.verdict.track_verdict, "ABANDON");
    assert.equal(m.verdict.leakage_suspected, true);
    assert.equal(m.artefact_contract.status, "mismatch");
    assert.match(m.artefact_contract.failed[0], /enrichment_config\.json SHA-256/);
    const disk = listFiles(dir).filter((f) => f !== "snapshot.json");
    assert.deepEqual(m.files.list.map((f) => f.path).filter((p) => !p.startsWith("../")), disk);
    assert.ok(m.files.list.some((f) => f.path.startsWith(`../${SHARED_RUNTIME_DIR}/`)), "the shared runtime files it uses are listed");
    for (const f of m.files.list.filter((_, i) => i % 17 === 0)) assert.equal(f.sha256, sha(join(dir, f.path)), f.path);
    assert.equal(m.files.bytes, m.files.list.reduce((s, f) => s + f.size, 0));
  });

  test("no page embeds a wall-clock time or the build's folders", () => {
    const dir = join(published, ID);
    for (const f of listFiles(dir).filter((p) => p.endsWith(".html") || p.endsWith(".json"))) {
      const text = readFileSync(join(dir, f), "utf8");
      if (f === "snapshot.json") continue;
      assert.ok(!text.includes(root) && !text.includes(tmpdir() + "/ftf-snapshot-"), `${f} names a build folder`);
      for (const m of text.matchAll(/"lastModified":(\d+)/g)) assert.equal(Number(m[1]), EPOCH * 1000, f);
    }
    assert.ok(existsSync(join(published, ".nojekyll")), "GitHub Pages must not run Jekyll (it drops _file, _import, _node)");
  });
});

describe("snapshot served from a subfolder, in Chromium", () => {
  const served = useBuiltSite({ root: () => site });

  // every page of the three published snapshots (one shared runtime) and of the lone one
  const folders = [...[ID, ...OTHERS].map((id) => ({ id, base: `/dossiers/${id}/`, dir: () => join(published, id), runtime: `/dossiers/${SHARED_RUNTIME_DIR}/` })), { id: ID, base: "/single/", dir: () => single, runtime: null }];
  for (const f of folders) test(`every page of ${f.base} loads cleanly and requests nothing outside its folder${f.runtime ? " and the shared runtime" : ""}`, async (t) => {
    const { id, base } = f;
    const pages = listFiles(f.dir()).filter((p) => p.endsWith(".html"));
    assert.ok(pages.includes("index.html") && pages.includes(`sweeps/${id}/index.html`) && pages.includes(`sweeps/${id}/artefacts.html`), pages.join(", "));
    assert.ok(!pages.includes("compare.html"), "a one-sweep snapshot has no Compare page");
    for (const p of pages) {
      await t.test(p, async () => {
        const from = served.server.requests.length;
        const v = await visit(served.browser, `${served.server.url}${base}${p}`, served.server.url);
        try {
          assert.deepEqual(v.outsideRequests, [], "requests outside the origin");
          assert.deepEqual(served.server.requests.slice(from).filter((r) => !r.startsWith(base) && !(f.runtime && r.startsWith(f.runtime))), [], `requests outside ${base}`);
          assert.deepEqual(v.failedRequests, []);
          assert.deepEqual(v.pageErrors, []);
          assert.deepEqual(v.consoleErrors, []);
          assert.deepEqual(await inlineErrors(v.page), []);
        } finally {
          await v.page.close();
        }
      });
    }
  });

  test("the snapshot's home lists the sweep and its link opens the dossier, with the snapshot's verdict", async () => {
    const v = await visit(served.browser, `${served.server.url}/dossiers/${ID}/index.html`, served.server.url);
    try {
      const row = v.page.locator(`[data-testid="sweeps-table"] tr[data-sweep="${ID}"]`);
      assert.equal(await row.locator('[data-testid="track-verdict"]').textContent(), "ABANDON");
      assert.equal(await row.locator('[data-testid="artefact-mismatch"]').count(), 1);
      await row.locator(`a[href="./sweeps/${ID}/index.html"]`).first().click();
      await v.page.waitForURL(`**/dossiers/${ID}/sweeps/${ID}/index.html`);
      await v.page.waitForSelector('[data-testid="track-verdict"]');
      assert.equal(await v.page.textContent('[data-testid="track-verdict"]'), manifestOf(join(published, ID)).verdict.track_verdict);
    } finally {
      await v.page.close();
    }
  });

  test("the artefact contract page shows the red banner with both digests", async () => {
    const v = await visit(served.browser, `${served.server.url}/dossiers/${ID}/sweeps/${ID}/artefacts.html`, served.server.url);
    try {
      const banner = await v.page.textContent('[data-testid="artefact-banner"]');
      const expected = JSON.parse(readFileSync(join(sweepDir(), "sweep.json"), "utf8")).registry.enrichment_config_sha256;
      assert.ok(banner && banner.includes("MISMATCH") && banner.includes(expected) && banner.includes(sha(join(sweepDir(), "enrichment_config.json"))), banner ?? "no banner");
      assert.equal((await v.page.textContent('[data-testid="artefact-status"] .value'))?.trim(), "MISMATCH");
    } finally {
      await v.page.close();
    }
  });

  test("the Dossier shows the red artefact banner", async () => {
    const v = await visit(served.browser, `${served.server.url}/dossiers/${ID}/sweeps/${ID}/index.html`, served.server.url);
    try {
      assert.equal(await v.page.locator('[data-testid="artefact-banner"]').count(), 1);
    } finally {
      await v.page.close();
    }
  });

  test("the published index lists the sweep with its verdict and links into the snapshot", async () => {
    const v = await visit(served.browser, `${served.server.url}/dossiers/`, served.server.url);
    try {
      assert.deepEqual(v.outsideRequests, []);
      assert.deepEqual(v.failedRequests, []);
      const row = v.page.locator(`tr[data-sweep="${ID}"]`);
      assert.equal(await row.locator('[data-testid="track-verdict"]').textContent(), "ABANDON");
      assert.match((await row.textContent()) ?? "", /MISMATCH/);
      await row.locator("a").first().click();
      await v.page.waitForURL(`**/dossiers/${ID}/index.html`);
    } finally {
      await v.page.close();
    }
  });
});
