/**
 * src/lib/sweep-search.ts: the home page's filter keeps a sweep when every term begins a word of
 * its id, track, track verdict or one of its (non-baseline) variants' names and verdicts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SweepSummary } from "../../src/lib/compare.ts";
import { sweepFilter } from "../../src/lib/sweep-search.ts";

const variant = (name: string, verdict: string) => ({ variant: name, verdict, verdict_reason: "", failing_gates: [], gates: {}, mean_uplift: null, ci_low: null, ci_high: null });
const sweep = (id: string, track: string, variants: [string, string][], suspected = false) =>
  ({ sweep_id: id, created_at: "2026-01-01T00:00:00Z", track: "T1", universe: "top5", interval: "1h", status: "ok", error: null, track_verdict: track, track_reason: null, baseline_variant: "none", n_cryptos: 3, n_folds: 5, variants: variants.map(([n, v]) => variant(n, v)), leakage: suspected ? { suspected, leaky: "x", reference: "y", alpha: 0.05, tests: [] } : null, artefacts: null, n_warnings: 0 }) as unknown as SweepSummary;

const all = [
  sweep("demo-clean", "PROCEED", [["none", "BASELINE"], ["btc_full", "LOCK CANDIDATE"], ["btc_full_purge0", "CONTROL"], ["btc_vol_only", "KEEP AVAILABLE"]]),
  sweep("demo-leaky", "ABANDON", [["none", "BASELINE"], ["btc_full", "ABANDON"], ["btc_full_purge0", "CONTROL"]], true),
  sweep("demo-unstable", "PROCEED", [["none", "BASELINE"], ["btc_full", "KEEP AVAILABLE"], ["btc_vol_only", "ABANDON"]]),
];
const ids = (q: string) => all.filter(sweepFilter(q)).map((s) => s.sweep_id);

test("variant verdicts match, case-insensitively, as words", () => {
  assert.deepEqual(ids("lock"), ["demo-clean"]);
  assert.deepEqual(ids("LOCK CANDIDATE"), ["demo-clean"]);
  assert.deepEqual(ids("keep available"), ["demo-clean", "demo-unstable"]);
  assert.deepEqual(ids("abandon"), ["demo-leaky", "demo-unstable"], "the track verdict or a variant's");
  assert.deepEqual(ids("control"), ["demo-clean", "demo-leaky"]);
  assert.deepEqual(ids("candidate"), ["demo-clean"], "a term may begin any word of a verdict");
  assert.deepEqual(ids("andon"), [], "not the middle of a word");
});

test("ids, variants and other fields still match; every term must", () => {
  assert.deepEqual(ids(""), all.map((s) => s.sweep_id));
  assert.deepEqual(ids("leaky"), ["demo-leaky"]);
  assert.deepEqual(ids("vol_only"), ["demo-clean", "demo-unstable"]);
  assert.deepEqual(ids("vol_only abandon"), ["demo-unstable"]);
  assert.deepEqual(ids("leakage suspected"), ["demo-leaky"]);
  assert.deepEqual(ids("baseline"), [], "the baseline row is not in the table, so not in the search");
  assert.deepEqual(ids("1h"), all.map((s) => s.sweep_id));
});
