/**
 * SQL as text, for the Explore page: a small DuckDB-dialect tokenizer (for highlighting and for
 * finding the tables a query names), a statement splitter that knows strings and comments, the
 * wrapper that materialises a query's result for paging, the mapping of DuckDB's "LINE n:" back
 * to the editor's lines, and the `#sql=` URL hash.
 *
 * The tokenizer only has to be right about where strings, quoted identifiers and comments begin
 * and end (so a ";" or a table name inside them is not taken for one); DuckDB still parses the
 * SQL and reports its own errors.
 */
import { quoteIdent } from "../sql/quote.js";

export type TokenKind = "space" | "comment" | "string" | "quoted" | "number" | "keyword" | "identifier" | "param" | "operator" | "semicolon";

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the first character in the input. */
  start: number;
}

/** Words shown as keywords (a highlighting choice; DuckDB's own list is much longer). */
export const SQL_KEYWORDS: ReadonlySet<string> = new Set(
  `ALL AND ANTI ANY AS ASC ASOF BETWEEN BY CASE CAST CREATE CROSS CUBE DESC DESCRIBE DISTINCT DROP ELSE END EXCEPT EXCLUDE EXISTS EXPLAIN
  FALSE FILTER FIRST FOLLOWING FROM FULL GROUP GROUPING HAVING ILIKE IN INNER INSERT INTERSECT INTERVAL INTO IS JOIN LAST LATERAL LEFT LIKE
  LIMIT MACRO NATURAL NOT NULL NULLS OFFSET ON OR ORDER OUTER OVER PARTITION PIVOT POSITIONAL PRAGMA PRECEDING QUALIFY RANGE RECURSIVE
  REPLACE RIGHT ROLLUP ROWS SAMPLE SELECT SEMI SET SETS SHOW SUMMARIZE TABLE TEMP TEMPORARY THEN TRUE UNBOUNDED UNION UNPIVOT UPDATE USING
  VALUES VIEW WHEN WHERE WINDOW WITH CURRENT ROW`.split(/\s+/),
);

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const NUMBER = /^(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)/;
const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;
const PARAM = /^(?:\$\d+|\$[A-Za-z_][A-Za-z0-9_]*|\?\d*)/;

/** Split SQL into tokens; concatenating their texts gives the input back exactly. */
export function tokenizeSql(sql: string): Token[] {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end), start: i });
    i = end;
  };
  const closing = (quote: string, from: number): number => {
    // A quote doubled inside is an escaped quote; an unterminated literal runs to the end.
    let j = from;
    for (;;) {
      const q = sql.indexOf(quote, j);
      if (q < 0) return n;
      if (sql[q + 1] === quote) j = q + 2;
      else return q + 1;
    }
  };
  while (i < n) {
    const c = sql[i];
    const rest = () => sql.slice(i, i + 64);
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < n && /\s/.test(sql[j])) j++;
      push("space", j);
    } else if (c === "-" && sql[i + 1] === "-") {
      const e = sql.indexOf("\n", i);
      push("comment", e < 0 ? n : e);
    } else if (c === "/" && sql[i + 1] === "*") {
      const e = sql.indexOf("*/", i + 2);
      push("comment", e < 0 ? n : e + 2);
    } else if (c === "'") {
      push("string", closing("'", i + 1));
    } else if ((c === "E" || c === "e") && sql[i + 1] === "'") {
      // E'…' allows backslash escapes: skip \x pairs, then '' as usual.
      let j = i + 2;
      while (j < n) {
        if (sql[j] === "\\") j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      push("string", Math.min(n, j + 1));
    } else if (c === '"') {
      push("quoted", closing('"', i + 1));
    } else if (c === "$" && DOLLAR_TAG.test(rest())) {
      const tag = DOLLAR_TAG.exec(rest())![0];
      const e = sql.indexOf(tag, i + tag.length);
      push("string", e < 0 ? n : e + tag.length);
    } else if ((c === "$" || c === "?") && PARAM.test(rest())) {
      push("param", i + PARAM.exec(rest())![0].length);
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      push("number", i + NUMBER.exec(sql.slice(i, i + 400))![0].length);
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(sql[j])) j++;
      push(SQL_KEYWORDS.has(sql.slice(i, j).toUpperCase()) ? "keyword" : "identifier", j);
    } else if (c === ";") {
      push("semicolon", i + 1);
    } else {
      push("operator", i + 1);
    }
  }
  return tokens;
}

/** True for tokens that are not whitespace or comments. */
export function isSignificant(t: Token): boolean {
  return t.kind !== "space" && t.kind !== "comment";
}

export interface Statement {
  /** The statement's text as written (leading whitespace and comments kept, no final ";"). */
  text: string;
  /** 1-based line of the editor on which `text` begins. */
  line: number;
  /** Offset of `text` in the editor. */
  start: number;
}

/** Split a script at top-level semicolons; statements with nothing but comments are dropped. */
export function splitStatements(sql: string): Statement[] {
  const out: Statement[] = [];
  let start = 0;
  let line = 1;
  let startLine = 1;
  let significant = false;
  const flush = (end: number) => {
    if (significant) out.push({ text: sql.slice(start, end), line: startLine, start });
  };
  for (const t of tokenizeSql(sql)) {
    if (t.kind === "semicolon") {
      flush(t.start);
      start = t.start + 1;
      startLine = line;
      significant = false;
    } else if (isSignificant(t)) {
      significant = true;
    }
    for (const ch of t.text) if (ch === "\n") line++;
  }
  flush(sql.length);
  return out;
}

/** How the Explore page runs a statement. */
export type StatementKind =
  /** A query that can be the body of CREATE TABLE … AS (SELECT, WITH, FROM, VALUES, TABLE, PIVOT, …). */
  | "query"
  /** DESCRIBE / SHOW / SUMMARIZE: rows, but only as a subquery `FROM (…)`. */
  | "meta"
  /** Everything else (CREATE, INSERT, SET, PRAGMA, EXPLAIN, …): run as is. */
  | "command";

const QUERY_STARTS = new Set(["SELECT", "WITH", "FROM", "VALUES", "TABLE", "PIVOT", "UNPIVOT", "("]);
const META_STARTS = new Set(["DESCRIBE", "SHOW", "SUMMARIZE"]);

export function statementKind(statement: string): StatementKind {
  const first = tokenizeSql(statement).find(isSignificant);
  const word = first?.text.toUpperCase() ?? "";
  if (QUERY_STARTS.has(word)) return "query";
  if (META_STARTS.has(word)) return "meta";
  return "command";
}

/**
 * Names from `known` that the SQL mentions as identifiers (outside strings and comments), in the
 * order of `known`. DuckDB matches identifiers case-insensitively, quoted or not, and so do we.
 * A false positive (a column called like a table) only costs loading that table.
 */
export function referencedTables(sql: string, known: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const t of tokenizeSql(sql)) {
    if (t.kind === "identifier" || t.kind === "keyword") seen.add(t.text.toLowerCase());
    else if (t.kind === "quoted") seen.add(t.text.slice(1, -1).replaceAll('""', '"').toLowerCase());
  }
  return known.filter((name) => seen.has(name.toLowerCase()));
}

export interface Wrapped {
  sql: string;
  /** Characters before the user's statement in `sql` (to map DuckDB's error position back). */
  offset: number;
  /** Lines before the user's statement (to map DuckDB's "LINE n" back). */
  lines: number;
}

/**
 * The statement that stores a statement's rows in `table`, so the page can count and page them
 * without sending millions of rows to the main thread. The user's text starts on its own line
 * (and a trailing "-- comment" cannot swallow anything). Commands are not wrapped (null).
 */
export function materialiseSql(statement: string, table: string): Wrapped | null {
  const kind = statementKind(statement);
  const target = `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS`;
  const before = kind === "query" ? `${target}\n` : kind === "meta" ? `${target} FROM (\n` : null;
  if (before === null) return null;
  return { sql: before + statement + (kind === "meta" ? "\n)" : ""), offset: before.length, lines: 1 };
}

export interface DuckDbError {
  /** "Parser Error: syntax error at or near …" with DuckDB's LINE/caret context. */
  message: string;
  /** Character offset in the statement DuckDB ran, when it says. */
  position: number | null;
}

/**
 * DuckDB's error as text. Some errors arrive as DuckDB's JSON error object
 * ({"exception_type":"Parser","exception_message":"…","position":"66"}), others as plain text.
 */
export function parseDuckDbError(raw: string): DuckDbError {
  const text = raw.trim();
  if (text.startsWith("{")) {
    try {
      const o = JSON.parse(text) as Record<string, unknown>;
      if (typeof o.exception_message === "string") {
        const type = typeof o.exception_type === "string" ? o.exception_type : "";
        const pos = Number(o.position);
        return { message: type ? `${type} Error: ${o.exception_message}` : o.exception_message, position: Number.isInteger(pos) && pos >= 0 ? pos : null };
      }
    } catch {
      // not JSON after all: keep the text
    }
  }
  return { message: raw, position: null };
}

/**
 * Rewrite DuckDB's "LINE n:" markers by `delta` lines (to editor lines), keeping the "^" under the
 * right character when the number gets longer or shorter.
 */
export function shiftErrorLines(message: string, delta: number): string {
  if (delta === 0) return message;
  const lines = message.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^LINE (\d+):/.exec(lines[i]);
    if (!m) continue;
    const before = `LINE ${m[1]}:`;
    const after = `LINE ${Math.max(1, Number(m[1]) + delta)}:`;
    lines[i] = after + lines[i].slice(before.length);
    const caret = lines[i + 1];
    if (caret !== undefined && /^ *\^/.test(caret)) {
      const d = after.length - before.length;
      lines[i + 1] = d >= 0 ? " ".repeat(d) + caret : caret.slice(Math.min(-d, caret.search(/\S/)));
    }
  }
  return lines.join("\n");
}

/**
 * The delta that maps a "LINE n" of DuckDB's message for `statement` (run with `wrapped` lines
 * before it) to a line of the editor.
 */
export function errorLineDelta(statement: Statement, wrapped: number): number {
  return statement.line - 1 - wrapped;
}

/** The SQL in a URL hash such as "#sql=SELECT%201" (null when there is none). */
export function sqlFromHash(hash: string): string | null {
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  if (!body) return null;
  for (const part of body.split("&")) {
    if (!part.startsWith("sql=")) continue;
    try {
      return decodeURIComponent(part.slice(4));
    } catch {
      return null; // a mangled escape: better an empty editor than a wrong query
    }
  }
  return null;
}

/** The URL hash that opens `sql` in Explore (the inverse of sqlFromHash). */
export function hashForSql(sql: string): string {
  return `#sql=${encodeURIComponent(sql)}`;
}
