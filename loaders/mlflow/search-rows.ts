/**
 * Runs as the flat rows `mlflow.search_runs()` returns: `run_id`, `experiment_id`, `status`,
 * `artifact_uri`, `start_time`, `end_time`, then `metrics.<name>`, `params.<name>`, `tags.<name>`
 * (each group in name order; a run without a key has null there). Two columns search_runs leaves
 * to the tags are added for convenience: `run_name` and `lifecycle_stage`. Times are ISO-8601 UTC.
 */
import { csvFormatRows } from "d3";
import type { Run } from "./store.ts";
import { formatUtcMillis } from "../../src/lib/time.ts";

export type SearchRow = Record<string, string | number | null>;

export const BASE_COLUMNS = ["run_id", "experiment_id", "run_name", "status", "lifecycle_stage", "artifact_uri", "start_time", "end_time"] as const;

export function isoTime(ms: number | null): string | null {
  return ms === null ? null : formatUtcMillis(ms);
}

/** The column names for a set of runs, in search_runs order. */
export function searchColumns(runs: readonly Run[]): string[] {
  const keys = (pick: (r: Run) => Record<string, unknown>) => [...new Set(runs.flatMap((r) => Object.keys(pick(r))))].sort();
  return [...BASE_COLUMNS, ...keys((r) => r.metrics).map((k) => `metrics.${k}`), ...keys((r) => r.params).map((k) => `params.${k}`), ...keys((r) => r.tags).map((k) => `tags.${k}`)];
}

export function searchRow(run: Run, columns: readonly string[]): SearchRow {
  const i = run.info;
  const base: SearchRow = {
    run_id: i.run_id,
    experiment_id: i.experiment_id,
    run_name: i.run_name,
    status: i.status,
    lifecycle_stage: i.lifecycle_stage,
    artifact_uri: i.artifact_uri,
    start_time: isoTime(i.start_time),
    end_time: isoTime(i.end_time),
  };
  const row: SearchRow = {};
  for (const c of columns) {
    if (c in base) row[c] = base[c];
    else if (c.startsWith("metrics.")) row[c] = run.metrics[c.slice(8)] ?? null;
    else if (c.startsWith("params.")) row[c] = run.params[c.slice(7)] ?? null;
    else if (c.startsWith("tags.")) row[c] = run.tags[c.slice(5)] ?? null;
  }
  return row;
}

/** RFC 4180 CSV of the rows (d3-dsv's writer); NaN and infinities as Python prints them (nan, inf, -inf). */
export function searchCsv(runs: readonly Run[]): string {
  const cols = searchColumns(runs);
  const cell = (v: string | number | null): string =>
    typeof v === "number" ? (Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : String(v)) : (v ?? "");
  const rows = runs.map((r) => {
    const row = searchRow(r, cols);
    return cols.map((c) => cell(row[c]));
  });
  return csvFormatRows([cols, ...rows]) + "\n";
}

/** JSON-safe rows (JSON has no NaN: non-finite metrics become the strings "nan", "inf", "-inf"). */
export function searchJson(runs: readonly Run[]): SearchRow[] {
  const cols = searchColumns(runs);
  return runs.map((r) => {
    const row = searchRow(r, cols);
    for (const [k, v] of Object.entries(row)) if (typeof v === "number" && !Number.isFinite(v)) row[k] = Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    return row;
  });
}
