/**
 * src/lib/explore/runner.ts against native DuckDB (@duckdb/node-api), the same SQL dialect the
 * page runs in DuckDB-WASM: a script's last statement is stored and read back page by page, a
 * command's result comes back as is, errors carry DuckDB's message with the editor's line, the
 * read-back casts make HUGEINT/DECIMAL exact text for the table and DOUBLE for the chart, and a
 * cancel between statements stops the script.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DuckDBInstance, type DuckDBConnection, type DuckDBResultReader } from "@duckdb/node-api";
import {
  ExploreQueryError,
  RESULT_TABLE,
  pageSql,
  readExpression,
  runScript,
  sessionTablesSql,
  statementsOf,
  type StatementEngine,
} from "../../src/lib/explore/runner.ts";
import { columnKind } from "../../src/lib/explore/result-view.ts";

type R = DuckDBResultReader;

describe("Explore runner on native DuckDB", () => {
  let conn: DuckDBConnection;
  let ran: string[];
  let engine: StatementEngine<R>;
  before(async () => {
    conn = await (await DuckDBInstance.create(":memory:")).connect();
    engine = {
      run: (sql) => {
        ran.push(sql);
        return conn.runAndReadAll(sql);
      },
      rows: (r) => r.getRowObjectsJS() as Record<string, unknown>[],
      columns: (r) => r.columnNames().map((name, i) => ({ name, type: String(r.columnTypes()[i]) })),
    };
  });
  after(() => conn?.closeSync());
  const fresh = () => (ran = []);

  test("the last statement's rows are stored; earlier statements run as written", async () => {
    fresh();
    const out = await runScript(engine, "CREATE TABLE t AS SELECT range AS i, range * 0.1 AS x FROM range(250);\n-- the query\nSELECT i, x FROM t WHERE i % 2 = 0 ORDER BY i");
    assert.equal(out.kind, "stored");
    if (out.kind !== "stored") return;
    assert.equal(out.rowCount, 125);
    assert.equal(out.statements, 2);
    assert.deepEqual(out.columns, [
      { name: "i", type: "BIGINT" },
      { name: "x", type: "DECIMAL(21,1)" },
    ]);
    assert.equal(ran[0], "CREATE TABLE t AS SELECT range AS i, range * 0.1 AS x FROM range(250)");
    assert.ok(ran[1].startsWith(`CREATE OR REPLACE TEMP TABLE "${RESULT_TABLE}" AS\n`), ran[1]);
    // A page of the stored result, read back for the table: DECIMAL as exact text.
    const page = engine.rows(await engine.run(pageSql(RESULT_TABLE, out.columns, 100, 25)));
    assert.equal(page.length, 25);
    assert.deepEqual(page[0], { i: 200n, x: "20.0" });
    // … and for the chart: every numeric column as DOUBLE.
    const chart = engine.rows(await engine.run(pageSql(RESULT_TABLE, out.columns, 0, 2, "chart")));
    assert.deepEqual(chart, [{ i: 0, x: 0 }, { i: 2, x: 0.2 }]);
    // The last page is short, an offset past the end is empty.
    assert.equal(engine.rows(await engine.run(pageSql(RESULT_TABLE, out.columns, 120, 25))).length, 5);
    assert.equal(engine.rows(await engine.run(pageSql(RESULT_TABLE, out.columns, 125, 25))).length, 0);
  });

  test("DESCRIBE / SUMMARIZE are stored through a subquery; a command comes back inline", async () => {
    fresh();
    const d = await runScript(engine, "DESCRIBE SELECT 1 AS a, 'x' AS b");
    assert.equal(d.kind, "stored");
    if (d.kind === "stored") assert.equal(d.rowCount, 2);
    const s = await runScript(engine, "SUMMARIZE SELECT range AS v FROM range(10)");
    assert.equal(s.kind, "stored");
    const c = await runScript(engine, "SET threads = 1");
    assert.equal(c.kind, "inline");
    assert.equal(ran.filter((q) => q.startsWith("CREATE OR REPLACE")).length, 2, "SET is not wrapped");
  });

  test("BIGINT and HUGEINT sums are numeric and chart as doubles; HUGEINT reads exactly in the table", async () => {
    const out = await runScript(engine, "SELECT 'a' AS k, count(*) AS n, sum(range::HUGEINT * 1000000000000) AS big FROM range(5)");
    assert.equal(out.kind, "stored");
    if (out.kind !== "stored") return;
    const types = Object.fromEntries(out.columns.map((c) => [c.name, c.type]));
    assert.deepEqual(types, { k: "VARCHAR", n: "BIGINT", big: "HUGEINT" });
    for (const c of out.columns.slice(1)) assert.equal(columnKind(c.type), "integer", c.type);
    const table = engine.rows(await engine.run(pageSql(RESULT_TABLE, out.columns, 0, 1)))[0];
    assert.equal(table.big, "10000000000000");
    const chart = engine.rows(await engine.run(pageSql(RESULT_TABLE, out.columns, 0, 1, "chart")))[0];
    assert.deepEqual(chart, { k: "a", n: 5, big: 1e13 });
    assert.equal(readExpression({ name: 'we"ird', type: "VARCHAR" }, "chart"), '"we""ird"');
  });

  test("an error carries DuckDB's message with the editor's line number, as typed error", async () => {
    const sql = "SELECT 1;\n\nSELECT\n  1 +\nFROM range(2)";
    await assert.rejects(runScript(engine, sql), (e: unknown) => {
      assert.ok(e instanceof ExploreQueryError);
      assert.equal(e.statement, 1);
      assert.match(e.message, /^Parser Error: syntax error at or near "FROM"/);
      assert.match(e.message, /\nLINE 5: FROM range\(2\)\n {8}\^/, "line 5 of the editor, caret under FROM");
      return true;
    });
    await assert.rejects(runScript(engine, "SELECT no_such_column FROM range(3)"), /Binder Error: Referenced column "no_such_column" not found[^]*\nLINE 1: SELECT no_such_column/);
    // A failing earlier statement stops the script: the later one never runs.
    fresh();
    await assert.rejects(runScript(engine, "SELECT nope;\nSELECT 2"), ExploreQueryError);
    assert.equal(ran.length, 1);
  });

  test("nothing to run is a typed error; a cancel between statements stops the script", async () => {
    assert.throws(() => statementsOf("-- only a comment\n;  ;"), (e: unknown) => e instanceof ExploreQueryError && e.statement === -1);
    fresh();
    let n = 0;
    const out = await runScript(engine, "SELECT 1; SELECT 2; SELECT 3", { cancelled: () => n++ >= 1 });
    assert.deepEqual(out, { kind: "cancelled" });
    assert.equal(ran.length, 1, "the second statement never ran");
    // A statement that fails after the cancel is reported as cancelled, not as an error.
    const failing: StatementEngine<R> = { ...engine, run: async () => Promise.reject(new Error("INTERRUPT Error: Interrupted!")) };
    let cancelled = false;
    const p = runScript(failing, "SELECT 1", { cancelled: () => cancelled });
    cancelled = true;
    assert.deepEqual(await p, { kind: "cancelled" });
  });

  test("session tables list what the reader created, not the result or the page's tables", async () => {
    await conn.run("CREATE TABLE results AS SELECT 1 AS x; CREATE VIEW mine AS SELECT 2 AS y");
    await runScript(engine, "SELECT 1");
    const names = engine.rows(await engine.run(sessionTablesSql([RESULT_TABLE, "results"]))).map((r) => r.name);
    assert.ok(names.includes("mine"));
    assert.ok(!names.includes("results") && !names.includes(RESULT_TABLE));
  });
});
