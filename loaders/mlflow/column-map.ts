/**
 * The `--map` of `ftf import mlflow`: which MLflow value becomes which results column, e.g.
 * `crypto=params.symbol,fold=params.fold,variant=tags.variant,f1_buy=metrics.f1`. Sources are
 * `metrics.<name>`, `params.<name>`, `tags.<name>` (names may hold `/`, spaces, dots, and commas
 * when the next item starts a new `column=`), or a run attribute: `run_id`, `run_name`,
 * `experiment_id`, `status`, `start_time`, `end_time`, `artifact_uri` (also as `attributes.<x>`).
 */
import { REQUIRED_RESULT_COLUMNS, RESULT_COLUMNS } from "../../src/lib/results.ts";
import { didYouMean } from "../../src/lib/sweep.ts";
import { UsageError } from "../errors.ts";
import { isoTime } from "./search-rows.ts";
import type { Run } from "./store.ts";

export const RUN_ATTRIBUTES = ["run_id", "run_name", "experiment_id", "status", "start_time", "end_time", "artifact_uri"] as const;
type Attribute = (typeof RUN_ATTRIBUTES)[number];

export interface ColumnMapping {
  /** A results column (RESULT_COLUMNS). */
  column: string;
  kind: "metrics" | "params" | "tags" | "attributes";
  key: string;
  /** As written: `metrics.f1`. */
  source: string;
}

const RESULT_NAMES = RESULT_COLUMNS.map((c) => c.name as string);

/** Split `a=x,b=y` at the commas that start a new `<column>=` (so a name may contain commas). */
function splitItems(spec: string): string[] {
  const items: string[] = [];
  let cur = "";
  const parts = spec.split(",");
  parts.forEach((p, i) => {
    if (i > 0 && /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=/.test(p)) {
      items.push(cur);
      cur = p;
    } else cur = i === 0 ? p : `${cur},${p}`;
  });
  items.push(cur);
  return items.map((s) => s.trim()).filter(Boolean);
}

export function parseSource(source: string): Pick<ColumnMapping, "kind" | "key"> {
  const m = /^(metrics|params|tags|attributes)\.(.+)$/.exec(source);
  if (m) {
    if (m[1] === "attributes" && !(RUN_ATTRIBUTES as readonly string[]).includes(m[2])) throw new UsageError(`--map: unknown run attribute "${m[2]}"; expected one of ${RUN_ATTRIBUTES.join(", ")}`);
    return { kind: m[1] as ColumnMapping["kind"], key: m[2] };
  }
  if ((RUN_ATTRIBUTES as readonly string[]).includes(source)) return { kind: "attributes", key: source };
  throw new UsageError(`--map: "${source}" is not an MLflow value; expected metrics.<name>, params.<name>, tags.<name> or a run attribute (${RUN_ATTRIBUTES.join(", ")})`);
}

/**
 * Every `--map` value (the flag may repeat) → mappings. Unknown columns, a column mapped twice
 * and a missing required column are UsageErrors. `model_run_id` defaults to the run id.
 */
export function parseColumnMap(specs: readonly string[]): ColumnMapping[] {
  const out: ColumnMapping[] = [];
  for (const item of specs.flatMap(splitItems)) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--map: "${item}" is not <column>=<source>`);
    const column = item.slice(0, eq).trim().toLowerCase();
    const source = item.slice(eq + 1).trim();
    if (!RESULT_NAMES.includes(column)) throw new UsageError(`--map: "${column}" is not a results column${didYouMean(column, RESULT_NAMES)}; expected one of ${RESULT_NAMES.join(", ")}`);
    if (out.some((m) => m.column === column)) throw new UsageError(`--map: column "${column}" is mapped twice`);
    out.push({ column, source, ...parseSource(source) });
  }
  const missing = REQUIRED_RESULT_COLUMNS.filter((c) => !out.some((m) => m.column === c));
  if (missing.length) throw new UsageError(`--map: the required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not mapped (every sweep needs ${REQUIRED_RESULT_COLUMNS.join(", ")})`);
  if (!out.some((m) => m.column === "model_run_id")) out.push({ column: "model_run_id", kind: "attributes", key: "run_id", source: "run_id" });
  return out;
}

/** The mapped value of one run, or undefined when the run does not have it. */
export function mappedValue(run: Run, m: ColumnMapping): string | number | undefined {
  switch (m.kind) {
    case "metrics":
      return run.metrics[m.key];
    case "params":
      return run.params[m.key];
    case "tags":
      return run.tags[m.key];
    case "attributes": {
      const i = run.info;
      const a = m.key as Attribute;
      const v = a === "start_time" || a === "end_time" ? isoTime(i[a]) : i[a];
      return v === null ? undefined : v;
    }
  }
}
