/**
 * src/lib/explore/sql-text.ts: tokens, statements, table references, the result wrapper (run in
 * real DuckDB), error-line mapping and the #sql= hash.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  errorLineDelta,
  hashForSql,
  materialiseSql,
  parseDuckDbError,
  referencedTables,
  shiftErrorLines,
  splitStatements,
  sqlFromHash,
  statementKind,
  tokenizeSql,
} from "../../src/lib/explore/sql-text.ts";

const kinds = (sql: string) => tokenizeSql(sql).filter((t) => t.kind !== "space").map((t) => `${t.kind}:${t.text}`);

test("tokenizeSql: strings, quoted names, comments, numbers, params, casts", () => {
  assert.deepEqual(kinds(`SELECT 'it''s; -- no', "a ""b""", 1.5e-3, .5, 1_000, $1, ?, x::INT -- done; really`), [
    "keyword:SELECT",
    "string:'it''s; -- no'",
    "operator:,",
    'quoted:"a ""b"""',
    "operator:,",
    "number:1.5e-3",
    "operator:,",
    "number:.5",
    "operator:,",
    "number:1_000",
    "operator:,",
    "param:$1",
    "operator:,",
    "param:?",
    "operator:,",
    "identifier:x",
    "operator::",
    "operator::",
    "identifier:INT",
    "comment:-- done; really",
  ]);
  assert.deepEqual(kinds("/* a; b */ $tag$ x; 'y' $tag$ E'\\'q'"), ["comment:/* a; b */", "string:$tag$ x; 'y' $tag$", "string:E'\\'q'"]);
  assert.deepEqual(kinds("'unterminated; still a string"), ["string:'unterminated; still a string"]);
});

test("property: tokens concatenate back to the input", () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom("a", "1", " ", "'", '"', "-", "/", "*", ";", "$", "\n", ".", "e", ":", "?", "é") , maxLength: 60 }), (s) => {
      assert.equal(tokenizeSql(s).map((t) => t.text).join(""), s);
    }),
    { numRuns: 1000 },
  );
});

test("splitStatements: top-level semicolons only; start lines and offsets; comment-only parts dropped", () => {
  const sql = "SELECT ';' AS a;\n-- just a comment;\nSELECT 2 /* ; */\n;\n  ;  -- trailing";
  const st = splitStatements(sql);
  assert.deepEqual(
    st.map((s) => ({ text: s.text, line: s.line })),
    [
      { text: "SELECT ';' AS a", line: 1 },
      { text: "\n-- just a comment;\nSELECT 2 /* ; */\n", line: 1 },
    ],
  );
  for (const s of st) assert.equal(sql.slice(s.start, s.start + s.text.length), s.text);
  assert.deepEqual(splitStatements("  -- nothing\n"), []);
  assert.deepEqual(splitStatements("SELECT 1\n;\nSELECT 2").map((s) => s.line), [1, 2]);
});

test("statementKind and referencedTables", () => {
  assert.equal(statementKind("-- c\n  (SELECT 1)"), "query");
  assert.equal(statementKind("with x as (select 1) select * from x"), "query");
  assert.equal(statementKind("FROM results"), "query");
  assert.equal(statementKind("summarize features"), "meta");
  assert.equal(statementKind("DESCRIBE results"), "meta");
  assert.equal(statementKind("CREATE TABLE t AS SELECT 1"), "command");
  assert.equal(statementKind("PRAGMA version"), "command");
  const known = ["results", "predictions", "ohlcv", "btc_ohlcv", "quality_flags"];
  assert.deepEqual(referencedTables(`SELECT * FROM "Results" r JOIN ohlcv USING (ts) -- predictions\nWHERE x = 'btc_ohlcv'`, known), ["results", "ohlcv"]);
  assert.deepEqual(referencedTables("SELECT * FROM main.PREDICTIONS, quality_flags", known), ["predictions", "quality_flags"]);
  assert.deepEqual(referencedTables("SELECT 1", known), []);
});

test("materialiseSql stores every query kind DuckDB can store, and maps positions back", async () => {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  await conn.run("CREATE TABLE results AS SELECT range AS fold, 'v' || (range % 3) AS variant FROM range(10)");
  const cases: [string, number][] = [
    ["SELECT * FROM results -- trailing comment", 10],
    ["WITH a AS (SELECT 1 AS y) SELECT * FROM a", 1],
    ["FROM results WHERE fold < 3", 3],
    ["VALUES (1), (2)", 2],
    ["(SELECT 1) UNION ALL (SELECT 2)", 2],
    ["PIVOT results ON variant USING count(*) GROUP BY variant", 3],
    ["DESCRIBE results", 2],
    ["SHOW TABLES -- comment", 2], // results and the result table itself
    ["SUMMARIZE results", 2],
  ];
  for (const [sql, n] of cases) {
    const w = materialiseSql(sql, "__r");
    assert.ok(w, sql);
    assert.equal(w.sql.slice(w.offset, w.offset + sql.length), sql);
    assert.equal(w.sql.slice(0, w.offset).split("\n").length - 1, w.lines);
    await conn.run(w.sql);
    const count = (await conn.runAndReadAll('SELECT count(*)::INTEGER FROM "__r"')).getRows()[0][0];
    assert.equal(count, n, sql);
  }
  assert.equal(materialiseSql("CREATE TABLE x AS SELECT 1", "__r"), null);
  // DuckDB's error for a wrapped statement, mapped back to the editor.
  const editor = "SELECT 1;\n\nSELECT\n  1 +\nFROM results";
  const st = splitStatements(editor)[1];
  const w = materialiseSql(st.text, "__r")!;
  let message = "";
  try {
    await conn.run(w.sql);
  } catch (e) {
    message = (e as Error).message;
  }
  const err = parseDuckDbError(message);
  const shifted = shiftErrorLines(err.message, errorLineDelta(st, w.lines));
  assert.match(shifted, /LINE 5: FROM results\n {8}\^/);
  conn.closeSync();
});

test("parseDuckDbError reads DuckDB's JSON errors and leaves plain text alone", () => {
  const json = JSON.stringify({ exception_type: "Parser", exception_message: 'syntax error at or near "FROM"\n\nLINE 6: FROM results\n        ^', error_subtype: "SYNTAX_ERROR", position: "66" });
  assert.deepEqual(parseDuckDbError(json), { message: 'Parser Error: syntax error at or near "FROM"\n\nLINE 6: FROM results\n        ^', position: 66 });
  assert.deepEqual(parseDuckDbError("Binder Error: nope"), { message: "Binder Error: nope", position: null });
  assert.deepEqual(parseDuckDbError("{not json"), { message: "{not json", position: null });
});

test("shiftErrorLines keeps the caret under the same character", () => {
  const msg = "Parser Error: syntax error\n\nLINE 9: SELEC 1\n        ^";
  assert.equal(shiftErrorLines(msg, 3), "Parser Error: syntax error\n\nLINE 12: SELEC 1\n         ^");
  assert.equal(shiftErrorLines("LINE 12: x\n         ^", -5), "LINE 7: x\n        ^");
  assert.equal(shiftErrorLines(msg, 0), msg);
  assert.equal(shiftErrorLines("no line info", 4), "no line info");
});

test("#sql= hash round trip, including what ui.ts showSql writes", () => {
  const sql = "SELECT 'a&b=c', 100% -- é\nFROM results";
  assert.equal(sqlFromHash(hashForSql(sql)), sql);
  assert.equal(sqlFromHash(`#sql=${encodeURIComponent(sql.trim())}&x=1`), sql);
  assert.equal(sqlFromHash("#other"), null);
  assert.equal(sqlFromHash(""), null);
  assert.equal(sqlFromHash("#sql=%E0%A4%A"), null);
  fc.assert(fc.property(fc.string(), (s) => sqlFromHash(hashForSql(s)) === s || s === ""));
});
