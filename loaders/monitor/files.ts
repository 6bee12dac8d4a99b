/**
 * Reading a deployment folder (data/README.md "The deployment folder"): `deployment.json`,
 * `inference_log.parquet|csv|jsonl` and the optional `events.jsonl|log`, each checked like a
 * sweep's files with the same helpers (CSV read as text through DuckDB and judged by the contract,
 * every problem located by file, line or row, and column). Nothing here computes a status.
 */
import { existsSync, promises as fsp } from "node:fs";
import { join } from "node:path";
import { checkDeploymentConfig, parseEventLine, type DeploymentConfig, type ModelSeries, type MonitorEvent } from "../../src/lib/monitor/index.ts";
import { quoteIdent as ident, quoteLiteral as sqlStr } from "../../src/lib/sql/quote.ts";
import { BTC_FEATURES, didYouMean } from "../../src/lib/sweep.ts";
import { formatUtc } from "../../src/lib/time.ts";
import { InputError } from "../errors.ts";
import { readCsvAsText } from "../ingest/csv-text.ts";
import { exactlyOneOf } from "../ingest/sweep-files.ts";
import { Duck } from "../ingest/duck.ts";
import { sha256Bytes, sha256File } from "../ingest/hash.ts";
import { epochOrTextToTimestampSql } from "../ingest/ohlcv-sql.ts";
import { binaryExpr } from "../ingest/predictions.ts";
import { issueToError, issueToWarning, jsonErrorLine, type Collected } from "../ingest/sweep-files.ts";

export const DEPLOYMENT_FILE = "deployment.json";
export const LOG_FILES = ["inference_log.parquet", "inference_log.csv", "inference_log.jsonl"] as const;
export const EVENT_FILES = ["events.jsonl", "events.log"] as const;
/** Columns every log row needs, besides the fed BTC features of the variant. */
export const LOG_REQUIRED = ["ts", "crypto", "model_run_id", "variant", "buy_proba", "y_pred"] as const;
export const LOG_OPTIONAL = ["y_true", "pnl", "equity"] as const;
const LIST_LIMIT = 20;

export interface DeploymentFileInfo {
  path: string;
  size: number;
  sha256: string;
  rows: number | null;
}

export async function readDeploymentConfig(dir: string, out: Collected): Promise<DeploymentConfig | null> {
  const path = join(dir, DEPLOYMENT_FILE);
  if (!existsSync(path)) {
    out.errors.push(new InputError("missing_file", "deployment.json not found", { file: path }, "a deployment folder holding deployment.json and inference_log.parquet|csv|jsonl"));
    return null;
  }
  const bytes = await fsp.readFile(path);
  out.files.push({ root: "sweep", path: DEPLOYMENT_FILE, kind: "sweep", size: bytes.length, sha256: sha256Bytes(bytes), rows: null });
  const text = bytes.toString("utf8");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const line = jsonErrorLine(text, (e as Error).message);
    out.errors.push(new InputError("invalid_json", `invalid JSON: ${(e as Error).message}`, { file: DEPLOYMENT_FILE, row: line, unit: line ? "line" : undefined }, "a JSON object"));
    return null;
  }
  const { config, issues } = checkDeploymentConfig(raw);
  for (const i of issues) {
    if (i.severity === "error") out.errors.push(issueToError(DEPLOYMENT_FILE, i));
    else out.warnings.push(issueToWarning(DEPLOYMENT_FILE, i));
  }
  return config;
}

/** The normalised log: table `log_norm` (rid, crypto, model_run_id, variant, ts, features…, buy_proba, y_pred, y_true, pnl, equity). */
export interface LogInfo {
  file: string;
  rows: number;
  /** Feature columns present (the variant's BTC features and any other BTC feature logged). */
  features: string[];
  has: { y_true: boolean; pnl: boolean; equity: boolean };
}

/** JSON Lines → a text table `log_raw` (every value as VARCHAR), with each record's line. */
async function loadJsonl(duck: Duck, path: string, file: string, out: Collected): Promise<{ columns: string[]; lines: number[] } | null> {
  const text = await fsp.readFile(path, "utf8");
  const records: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const columns: string[] = [];
  const seen = new Set<string>();
  const all = text.split("\n");
  const endsWithNewline = text.endsWith("\n");
  all.forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      const last = i === all.length - 1 && !endsWithNewline;
      out.errors.push(new InputError(last ? "truncated_file" : "invalid_json", last ? `the file ends in the middle of a line (invalid JSON: ${(e as Error).message})` : `invalid JSON: ${(e as Error).message}`, { file, row: i + 1, unit: "line", value: line.length > 80 ? line.slice(0, 77) + "..." : line }, "one JSON object per line"));
      return;
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      out.errors.push(new InputError("wrong_type", "not a JSON object", { file, row: i + 1, unit: "line" }, "one JSON object per line"));
      return;
    }
    for (const k of Object.keys(v)) if (!seen.has(k)) seen.add(k), columns.push(k);
    records.push(v as Record<string, unknown>);
    lines.push(i + 1);
  });
  if (!columns.length) return { columns: [], lines };
  await duck.run(`CREATE OR REPLACE TEMP TABLE log_raw (${columns.map((c) => `${ident(c)} VARCHAR`).join(", ")})`);
  const app = await duck.conn.createAppender("log_raw");
  for (const r of records) {
    for (const c of columns) {
      const v = r[c];
      if (v === null || v === undefined) app.appendNull();
      else app.appendVarchar(typeof v === "object" ? JSON.stringify(v) : String(v));
    }
    app.endRow();
  }
  app.closeSync();
  return { columns, lines };
}

/**
 * Read and check the inference log against the deployment: leaves `log_norm` in the session and
 * returns what it holds, or null when the file is missing or unusable (the errors say why).
 */
export async function readInferenceLog(duck: Duck, dir: string, config: DeploymentConfig | null, fedFeatures: readonly string[], out: Collected): Promise<LogInfo | null> {
  const file = exactlyOneOf(dir, LOG_FILES, "inference log", "inference logs", out.errors);
  if (!file) return null;
  const path = join(dir, file);
  const info = { root: "sweep" as const, path: file, kind: "predictions" as const, size: (await fsp.stat(path)).size, sha256: await sha256File(path), rows: 0 };
  out.files.push(info);

  let columns: string[];
  let lineOf: (rid: number) => { row: number; unit: "row" | "line" };
  if (file.endsWith(".csv")) {
    const t = await readCsvAsText(duck, path, "log_raw", file, out.errors);
    if (!t) return null;
    columns = t.columns;
    lineOf = (rid) => ({ row: t.locate.locate(rid).line, unit: "line" });
  } else if (file.endsWith(".jsonl")) {
    const j = await loadJsonl(duck, path, file, out);
    if (!j) return null;
    if (!j.columns.length) {
      if (!out.errors.some((e) => e.location.file === file)) out.errors.push(new InputError("empty_file", "no rows", { file }, "one JSON object per scored bar"));
      return null;
    }
    columns = j.columns;
    lineOf = (rid) => ({ row: j.lines[rid], unit: "line" });
  } else {
    try {
      await duck.run(`CREATE OR REPLACE TEMP TABLE log_raw AS SELECT * FROM read_parquet(${sqlStr(path)})`);
    } catch (e) {
      out.errors.push(new InputError("unreadable", `cannot read Parquet: ${(e as Error).message.split("\n")[0]}`, { file }, "a Parquet file"));
      return null;
    }
    columns = (await duck.rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE log_raw)`)).map((c) => c.column_name);
    lineOf = (rid) => ({ row: rid + 1, unit: "row" });
  }
  const types = new Map((await duck.rows<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE log_raw)`)).map((c) => [c.column_name, c.column_type]));
  const col = (name: string) => columns.find((c) => c.trim().toLowerCase() === name);
  const required = [...LOG_REQUIRED, ...fedFeatures];
  const missing = required.filter((c) => !col(c));
  for (const m of missing) out.errors.push(new InputError("missing_column", `missing required column${didYouMean(m, columns)}`, { file, column: m }, `the columns ${required.join(", ")} (y_true, pnl, equity optional)`));
  if (missing.length) return null;

  const features = BTC_FEATURES.filter((f) => col(f));
  const c = (name: string) => ident(col(name)!);
  // Typed columns (Parquet) are judged without a round trip through text: casting 86,400 doubles
  // to VARCHAR and back costs more than everything else the monitor does.
  const numeric = (name: string) => /^(DOUBLE|FLOAT|REAL|DECIMAL|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)/i.test(types.get(col(name)!) ?? "");
  const asDouble = (name: string) => (numeric(name) ? `CAST(${c(name)} AS DOUBLE)` : `TRY_CAST(${c(name)} AS DOUBLE)`);
  const blank = (name: string) => (numeric(name) ? `(${c(name)} IS NULL OR isnan(CAST(${c(name)} AS DOUBLE)))` : `(${c(name)} IS NULL OR lower(trim(CAST(${c(name)} AS VARCHAR))) IN ('', 'nan', 'null', 'none'))`);
  const binary = (name: string) => (numeric(name) ? `(CASE CAST(${c(name)} AS DOUBLE) WHEN 1 THEN 1 WHEN 0 THEN 0 END)::TINYINT` : binaryExpr(c(name)));
  const opt = (name: (typeof LOG_OPTIONAL)[number]) => col(name);
  const tsCol = col("ts")!;
  await duck.run(`CREATE OR REPLACE TABLE log_norm AS SELECT rowid AS rid,
    nullif(upper(trim(CAST(${c("crypto")} AS VARCHAR))), '') AS crypto,
    nullif(trim(CAST(${c("model_run_id")} AS VARCHAR)), '') AS model_run_id,
    nullif(trim(CAST(${c("variant")} AS VARCHAR)), '') AS variant,
    ${epochOrTextToTimestampSql(ident(tsCol), types.get(tsCol) ?? "VARCHAR")} AS ts,
    ${features.map((f) => `CASE WHEN ${blank(f)} THEN NULL ELSE ${asDouble(f)} END AS ${f}, ${blank(f)} AS ${f}__blank`).join(",\n    ")},
    ${asDouble("buy_proba")} AS buy_proba, ${blank("buy_proba")} AS buy_proba__blank,
    ${binary("y_pred")} AS y_pred,
    ${opt("y_true") ? `${binary("y_true")} AS y_true, ${blank("y_true")} AS y_true__blank` : "NULL::TINYINT AS y_true, true AS y_true__blank"},
    ${opt("pnl") ? `${asDouble("pnl")} AS pnl, ${blank("pnl")} AS pnl__blank` : "NULL::DOUBLE AS pnl, true AS pnl__blank"},
    ${opt("equity") ? `${asDouble("equity")} AS equity, ${blank("equity")} AS equity__blank` : "NULL::DOUBLE AS equity, true AS equity__blank"}
    FROM log_raw ORDER BY rowid`);
  info.rows = await duck.value<number>("SELECT count(*) FROM log_norm");
  if (!info.rows) {
    out.errors.push(new InputError("empty_file", "no data rows", { file }, "one row per scored bar"));
    return null;
  }

  const known = config ? [config.model_run_id, config.baseline_model_run_id] : [];
  const cryptos = config?.cryptos ?? [];
  const checks: { code: string; cond: string; column: string; message: string; expected: string }[] = [
    { code: "bad_time", cond: "ts IS NULL", column: tsCol, message: "missing or unparseable timestamp", expected: "a timestamp, epoch s/ms/µs or ISO-8601 text (no offset = UTC)" },
    { code: "missing_value", cond: "crypto IS NULL", column: col("crypto")!, message: "missing crypto", expected: "a symbol" },
    { code: "missing_value", cond: "model_run_id IS NULL", column: col("model_run_id")!, message: "missing model_run_id", expected: "the deployed or the baseline model's run id" },
    { code: "missing_value", cond: "variant IS NULL", column: col("variant")!, message: "missing variant", expected: "a variant id" },
    { code: "out_of_range", cond: "buy_proba__blank OR buy_proba IS NULL OR isnan(buy_proba) OR buy_proba < 0 OR buy_proba > 1", column: col("buy_proba")!, message: "buy_proba is not a probability", expected: "a number in [0, 1]" },
    { code: "wrong_type", cond: "y_pred IS NULL", column: col("y_pred")!, message: "y_pred is not 0 or 1", expected: "0 or 1 (1 = BUY)" },
    ...features.map((f) => ({ code: "wrong_type", cond: `NOT ${f}__blank AND ${f} IS NULL`, column: col(f)!, message: `${f} is not a number`, expected: "a number (empty, null or NaN = missing)" })),
  ];
  if (opt("y_true")) checks.push({ code: "wrong_type", cond: "NOT y_true__blank AND y_true IS NULL", column: col("y_true")!, message: "y_true is not 0 or 1", expected: "0 or 1 (1 = BUY), or empty / null until the outcome is known" });
  for (const o of ["pnl", "equity"] as const) if (opt(o)) checks.push({ code: "wrong_type", cond: `NOT ${o}__blank AND (${o} IS NULL OR isnan(${o}) OR isinf(${o}))`, column: col(o)!, message: `${o} is not a finite number`, expected: "a number" });
  if (config) {
    checks.push({ code: "unknown_model", cond: `model_run_id IS NOT NULL AND model_run_id NOT IN (${known.map(sqlStr).join(", ")})`, column: col("model_run_id")!, message: "model_run_id is neither the deployed model nor the baseline of deployment.json", expected: `${config.model_run_id} (model_run_id) or ${config.baseline_model_run_id} (baseline_model_run_id)` });
    checks.push({ code: "unknown_crypto", cond: `crypto IS NOT NULL AND crypto NOT IN (${cryptos.map(sqlStr).join(", ")})`, column: col("crypto")!, message: "crypto is not one of deployment.json's cryptos", expected: cryptos.join(", ") });
    checks.push({ code: "wrong_variant", cond: `model_run_id = ${sqlStr(config.model_run_id)} AND variant IS NOT NULL AND variant <> ${sqlStr(config.variant)}`, column: col("variant")!, message: "the deployed model's rows name another variant", expected: `${config.variant} (deployment.json variant)` });
  }
  // one scan counts every check; only failing checks are listed row by row
  const counts = (await duck.rows<Record<string, number>>(`SELECT ${checks.map((ch, k) => `count(*) FILTER (WHERE ${ch.cond}) AS c${k}`).join(", ")} FROM log_norm`))[0];
  for (const [k, ch] of checks.entries()) {
    if (!counts[`c${k}`]) continue;
    const bad = await duck.rows<{ rid: number; n: number }>(`SELECT rid, count(*) OVER () AS n FROM log_norm WHERE ${ch.cond} ORDER BY rid LIMIT ${LIST_LIMIT}`);
    for (const b of bad) {
      const value = await duck.value(`SELECT CAST(${ident(ch.column)} AS VARCHAR) FROM log_raw WHERE rowid = ${b.rid}`);
      out.errors.push(new InputError(ch.code, ch.message, { file, ...lineOf(b.rid), column: ch.column, value: value ?? null }, ch.expected));
    }
    if (bad.length && bad[0].n > bad.length) out.errors.push(new InputError(ch.code, `… and ${bad[0].n - bad.length} more rows: ${ch.message}`, { file, column: ch.column }));
  }

  // Time order within each (crypto, model): strictly increasing in file order.
  const order = await duck.rows<{ rid: number; prev_rid: number; t: number; prev_t: number; crypto: string; model_run_id: string; n: number }>(`SELECT rid, prev_rid, epoch_ms(ts)::DOUBLE AS t, epoch_ms(prev_ts)::DOUBLE AS prev_t, crypto, model_run_id, count(*) OVER () AS n FROM (
      SELECT rid, ts, crypto, model_run_id, lag(ts) OVER w AS prev_ts, lag(rid) OVER w AS prev_rid FROM log_norm
      WHERE ts IS NOT NULL AND crypto IS NOT NULL AND model_run_id IS NOT NULL WINDOW w AS (PARTITION BY crypto, model_run_id ORDER BY rid))
    WHERE ts <= prev_ts ORDER BY rid LIMIT ${LIST_LIMIT}`);
  for (const o of order) {
    const prev = lineOf(o.prev_rid);
    out.errors.push(new InputError(o.t === o.prev_t ? "duplicate_ts" : "non_monotonic_ts", `${o.t === o.prev_t ? "the same bar again" : "time goes backwards"} for (${o.crypto}, ${o.model_run_id}): ${formatUtc(o.t)} after ${formatUtc(o.prev_t)} at ${prev.unit} ${prev.row}`, { file, ...lineOf(o.rid), column: tsCol, value: formatUtc(o.t) }, "rows of each (crypto, model_run_id) in strictly increasing ts"));
  }
  if (order.length && order[0].n > order.length) out.errors.push(new InputError("non_monotonic_ts", `… and ${order[0].n - order.length} more rows out of time order`, { file, column: tsCol }));

  if (config && !(await duck.value<number>(`SELECT count(*) FROM log_norm WHERE model_run_id = ${sqlStr(config.model_run_id)}`))) {
    out.errors.push(new InputError("no_live_rows", "no row of the deployed model", { file, column: col("model_run_id")! }, `rows with model_run_id ${config.model_run_id}`));
  }
  const ignored = columns.filter((x) => ![...LOG_REQUIRED, ...LOG_OPTIONAL, ...BTC_FEATURES].includes(x.trim().toLowerCase() as never));
  if (ignored.length) out.warnings.push({ code: "unknown_column", file, message: `${file}: ${ignored.length} column${ignored.length === 1 ? "" : "s"} not monitored (${ignored.slice(0, 8).join(", ")}${ignored.length > 8 ? ", …" : ""})` });
  return { file, rows: info.rows, features, has: { y_true: !!opt("y_true"), pnl: !!opt("pnl"), equity: !!opt("equity") } };
}

/** One (crypto, model) of `log_norm` as typed arrays, in time order. */
export async function readModelSeries(duck: Duck, crypto: string, modelRunId: string, features: readonly string[]): Promise<ModelSeries | null> {
  const cols = ["epoch_ms(ts)::DOUBLE AS ts", "buy_proba", "y_pred::DOUBLE AS y_pred", "y_true::DOUBLE AS y_true", "pnl", "equity", ...features.map((f) => `${f}::DOUBLE AS ${f}`)];
  const result = await duck.conn.run(`SELECT ${cols.join(", ")} FROM log_norm WHERE crypto = ${sqlStr(crypto)} AND model_run_id = ${sqlStr(modelRunId)} ORDER BY ts`);
  const chunks: number[][][] = [];
  let n = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const rows = chunk.rowCount;
    const colsOut: number[][] = [];
    for (let j = 0; j < cols.length; j++) {
      const v = chunk.getColumnVector(j);
      const a = new Array<number>(rows);
      for (let i = 0; i < rows; i++) a[i] = (v.getItem(i) as number | null) ?? NaN;
      colsOut.push(a);
    }
    chunks.push(colsOut);
    n += rows;
  }
  if (!n) return null;
  const arr = (j: number) => {
    const out = new Float64Array(n);
    let at = 0;
    for (const ch of chunks) {
      out.set(ch[j], at);
      at += ch[j].length;
    }
    return out;
  };
  const pnl = arr(4);
  const equity = arr(5);
  const anyFinite = (a: Float64Array) => a.some((x) => Number.isFinite(x));
  return {
    ts: arr(0),
    buy_proba: arr(1),
    y_pred: arr(2),
    y_true: arr(3),
    pnl: anyFinite(pnl) ? pnl : null,
    equity: anyFinite(equity) ? equity : null,
    features: Object.fromEntries(features.map((f, k) => [f, arr(6 + k)])),
  };
}

/** The events file, parsed and checked; null when the folder has none. */
export async function readEvents(dir: string, out: Collected): Promise<MonitorEvent[] | null> {
  const present = EVENT_FILES.filter((f) => existsSync(join(dir, f)));
  if (!present.length) return null;
  if (present.length > 1) {
    out.errors.push(new InputError("ambiguous_input", `several events files: ${present.join(", ")}`, { file: dir }, "at most one events file"));
    return [];
  }
  const file = present[0];
  const bytes = await fsp.readFile(join(dir, file));
  out.files.push({ root: "sweep", path: file, kind: "predictions", size: bytes.length, sha256: sha256Bytes(bytes), rows: null });
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  const lines = text.split("\n");
  const endsWithNewline = text.endsWith("\n") || text === "";
  const events: MonitorEvent[] = [];
  let problems = 0;
  lines.forEach((line, i) => {
    const last = i === lines.length - 1 && !endsWithNewline;
    const r = parseEventLine(line, i + 1, last);
    if (r.issue) {
      if (++problems <= 50) out.errors.push(issueToError(file, r.issue));
      return;
    }
    if (r.event) events.push(r.event);
  });
  if (problems > 50) out.errors.push(new InputError("malformed_line", `… and ${problems - 50} more bad lines`, { file }));
  // Loki exports newest first by default: order by time, then by line.
  events.sort((a, b) => a.ts - b.ts || a.line - b.line);
  const info = out.files[out.files.length - 1];
  info.rows = events.length;
  return events;
}
