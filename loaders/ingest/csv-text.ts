/**
 * A small headed CSV (results, predictions) read into a DuckDB table with every column as text,
 * so the contract — not DuckDB's type sniffer — judges each cell. Malformed rows are reported with
 * their line; `locate` maps the table's row order back to file lines.
 */
import { promises as fsp } from "node:fs";
import { InputError } from "../errors.ts";
import { Duck } from "./duck.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { LineLocator } from "./lines.ts";

export interface TextTable {
  columns: string[];
  locate: LineLocator;
}

export async function readCsvAsText(duck: Duck, path: string, table: string, file: string, errors: InputError[]): Promise<TextTable | null> {
  const fh = await fsp.open(path);
  const head = Buffer.alloc(64 * 1024);
  const { bytesRead } = await fh.read(head, 0, head.length, 0);
  await fh.close();
  const headText = head.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "");
  const firstLine = headText.split(/\r?\n/, 1)[0] ?? "";
  const newline = /\r\n/.test(headText) ? "\\r\\n" : "\\n";
  if (!firstLine.trim()) {
    errors.push(new InputError("empty_file", "empty file", { file }, "a header line naming the columns, then data rows"));
    return null;
  }
  // Comma unless the header clearly uses another separator (feature_names cells use ";").
  const delim = [",", "\t", ";"].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  const names = firstLine.split(delim).map((h, i) => h.trim().replace(/^"(.*)"$/, "$1") || `column${i + 1}`);
  const rejects = `${table}_rejects`;
  await duck.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM read_csv(${quoteLiteral(path)}, header = true, auto_detect = false,
    delim = ${quoteLiteral(delim)}, new_line = '${newline}', quote = '"', escape = '"', columns = {${names.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(", ")}},
    store_rejects = true, rejects_table = '${rejects}', rejects_scan = '${rejects}_scan', rejects_limit = 100)`);
  const rejected = new Set<number>();
  try {
    const rows = await duck.rows<{ line: number; error_type: string; error_message: string; csv_line: string }>(
      `SELECT line, error_type::VARCHAR AS error_type, error_message, csv_line FROM ${rejects} ORDER BY line`,
    );
    for (const r of rows) {
      if (rejected.has(r.line)) continue;
      rejected.add(r.line);
      const [code, message] = r.error_type === "MISSING COLUMNS" ? ["truncated_row", "row has too few fields"] : r.error_type === "TOO MANY COLUMNS" ? ["wrong_columns", "row has too many fields"] : ["malformed_row", r.error_message];
      errors.push(new InputError(code, message, { file, row: r.line, unit: "line", value: (r.csv_line ?? "").replace(/^\r?\n/, "") }, `${names.length} fields, as in the header`));
    }
  } catch {
    // DuckDB made no rejects table: nothing was rejected.
  }
  await duck.run(`DROP TABLE IF EXISTS ${rejects}; DROP TABLE IF EXISTS ${rejects}_scan;`);
  return { columns: names, locate: new LineLocator(path, false, 2, rejected) };
}
