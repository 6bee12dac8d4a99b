/**
 * `ftf verdict` on the three demo scenarios (generated with the demo CLI, seed 7): clean has no
 * leakage and at least one LOCK CANDIDATE, leaky abandons the track, unstable abandons
 * btc_vol_only on gate 3. Plus the CLI's JSON shape, exit codes and determinism.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ftfInProcess } from "../helpers/cli.ts";
import { demoFixture } from "../helpers/demo-fixture.ts";
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GATE_IDS } from "../../src/lib/gates/index.ts";
import { computeDossier, type Dossier } from "../../loaders/verdict.ts";

let root = "";
const sweep = (s: string) => join(root, "sweeps", `demo-${s}`);
const ohlcv = () => join(root, "ohlcv");

/** `ftf ...args` as a user runs it, in this process (test/helpers/cli.ts: no second of start-up per call). */
const ftf = (args: string[]) => ftfInProcess(...args);

let scratch = "";
before(async () => {
  // what `ftf demo --scenario all --seed 7` writes, shared read-only with other test files; this
  // file's own sweep folders go to `scratch`
  root = await demoFixture();
  scratch = mkdtempSync(join(tmpdir(), "ftf-verdict-"));
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const byVariant = (d: Dossier) => Object.fromEntries(d.variants.map((v) => [v.variant, v]));

test("clean (with OHLCV): no leakage, at least one LOCK CANDIDATE, per-regime f1 assessed in gate 3", async () => {
  const d = await computeDossier(sweep("clean"), { ohlcvDir: ohlcv() });
  assert.equal(d.track_verdict, "PROCEED");
  assert.equal(d.leakage.suspected, false);
  assert.equal(d.leakage.tests.length, 1 + d.cryptos.length);
  assert.ok(d.leakage.tests.every((t) => t.pvalue_adj !== null && t.pvalue_adj >= d.thresholds.alpha_leakage));
  const locked = d.variants.filter((v) => v.verdict === "LOCK CANDIDATE").map((v) => v.variant);
  assert.ok(locked.length >= 1, `no LOCK CANDIDATE: ${d.variants.map((v) => `${v.variant}=${v.verdict}`).join(", ")}`);
  assert.equal(byVariant(d).none.verdict, "BASELINE");
  // the leakage control (f1 contaminated by construction) is never promotable
  assert.equal(byVariant(d).btc_full_purge0.verdict, "CONTROL");
  assert.ok(byVariant(d).btc_full_purge0.gates_verdict);
  assert.equal(d.regimes.assessed, true, d.regimes.reason ?? "");
  const regimes = new Set(d.regimes.rows.map((r) => r.regime));
  assert.ok(regimes.size >= 2, `regimes seen: ${[...regimes]}`);
  // the regime rows cover every variant × crypto, and gate 3 of each variant reports them
  for (const v of d.variants) {
    const g3 = v.gates.G3.inputs.regimes as { assessed: boolean; per_crypto: unknown[] } | null;
    assert.ok(g3 && g3.per_crypto.length === d.cryptos.length, v.variant);
  }
  // traceability: every input file has a SHA-256, OHLCV files included
  assert.ok(d.inputs.some((f) => f.root === "ohlcv"));
  assert.ok(d.inputs.every((f) => /^[0-9a-f]{64}$/.test(f.sha256)));
});

test("leaky: leakage suspected, the track and every candidate variant ABANDON", async () => {
  const d = await computeDossier(sweep("leaky"));
  assert.equal(d.leakage.suspected, true);
  assert.equal(d.track_verdict, "ABANDON");
  assert.equal(d.leakage.leaky, "btc_full_purge0");
  assert.equal(d.leakage.reference, "btc_full");
  assert.ok(d.leakage.tests.some((t) => t.suspected && t.scope === "pooled"));
  for (const v of d.variants.filter((x) => x.verdict !== "BASELINE")) {
    assert.equal(v.verdict, "ABANDON", v.variant);
    assert.equal(v.gates.G6.pass, false);
    assert.deepEqual(v.deciding_gates, ["G6"]);
  }
  assert.equal(d.regimes.assessed, false);
});

test("unstable: btc_vol_only ABANDON on gate 3, the track proceeds", async () => {
  const d = await computeDossier(sweep("unstable"));
  assert.equal(d.track_verdict, "PROCEED");
  const v = byVariant(d).btc_vol_only;
  assert.equal(v.verdict, "ABANDON");
  assert.deepEqual(v.deciding_gates, ["G3"]);
  assert.equal(v.gates.G3.pass, false);
  assert.ok((v.gates.G3.statistic as number) > d.thresholds.max_fold_variance);
  assert.ok(d.variants.some((x) => x.verdict === "LOCK CANDIDATE"), "the other variants are unaffected");
});

test("the dossier is deterministic and holds no wall-clock time", async () => {
  const a = JSON.stringify(await computeDossier(sweep("clean")));
  const b = JSON.stringify(await computeDossier(sweep("clean")));
  assert.equal(a, b);
  assert.ok(!/"(built_at|computed_at|generated_at)"/.test(a));
});

test("sweep.json thresholds drive the gates; an unknown threshold is invalid input", async () => {
  const dir = join(scratch, "sweeps", "thresholds-case");
  mkdirSync(dir, { recursive: true });
  cpSync(sweep("clean"), dir, { recursive: true });
  const cfg = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8"));
  cfg.sweep_id = "thresholds-case";
  cfg.thresholds = { min_uplift: 0.5 };
  writeFileSync(join(dir, "sweep.json"), JSON.stringify(cfg));
  const d = await computeDossier(dir);
  assert.equal(d.thresholds.min_uplift, 0.5);
  assert.deepEqual(d.threshold_overrides, { min_uplift: 0.5 });
  assert.ok(d.variants.every((v) => v.verdict !== "LOCK CANDIDATE"));
  cfg.thresholds = { min_uplfit: 0.5 };
  writeFileSync(join(dir, "sweep.json"), JSON.stringify(cfg));
  const r = await ftf(["verdict", dir]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /min_uplfit/);
});

test("CLI --json: the shape of issue 5, exit 0 even when the track is abandoned", async () => {
  const r = await ftf(["verdict", sweep("leaky"), "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.equal(d.sweep_id, "demo-leaky");
  assert.ok(["PROCEED", "ABANDON"].includes(d.track_verdict));
  assert.equal(d.track_verdict, "ABANDON");
  assert.equal(typeof d.leakage.suspected, "boolean");
  for (const t of d.leakage.tests) {
    assert.ok(t.scope === "pooled" || d.cryptos.includes(t.scope));
    for (const k of ["n", "statistic", "pvalue", "pvalue_adj"]) assert.equal(typeof t[k], "number", `leakage test ${t.scope}.${k}`);
  }
  assert.equal(d.leakage.tests[0].scope, "pooled");
  const verdicts = new Set(["LOCK CANDIDATE", "KEEP AVAILABLE", "ABANDON", "INSUFFICIENT EVIDENCE", "BASELINE", "CONTROL"]);
  assert.equal(d.variants.length, 6);
  for (const v of d.variants) {
    assert.equal(typeof v.variant, "string");
    assert.ok(verdicts.has(v.verdict), v.verdict);
    assert.deepEqual(Object.keys(v.gates), [...GATE_IDS]);
    for (const id of GATE_IDS) {
      const g = v.gates[id];
      if (v.verdict === "BASELINE" && ["G2", "G4", "G5"].includes(id)) assert.equal(g.pass, null);
      else assert.equal(typeof g.pass, "boolean", `${v.variant} ${id}`);
      for (const k of ["inputs", "statistic", "pvalue", "pvalue_adj", "threshold", "reason"]) assert.ok(k in g, `${v.variant} ${id} lacks ${k}`);
      assert.equal(typeof g.reason, "string");
    }
  }
  assert.equal(d.variants.filter((v: { verdict: string }) => v.verdict === "BASELINE").length, 1);
});

test("CLI --json on the clean demo: the leakage control is CONTROL, its gates still there", async () => {
  const r = await ftf(["verdict", sweep("clean"), "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  const control = d.variants.find((v: { variant: string }) => v.variant === d.leakage_pair.leaky);
  assert.equal(control.verdict, "CONTROL");
  assert.equal(control.role, "control");
  assert.deepEqual(Object.keys(control.gates), [...GATE_IDS]);
  assert.ok(!d.variants.some((v: { verdict: string; variant: string }) => v.verdict === "LOCK CANDIDATE" && v.variant === d.leakage_pair.leaky));
  const text = (await ftf(["verdict", sweep("clean")])).stdout;
  assert.match(text, new RegExp(`${d.leakage_pair.leaky}\\s+CONTROL`));
  // the baseline's row shows no G6 chip: G6 is the track's gate
  const baseLine = text.split("\n").find((l) => l.trim().startsWith(`${d.baseline_variant} `))!;
  assert.doesNotMatch(baseLine, /FAIL|pass\s+pass\s+pass/);
});

test("CLI: terminal table puts leakage first; exit 1 on invalid input, 2 on usage", async () => {
  const r = await ftf(["verdict", sweep("unstable")]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n");
  const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
  assert.ok(at(/^TRACK VERDICT: PROCEED/) >= 0);
  assert.ok(at(/^LEAKAGE \(G6, mandatory\)/) < at(/^VARIANTS/));
  assert.match(r.stdout, /btc_vol_only\s+ABANDON\s+pass\s+pass\s+FAIL/);
  assert.match(r.stdout, /G3 stability: Fold variance of f1_buy exceeds 0\.0500/);
  assert.ok(!r.stdout.includes("\x1b["), "no colour when not a terminal");

  const bad = await ftf(["verdict", join(root, "no-such-sweep")]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /sweep folder not found/);
  assert.equal((await ftf(["verdict"])).code, 2);
  assert.equal((await ftf(["verdict", sweep("clean"), "--frobnicate"])).code, 2);
  assert.equal((await ftf(["verdict", sweep("clean"), sweep("leaky")])).code, 2);
});
