/**
 * `results.parquet`: the checked results rows, in output order, with every contract column
 * (absent optional columns are NULL) so the pages can rely on one schema.
 */
import type { ResultRow } from "../../src/lib/results.ts";
import { siteTable } from "../../src/lib/tables.ts";
import { Duck } from "./duck.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { formatUtc } from "../../src/lib/time.ts";

/** Column types of results.parquet, in order (the table catalogue's). */
export const RESULTS_SCHEMA = siteTable("results").columns;

function literal(v: unknown, type: string): string {
  if (v === null || v === undefined) return `NULL::${type}`;
  if (type === "VARCHAR[]") return `[${(v as string[]).map(quoteLiteral).join(", ")}]::VARCHAR[]`;
  if (type === "TIMESTAMP") return `${quoteLiteral(String(v).replace(/Z$/, ""))}::TIMESTAMP`;
  // Through text so the double is exactly the JS one (a bare literal would be read as DECIMAL).
  if (type === "DOUBLE") return `${quoteLiteral(String(v))}::DOUBLE`;
  if (type === "VARCHAR") return quoteLiteral(String(v));
  return `${v}::${type}`;
}

export async function createResultsTable(duck: Duck, rows: readonly ResultRow[]): Promise<void> {
  await duck.run(`CREATE OR REPLACE TABLE results (${RESULTS_SCHEMA.map((c) => `${c.name} ${c.type}`).join(", ")})`);
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows.slice(i, i + 500).map((r) => `(${RESULTS_SCHEMA.map((c) => literal(r[c.name as keyof ResultRow], c.type)).join(", ")})`);
    await duck.run(`INSERT INTO results VALUES ${values.join(",\n")}`);
  }
}

/** results.parquet rows back into ResultRow objects (timestamps as ISO-8601 UTC text). */
export async function readResultsParquet(duck: Duck, path: string): Promise<ResultRow[]> {
  const rows = await duck.rows<Record<string, unknown>>(`SELECT * FROM read_parquet(${quoteLiteral(path)})`);
  return rows.map((r) => {
    for (const k of ["fold_start", "fold_end"]) if (r[k] instanceof Date) r[k] = formatUtc((r[k] as Date).getTime());
    return r as unknown as ResultRow;
  });
}
