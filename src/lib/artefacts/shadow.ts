/**
 * The pre-LOCK rollback dry run (spec §4 stage 3, committee reco v2.4): a 24 h shadow run of the
 * registered `champion_btc_blind` fallback. Its results come as an optional `shadow.csv` in the
 * sweep folder (contract in data/README.md, "Artefact contract"):
 *
 *   crypto, variant, f1_buy, feature_names [, n_buy_trades, shadow_start, shadow_end, model_run_id]
 *
 * one row per (crypto, variant); `variant` is the sweep variant whose registered model ran in
 * shadow (normally the baseline, `none`). The gate, per row: the feature_names match that
 * variant's registry schema exactly, and f1_buy ≥ baseline − 0.01, the baseline being the mean
 * f1_buy of the sweep's baseline variant for that crypto over its folds. Every crypto of the
 * sweep needs a row. A failed dry run blocks the LOCK (spec §5).
 */
import type { ResultRow } from "../results.js";
import type { SweepConfig } from "../sweep.js";
import { formatUtc, tryParseUtc } from "../time.js";
import { describeDiff, diffNames } from "./schema.js";
import type { CheckStatus, ShadowIssue, ShadowReport, ShadowRow, ShadowRowCheck } from "./types.js";

export const SHADOW_FILE = "shadow.csv";
/** f1_buy of the dry run may fall at most this far below the baseline (spec §4: "≥ baseline − 0.01"). */
export const SHADOW_F1_TOLERANCE = 0.01;
/** Same slack as the gates' inclusive comparisons (src/lib/gates/thresholds.ts): decimal inputs. */
const SLACK = 1e-9;

export const SHADOW_REQUIRED = ["crypto", "variant", "f1_buy", "feature_names"] as const;
export const SHADOW_OPTIONAL = ["n_buy_trades", "shadow_start", "shadow_end", "model_run_id"] as const;

/**
 * RFC 4180 CSV text → records of cells, each with the 1-based line it starts on. Quoted cells may
 * hold commas, doubled quotes and newlines. Blank lines are skipped.
 */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const out: Array<{ line: number; cells: string[] }> = [];
  const s = text.replace(/^\uFEFF/, "");
  let line = 1;
  let i = 0;
  while (i < s.length) {
    const start = line;
    const cells: string[] = [];
    let cell = "";
    let inQuotes = false;
    for (; i < s.length; i++) {
      const c = s[i];
      if (inQuotes) {
        if (c === '"' && s[i + 1] === '"') (cell += '"'), i++;
        else if (c === '"') inQuotes = false;
        else {
          if (c === "\n") line++;
          cell += c;
        }
      } else if (c === '"' && cell === "") inQuotes = true;
      else if (c === ",") cells.push(cell), (cell = "");
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && s[i + 1] === "\n") i++;
        i++;
        line++;
        break;
      } else cell += c;
    }
    cells.push(cell);
    if (cells.length > 1 || cells[0].trim() !== "") out.push({ line: start, cells });
  }
  return out;
}

/** shadow.csv text → rows, and every problem with its line and column. */
export function readShadowCsv(text: string): { rows: ShadowRow[]; issues: ShadowIssue[] } {
  const issues: ShadowIssue[] = [];
  const records = parseCsv(text);
  if (!records.length) return { rows: [], issues: [{ message: "empty file", expected: `a header naming ${SHADOW_REQUIRED.join(", ")}, then one row per (crypto, variant)` }] };
  const header = records[0].cells.map((h) => h.trim().toLowerCase());
  const col = new Map(header.map((h, i) => [h, i]));
  for (const name of SHADOW_REQUIRED) if (!col.has(name)) issues.push({ line: 1, column: name, message: "missing required column", expected: `the columns ${SHADOW_REQUIRED.join(", ")}` });
  for (const h of header) if (!(SHADOW_REQUIRED as readonly string[]).includes(h) && !(SHADOW_OPTIONAL as readonly string[]).includes(h)) issues.push({ line: 1, column: h, message: "column is not part of the shadow contract", expected: [...SHADOW_REQUIRED, ...SHADOW_OPTIONAL].join(", ") });
  if (issues.some((i) => i.message === "missing required column")) return { rows: [], issues };

  const rows: ShadowRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of records.slice(1)) {
    if (cells.length !== header.length) {
      issues.push({ line, message: `${cells.length} cells for ${header.length} columns`, expected: "one cell per header column" });
      continue;
    }
    const get = (name: string) => {
      const i = col.get(name);
      return i === undefined ? "" : cells[i].trim();
    };
    const bad = (column: string, message: string, value: unknown, expected: string) => issues.push({ line, column, message, value, expected });
    const crypto = get("crypto").toUpperCase();
    const variant = get("variant");
    const f1Text = get("f1_buy");
    const names = get("feature_names").split(";").map((n) => n.trim()).filter(Boolean);
    let ok = true;
    if (!crypto) (bad("crypto", "missing value", crypto, "a symbol such as ETHUSDC"), (ok = false));
    if (!variant) (bad("variant", "missing value", variant, "the variant whose registered model ran in shadow (e.g. none)"), (ok = false));
    const f1 = Number(f1Text);
    if (!f1Text || !Number.isFinite(f1) || f1 < 0 || f1 > 1) (bad("f1_buy", "not a probability", f1Text, "a number in [0, 1]"), (ok = false));
    if (!names.length) (bad("feature_names", "missing value", get("feature_names"), "the model's feature names, ';'-separated"), (ok = false));
    let nBuy: number | null = null;
    const nText = get("n_buy_trades");
    if (nText) {
      nBuy = Number(nText);
      if (!Number.isInteger(nBuy) || nBuy < 0) (bad("n_buy_trades", "not a count", nText, "an integer >= 0"), (ok = false));
    }
    const time = (name: "shadow_start" | "shadow_end"): string | null => {
      const t = get(name);
      if (!t) return null;
      const ms = tryParseUtc(t);
      if (ms === null) {
        bad(name, "not an ISO-8601 date or date-time", t, "e.g. 2025-07-01T00:00:00Z");
        ok = false;
        return null;
      }
      return formatUtc(ms);
    };
    const shadowStart = time("shadow_start");
    const shadowEnd = time("shadow_end");
    const key = `${crypto}\u0000${variant}`;
    if (ok && seen.has(key)) (bad("variant", `${crypto} / ${variant} already given on line ${seen.get(key)}`, variant, "one row per (crypto, variant)"), (ok = false));
    if (!ok) continue;
    seen.set(key, line);
    rows.push({ crypto, variant, f1_buy: f1, feature_names: names, line, n_buy_trades: nBuy, shadow_start: shadowStart, shadow_end: shadowEnd, model_run_id: get("model_run_id") || null });
  }
  if (records.length === 1) issues.push({ line: 1, message: "no data rows", expected: "one row per (crypto, variant)" });
  return { rows, issues };
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
}

/** The dry-run gate on parsed rows (null when there is no shadow file). */
export function checkShadow(
  config: Pick<SweepConfig, "variants" | "registry" | "baseline_variant" | "cryptos">,
  results: readonly ResultRow[],
  shadow: { rows: ShadowRow[]; issues: ShadowIssue[] } | null,
  tolerance = SHADOW_F1_TOLERANCE,
): ShadowReport {
  const base: Omit<ShadowReport, "status" | "reason"> = { present: shadow !== null, file: "shadow.csv", tolerance, baseline_variant: config.baseline_variant, issues: shadow?.issues ?? [], rows: [], missing_cryptos: [] };
  if (!shadow) return { ...base, status: "not_checked", reason: "no shadow.csv: the pre-LOCK rollback dry run (24 h shadow of champion_btc_blind) has not been run; the LOCK needs it" };
  const issues = [...shadow.issues];
  const cryptos = config.cryptos ?? [...new Set(results.map((r) => r.crypto))].sort();
  const rows: ShadowRowCheck[] = shadow.rows.map((s) => {
    if (!config.variants.includes(s.variant)) issues.push({ line: s.line, column: "variant", message: `variant "${s.variant}" is not among the sweep's variants`, value: s.variant, expected: config.variants.join(", ") });
    if (!cryptos.includes(s.crypto)) issues.push({ line: s.line, column: "crypto", message: `crypto "${s.crypto}" is not in the sweep`, value: s.crypto, expected: cryptos.join(", ") });
    const baseline = mean(results.filter((r) => r.variant === config.baseline_variant && r.crypto === s.crypto).map((r) => r.f1_buy));
    const floor = baseline === null ? null : baseline - tolerance;
    const f1Pass = floor === null ? null : s.f1_buy >= floor - SLACK;
    const registry = config.registry?.variants?.[s.variant]?.feature_names ?? null;
    const schema = registry ? diffNames(registry, s.feature_names) : null;
    const schemaPass = registry ? schema === null : null;
    const pass = f1Pass === true && schemaPass === true;
    const why: string[] = [];
    if (f1Pass === null) why.push(`no ${config.baseline_variant} results for ${s.crypto} to compare with`);
    else why.push(`f1_buy ${s.f1_buy.toFixed(4)} ${f1Pass ? "≥" : "<"} baseline ${baseline!.toFixed(4)} − ${tolerance} = ${floor!.toFixed(4)}`);
    if (schemaPass === null) why.push(`no registry schema for ${s.variant}`);
    else why.push(schemaPass ? "feature_names match the registry schema" : `feature_names differ from the registry schema: ${describeDiff(schema!)}`);
    return { crypto: s.crypto, variant: s.variant, line: s.line, f1_buy: s.f1_buy, baseline_f1: baseline, floor, f1_pass: f1Pass, schema, schema_pass: schemaPass, pass, reason: why.join("; ") };
  });
  const covered = new Set(rows.map((r) => r.crypto));
  const missing = cryptos.filter((c) => !covered.has(c));
  const failed = rows.filter((r) => !r.pass);
  let status: CheckStatus = "pass";
  let reason = `${rows.length} shadow row${rows.length === 1 ? "" : "s"}, every one within ${tolerance} of the baseline with the registered feature schema`;
  if (issues.length || failed.length || missing.length || !rows.length) {
    status = "fail";
    const parts: string[] = [];
    if (issues.length) parts.push(`${issues.length} problem${issues.length === 1 ? "" : "s"} in shadow.csv`);
    if (failed.length) parts.push(`${failed.length} of ${rows.length} row${rows.length === 1 ? "" : "s"} fail (${failed.map((r) => `${r.crypto}/${r.variant}`).join(", ")})`);
    if (missing.length) parts.push(`no shadow row for ${missing.join(", ")}`);
    if (!rows.length && !issues.length) parts.push("no usable row");
    reason = `pre-LOCK dry run failed: ${parts.join("; ")}`;
  }
  return { ...base, issues, rows, missing_cryptos: missing, status, reason };
}
