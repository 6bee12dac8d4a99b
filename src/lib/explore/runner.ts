/**
 * The Explore query runner, without a browser: a script → its statements → the tables it names →
 * one statement at a time on an engine → the last statement's result, or an error that points at
 * the editor's line and character. The engine is anything that runs one SQL statement: the page's
 * DuckDB-WASM queue (src/components/db.ts) in the browser, native DuckDB (@duckdb/node-api) in the
 * tests, so the runner's behaviour is tested against the same SQL dialect without Chromium.
 *
 * Why the last statement's rows are stored in a temp table rather than returned: a result can be
 * millions of rows, and the page only ever needs a count, a page, the chart's first rows or a
 * stream for a download; those are read back with the builders below.
 */
import { quoteIdent, quoteLiteral } from "../sql/quote.js";
import { columnKind, type ResultColumn } from "./result-view.js";
import { errorLineDelta, materialiseSql, parseDuckDbError, shiftErrorLines, splitStatements, type Statement } from "./sql-text.js";

/** The temp table holding the last result (connection-local, replaced by every run). */
export const RESULT_TABLE = "__explore_result";

type Row = Record<string, unknown>;

/** One SQL statement at a time, on whatever runs it. `R` is the engine's own result type. */
export interface StatementEngine<R> {
  run(sql: string): Promise<R>;
  /** Rows of a result as objects. */
  rows(result: R): Row[];
  /** Column names and type names of a result (DuckDB's names, or Arrow's for DuckDB-WASM). */
  columns(result: R): ResultColumn[];
}

/** A script that failed: DuckDB's message with the editor's line numbers, and where it points. */
export class ExploreQueryError extends Error {
  constructor(
    message: string,
    /** 0-based index of the failing statement (-1 when the script has none). */
    readonly statement: number,
    /** Character offset in the editor DuckDB points at, when it says and it falls in the statement. */
    readonly position: number | null,
  ) {
    super(message);
    this.name = "ExploreQueryError";
  }
}

export type RunOutcome<R> =
  /** The last statement's rows are in RESULT_TABLE. */
  | { kind: "stored"; columns: ResultColumn[]; rowCount: number; statements: number }
  /** The last statement was a command (SET, CREATE, PRAGMA, EXPLAIN…): its (small) result as is. */
  | { kind: "inline"; result: R; statements: number }
  /** `cancelled()` turned true between statements, or a statement failed after it did. */
  | { kind: "cancelled" };

export interface RunOptions {
  /** Checked before each statement and when one fails (an interrupted query is not an error). */
  cancelled?: () => boolean;
}

/** `SELECT column_name, column_type` of a table, as DESCRIBE reports them. */
export function describeSql(table: string): string {
  return `SELECT column_name, column_type FROM (DESCRIBE ${quoteIdent(table)})`;
}

/** The row count of a table, as a DOUBLE (no BigInt across the worker boundary). */
export function countSql(table: string): string {
  return `SELECT count(*)::DOUBLE AS n FROM ${quoteIdent(table)}`;
}

/** Tables and views created in the session (the reader's CREATE TABLE …), not `exclude`. */
export function sessionTablesSql(exclude: readonly string[] = [RESULT_TABLE]): string {
  const not = exclude.length ? ` AND table_name NOT IN (${exclude.map(quoteLiteral).join(", ")})` : "";
  return `SELECT table_name AS name, table_type AS type FROM information_schema.tables WHERE table_schema = 'main'${not} ORDER BY 1`;
}

/**
 * Why a column is read back: "table" keeps exact text for numbers JavaScript cannot hold
 * (HUGEINT, DECIMAL: Arrow hands those over as 128-bit words, not numbers), "chart" casts every
 * numeric column to DOUBLE so a plot gets plain numbers (BIGINT and HUGEINT sums are counts the
 * reader wants to chart).
 */
export type ReadPurpose = "table" | "chart";

const WIDE_NUMBER = /^(U?HUGEINT|DECIMAL|NUMERIC|INT128|UINT128)/;

/** The select-list expression that reads column `c` back for `purpose`. */
export function readExpression(c: ResultColumn, purpose: ReadPurpose): string {
  const id = quoteIdent(c.name);
  const type = c.type.trim().toUpperCase();
  const kind = columnKind(c.type);
  if (purpose === "chart" && (kind === "integer" || kind === "number")) return `${id}::DOUBLE AS ${id}`;
  if (purpose === "table" && WIDE_NUMBER.test(type)) return `${id}::VARCHAR AS ${id}`;
  return id;
}

/** Rows [offset, offset + limit) of `table`, reading `columns` for `purpose`. */
export function pageSql(table: string, columns: readonly ResultColumn[], offset: number, limit: number, purpose: ReadPurpose = "table"): string {
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 0) throw new RangeError(`page: offset and limit must be whole numbers ≥ 0, got ${offset}, ${limit}`);
  const list = columns.length ? columns.map((c) => readExpression(c, purpose)).join(", ") : "*";
  return `SELECT ${list} FROM ${quoteIdent(table)} LIMIT ${limit} OFFSET ${offset}`;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The statements of `sql`, or a typed error when there is none. */
export function statementsOf(sql: string): Statement[] {
  const statements = splitStatements(sql);
  if (!statements.length) throw new ExploreQueryError("Nothing to run: the editor holds no SQL statement.", -1, null);
  return statements;
}

/**
 * Run a script statement by statement on `engine`. Every statement but the last runs as is; the
 * last one's rows are stored in RESULT_TABLE (commands excepted). Throws ExploreQueryError with
 * DuckDB's message, its "LINE n" rewritten to the editor's line.
 */
export async function runScript<R>(engine: StatementEngine<R>, sql: string, opts: RunOptions = {}): Promise<RunOutcome<R>> {
  const cancelled = opts.cancelled ?? (() => false);
  const statements = statementsOf(sql);
  let inline: R | null = null;
  for (const [i, st] of statements.entries()) {
    if (cancelled()) return { kind: "cancelled" };
    const last = i === statements.length - 1;
    const wrapped = last ? materialiseSql(st.text, RESULT_TABLE) : null;
    try {
      const r = await engine.run(wrapped ? wrapped.sql : st.text);
      if (last && !wrapped) inline = r;
    } catch (e) {
      // Whatever DuckDB says about an interrupted query, the reader asked for it.
      if (cancelled()) return { kind: "cancelled" };
      const err = parseDuckDbError(messageOf(e));
      const at = err.position === null ? null : st.start + err.position - (wrapped?.offset ?? 0);
      const position = at !== null && at >= st.start && at <= st.start + st.text.length ? at : null;
      throw new ExploreQueryError(shiftErrorLines(err.message, errorLineDelta(st, wrapped?.lines ?? 0)), i, position);
    }
  }
  if (inline !== null) return { kind: "inline", result: inline, statements: statements.length };
  return { kind: "stored", ...(await storedShape(engine, RESULT_TABLE)), statements: statements.length };
}

/** Columns and row count of a stored result. */
export async function storedShape<R>(engine: StatementEngine<R>, table: string): Promise<{ columns: ResultColumn[]; rowCount: number }> {
  // One statement at a time: a second send on the connection would abort the first.
  const describe = engine.rows(await engine.run(describeSql(table)));
  const count = engine.rows(await engine.run(countSql(table)));
  return {
    columns: describe.map((r) => ({ name: String(r.column_name), type: String(r.column_type) })),
    rowCount: Number(count[0]?.n ?? 0),
  };
}
