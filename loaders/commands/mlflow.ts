/**
 * `ftf mlflow runs|experiments <store>`: what an MLflow file store holds, read the way
 * `mlflow.search_runs()` / `search_experiments()` read it (loaders/mlflow/). Exit 0 listed,
 * 1 unreadable or malformed store, 2 usage.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../errors.ts";
import { isoTime, searchCsv, searchJson } from "../mlflow/search-rows.ts";
import { MlflowStore, parseStatuses, RUN_STATUS_NAMES, selectRuns, type Experiment, type Run } from "../mlflow/store.ts";
import { registeredModelNames } from "../mlflow/registry.ts";

const HELP = `usage: ftf mlflow runs <store> [--experiment NAME|ID]... [--status FINISHED,...] [--all] [--json|--csv]
       ftf mlflow experiments <store> [--all] [--json]

Reads an MLflow file store (an mlruns/ folder, or a file: URI), 1.x and 2.x layouts.

runs          one row per run with the columns of mlflow.search_runs(): run_id, experiment_id,
              run_name, status, lifecycle_stage, artifact_uri, start_time, end_time,
              metrics.<name> (latest step, then latest timestamp), params.<name>, tags.<name>
experiments   each experiment with its run counts by status

  --experiment E   an experiment id or name (repeatable; default: every experiment)
  --status LIST    only runs in these statuses (${RUN_STATUS_NAMES.join(", ")})
  --all            include deleted runs and deleted experiments (.trash/)
  --json           runs: a JSON array of flat objects; experiments: a JSON array
  --csv            runs: CSV with every column

Exit status: 0 listed, 1 store missing or malformed (file and line named), 2 usage error.`;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        experiment: { type: "string", multiple: true },
        status: { type: "string" },
        all: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        csv: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}

const short = (t: string | null) => (t ? t.replace("T", " ").replace(/\.\d+Z$|Z$/, "") : "");

function warn(store: MlflowStore) {
  for (const w of store.warnings) console.error(`warning: ${w.message}`);
}

async function experimentsOf(store: MlflowStore, names: string[] | undefined, all: boolean): Promise<Experiment[]> {
  if (!names?.length) return store.experiments({ includeDeleted: all });
  const out: Experiment[] = [];
  for (const n of names) out.push(await store.experiment(n, { includeDeleted: all }));
  return out;
}

async function listRuns(storePath: string, v: ReturnType<typeof parse>["values"]): Promise<number> {
  if (v.json && v.csv) throw new UsageError("--json and --csv exclude each other");
  const statuses = v.status ? parseStatuses(v.status) : undefined;
  const store = MlflowStore.open(storePath);
  const exps = await experimentsOf(store, v.experiment, Boolean(v.all));
  const runs = await selectRuns(store, exps, { includeDeleted: Boolean(v.all), statuses });
  warn(store);
  if (v.json) {
    process.stdout.write(JSON.stringify(searchJson(runs), null, 2) + "\n");
    return 0;
  }
  if (v.csv) {
    process.stdout.write(searchCsv(runs));
    return 0;
  }
  const expName = new Map(exps.map((e) => [e.experiment_id, e.name]));
  const rows = [["run_id", "experiment", "run_name", "status", "start_time", "end_time", "parent", "metrics", "params", "tags"]];
  for (const r of runs as Run[]) {
    rows.push([
      r.info.run_id + (r.info.lifecycle_stage === "deleted" ? " (deleted)" : ""),
      `${r.info.experiment_id} ${expName.get(r.info.experiment_id) ?? ""}`.trim(),
      r.info.run_name ?? "",
      r.info.status,
      short(isoTime(r.info.start_time)),
      short(isoTime(r.info.end_time)),
      r.parent_run_id ? r.parent_run_id.slice(0, 8) : "",
      String(Object.keys(r.metrics).length),
      String(Object.keys(r.params).length),
      String(Object.keys(r.tags).length),
    ]);
  }
  console.log(table(rows));
  console.log(`\n${runs.length} run${runs.length === 1 ? "" : "s"} in ${exps.length} experiment${exps.length === 1 ? "" : "s"}${v.all ? " (deleted included)" : ""}; --json or --csv for every metric, param and tag`);
  return 0;
}

async function listExperiments(storePath: string, v: ReturnType<typeof parse>["values"]): Promise<number> {
  if (v.csv) throw new UsageError("--csv is for `ftf mlflow runs`");
  const store = MlflowStore.open(storePath);
  const exps = await store.experiments({ includeDeleted: Boolean(v.all) });
  const out = [];
  for (const e of exps) {
    const infos = await store.runInfos(e, { includeDeleted: Boolean(v.all) });
    const counts: Record<string, number> = Object.fromEntries(RUN_STATUS_NAMES.map((s) => [s, 0]));
    for (const i of infos) counts[i.status]++;
    const deleted = v.all ? infos.filter((i) => i.lifecycle_stage === "deleted").length : undefined;
    out.push({ experiment_id: e.experiment_id, name: e.name, lifecycle_stage: e.lifecycle_stage, artifact_location: e.artifact_location, creation_time: isoTime(e.creation_time), runs: infos.length, runs_by_status: counts, ...(deleted !== undefined ? { deleted_runs: deleted } : {}), tags: e.tags });
  }
  warn(store);
  if (v.json) {
    process.stdout.write(JSON.stringify(out, null, 2) + "\n");
    return 0;
  }
  const rows = [["experiment_id", "name", "stage", "runs", ...RUN_STATUS_NAMES]];
  for (const e of out) rows.push([e.experiment_id, e.name, e.lifecycle_stage, String(e.runs), ...RUN_STATUS_NAMES.map((s) => String(e.runs_by_status[s]))]);
  console.log(table(rows));
  const models = await registeredModelNames(store);
  if (models.length) console.log(`\nmodel registry: ${models.join(", ")}`);
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [sub, storePath, ...extra] = positionals;
  if (sub !== "runs" && sub !== "experiments") throw new UsageError(`${sub ? `unknown sub-command "${sub}"` : "missing sub-command"}; expected runs or experiments\n\n${HELP}`);
  if (!storePath) throw new UsageError(`missing <store>\n\n${HELP}`);
  if (extra.length) throw new UsageError(`unexpected argument${extra.length > 1 ? "s" : ""}: ${extra.join(" ")}\n\n${HELP}`);
  return sub === "runs" ? listRuns(storePath, values) : listExperiments(storePath, values);
}
