/**
 * The threshold registry (src/lib/thresholds.ts): one list of names, groups, defaults and ranges
 * behind sweep.json `thresholds`, the CLI's `--set` and the docs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DEFAULT_THRESHOLDS } from "../../src/lib/gates/thresholds.ts";
import { DEFAULT_DRIFT_THRESHOLDS, resolveDriftThresholds } from "../../src/lib/drift/thresholds.ts";
import { checkSweepConfig } from "../../src/lib/sweep.ts";
import { parseSetFlags, readSweepThresholds, THRESHOLD_REGISTRY, thresholdsMarkdown, ThresholdError, thresholdSpec } from "../../src/lib/thresholds.ts";

const isErr = (key: string, re: RegExp) => (e: unknown) => e instanceof ThresholdError && e.key === key && re.test(e.message);

test("registry: every gate and drift default is listed once, with a default inside its own range", () => {
  const keys = THRESHOLD_REGISTRY.map((s) => s.key);
  assert.deepEqual([...keys].sort(), [...Object.keys(DEFAULT_THRESHOLDS), ...Object.keys(DEFAULT_DRIFT_THRESHOLDS)].sort());
  assert.equal(new Set(keys).size, keys.length, "no key in two groups");
  for (const s of THRESHOLD_REGISTRY) {
    assert.equal(s.default, s.group === "gates" ? DEFAULT_THRESHOLDS[s.key as keyof typeof DEFAULT_THRESHOLDS] : DEFAULT_DRIFT_THRESHOLDS[s.key as keyof typeof DEFAULT_DRIFT_THRESHOLDS]);
    assert.ok(s.description.length > 10, `${s.key} has a description`);
    assert.doesNotThrow(() => parseSetFlags([`${s.key}=${s.default}`], s.group), s.key);
  }
});

test("sweep.json: nested {gates, drift}, the flat legacy form for gate keys, every bad key reported with its path", () => {
  const nested = readSweepThresholds({ gates: { min_uplift: 0.03 }, drift: { window_days: 14, ks_alpha: 0.05 } });
  assert.deepEqual(nested, { gates: { min_uplift: 0.03 }, drift: { window_days: 14, ks_alpha: 0.05 }, problems: [] });
  const flat = readSweepThresholds({ min_uplift: 0.03, alpha_leakage: 0.01 });
  assert.deepEqual(flat.gates, { min_uplift: 0.03, alpha_leakage: 0.01 });
  const bad = readSweepThresholds({ window_days: 14, gates: { min_uplfit: 1 }, drift: { window_days: 0, psi_bins: 2.5, min_uplift: 0.1 } });
  assert.deepEqual(bad.problems.map((p) => p.path), ["thresholds.window_days", "thresholds.gates.min_uplfit", "thresholds.drift.window_days", "thresholds.drift.psi_bins", "thresholds.drift.min_uplift"]);
  assert.match(bad.problems[0].error.message, /belongs under "thresholds": \{"drift"/);
  assert.match(bad.problems[1].error.message, /did you mean "min_uplift"/);
  assert.deepEqual(readSweepThresholds(null), { gates: {}, drift: {}, problems: [] });
  assert.equal(readSweepThresholds([1]).problems[0].path, "thresholds");
});

test("checkSweepConfig carries drift overrides to the config, and reports bad ones per key", () => {
  const { config, issues } = checkSweepConfig({ sweep_id: "s", thresholds: { gates: { min_uplift: 0.03 }, drift: { window_days: 14 } } });
  assert.deepEqual(issues, []);
  assert.deepEqual(config!.thresholds, { min_uplift: 0.03 });
  assert.deepEqual(config!.drift_thresholds, { window_days: 14 });
  assert.deepEqual(resolveDriftThresholds(config!.drift_thresholds).window_days, 14);
  const bad = checkSweepConfig({ sweep_id: "s", thresholds: { drift: { window_days: -1 } } });
  assert.equal(bad.config, null);
  assert.deepEqual(bad.issues.map((i) => [i.column, i.code]), [["thresholds.drift.window_days", "invalid_value"]]);
});

test("--set: typed errors that name the key, for syntax, unknown keys, non-numbers and out-of-range values", () => {
  assert.deepEqual(parseSetFlags(["window_days=14", " ks_alpha = 0.05 "], "drift"), { window_days: 14, ks_alpha: 0.05 });
  assert.throws(() => parseSetFlags(["window_days=0"], "drift"), isErr("window_days", /must be > 0 \(got 0\)/));
  assert.throws(() => parseSetFlags(["window_days="], "drift"), isErr("window_days", /is not a number/));
  assert.throws(() => parseSetFlags(["window_days=abc"], "drift"), isErr("window_days", /"abc" is not a number/));
  assert.throws(() => parseSetFlags(["window_dayz=3"], "drift"), isErr("window_dayz", /did you mean "window_days"/));
  assert.throws(() => parseSetFlags(["min_uplift=0.1"], "drift"), isErr("min_uplift", /unknown threshold/));
  assert.throws(() => parseSetFlags(["oops"], "drift"), ThresholdError);
  assert.throws(() => parseSetFlags(["warn_consecutive=1.5"], "drift"), isErr("warn_consecutive", /integer/));
  assert.throws(() => resolveDriftThresholds({ min_window_coverage: 1.5 }), isErr("min_window_coverage", /\(0, 1\]/));
});

test("the docs' threshold table is the registry's (data/README.md holds thresholdsMarkdown())", () => {
  const table = thresholdsMarkdown();
  for (const s of THRESHOLD_REGISTRY) assert.ok(table.includes(`\`${s.key}\``), s.key);
  const readme = readFileSync("data/README.md", "utf8");
  assert.ok(readme.includes(table), "data/README.md: paste the output of thresholdsMarkdown() (npx tsx -e 'import(\"./src/lib/thresholds.ts\").then((m) => console.log(m.thresholdsMarkdown()))')");
  assert.equal(thresholdSpec("nope"), undefined);
});
