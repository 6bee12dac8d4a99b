/**
 * Row types of the normalised sweep tables (the Parquet files `ftf ingest` writes; DESIGN §3).
 * Isomorphic: the gate engine takes these plain objects, whether they came from Node or the browser.
 */
import { didYouMean, type InputIssue, type SweepConfig } from "./sweep.js";
import { formatUtc, parseUtc } from "./time.js";

/** One row of `results.parquet`: one (crypto, fold, variant) cell of the sweep. */
export interface ResultRow {
  crypto: string;
  fold: number;
  variant: string;
  f1_buy: number;
  n_buy_trades: number;
  precision_buy: number | null;
  recall_buy: number | null;
  /** Maximum drawdown as a positive fraction (0.12 = 12%). */
  max_drawdown: number | null;
  purge_bars: number | null;
  n_features: number | null;
  feature_set: string | null;
  /** ISO-8601 UTC, half-open test window [fold_start, fold_end). */
  fold_start: string | null;
  fold_end: string | null;
  model_run_id: string | null;
  enrichment_config_sha256: string | null;
  n_samples: number | null;
  n_true_buy: number | null;
  /** `;`-separated in the input, an array here. */
  feature_names: string[] | null;
}

/** One row of `predictions.parquet`: one bar of one (crypto, fold, variant) test window. */
export interface PredictionRow {
  crypto: string;
  fold: number;
  variant: string;
  /** Bar open time, epoch milliseconds UTC. */
  ts: number;
  y_true: 0 | 1;
  y_pred: 0 | 1;
  buy_proba: number | null;
}

// ---------------------------------------------------------------------------------------------
// Checking raw result records (from CSV text, JSON or Parquet values) and the grid they form.


type ColumnKind = "string" | "integer" | "probability" | "fraction" | "timestamp" | "sha256" | "names";

/** Every column of the results contract (DESIGN §3), required ones first, in output order. */
export const RESULT_COLUMNS: ReadonlyArray<{ name: keyof ResultRow; kind: ColumnKind; required: boolean }> = [
  { name: "crypto", kind: "string", required: true },
  { name: "fold", kind: "integer", required: true },
  { name: "variant", kind: "string", required: true },
  { name: "f1_buy", kind: "probability", required: true },
  { name: "n_buy_trades", kind: "integer", required: true },
  { name: "precision_buy", kind: "probability", required: false },
  { name: "recall_buy", kind: "probability", required: false },
  { name: "max_drawdown", kind: "fraction", required: false },
  { name: "purge_bars", kind: "integer", required: false },
  { name: "n_features", kind: "integer", required: false },
  { name: "feature_set", kind: "string", required: false },
  { name: "fold_start", kind: "timestamp", required: false },
  { name: "fold_end", kind: "timestamp", required: false },
  { name: "model_run_id", kind: "string", required: false },
  { name: "enrichment_config_sha256", kind: "sha256", required: false },
  { name: "n_samples", kind: "integer", required: false },
  { name: "n_true_buy", kind: "integer", required: false },
  { name: "feature_names", kind: "names", required: false },
];

export const REQUIRED_RESULT_COLUMNS = RESULT_COLUMNS.filter((c) => c.required).map((c) => c.name as string);

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE_TEXT = /^[+-]?(nan|inf|infinity)$/i;

/** A CSV cell, JSON value or Parquet value → number; undefined when it is not numeric. */
function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") {
    const s = v.trim();
    if (NUMBER_TEXT.test(s)) return Number(s);
    if (NON_FINITE_TEXT.test(s)) return s.toLowerCase().includes("nan") ? NaN : s.startsWith("-") ? -Infinity : Infinity;
  }
  return undefined;
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/**
 * One raw record → a ResultRow, with an issue for each bad cell. `row` is the location the issues
 * carry (a CSV line or a data row). Timestamps must already be ISO text (or epoch-free strings);
 * Parquet readers convert their TIMESTAMP values first.
 */
export function coerceResultRecord(rec: Record<string, unknown>, row: number, parseTime: (s: string) => number | null): { row: ResultRow | null; key: CellKey | null; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const out: Record<string, unknown> = {};
  const bad = (code: string, column: string, message: string, value: unknown, expected: string) =>
    issues.push({ severity: "error", code, row, column, message, value, expected });
  for (const { name, kind, required } of RESULT_COLUMNS) {
    const v = rec[name];
    if (isBlank(v)) {
      if (required) bad("missing_value", name, "missing value", v ?? null, kind === "string" ? "a non-empty value" : `a value (${kindText(kind)})`);
      out[name] = null;
      continue;
    }
    switch (kind) {
      case "string":
        out[name] = typeof v === "string" ? v.trim() : typeof v === "number" || typeof v === "bigint" ? String(v) : (bad("wrong_type", name, "wrong type", v, "text"), null);
        if (name === "crypto" && typeof out[name] === "string") out[name] = (out[name] as string).toUpperCase();
        break;
      case "integer": {
        const n = toNumber(v);
        if (n === undefined || !Number.isInteger(n)) bad("wrong_type", name, "wrong type", v, "an integer");
        else if (n < 0) bad("negative_count", name, name === "fold" ? "negative fold number" : "negative count", v, "an integer >= 0");
        else out[name] = n;
        break;
      }
      case "probability":
      case "fraction": {
        const n = toNumber(v);
        if (n === undefined) bad("wrong_type", name, "wrong type", v, `a number (${kindText(kind)})`);
        else if (!(n >= 0 && n <= 1)) bad("out_of_range", name, Number.isNaN(n) ? "value is NaN" : "value outside [0, 1]", Number.isNaN(n) ? "NaN" : v, kindText(kind));
        else out[name] = n;
        break;
      }
      case "timestamp": {
        const ms = typeof v === "string" ? parseTime(v) : null;
        if (ms === null) bad("wrong_type", name, "not an ISO-8601 date-time", v, "e.g. 2024-01-01T00:00:00Z (no offset = UTC)");
        else out[name] = formatUtc(ms);
        break;
      }
      case "sha256":
        if (typeof v !== "string" || !/^[0-9a-fA-F]{64}$/.test(v.trim())) bad("wrong_type", name, "not a SHA-256", v, "64 hexadecimal digits");
        else out[name] = v.trim().toLowerCase();
        break;
      case "names":
        if (typeof v === "string") out[name] = v.split(";").map((s) => s.trim()).filter(Boolean);
        else if (Array.isArray(v) && v.every((s) => typeof s === "string")) out[name] = v;
        else bad("wrong_type", name, "wrong type", v, "feature names separated by \";\"");
        break;
    }
  }
  if (typeof out.fold_start === "string" && typeof out.fold_end === "string" && !(parseUtc(out.fold_start) < parseUtc(out.fold_end))) {
    bad("invalid_value", "fold_end", "the fold's test window is empty or reversed", out.fold_end, `a time after fold_start (${out.fold_start})`);
  }
  // The cell's identity survives other bad cells, so the grid check does not report it missing too.
  const key = typeof out.crypto === "string" && typeof out.fold === "number" && typeof out.variant === "string" ? { crypto: out.crypto, fold: out.fold, variant: out.variant } : null;
  return { row: issues.length ? null : (out as unknown as ResultRow), key, issues };
}

/** The identity of a results cell. */
export type CellKey = Pick<ResultRow, "crypto" | "fold" | "variant">;

function kindText(kind: ColumnKind): string {
  return { string: "text", integer: "an integer >= 0", probability: "a number in [0, 1]", fraction: "a fraction in [0, 1] (0.12 = 12%)", timestamp: "an ISO-8601 date-time", sha256: "64 hexadecimal digits", names: "names separated by \";\"" }[kind];
}

/** A results row with where it came from, for messages. */
export interface LocatedResult {
  row: ResultRow;
  line: number;
}

/**
 * The grid checks of DESIGN §3 over rows that passed `coerceResultRecord`: duplicate cells,
 * unknown variants and cryptos (with the closest known one), variants without rows (the
 * baseline and leakage pair named as such), and every missing crypto × fold × variant cell.
 */
export function checkResultsGrid(rows: ReadonlyArray<{ row: CellKey; line: number }>, config: SweepConfig): InputIssue[] {
  const issues: InputIssue[] = [];
  const seen = new Map<string, number>();
  const cellKey = (c: string, f: number, v: string) => `${c}\u0000${f}\u0000${v}`;
  const variantsWithRows = new Set<string>();
  const cryptos = new Set<string>();
  const folds = new Set<number>();
  for (const { row: r, line } of rows) {
    const k = cellKey(r.crypto, r.fold, r.variant);
    const first = seen.get(k);
    if (first !== undefined) issues.push({ severity: "error", code: "duplicate_cell", row: line, column: "variant", message: `duplicate (crypto, fold, variant) = (${r.crypto}, ${r.fold}, ${r.variant}), first seen at line ${first}`, value: r.variant, expected: "one row per cell" });
    else seen.set(k, line);
    if (!config.variants.includes(r.variant)) {
      issues.push({ severity: "error", code: "unknown_variant", row: line, column: "variant", message: `unknown variant${didYouMean(r.variant, config.variants)}`, value: r.variant, expected: `one of ${config.variants.join(", ")}` });
      continue;
    }
    if (config.cryptos && !config.cryptos.includes(r.crypto)) {
      issues.push({ severity: "error", code: "unknown_crypto", row: line, column: "crypto", message: `crypto not listed in sweep.json "cryptos"${didYouMean(r.crypto, config.cryptos)}`, value: r.crypto, expected: `one of ${config.cryptos.join(", ")}` });
      continue;
    }
    variantsWithRows.add(r.variant);
    cryptos.add(r.crypto);
    folds.add(r.fold);
  }
  const role = (v: string) =>
    v === config.baseline_variant ? "baseline variant" : v === config.leakage_pair.leaky ? "leakage-pair variant (leaky)" : v === config.leakage_pair.reference ? "leakage-pair variant (reference)" : "variant";
  for (const v of config.variants) {
    if (!variantsWithRows.has(v)) issues.push({ severity: "error", code: "missing_variant", column: "variant", message: `the ${role(v)} "${v}" has no rows`, value: v, expected: "a row for every crypto × fold" });
  }
  const allCryptos = config.cryptos ?? [...cryptos].sort();
  const missing: string[] = [];
  for (const c of allCryptos) {
    for (const f of [...folds].sort((a, b) => a - b)) {
      for (const v of config.variants) if (variantsWithRows.has(v) && !seen.has(cellKey(c, f, v))) missing.push(`${c}/fold ${f}/${v}`);
    }
  }
  if (missing.length) {
    const shown = missing.length > 40 ? `${missing.slice(0, 40).join(", ")}, … (${missing.length} in all)` : missing.join(", ");
    issues.push({ severity: "error", code: "incomplete_grid", column: "crypto/fold/variant", message: `incomplete grid: ${missing.length} cell${missing.length === 1 ? "" : "s"} missing (crypto/fold/variant): ${shown}`, expected: `${allCryptos.length} cryptos × ${folds.size} folds × ${config.variants.length} variants = ${allCryptos.length * folds.size * config.variants.length} rows` });
  }
  return issues;
}

/** Sort results as the outputs are: crypto (sweep order, else alphabetical), fold, variant in sweep order. */
export function compareResults(config: SweepConfig): (a: ResultRow, b: ResultRow) => number {
  const cryptoRank = (c: string) => (config.cryptos ? config.cryptos.indexOf(c) : -1);
  return (a, b) =>
    cryptoRank(a.crypto) - cryptoRank(b.crypto) || (a.crypto < b.crypto ? -1 : a.crypto > b.crypto ? 1 : 0) || a.fold - b.fold || config.variants.indexOf(a.variant) - config.variants.indexOf(b.variant);
}
