/**
 * src/lib/csv.ts: value formatting, RFC 4180 quoting, chunked output, and round trips — through
 * our own reader (property test) and through DuckDB's CSV reader (an independent one).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { DuckDBInstance } from "@duckdb/node-api";
import { csvChunks, csvField, csvRow, csvText, parseCsv, toCsv } from "../../src/lib/csv.ts";

test("csvText: numbers round-trip, times are UTC ISO, NULL is distinct from the empty string", () => {
  assert.equal(csvText(0.1 + 0.2), "0.30000000000000004");
  assert.equal(csvText(-0), "0");
  assert.equal(csvText(1e21), "1e+21");
  assert.equal(csvText(Number.NaN), "NaN");
  assert.equal(csvText(-Infinity), "-Infinity");
  assert.equal(csvText(12345678901234567890n), "12345678901234567890");
  assert.equal(csvText(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6))), "2024-01-02T03:04:05.006Z");
  assert.equal(csvText(new Date(Number.NaN)), null);
  assert.equal(csvText(true), "true");
  assert.equal(csvText(null), null);
  assert.equal(csvText(undefined), null);
  assert.equal(csvText(""), "");
  assert.equal(csvText(["a", 1, null]), '["a",1,null]');
  assert.equal(csvText({ k: 2n ** 70n, n: 3n }), '{"k":"1180591620717411303424","n":3}');
  assert.equal(csvText(new Uint8Array([0, 171, 255])), "\\x00abff");
});

test("csvField quotes only when it must", () => {
  assert.equal(csvField("plain"), "plain");
  assert.equal(csvField("a,b"), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField("two\nlines"), '"two\nlines"');
  assert.equal(csvField("cr\r"), '"cr\r"');
  assert.equal(csvField(" padded"), '" padded"');
  assert.equal(csvField("padded "), '"padded "');
  assert.equal(csvField(""), '""');
  assert.equal(csvField(null), "");
  assert.equal(csvField(-1.5), "-1.5");
  assert.equal(csvField("a;b", ";"), '"a;b"');
  assert.equal(csvField("a;b"), "a;b");
  assert.equal(csvRow(["x", null, 3, ""]), 'x,,3,""');
});

test("toCsv and csvChunks write the same document; chunks hold whole lines", () => {
  const cols = ["id", "name", "v"];
  const rows = Array.from({ length: 25 }, (_, i) => ({ id: i, name: i % 3 ? `n${i}` : `with,comma ${i}`, v: i % 4 ? i / 7 : null }));
  const whole = toCsv(cols, rows.map((r) => [r.id, r.name, r.v]));
  const chunks = [...csvChunks(cols, rows, 10)];
  assert.equal(chunks.length, 3);
  for (const c of chunks) assert.ok(c.endsWith("\n"));
  assert.equal(csvRow(cols) + "\n" + chunks.join(""), whole);
  assert.deepEqual([...csvChunks(cols, [], 10)], []);
});

test("parseCsv reads quoted fields, doubled quotes, CRLF, and tells NULL from empty", () => {
  assert.deepEqual(parseCsv('a,b\r\n"x,""y""",\n"",z\n'), [
    ["a", "b"],
    ['x,"y"', null],
    ["", "z"],
  ]);
  assert.deepEqual(parseCsv("a\nb"), [["a"], ["b"]]);
  assert.deepEqual(parseCsv(""), []);
  assert.throws(() => parseCsv('"open'), /unterminated/);
  assert.throws(() => parseCsv('"a"b'), /unexpected character/);
});

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", "Z", " ", ",", '"', "\n", "\r", "é", "😀", ";", "0") }),
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
);

test("property: parseCsv(toCsv(rows)) gives back every value's text", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }).chain((w) => fc.tuple(fc.constant(w), fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 20 }))), ([w, rows]) => {
      const cols = Array.from({ length: w }, (_, j) => `c${j}`);
      const back = parseCsv(toCsv(cols, rows));
      assert.deepEqual(back[0], cols);
      assert.deepEqual(back.slice(1), rows.map((r) => r.map(csvText)));
    }),
    { numRuns: 300 },
  );
});

test("DuckDB's CSV reader reads our file back to the same values", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ftf-csv-"));
  try {
    const rows: unknown[][] = [
      ["plain", 1.5, new Date(Date.UTC(2024, 5, 1, 12)), true],
      ['quote " inside', -0.000123, new Date(Date.UTC(2024, 5, 1, 13, 0, 0, 250)), false],
      ["comma, and\nnewline", 1e300, null, null],
      [" lead and trail ", 0.1 + 0.2, new Date(Date.UTC(1999, 11, 31, 23, 59, 59)), true],
      ["ünïcødé 😀", 42, new Date(Date.UTC(2030, 0, 1)), false],
    ];
    const file = join(dir, "t.csv");
    writeFileSync(file, toCsv(["s", "x", "t", "b"], rows));
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const reader = await conn.runAndReadAll(
      `SELECT s, x, epoch_ms(t) AS t, b FROM read_csv('${file}', header = true, quote = '"', escape = '"', columns = {'s': 'VARCHAR', 'x': 'DOUBLE', 't': 'TIMESTAMPTZ', 'b': 'BOOLEAN'})`,
    );
    const got = reader.getRowObjectsJS();
    assert.equal(got.length, rows.length);
    got.forEach((g, i) => {
      const [s, x, t, b] = rows[i];
      assert.equal(g.s, s);
      assert.equal(g.x, x);
      assert.equal(g.t === null ? null : Number(g.t), t === null ? null : (t as Date).getTime());
      assert.equal(g.b, b);
    });
    conn.closeSync();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
