/** Two sweep summaries compared (src/lib/compare.ts): gate changes, uplift deltas, leakage side by side. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compareSweeps, describeGateChange, type SweepSummary, type VariantSummary } from "../../src/lib/compare.ts";

const gates = (g: Partial<VariantSummary["gates"]> = {}): VariantSummary["gates"] => ({ G1: true, G2: true, G3: true, G4: true, G5: true, G6: true, ...g });
const variant = (name: string, over: Partial<VariantSummary> = {}): VariantSummary => ({
  variant: name, verdict: "LOCK CANDIDATE", verdict_reason: "", failing_gates: [], gates: gates(), mean_uplift: 0.03, ci_low: 0.01, ci_high: 0.05, ci_level: 0.95, g4_padj: 0.01, ...over,
});
const sweep = (id: string, over: Partial<SweepSummary> = {}): SweepSummary => ({
  sweep_id: id, created_at: null, track: null, universe: null, interval: "1h", status: "ok", error: null, track_verdict: "PROCEED", track_reason: "",
  baseline_variant: "none", n_cryptos: 5, n_folds: 5,
  variants: [variant("none", { verdict: "BASELINE", gates: gates({ G2: null, G4: null, G5: null }), mean_uplift: null }), variant("btc_full")],
  leakage: { suspected: false, leaky: "btc_full_purge0", reference: "btc_full", alpha: 0.05, tests: [{ scope: "pooled", n: 25, mean_diff: 0.001, pvalue: 0.4, pvalue_adj: 0.6, suspected: false }] },
  artefacts: { status: "ok", failed: [] }, n_warnings: 0, ...over,
});

test("gate changes and uplift deltas per variant, b − a", () => {
  const a = sweep("a");
  const b = sweep("b", { variants: [a.variants[0], variant("btc_full", { verdict: "KEEP AVAILABLE", gates: gates({ G2: false, G4: false }), mean_uplift: 0.01 }), variant("btc_min")] });
  const c = compareSweeps(a, b);
  const full = c.variants.find((v) => v.variant === "btc_full")!;
  assert.equal(full.verdict_changed, true);
  assert.deepEqual(full.gate_changes.map(describeGateChange), ["G2 pass → FAIL", "G4 pass → FAIL"]);
  assert.ok(Math.abs(full.uplift_delta! - -0.02) < 1e-12);
  const none = c.variants.find((v) => v.variant === "none")!;
  assert.equal(none.verdict_changed, false);
  assert.deepEqual(none.gate_changes, []);
  assert.equal(none.uplift_delta, null);
  const added = c.variants.find((v) => v.variant === "btc_min")!;
  assert.equal(added.a, null);
  assert.equal(added.verdict_changed, true, "a variant present in one sweep only counts as changed");
  assert.equal(c.n_changed, 2);
  assert.equal(c.track.changed, false);
});

test("leakage p-values side by side per scope, with the scopes of both sweeps", () => {
  const a = sweep("a");
  const b = sweep("b", {
    track_verdict: "ABANDON",
    leakage: { suspected: true, leaky: "btc_full_purge0", reference: "btc_full", alpha: 0.05, tests: [
      { scope: "pooled", n: 25, mean_diff: 0.05, pvalue: 1e-6, pvalue_adj: 1e-5, suspected: true },
      { scope: "ETHUSDC", n: 5, mean_diff: 0.04, pvalue: 0.01, pvalue_adj: 0.02, suspected: true },
    ] },
  });
  const c = compareSweeps(a, b);
  assert.deepEqual(c.leakage.map((l) => l.scope), ["pooled", "ETHUSDC"]);
  assert.ok(Math.abs(c.leakage[0].padj_delta! - (1e-5 - 0.6)) < 1e-12);
  assert.equal(c.leakage[0].suspected_changed, true);
  assert.equal(c.leakage[1].a, null);
  assert.deepEqual(c.track, { a: "PROCEED", b: "ABANDON", changed: true });
});

test("caveats: different baselines, leakage pairs, grids, and a sweep that could not be read", () => {
  const c = compareSweeps(sweep("a"), sweep("b", { baseline_variant: "btc_min", n_folds: 4, status: "error", error: "bad", leakage: { suspected: false, leaky: "x", reference: "y", alpha: 0.05, tests: [] } }));
  assert.equal(c.caveats.length, 4);
  assert.match(c.caveats.join(" | "), /baselines differ.*leakage pairs differ.*grids differ.*b could not be read/);
});
