/**
 * Sizes of the in-browser SQL runtime, so a page can say what it is about to download before it
 * does ("DuckDB-WASM, 34.2 MB"). Read from node_modules: the files the build ships.
 */
import { statSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const size = (spec: string): number => statSync(require.resolve(spec)).size;

export function runtimeSizes(): { duckdb_wasm_bytes: number; parquet_wasm_bytes: number } {
  return {
    duckdb_wasm_bytes: size("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm") + size("@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js"),
    parquet_wasm_bytes: size("parquet-wasm/esm/parquet_wasm_bg.wasm"),
  };
}
