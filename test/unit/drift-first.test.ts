/**
 * Feature drift's first view (loaders/site/drift-overview.ts featureDriftFirst): the first
 * target's weekly rows, as columns that decode to exactly drift.json's rows; nothing of the other
 * targets, no Correlation drift rows; every other key unchanged.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fromColumns, packRows, toColumns, unpackRows } from "../../src/lib/columns.ts";
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

test("packRows: arrays of like rows as columns, listed; rows that differ in their keys, and other values, as they are", () => {
  const obj = { a: [{ x: 1, y: "p" }, { x: 2, y: "p" }], b: [{ x: 1 }, { x: 1, z: 2 }], c: [{ x: undefined }], d: 3, e: [] };
  const p = packRows(obj, ["a", "b", "c", "d", "e"]);
  assert.deepEqual(p.columnar, ["a"]);
  assert.equal(p.b, obj.b);
  assert.deepEqual(unpackRows(p), obj);
  assert.deepEqual(unpackRows({ d: 3 }), { d: 3 });
});

test("columns: a text column of few distinct values is stored once per value, and decodes to the same strings", () => {
  const rows = Array.from({ length: 6 }, (_, i) => ({ symbol: i < 3 ? "ETHUSDC" : "SOLUSDC", week: `2024-01-0${1 + (i % 2)}T00:00:00Z`, id: `run-${i}`, status: i === 5 ? null : "ok", x: i / 3 }));
  const c = toColumns(rows);
  assert.deepEqual(c.dictionaries, { symbol: ["ETHUSDC", "SOLUSDC"], week: ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"], status: ["ok"] }, "id (all distinct) and x (numbers) stay as they are");
  assert.deepEqual(c.rows[5], [1, 1, "run-5", null, 5 / 3]);
  assert.deepEqual(fromColumns(c), rows);
});

test("featureDriftFirst: the first target's rows only, as columns; no correlation rows; the rest as in drift.json", () => {
  const packed = featureDriftFirst(report);
  assert.deepEqual(packed.columnar, ["alerts", "references"], "its arrays of rows as columns");
  const f = unpackRows(packed) as Record<string, unknown> & { drift_columns: ReturnType<typeof toColumns> };
  assert.deepEqual(f.rows_symbols, ["ETHUSDC"]);
  assert.deepEqual(fromColumns(f.drift_columns), report.drift.filter((r) => r.symbol === "ETHUSDC"));
  assert.deepEqual(f.references, [report.references[0]]);
  assert.equal(f.drift, undefined);
  assert.equal(f.correlation, undefined);
  assert.deepEqual([f.alerts, f.thresholds, f.targets], [report.alerts, report.thresholds, report.targets]);
  assert.deepEqual(Object.keys(driftOverview(report)).sort(), ["alerts", "available", "columnar", "correlation", "targets", "thresholds"]);
  assert.deepEqual(unpackRows(driftOverview(report)), { available: true, targets: report.targets, thresholds: report.thresholds, correlation: report.correlation, alerts: report.alerts });
});
