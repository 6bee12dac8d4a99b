/**
 * `ftf preflight <results-or-predictions-file | sweep-dir>`: stage 2 of the rollout (spec §4) —
 * one fold of btc_full on BTCUSDC must hold at least 50 BUY trades, or the FTF sweep is aborted.
 * Exit 0 pass, 1 fail (or invalid input), 2 usage.
 */
import { existsSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { preflight, resolveMonitorThresholds, type FoldBuyCount } from "../../src/lib/monitor/index.ts";
import { InputError, UsageError, ValidationError } from "../errors.ts";
import { readCsvAsText } from "../ingest/csv-text.ts";
import { quoteIdent as ident, quoteLiteral as sqlStr } from "../../src/lib/sql/quote.ts";
import { Duck } from "../ingest/duck.ts";
import { binaryExpr } from "../ingest/predictions.ts";

const HELP = `usage: ftf preflight <results.csv|parquet|jsonl | predictions.csv|parquet | sweep-dir>
                     [--variant btc_full] [--crypto BTCUSDC] [--fold N] [--min 50] [--json]

Counts the BUY trades of each fold of the variant on the crypto — the results' n_buy_trades, or
the bars with y_pred = 1 of a predictions file — and passes when every fold judged (one with
--fold) holds at least --min. A sweep folder is read through its results file.

Exit codes: 0 pass, 1 fail or invalid input, 2 usage.`;

const FILES = ["results.csv", "results.parquet", "results.jsonl", "predictions.parquet", "predictions.csv"];

async function counts(path: string, errors: InputError[]): Promise<FoldBuyCount[]> {
  const file = basename(path);
  const duck = await Duck.open();
  try {
    let columns: string[];
    if (file.endsWith(".csv")) {
      const t = await readCsvAsText(duck, path, "pf_raw", file, errors);
      if (!t) return [];
      columns = t.columns;
    } else if (file.endsWith(".parquet")) {
      await duck.run(`CREATE TEMP TABLE pf_raw AS SELECT * FROM read_parquet(${sqlStr(path)})`);
      columns = (await duck.rows<{ column_name: string }>("SELECT column_name FROM (DESCRIBE pf_raw)")).map((c) => c.column_name);
    } else {
      const { readFileSync } = await import("node:fs");
      const recs = readFileSync(path, "utf8").split("\n").flatMap((l, i) => {
        if (!l.trim()) return [];
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch (e) {
          errors.push(new InputError("invalid_json", `invalid JSON: ${(e as Error).message}`, { file, row: i + 1, unit: "line" }, "one JSON object per line"));
          return [];
        }
      });
      return recs.map((r) => ({ crypto: String(r.crypto ?? "").toUpperCase(), fold: Number(r.fold), variant: String(r.variant ?? ""), n_buy_trades: Number(r.n_buy_trades) }));
    }
    const col = (n: string) => columns.find((c) => c.trim().toLowerCase() === n);
    const isPredictions = !col("n_buy_trades") && !!col("y_pred");
    const need = isPredictions ? ["crypto", "fold", "variant", "y_pred"] : ["crypto", "fold", "variant", "n_buy_trades"];
    for (const m of need.filter((n) => !col(n))) errors.push(new InputError("missing_column", "missing required column", { file, column: m }, `the columns ${need.join(", ")}`));
    if (errors.length) return [];
    const c = (n: string) => ident(col(n)!);
    const sql = isPredictions
      ? `SELECT upper(trim(CAST(${c("crypto")} AS VARCHAR))) AS crypto, TRY_CAST(${c("fold")} AS INTEGER) AS fold, trim(CAST(${c("variant")} AS VARCHAR)) AS variant, count(*) FILTER (WHERE ${binaryExpr(c("y_pred"))} = 1)::DOUBLE AS n_buy_trades FROM pf_raw GROUP BY ALL`
      : `SELECT upper(trim(CAST(${c("crypto")} AS VARCHAR))) AS crypto, TRY_CAST(${c("fold")} AS INTEGER) AS fold, trim(CAST(${c("variant")} AS VARCHAR)) AS variant, TRY_CAST(${c("n_buy_trades")} AS DOUBLE) AS n_buy_trades FROM pf_raw`;
    return (await duck.rows<FoldBuyCount>(sql)).filter((r) => r.fold !== null && r.n_buy_trades !== null);
  } finally {
    duck.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { variant: { type: "string" }, crypto: { type: "string" }, fold: { type: "string" }, min: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one results or predictions file (or a sweep folder)\n\n${HELP}`);
  const int = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a non-negative integer (got "${v}")`);
    return Number(v);
  };
  const fold = int("fold", values.fold);
  const min = int("min", values.min) ?? resolveMonitorThresholds().preflight_min_buy_trades;
  let path = positionals[0];
  if (existsSync(path) && statSync(path).isDirectory()) {
    const found = FILES.filter((f) => existsSync(join(path, f)));
    if (!found.length) throw new ValidationError([new InputError("missing_file", "no results or predictions file", { file: path }, FILES.join(" or "))]);
    path = join(path, found[0]);
  }
  if (!existsSync(path)) throw new ValidationError([new InputError("missing_file", "file not found", { file: path }, "a results or predictions file")]);
  const errors: InputError[] = [];
  const rows = await counts(path, errors);
  if (errors.length) throw new ValidationError(errors);
  const result = preflight(rows, { variant: values.variant ?? "btc_full", crypto: (values.crypto ?? "BTCUSDC").toUpperCase(), minBuyTrades: min, fold });
  if (values.json) console.log(JSON.stringify({ file: basename(path), ...result }, null, 2));
  else {
    console.log(`${result.pass ? "PASS" : "FAIL"}: ${result.message}`);
    for (const f of result.folds) console.log(`  fold ${f.fold}: ${f.n_buy_trades} BUY trades ${f.pass ? "≥" : "<"} ${min}`);
  }
  return result.pass ? 0 : 1;
}
