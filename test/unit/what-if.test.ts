/** The what-if ranges (src/lib/gates/what-if.ts): domains cover threshold and observations; typed values are clamped or refused. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { acceptTyped, domainFor, WHAT_IF_RANGES } from "../../src/lib/gates/what-if.ts";
import { DEFAULT_THRESHOLDS, THRESHOLD_NAMES } from "../../src/lib/gates/thresholds.ts";
import { DEFAULT_DRIFT_THRESHOLDS } from "../../src/lib/drift/thresholds.ts";

test("every threshold has a range that holds its default; variances and significance levels are log", () => {
  for (const k of THRESHOLD_NAMES) {
    const r = WHAT_IF_RANGES[k];
    assert.ok(r.min <= DEFAULT_THRESHOLDS[k] && DEFAULT_THRESHOLDS[k] <= r.max, k);
  }
  for (const k of ["max_fold_variance", "max_regime_variance", "alpha_significance", "alpha_leakage"] as const) assert.equal(WHAT_IF_RANGES[k].scale, "log", k);
  // the drift pages' σ widths hold their defaults too
  for (const k of ["corr_control_sigma", "control_sigma"] as const) assert.ok(WHAT_IF_RANGES[k].min <= DEFAULT_DRIFT_THRESHOLDS[k] && DEFAULT_DRIFT_THRESHOLDS[k] <= WHAT_IF_RANGES[k].max, k);
});

test("the domain widens to the observed values (the issue's 0.0003 fold variance) and to the threshold", () => {
  const d = domainFor("max_fold_variance", 0.05, [0.0003, 0.002]);
  assert.ok(d.min <= 0.0003 && d.max >= 0.05);
  const tiny = domainFor("max_fold_variance", 0.05, [3e-7]);
  assert.equal(tiny.min, 1e-7);
  assert.deepEqual(domainFor("alpha_leakage", 0.05, [1e-9]).min, 1e-9);
  const up = domainFor("min_uplift", 0.02, [-0.01, 0.15]);
  assert.ok(up.min < -0.01 && up.max > 0.15);
  assert.ok(domainFor("alpha_significance", 0.05, [null, NaN, 0]).min === WHAT_IF_RANGES.alpha_significance.min);
});

test("typed values: clamped with a message inside what is possible, refused outside it", () => {
  const dom = { min: 0, max: 0.1 };
  assert.deepEqual(acceptTyped("min_uplift", "0.05", dom), { ok: true, value: 0.05, clamped: false, message: null });
  const c = acceptTyped("min_uplift", "0.5", dom);
  assert.ok(c.ok && c.clamped && c.value === 0.1 && /outside this input's range \[0, 0.1\]: set to 0.1/.test(c.message!));
  const r = acceptTyped("alpha_significance", "5", { min: 1e-4, max: 0.5 });
  assert.ok(!r.ok && /not a possible alpha_significance/.test(r.message));
  assert.ok(!acceptTyped("min_buy_trades", "12.5", { min: 0, max: 500 }).ok);
  assert.ok(!acceptTyped("min_uplift", "abc", dom).ok);
  assert.ok(!acceptTyped("min_uplift", "", dom).ok);
});
