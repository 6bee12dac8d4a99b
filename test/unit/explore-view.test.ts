/**
 * src/lib/explore/result-view.ts: column kinds (DuckDB and Arrow type names), the first chart,
 * cell text and paging.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { cellText, columnKind, exactText, defaultChart, formatDuration, pageWindow } from "../../src/lib/explore/result-view.ts";
import { bytes as formatBytes } from "../../src/lib/format.ts";

test("columnKind knows DuckDB's and Arrow's type names", () => {
  const cases: [string, string][] = [
    ["INTEGER", "integer"],
    ["BIGINT", "integer"],
    ["UTINYINT", "integer"],
    ["Int32", "integer"],
    ["Uint8", "integer"],
    ["DOUBLE", "number"],
    ["DECIMAL(18,3)", "number"],
    ["HUGEINT", "integer"],
    ["UHUGEINT", "integer"],
    ["Decimal[38e0]", "number"],
    ["Float64", "number"],
    ["TIMESTAMP", "time"],
    ["TIMESTAMP WITH TIME ZONE", "time"],
    ["DATE", "time"],
    ["Timestamp<MICROSECOND>", "time"],
    ["VARCHAR", "text"],
    ["Utf8", "text"],
    ["LargeUtf8", "text"],
    ["BOOLEAN", "boolean"],
    ["Bool", "boolean"],
    ["VARCHAR[]", "other"],
    ["ENUM('a', 'b')", "text"],
    ["STRUCT(a INTEGER)", "other"],
  ];
  for (const [type, kind] of cases) assert.equal(columnKind(type), kind, type);
});

test("defaultChart: time → line; categories → dots; floats beat counts for y", () => {
  assert.deepEqual(
    defaultChart([
      { name: "symbol", type: "VARCHAR" },
      { name: "ts", type: "TIMESTAMP" },
      { name: "n", type: "BIGINT" },
      { name: "close", type: "DOUBLE" },
    ]),
    { x: "ts", y: "close", color: "symbol", mark: "line" },
  );
  assert.deepEqual(
    defaultChart([
      { name: "variant", type: "VARCHAR" },
      { name: "crypto", type: "VARCHAR" },
      { name: "regime", type: "VARCHAR" },
      { name: "n_bars", type: "INTEGER" },
      { name: "f1", type: "DOUBLE" },
    ]),
    { x: "variant", y: "f1", color: "crypto", mark: "dot" },
  );
  // A column that a filter made constant is not the first choice for x or colour.
  const perRegime = [
    { name: "variant", type: "VARCHAR" },
    { name: "crypto", type: "VARCHAR" },
    { name: "regime", type: "VARCHAR" },
    { name: "f1", type: "DOUBLE" },
  ];
  const sample = [
    { variant: "btc_full", crypto: "ETH", regime: "bull", f1: 0.3 },
    { variant: "btc_full", crypto: "ETH", regime: "bear", f1: 0.4 },
    { variant: "btc_full", crypto: "SOL", regime: "bull", f1: 0.5 },
  ];
  assert.deepEqual(defaultChart(perRegime, sample), { x: "crypto", y: "f1", color: "regime", mark: "dot" });
  assert.deepEqual(defaultChart(perRegime, sample.slice(0, 1)), { x: "variant", y: "f1", color: "crypto", mark: "dot" }, "one row says nothing about constancy");
  const allConstant = sample.map((r) => ({ ...r, crypto: "ETH", regime: "bull" }));
  assert.deepEqual(defaultChart(perRegime, allConstant), { x: "variant", y: "f1", color: "crypto", mark: "dot" });
  assert.deepEqual(defaultChart([{ name: "a", type: "INTEGER" }, { name: "b", type: "BIGINT" }]), { x: "a", y: "b", color: null, mark: "dot" });
  assert.deepEqual(defaultChart([{ name: "s", type: "VARCHAR" }]), { x: null, y: null, color: null, mark: "dot" });
  assert.deepEqual(defaultChart([]), { x: null, y: null, color: null, mark: "dot" });
});

test("cellText: numbers without float noise (exact value as the title), compact UTC times, NULL", () => {
  assert.equal(cellText(0.1 + 0.2), "0.3");
  assert.equal(exactText(0.1 + 0.2), "0.30000000000000004");
  assert.equal(cellText(0.123456789), "0.123457");
  assert.equal(cellText(-0.5), "−0.5");
  assert.equal(exactText(-0.5), null, "the cell is exact: no title");
  assert.equal(cellText(150), "150");
  assert.equal(exactText(150), null);
  assert.equal(cellText(1234567.891), "1234570");
  assert.equal(cellText(3e-7), "3e-7");
  assert.equal(cellText(Number.POSITIVE_INFINITY), "+∞");
  assert.equal(cellText(new Date(Date.UTC(2024, 0, 1))), "2024-01-01T00:00:00Z");
  assert.equal(cellText(new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 5))), "2024-01-01T00:00:00.005Z");
  assert.equal(cellText(null), "NULL");
  assert.equal(cellText(undefined), "NULL");
  assert.equal(cellText(""), "");
  assert.equal(cellText(["a", 1]), '["a",1]');
  assert.equal(cellText(5n), "5");
  assert.equal(cellText(new Uint8Array(3)), "<3 bytes>");
});

test("pageWindow clamps and covers every row exactly once", () => {
  assert.deepEqual(pageWindow(0, 100, 3), { page: 0, pages: 1, offset: 0, limit: 0, from: 0, to: 0 });
  assert.deepEqual(pageWindow(250, 100, 2), { page: 2, pages: 3, offset: 200, limit: 50, from: 201, to: 250 });
  assert.deepEqual(pageWindow(250, 100, 99), pageWindow(250, 100, 2));
  assert.deepEqual(pageWindow(250, 100, -1), pageWindow(250, 100, 0));
  assert.throws(() => pageWindow(10, 0, 0));
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 700 }), (total, size) => {
      const { pages } = pageWindow(total, size, 0);
      let covered = 0;
      for (let p = 0; p < pages; p++) {
        const w = pageWindow(total, size, p);
        assert.equal(w.offset, covered);
        covered += w.limit;
      }
      assert.equal(covered, total);
    }),
  );
});

test("formatDuration and formatBytes", () => {
  assert.equal(formatDuration(12.4), "12 ms");
  assert.equal(formatDuration(1234), "1,234 ms");
  assert.equal(formatDuration(12_340), "12.3 s");
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(12_540), "13 kB", "SI units, as the loading notes print them (one formatter: src/lib/format.ts bytes)");
  assert.equal(formatBytes(1_858_915), "1.9 MB");
  assert.equal(formatBytes(34_200_000_000), "34.2 GB");
  assert.equal(formatBytes(Number.NaN), "size unknown");
});
