/**
 * The shared helpers of src/lib: UTC times (time.ts), SQL quoting (sql/quote.ts, checked against
 * native DuckDB), number text (format.ts). Their single home is enforced by one-place.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { DuckDBInstance } from "@duckdb/node-api";
import { formatUtc, formatUtcMillis, formatUtcMinutes, formatUtcSql, parseOptionalUtc, parseUtc, TimeParseError, tryParseUtc } from "../../src/lib/time.ts";
import { quoteDouble, quoteIdent, quoteIdentIfNeeded, quoteInList, quoteInteger, quoteList, quoteLiteral, quoteTimestamp } from "../../src/lib/sql/quote.ts";
import { MISSING, num, plural, pval, signed } from "../../src/lib/format.ts";

test("parseUtc: no offset is UTC, offsets are honoured, impossible dates refused", () => {
  assert.equal(parseUtc("2024-01-01"), Date.UTC(2024, 0, 1));
  assert.equal(parseUtc("2024-01-01T05:30"), Date.UTC(2024, 0, 1, 5, 30));
  assert.equal(parseUtc("2024-01-01 05:30:15.5"), Date.UTC(2024, 0, 1, 5, 30, 15, 500));
  assert.equal(parseUtc("2024-01-01T00:00:00+01:00"), Date.UTC(2023, 11, 31, 23));
  assert.equal(parseUtc(" 2024-01-01T00:00:00z "), Date.UTC(2024, 0, 1));
  for (const bad of ["", "2024-02-30", "2024-1-1", "2024-01-01T24:00:00Z", "01/02/2024", "1704067200000", "now"]) {
    assert.throws(() => parseUtc(bad, "train_end"), (e: unknown) => e instanceof TimeParseError && e.value === bad && /train_end/.test(e.message), bad);
    assert.equal(tryParseUtc(bad), null, bad);
  }
});

test("parseUtc is independent of the process time zone (unlike Date.parse)", () => {
  // Date.parse("2024-07-01T12:00:00") is local time; parseUtc must not be.
  assert.equal(parseUtc("2024-07-01T12:00:00"), Date.UTC(2024, 6, 1, 12));
});

test("parseOptionalUtc: null and empty stay null", () => {
  assert.equal(parseOptionalUtc(null), null);
  assert.equal(parseOptionalUtc(undefined), null);
  assert.equal(parseOptionalUtc(""), null);
  assert.equal(parseOptionalUtc("2024-01-02"), Date.UTC(2024, 0, 2));
});

test("formatUtc family: seconds unless there are milliseconds; NaN is a typed error", () => {
  const t = Date.UTC(2024, 2, 31, 2, 5);
  assert.equal(formatUtc(t), "2024-03-31T02:05:00Z");
  assert.equal(formatUtc(t + 250), "2024-03-31T02:05:00.250Z");
  assert.equal(formatUtc(new Date(t)), "2024-03-31T02:05:00Z");
  assert.equal(formatUtcMillis(t), "2024-03-31T02:05:00.000Z");
  assert.equal(formatUtcMinutes(t), "2024-03-31 02:05");
  assert.equal(formatUtcSql(t), "2024-03-31 02:05:00.000");
  assert.throws(() => formatUtc(Number.NaN), TimeParseError);
});

test("formatUtc and parseUtc round-trip every instant (property)", () => {
  fc.assert(fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => parseUtc(formatUtc(ms)) === ms));
});

test("quoting: identifiers, literals, lists, numbers and timestamps mean what they say in DuckDB", async () => {
  assert.equal(quoteIdent('a"b'), '"a""b"');
  assert.equal(quoteLiteral("it's"), "'it''s'");
  assert.equal(quoteList(["a", "b'"]), "['a', 'b''']");
  assert.equal(quoteInList(["x"]), "('x')");
  assert.equal(quoteIdentIfNeeded("close"), "close");
  assert.equal(quoteIdentIfNeeded("Close Price"), '"Close Price"');
  assert.throws(() => quoteDouble(Number.NaN), RangeError);
  assert.throws(() => quoteInteger(1.5), RangeError);
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    const nasty = `a'b"c\\d;--`;
    const sql = `SELECT ${quoteLiteral(nasty)} AS s, typeof(${quoteDouble(0.1)}) AS t, ${quoteDouble(0.1)} = 0.1::DOUBLE AS exact,
      ${quoteTimestamp(Date.UTC(2024, 0, 2, 3))} = TIMESTAMP '2024-01-02 03:00:00' AS ts, ${quoteInteger(42)} AS i`;
    const [row] = (await conn.runAndReadAll(sql)).getRowObjectsJS();
    assert.deepEqual(row, { s: nasty, t: "DOUBLE", exact: true, ts: true, i: 42 });
    await conn.run(`CREATE TABLE ${quoteIdent(nasty)} (x INTEGER); INSERT INTO ${quoteIdent(nasty)} VALUES (1)`);
    const [n] = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${quoteIdent(nasty)}`)).getRowObjectsJS();
    assert.equal(n.n, 1);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
});

test("format: one mark for missing, a true minus, scientific p below 1e-4", () => {
  for (const x of [null, undefined, Number.NaN]) {
    assert.equal(num(x), MISSING);
    assert.equal(signed(x), MISSING);
    assert.equal(pval(x), MISSING);
  }
  assert.equal(num(-0.5, 2), "−0.50");
  assert.equal(num(Number.POSITIVE_INFINITY), "+∞");
  assert.equal(signed(0.01234), "+0.0123");
  assert.equal(signed(-0.004), "−0.0040");
  assert.equal(pval(0), "0");
  assert.equal(pval(0.0123456), "0.0123");
  assert.equal(pval(3.2e-7), "3.20e-7");
  assert.equal(plural(1, "cell"), "1 cell");
  assert.equal(plural(2, "cell"), "2 cells");
});

test("epoch units: JavaScript and SQL forms of the one rule agree value by value (DuckDB)", async () => {
  const { epochToMs, epochUnit, epochToTimestampSql, epochUnitIndexSql, EPOCH_UNITS } = await import("../../src/lib/epoch.ts");
  const t = Date.UTC(2024, 0, 2, 3); // ms
  const samples = [0, t / 1000, 1e11 - 1, 1e11, t, 1e14 - 1, 1e14, t * 1000, 1e17 - 1, 1e17, t * 1e6];
  assert.deepEqual([t / 1000, t, t * 1000, t * 1e6].map(epochUnit), ["s", "ms", "µs", "ns"]);
  assert.equal(epochToMs(-1), null);
  assert.equal(epochUnit(-1), null);
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    for (const x of samples) {
      const v = `${BigInt(Math.round(x))}::BIGINT`;
      const [row] = (await conn.runAndReadAll(`SELECT epoch_ms(${epochToTimestampSql(v)})::DOUBLE AS ms, ${epochUnitIndexSql(v)} AS u`)).getRowObjectsJS();
      assert.equal(EPOCH_UNITS[Number(row.u)], epochUnit(x), `unit of ${x}`);
      assert.equal(row.ms, Math.floor(epochToMs(x)!), `ms of ${x}`);
    }
    const [neg] = (await conn.runAndReadAll(`SELECT ${epochToTimestampSql("(-5)::BIGINT")} IS NULL AS n`)).getRowObjectsJS();
    assert.equal(neg.n, true);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
});
