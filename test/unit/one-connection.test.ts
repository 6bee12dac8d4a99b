/**
 * Every browser use of DuckDB-WASM goes through src/components/db.ts, which owns the page's one
 * connection and its queue: no other page or module imports DuckDB-WASM, and none reaches for a
 * connection (`getConnection`, `.send(`, `insertArrow…`). A second path to the connection would
 * let one statement abort another (DuckDB-WASM's pending-query rule).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|md|js)$/.test(n) ? [p] : [];
  });
}

test("only src/components/db.ts touches DuckDB-WASM and its connection", () => {
  const bad: string[] = [];
  for (const f of files("src")) {
    if (f === join("src", "components", "db.ts") || f.includes(".observablehq")) continue;
    const src = readFileSync(f, "utf8");
    if (/["']@duckdb\/duckdb-wasm["']/.test(src)) bad.push(`${f}: imports @duckdb/duckdb-wasm`);
    for (const m of src.matchAll(/\b(getConnection|getDb|cancelSent|insertArrowFromIPCStream|insertArrowTable)\b|\bconn\.(send|query)\(/g)) bad.push(`${f}: ${m[0]}`);
  }
  assert.deepEqual(bad, []);
});

test("db.ts keeps the connection to itself", () => {
  const src = readFileSync(join("src", "components", "db.ts"), "utf8");
  assert.doesNotMatch(src, /export (async )?function (getConnection|getDb)\b/);
  for (const name of ["withConnection", "query", "queryRows", "streamQuery", "cancelQuery", "registerParquet"]) assert.match(src, new RegExp(`export (async )?function\\*? ?${name}\\b`), name);
});
