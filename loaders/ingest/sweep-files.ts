/**
 * Reading a sweep folder's own files: `sweep.json`, `results.csv|parquet|jsonl` and the optional
 * `enrichment_config.json`. Tables go through DuckDB (CSV read as text so each cell is judged by
 * the results contract, with its line number); JSON Lines are parsed line by line.
 */
import { existsSync, promises as fsp } from "node:fs";
import { basename, join, resolve } from "node:path";
import { checkResultsGrid, coerceResultRecord, RESULT_COLUMNS, REQUIRED_RESULT_COLUMNS, type CellKey, type LocatedResult, type ResultRow } from "../../src/lib/results.ts";
import { checkSweepConfig, didYouMean, type InputIssue, type SweepConfig } from "../../src/lib/sweep.ts";
import { InputError } from "../errors.ts";
import { Duck } from "./duck.ts";
import { quoteLiteral } from "../../src/lib/sql/quote.ts";
import { sha256Bytes, sha256File } from "./hash.ts";
import { readCsvAsText } from "./csv-text.ts";
import type { InputFileInfo, Warning } from "./types.ts";
import { formatUtcMillis, tryParseUtc } from "../../src/lib/time.ts";

export const RESULTS_FILES = ["results.csv", "results.parquet", "results.jsonl"] as const;

/** An InputIssue from src/lib becomes an InputError (or a Warning) located in `file`. */
export function issueToError(file: string, i: InputIssue, unit: "row" | "line" = "line"): InputError {
  return new InputError(i.code, i.message, { file, row: i.row, unit: i.row !== undefined ? unit : undefined, column: i.column, value: i.value }, i.expected);
}

export function issueToWarning(file: string, i: InputIssue): Warning {
  const w: Warning = { code: i.code, message: `${file}${i.column ? `, "${i.column}"` : ""}: ${i.message}`, file };
  if (i.column) w.column = i.column;
  if (i.row !== undefined) w.row = i.row;
  return w;
}

export interface Collected {
  errors: InputError[];
  warnings: Warning[];
  files: InputFileInfo[];
}

async function fileInfo(dir: string, name: string, kind: InputFileInfo["kind"], rows: number | null, bytes?: Buffer): Promise<InputFileInfo> {
  const path = join(dir, name);
  const size = bytes ? bytes.length : (await fsp.stat(path)).size;
  return { root: "sweep", path: name, kind, size, sha256: bytes ? sha256Bytes(bytes) : await sha256File(path), rows };
}

/** Line and column of a JSON.parse failure, from V8's "at position N" / "(line L column C)". */
/**
 * The one file of `candidates` present in `dir` (a contract that accepts several formats of the
 * same input); a missing or an ambiguous input is an error pushed to `errors`, and null.
 */
export function exactlyOneOf(dir: string, candidates: readonly string[], what: string, whatPlural: string, errors: InputError[]): string | null {
  const present = candidates.filter((f) => existsSync(join(dir, f)));
  if (!present.length) {
    errors.push(new InputError("missing_file", `no ${what}`, { file: dir }, candidates.join(" or ")));
    return null;
  }
  if (present.length > 1) {
    errors.push(new InputError("ambiguous_input", `several ${whatPlural}: ${present.join(", ")}`, { file: dir }, `exactly one ${what}`));
    return null;
  }
  return present[0];
}

export function jsonErrorLine(text: string, message: string): number | undefined {
  const lc = /line (\d+)/.exec(message);
  if (lc) return Number(lc[1]);
  const pos = /position (\d+)/.exec(message);
  return pos ? text.slice(0, Number(pos[1])).split("\n").length : undefined;
}

export async function readSweepConfig(sweepDir: string, out: Collected): Promise<SweepConfig | null> {
  const file = "sweep.json";
  const path = join(sweepDir, file);
  if (!existsSync(path)) {
    out.errors.push(new InputError("missing_file", "sweep.json not found", { file: path }, "a sweep folder holding sweep.json and results.csv|parquet|jsonl"));
    return null;
  }
  const bytes = await fsp.readFile(path);
  out.files.push(await fileInfo(sweepDir, file, "sweep", null, bytes));
  const text = bytes.toString("utf8");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const line = jsonErrorLine(text, (e as Error).message);
    out.errors.push(new InputError("invalid_json", `invalid JSON: ${(e as Error).message}`, { file, row: line, unit: line ? "line" : undefined }, "a JSON object"));
    return null;
  }
  const { config, issues } = checkSweepConfig(raw);
  for (const i of issues) {
    if (i.severity === "error") out.errors.push(issueToError(file, i));
    else out.warnings.push(issueToWarning(file, i));
  }
  const folder = basename(resolve(sweepDir));
  if (config && config.sweep_id !== folder) {
    out.warnings.push({ code: "sweep_id_mismatch", file, column: "sweep_id", message: `sweep.json: sweep_id "${config.sweep_id}" differs from its folder name "${folder}"; the site lists the sweep by folder name` });
  }
  return config;
}

/** Records of the results file, each with its location (CSV/JSONL: line; Parquet: row). */
interface RawResults {
  file: string;
  unit: "row" | "line";
  columns: string[];
  records: { rec: Record<string, unknown>; at: number }[];
}

async function readResultsCsv(duck: Duck, path: string, file: string, out: Collected): Promise<RawResults | null> {
  const t = await readCsvAsText(duck, path, "results_raw", file, out.errors);
  if (!t) return null;
  const rows = await duck.rows(`SELECT * FROM results_raw ORDER BY rowid`);
  await duck.run("DROP TABLE results_raw");
  return { file, unit: "line", columns: t.columns, records: rows.map((rec, k) => ({ rec, at: t.locate.locate(k).line })) };
}

async function readResultsParquet(duck: Duck, path: string, file: string, out: Collected): Promise<RawResults | null> {
  try {
    const cols = (await duck.rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(path)}))`)).map((c) => c.column_name);
    const rows = await duck.rows(`SELECT * FROM read_parquet(${quoteLiteral(path)})`);
    const records = rows.map((rec, k) => {
      for (const [key, v] of Object.entries(rec)) if (v instanceof Date) rec[key] = formatUtcMillis(v);
      return { rec, at: k + 1 };
    });
    return { file, unit: "row", columns: cols, records };
  } catch (e) {
    out.errors.push(new InputError("unreadable", `cannot read Parquet: ${(e as Error).message.split("\n")[0]}`, { file }, "a Parquet file"));
    return null;
  }
}

async function readResultsJsonl(path: string, file: string, out: Collected): Promise<RawResults> {
  const text = await fsp.readFile(path, "utf8");
  const records: RawResults["records"] = [];
  const columns = new Set<string>();
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      out.errors.push(new InputError("invalid_json", `invalid JSON: ${(e as Error).message}`, { file, row: i + 1, unit: "line", value: line.length > 80 ? line.slice(0, 77) + "..." : line }, "one JSON object per line"));
      return;
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      out.errors.push(new InputError("wrong_type", "not a JSON object", { file, row: i + 1, unit: "line", value: v }, "one JSON object per line"));
      return;
    }
    Object.keys(v).forEach((k) => columns.add(k));
    records.push({ rec: v as Record<string, unknown>, at: i + 1 });
  });
  if (!records.length && !out.errors.length) out.errors.push(new InputError("empty_file", "no rows", { file }, "one JSON object per line"));
  return { file, unit: "line", columns: [...columns], records };
}

/**
 * Read and check the results table against the config: every cell by the contract, then the grid.
 * Returns the rows in input order (null when the file is missing or unreadable).
 */
export async function readResults(duck: Duck, sweepDir: string, config: SweepConfig | null, out: Collected): Promise<{ rows: ResultRow[]; located: LocatedResult[]; file: string } | null> {
  const file = exactlyOneOf(sweepDir, RESULTS_FILES, "results file", "results files", out.errors);
  if (!file) return null;
  const path = join(sweepDir, file);
  const raw = file.endsWith(".csv") ? await readResultsCsv(duck, path, file, out) : file.endsWith(".parquet") ? await readResultsParquet(duck, path, file, out) : await readResultsJsonl(path, file, out);
  out.files.push(await fileInfo(sweepDir, file, "results", raw ? raw.records.length : 0));
  if (!raw) return null;
  if (!raw.records.length && !out.errors.some((e) => e.location.file === file)) out.errors.push(new InputError("empty_file", "no data rows", { file }, "one row per (crypto, fold, variant)"));

  // Column names are matched case-insensitively; unknown ones are reported, not fatal.
  const known = RESULT_COLUMNS.map((c) => c.name as string);
  const rename = new Map<string, string>();
  for (const c of raw.columns) {
    const k = known.find((n) => n === c.trim().toLowerCase());
    if (k) rename.set(c, k);
    else out.warnings.push({ code: "unknown_column", file, column: c, message: `${file}: column "${c}" is not part of the results contract and is ignored${didYouMean(c, known)}` });
  }
  const have = new Set(rename.values());
  const missing = REQUIRED_RESULT_COLUMNS.filter((c) => !have.has(c));
  for (const m of missing) {
    const near = didYouMean(m, raw.columns);
    out.errors.push(new InputError("missing_column", `missing required column${near}`, { file, column: m }, `the columns ${REQUIRED_RESULT_COLUMNS.join(", ")}`));
  }
  if (missing.length) return { rows: [], located: [], file };

  const located: LocatedResult[] = [];
  const keys: { row: CellKey; line: number }[] = [];
  for (const { rec, at } of raw.records) {
    const norm: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec)) if (rename.has(k)) norm[rename.get(k)!] = v;
    const { row, key, issues } = coerceResultRecord(norm, at, tryParseUtc);
    for (const i of issues) out.errors.push(issueToError(file, i, raw.unit));
    if (row) located.push({ row, line: at });
    if (key) keys.push({ row: key, line: at });
  }
  if (config) for (const i of checkResultsGrid(keys, config)) out.errors.push(issueToError(file, i, raw.unit));
  if (config) checkFoldWindows(located, file, raw.unit, out);
  return { rows: located.map((l) => l.row), located, file };
}

/** The variants of one (crypto, fold) are compared pairwise, so they must share one test window. */
function checkFoldWindows(rows: LocatedResult[], file: string, unit: "row" | "line", out: Collected): void {
  const first = new Map<string, LocatedResult>();
  for (const l of rows) {
    const { crypto, fold, fold_start, fold_end } = l.row;
    if (fold_start === null && fold_end === null) continue;
    const k = `${crypto}\u0000${fold}`;
    const f = first.get(k);
    if (!f) first.set(k, l);
    else if (f.row.fold_start !== fold_start || f.row.fold_end !== fold_end) {
      out.errors.push(new InputError("inconsistent_fold", `${crypto} fold ${fold}: variant ${l.row.variant} has test window [${fold_start}, ${fold_end}) but ${f.row.variant} (line ${f.line}) has [${f.row.fold_start}, ${f.row.fold_end})`, { file, row: l.line, unit, column: "fold_start" }, "one test window per (crypto, fold)"));
    }
  }
}

/** The optional enrichment artefact: hashed, and its JSON checked. */
export async function readEnrichmentConfig(sweepDir: string, config: SweepConfig | null, out: Collected): Promise<void> {
  const file = "enrichment_config.json";
  const path = join(sweepDir, file);
  if (!existsSync(path)) return;
  const bytes = await fsp.readFile(path);
  const info = await fileInfo(sweepDir, file, "enrichment_config", null, bytes);
  out.files.push(info);
  try {
    JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    out.errors.push(new InputError("invalid_json", `invalid JSON: ${(e as Error).message}`, { file }, "the enrichment config artefact (JSON)"));
  }
  const tag = config?.registry?.enrichment_config_sha256;
  if (tag && tag !== info.sha256) {
    out.warnings.push({ code: "enrichment_sha_mismatch", file, message: `${file}: SHA-256 ${info.sha256} differs from the registry tag ${tag} (see the Artefact contract page)` });
  }
}
