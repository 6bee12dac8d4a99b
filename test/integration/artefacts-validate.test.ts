/**
 * The artefact contract end to end on a short demo sweep: `ftf validate` refuses a tampered
 * enrichment_config.json (exit 1, naming the file and both digests), runs that recorded another
 * enrichment SHA-256, and a malformed shadow.csv; accepts a good shadow.csv; the site's summary
 * (home page) flags the tampered sweep and reports an unreadable one without failing.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artefactsOfSweep } from "../../loaders/artefacts.ts";
import { readSweep } from "../../loaders/ingest/index.ts";
import { ftfInProcess } from "../helpers/cli.ts";

let root = "";
const clean = () => join(root, "sweeps", "demo-clean");

/** `ftf ...args` as a user runs it, in this process (test/helpers/cli.ts: no second of start-up per call). */
async function ftf(args: string[]) {
  const r = await ftfInProcess(...args);
  return { code: r.code, out: r.stdout + r.stderr, stdout: r.stdout };
}

/** A copy of the clean sweep under another name, changed by `edit`. */
function variantOf(name: string, edit: (dir: string) => void): string {
  const dir = join(root, "variants", name);
  mkdirSync(join(root, "variants"), { recursive: true });
  cpSync(clean(), dir, { recursive: true });
  const sj = join(dir, "sweep.json");
  writeFileSync(sj, readFileSync(sj, "utf8").replace('"sweep_id": "demo-clean"', `"sweep_id": "${name}"`));
  edit(dir);
  return dir;
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

before(async () => {
  root = mkdtempSync(join(tmpdir(), "ftf-artefacts-"));
  const r = await ftf(["demo", "--scenario", "clean", "--out", root, "--start", "2024-10-01", "--train-end", "2024-12-01", "--end", "2025-02-01"]);
  assert.equal(r.code, 0, r.out);
});
after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("ftf validate and the artefact contract", () => {
  test("the untouched demo sweep is valid", async () => {
    const r = await ftf(["validate", clean()]);
    assert.equal(r.code, 0, r.out);
  });

  test("a tampered enrichment_config.json fails with the file, the expected and the actual SHA-256", async () => {
    const dir = variantOf("tampered", (d) => appendFileSync(join(d, "enrichment_config.json"), " "));
    const expected = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")).registry.enrichment_config_sha256 as string;
    const actual = sha(join(dir, "enrichment_config.json"));
    assert.notEqual(actual, expected);
    const r = await ftf(["validate", dir]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /INVALID/);
    const line = r.out.split("\n").find((l) => l.includes("enrichment_config.json"))!;
    assert.ok(line && line.includes(expected) && line.includes(actual), `one message naming file, expected and actual hash:\n${r.out}`);
    const json = await ftf(["validate", dir, "--json"]);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as { valid: boolean; errors: Array<{ code: string; file: string; expected: string }>; warnings: Array<{ code: string }> };
    assert.equal(report.valid, false);
    assert.deepEqual(report.errors.map((e) => [e.code, e.file]), [["enrichment_sha_mismatch", "enrichment_config.json"]]);
    assert.ok(report.errors[0].expected.includes(expected));
    assert.ok(!report.warnings.some((w) => w.code === "enrichment_sha_mismatch"), "reported once, as an error");
  });

  test("runs that recorded another enrichment SHA-256 than the registered one fail", async () => {
    const dir = variantOf("runs-sha", (d) => {
      const p = join(d, "results.csv");
      const lines = readFileSync(p, "utf8").split("\n");
      const header = lines[0].split(",");
      const col = header.indexOf("enrichment_config_sha256");
      const cells = lines[3].split(",");
      cells[col] = "f".repeat(64);
      lines[3] = cells.join(",");
      writeFileSync(p, lines.join("\n"));
    });
    const r = await ftf(["validate", dir]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /results\.csv, column "enrichment_config_sha256": variant \w+: 1 run recorded enrichment_config_sha256 f{64}/);
  });

  test("shadow.csv: a malformed file fails with its line and column; a good one passes the dry run", async () => {
    const bad = variantOf("shadow-bad", (d) => writeFileSync(join(d, "shadow.csv"), "crypto,variant,f1_buy,feature_names\nETHUSDC,none,1.7,a;b\n"));
    const r = await ftf(["validate", bad]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /shadow\.csv, line 2, column "f1_buy": not a probability \(got "1\.7"\); expected a number in \[0, 1\]/);

    const { config, results } = await readSweep(clean());
    const names = config.registry!.variants!.none.feature_names!.join(";");
    const rows = config.cryptos!.map((c) => {
      const base = results.filter((x) => x.crypto === c && x.variant === "none").map((x) => x.f1_buy);
      return `${c},none,${base.reduce((s, x) => s + x, 0) / base.length - 0.005},${names}`;
    });
    const good = variantOf("shadow-good", (d) => writeFileSync(join(d, "shadow.csv"), `crypto,variant,f1_buy,feature_names\n${rows.join("\n")}\n`));
    assert.equal((await ftf(["validate", good])).code, 0);
    const report = await artefactsOfSweep(good);
    assert.equal(report.shadow.status, "pass", report.shadow.reason);
    assert.equal(report.status, "ok");
    // one crypto 0.02 under its baseline: the dry run fails (the page shows it red), the file is still well-formed
    const low = variantOf("shadow-low", (d) => writeFileSync(join(d, "shadow.csv"), `crypto,variant,f1_buy,feature_names\n${rows.map((l, i) => (i === 0 ? l.replace(/,([0-9.]+),/, (_, f) => `,${Number(f) - 0.02},`) : l)).join("\n")}\n`));
    const lowReport = await artefactsOfSweep(low);
    assert.equal(lowReport.shadow.status, "fail");
    assert.equal(lowReport.status, "mismatch");
  });
});

describe("the sweeps summary (home page)", () => {
  test("verdicts per sweep, the tampered sweep flagged, an unreadable one reported instead of failing", async () => {
    const sweeps = join(root, "site-sweeps");
    mkdirSync(sweeps);
    cpSync(clean(), join(sweeps, "demo-clean"), { recursive: true });
    cpSync(join(root, "variants", "tampered"), join(sweeps, "tampered"), { recursive: true });
    cpSync(clean(), join(sweeps, "broken"), { recursive: true });
    rmSync(join(sweeps, "broken", "results.csv"));
    mkdirSync(join(sweeps, "not a valid id"));
    writeFileSync(join(sweeps, "not a valid id", "sweep.json"), "{}");
    const env = { FTF_SWEEPS: sweeps, FTF_OHLCV: join(root, "no-ohlcv"), FTF_CACHE: join(root, "cache") };
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/data/sweeps-summary.json.ts"], { encoding: "utf8", env: { ...process.env, ...env } });
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as Array<{ sweep_id: string; status: string; error: string | null; track_verdict: string | null; variants: Array<{ variant: string; verdict: string }>; artefacts: { status: string; failed: string[] } | null }>;
    assert.deepEqual(summary.map((s) => s.sweep_id).sort(), ["broken", "demo-clean", "tampered"], "folders with an invalid name are not listed");
    const by = Object.fromEntries(summary.map((s) => [s.sweep_id, s]));
    assert.equal(by["demo-clean"].status, "ok");
    assert.equal(by["demo-clean"].artefacts!.status, "ok");
    assert.equal(by["demo-clean"].variants.length, 6);
    assert.ok(["PROCEED", "ABANDON"].includes(by["demo-clean"].track_verdict!));
    assert.equal(by.tampered.artefacts!.status, "mismatch");
    assert.match(by.tampered.artefacts!.failed[0], /enrichment_config\.json SHA-256/);
    assert.equal(by.broken.status, "error");
    assert.match(by.broken.error!, /no results file/);
    assert.equal(by.broken.track_verdict, null);
    // the same verdicts again, from the cache next to the ingest output
    const again = spawnSync(process.execPath, ["--import", "tsx", "src/data/sweeps-summary.json.ts"], { encoding: "utf8", env: { ...process.env, ...env } });
    assert.equal(again.stdout, r.stdout);
  });
});
