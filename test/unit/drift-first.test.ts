/**
 * Feature drift's first view (loaders/site/drift-overview.ts featureDriftFirst): the first
 * target's weekly rows, as columns that decode to exactly drift.json's rows; nothing of the other
 * targets, no Correlation drift rows; every other key unchanged.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fromColumns, toColumns } from "../../src/lib/columns.ts";
import { driftOverview, featureDriftFirst } from "../../loaders/site/drift-overview.ts";

const row = (symbol: string, feature: string, i: number) => ({ feature, symbol, window_start: `2024-01-0${i}T00:00:00Z`, n: 168, ks_pvalue: i / 10, psi: null, ks_reject: i % 2 === 0, status: "ok" });

const report = {
  available: true,
  targets: ["ETHUSDC", "SOLUSDC"],
  thresholds: { ks_alpha: 0.01 },
  drift: [row("ETHUSDC", "a", 1), row("SOLUSDC", "a", 1), row("ETHUSDC", "b", 2), row("SOLUSDC", "b", 3)],
  references: [{ symbol: "ETHUSDC", feature: "a", weekly_means: [1, 2] }, { symbol: "SOLUSDC", feature: "a", weekly_means: [3] }],
  correlation: [{ symbol: "ETHUSDC", mean: 0.5 }],
  alerts: [{ kind: "feature_drift", symbol: "SOLUSDC" }],
};

test("columns round-trip: same values, same key order, nulls kept", () => {
  const rows = report.drift;
  const c = toColumns(rows);
  assert.deepEqual(c.columns, Object.keys(rows[0]!));
  assert.deepEqual(fromColumns(c), rows);
  assert.deepEqual(fromColumns(toColumns([])), []);
});

test("featureDriftFirst: the first target's rows only, as columns; no correlation rows; the rest as in drift.json", () => {
  const f = featureDriftFirst(report) as Record<string, unknown> & { drift_columns: ReturnType<typeof toColumns> };
  assert.deepEqual(f.rows_symbols, ["ETHUSDC"]);
  assert.deepEqual(fromColumns(f.drift_columns), report.drift.filter((r) => r.symbol === "ETHUSDC"));
  assert.deepEqual(f.references, [report.references[0]]);
  assert.equal(f.drift, undefined);
  assert.equal(f.correlation, undefined);
  assert.deepEqual([f.alerts, f.thresholds, f.targets], [report.alerts, report.thresholds, report.targets]);
  assert.deepEqual(Object.keys(driftOverview(report)).sort(), ["alerts", "available", "correlation", "targets", "thresholds"]);
});
