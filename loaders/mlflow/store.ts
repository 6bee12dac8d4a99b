/**
 * A reader of MLflow's file store (the `mlruns/` folder that `mlflow.set_tracking_uri("file:…")`
 * or the default local tracking writes), following its documented layout:
 *
 *   <store>/<experiment_id>/meta.yaml                      experiment: experiment_id, name, lifecycle_stage, …
 *   <store>/<experiment_id>/tags/<key>                     experiment tags (file content = value)
 *   <store>/<experiment_id>/<run_id>/meta.yaml             run: run_id (run_uuid in 1.x), run_name (2.x),
 *                                                          status (enum 1..5), lifecycle_stage, start/end_time
 *   <store>/<experiment_id>/<run_id>/params|tags/<key>     one file per key; `/` in a key = sub-folders
 *   <store>/<experiment_id>/<run_id>/metrics/<key>         `timestamp value step` lines (metric-file.ts)
 *   <store>/<experiment_id>/<run_id>/inputs/<id>/meta.yaml 2.x dataset inputs → <experiment>/datasets/<id>/meta.yaml
 *   <store>/.trash/<experiment_id>/…                       deleted experiments
 *   <store>/models/<name>/…                                the model registry (registry.ts)
 *
 * Folders without a meta.yaml (artifact folders, MLflow 3's logged models and traces) and files
 * the layout does not name are ignored. Deleted runs and experiments are skipped unless asked for.
 * A malformed meta.yaml or metric line is an InputError naming the store-relative file and line.
 */
import { existsSync, promises as fsp, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { InputError, UsageError } from "../errors.ts";
import { MetaFields, readMetaYaml } from "./meta-yaml.ts";
import { latestPoint, parseMetricFile, type MetricPoint } from "./metric-file.ts";

/** MLflow's RunStatus enum as stored in meta.yaml (an integer) and shown (its name). */
export const RUN_STATUSES = { 1: "RUNNING", 2: "SCHEDULED", 3: "FINISHED", 4: "FAILED", 5: "KILLED" } as const;
export type RunStatus = (typeof RUN_STATUSES)[keyof typeof RUN_STATUSES];
export const RUN_STATUS_NAMES = Object.values(RUN_STATUSES) as RunStatus[];

export type LifecycleStage = "active" | "deleted";

/** MLflow's system tags the reader interprets. */
export const TAG_RUN_NAME = "mlflow.runName";
export const TAG_PARENT_RUN = "mlflow.parentRunId";

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location: string | null;
  lifecycle_stage: LifecycleStage;
  creation_time: number | null;
  last_update_time: number | null;
  tags: Record<string, string>;
  /** Store-relative folder, e.g. `1` or `.trash/7`. */
  path: string;
}

export interface RunInfo {
  run_id: string;
  experiment_id: string;
  /** run_name from meta.yaml (2.x), else the mlflow.runName tag, else null. */
  run_name: string | null;
  status: RunStatus;
  lifecycle_stage: LifecycleStage;
  /** Epoch milliseconds, UTC. */
  start_time: number | null;
  end_time: number | null;
  artifact_uri: string | null;
  user_id: string | null;
  /** Store-relative folder of the run. */
  path: string;
}

/** A dataset a run logged as an input (MLflow 2.x `inputs/` → the experiment's `datasets/`). */
export interface RunDataset {
  name: string | null;
  digest: string | null;
  source_type: string | null;
  /** The `mlflow.data.context` input tag (training, eval, …). */
  context: string | null;
}

export interface Run {
  info: RunInfo;
  /** Latest value of each metric (metric-file.ts). */
  metrics: Record<string, number>;
  /** The full history, for callers that want it (same keys as `metrics`). */
  metricHistory: Record<string, MetricPoint[]>;
  params: Record<string, string>;
  tags: Record<string, string>;
  parent_run_id: string | null;
  inputs: RunDataset[];
}

export interface StoreWarning {
  code: string;
  message: string;
  file?: string;
}

/** Folders inside an experiment that are not runs. */
const EXPERIMENT_RESERVED = new Set(["tags", "datasets", "traces", "models"]);
const TRASH = ".trash";
const REGISTRY = "models";

async function subdirs(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/**
 * Every file below `dir` as a key → text map, keys being the `/`-joined relative paths (MLflow
 * keeps `/` in a param, tag or metric name as sub-folders). Hidden files (`.DS_Store`, editor
 * swap files) are not keys MLflow writes and are skipped.
 */
export async function readKeyFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = async (d: string, prefix: string) => {
    const entries = await fsp.readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const key = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(join(d, e.name), key);
      else if (e.isFile()) out.set(key, await fsp.readFile(join(d, e.name), "utf8"));
    }
  };
  await walk(dir, "");
  return out;
}

function lifecycle(f: MetaFields): LifecycleStage {
  const v = f.text("lifecycle_stage");
  if (v === null) return "active"; // MLflow's default for metadata written before the field existed
  if (v === "active" || v === "deleted") return v;
  return f.bad("lifecycle_stage", "unknown lifecycle_stage", "active or deleted");
}

function runStatus(f: MetaFields): RunStatus {
  const v = f.raw("status");
  if (v === undefined || v === null) return "RUNNING"; // as MLflow reads a run whose status was never written
  if (typeof v === "bigint" || typeof v === "number") {
    const s = RUN_STATUSES[Number(v) as keyof typeof RUN_STATUSES];
    if (s) return s;
  }
  if (typeof v === "string" && (RUN_STATUS_NAMES as string[]).includes(v.toUpperCase())) return v.toUpperCase() as RunStatus;
  return f.bad("status", "unknown run status", `MLflow's RunStatus: 1 RUNNING, 2 SCHEDULED, 3 FINISHED, 4 FAILED, 5 KILLED`);
}

export interface ListOptions {
  /** Include deleted experiments (`.trash/`) and deleted runs. */
  includeDeleted?: boolean;
}

/** An opened file store. Reading is lazy: experiments, then runs' meta.yaml, then a run's data. */
export class MlflowStore {
  readonly root: string;
  readonly warnings: StoreWarning[] = [];

  private constructor(root: string) {
    this.root = root;
  }

  /** Open `path` (a folder, or a `file:` URI as MLflow prints it). */
  static open(path: string): MlflowStore {
    const p = path.startsWith("file://") ? decodeURIComponent(new URL(path).pathname) : path.startsWith("file:") ? path.slice(5) : path;
    const root = resolve(p);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new InputError("mlflow_no_store", "MLflow store not found", { file: path }, "an MLflow file store folder (mlruns/) holding <experiment_id>/meta.yaml");
    }
    return new MlflowStore(root);
  }

  /** Store-relative path with "/" (what messages and provenance show). */
  rel(abs: string): string {
    return relative(this.root, abs).split(sep).join("/");
  }

  private async readExperiment(dir: string, folder: string): Promise<Experiment | null> {
    const metaPath = join(dir, "meta.yaml");
    if (!existsSync(metaPath)) return null; // not an experiment folder
    const meta = await readMetaYaml(metaPath, this.rel(metaPath));
    const f = new MetaFields(meta);
    const id = f.text("experiment_id", { required: true })!;
    if (id !== folder) {
      // MLflow ignores such an experiment (its id does not lead to this folder); so do we.
      this.warnings.push({ code: "mlflow_experiment_id_mismatch", file: meta.file, message: `${meta.file}: experiment_id "${id}" differs from its folder "${folder}"; the experiment is ignored, as MLflow does` });
      return null;
    }
    const tags = Object.fromEntries(await readKeyFiles(join(dir, "tags")));
    return {
      experiment_id: id,
      name: f.text("name", { required: true })!,
      artifact_location: f.text("artifact_location"),
      lifecycle_stage: lifecycle(f),
      creation_time: f.millis("creation_time"),
      last_update_time: f.millis("last_update_time"),
      tags,
      path: this.rel(dir),
    };
  }

  /** Experiments, active first then (with includeDeleted) those in `.trash/`, each by id order. */
  async experiments(opts: ListOptions = {}): Promise<Experiment[]> {
    const out: Experiment[] = [];
    const byId = (a: string, b: string) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0) : a < b ? -1 : a > b ? 1 : 0);
    for (const name of (await subdirs(this.root)).filter((n) => n !== TRASH && n !== REGISTRY && !n.startsWith(".")).sort(byId)) {
      const e = await this.readExperiment(join(this.root, name), name);
      if (e && (e.lifecycle_stage === "active" || opts.includeDeleted)) out.push(e);
    }
    if (opts.includeDeleted) {
      for (const name of (await subdirs(join(this.root, TRASH))).sort(byId)) {
        const e = await this.readExperiment(join(this.root, TRASH, name), name);
        if (e) out.push(e);
      }
    }
    return out;
  }

  /**
   * One experiment by id or by name (ids win: MLflow's ids are digits, names rarely are). A
   * deleted one is found only with includeDeleted; an unknown one is an InputError listing the
   * experiments there are.
   */
  async experiment(idOrName: string, opts: ListOptions = {}): Promise<Experiment> {
    const all = await this.experiments({ includeDeleted: true });
    const usable = all.filter((e) => e.lifecycle_stage === "active" || opts.includeDeleted);
    const hit = usable.find((e) => e.experiment_id === idOrName) ?? usable.find((e) => e.name === idOrName);
    if (hit) return hit;
    const deleted = all.find((e) => (e.experiment_id === idOrName || e.name === idOrName) && e.lifecycle_stage === "deleted");
    if (deleted) throw new InputError("mlflow_experiment_deleted", `experiment "${idOrName}" is deleted (${deleted.path})`, { file: this.root }, "an active experiment, or --all to read deleted ones");
    const known = usable.map((e) => `${e.experiment_id} "${e.name}"`).join(", ") || "none";
    throw new InputError("mlflow_no_experiment", `no experiment with id or name "${idOrName}"`, { file: this.root }, `one of: ${known}`);
  }

  /** The runs' meta.yaml of an experiment (no params/metrics yet), in start-time order. */
  async runInfos(exp: Experiment, opts: ListOptions = {}): Promise<RunInfo[]> {
    const dir = join(this.root, exp.path);
    const out: RunInfo[] = [];
    for (const name of await subdirs(dir)) {
      if (EXPERIMENT_RESERVED.has(name) || name.startsWith(".")) continue;
      const metaPath = join(dir, name, "meta.yaml");
      if (!existsSync(metaPath)) continue; // an artifact or other folder, not a run
      const meta = await readMetaYaml(metaPath, this.rel(metaPath));
      const f = new MetaFields(meta);
      const runId = f.text("run_id") ?? f.text("run_uuid");
      if (runId === null) f.bad("run_id", "missing key \"run_id\" (or 1.x \"run_uuid\")", "a run_id: line");
      const expId = f.text("experiment_id", { required: true })!;
      if (expId !== exp.experiment_id) {
        this.warnings.push({ code: "mlflow_run_experiment_mismatch", file: meta.file, message: `${meta.file}: run records experiment_id "${expId}" but sits in experiment ${exp.experiment_id}; the run is ignored, as MLflow does` });
        continue;
      }
      const info: RunInfo = {
        run_id: runId!,
        experiment_id: expId,
        run_name: f.text("run_name") || null,
        status: runStatus(f),
        lifecycle_stage: lifecycle(f),
        start_time: f.millis("start_time"),
        end_time: f.millis("end_time"),
        artifact_uri: f.text("artifact_uri"),
        user_id: f.text("user_id"),
        path: this.rel(join(dir, name)),
      };
      if (info.lifecycle_stage === "deleted" && !opts.includeDeleted) continue;
      out.push(info);
    }
    return out.sort((a, b) => (a.start_time ?? 0) - (b.start_time ?? 0) || (a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0));
  }

  /** A run's params, tags, metrics (latest point and history) and dataset inputs. */
  async run(info: RunInfo): Promise<Run> {
    const dir = join(this.root, info.path);
    const params = Object.fromEntries(await readKeyFiles(join(dir, "params")));
    const tags = Object.fromEntries(await readKeyFiles(join(dir, "tags")));
    const metrics: Record<string, number> = {};
    const metricHistory: Record<string, MetricPoint[]> = {};
    for (const [key, text] of await readKeyFiles(join(dir, "metrics"))) {
      const points = parseMetricFile(text, `${info.path}/metrics/${key}`);
      metricHistory[key] = points;
      metrics[key] = latestPoint(points).value;
    }
    const runInfo = { ...info, run_name: info.run_name ?? tags[TAG_RUN_NAME] ?? null };
    return { info: runInfo, metrics, metricHistory, params, tags, parent_run_id: tags[TAG_PARENT_RUN] || null, inputs: await this.inputs(dir) };
  }

  private async inputs(runDir: string): Promise<RunDataset[]> {
    const out: RunDataset[] = [];
    const inputsDir = join(runDir, "inputs");
    for (const id of await subdirs(inputsDir)) {
      const metaPath = join(inputsDir, id, "meta.yaml");
      if (!existsSync(metaPath)) continue;
      const f = new MetaFields(await readMetaYaml(metaPath, this.rel(metaPath)));
      if (f.text("source_type") !== "DATASET") continue;
      const source = f.text("source_id", { required: true })!;
      const tagsRaw = f.raw("tags");
      const tags = tagsRaw && typeof tagsRaw === "object" && !Array.isArray(tagsRaw) ? (tagsRaw as Record<string, unknown>) : {};
      const dsMeta = join(runDir, "..", "datasets", source, "meta.yaml");
      let ds: MetaFields | null = null;
      if (existsSync(dsMeta)) ds = new MetaFields(await readMetaYaml(dsMeta, this.rel(resolve(dsMeta))));
      else this.warnings.push({ code: "mlflow_missing_dataset", file: this.rel(metaPath), message: `${this.rel(metaPath)}: dataset ${source} is not in the experiment's datasets/ folder` });
      out.push({
        name: ds?.text("name") ?? null,
        digest: ds?.text("digest") ?? null,
        source_type: ds?.text("source_type") ?? null,
        context: typeof tags["mlflow.data.context"] === "string" ? (tags["mlflow.data.context"] as string) : null,
      });
    }
    return out;
  }
}

export interface SelectOptions extends ListOptions {
  /** Keep runs in these statuses only (all when absent). */
  statuses?: readonly RunStatus[];
}

/** The runs of some experiments, filtered by status (and lifecycle), fully read. */
export async function selectRuns(store: MlflowStore, experiments: readonly Experiment[], opts: SelectOptions = {}): Promise<Run[]> {
  const runs: Run[] = [];
  for (const exp of experiments) {
    for (const info of await store.runInfos(exp, opts)) {
      if (opts.statuses && !opts.statuses.includes(info.status)) continue;
      runs.push(await store.run(info));
    }
  }
  return runs;
}

/** `FINISHED,failed` → statuses; an unknown name is a UsageError naming the valid ones. */
export function parseStatuses(list: string): RunStatus[] {
  const out: RunStatus[] = [];
  for (const s of list.split(",").map((x) => x.trim().toUpperCase()).filter(Boolean)) {
    if (!(RUN_STATUS_NAMES as string[]).includes(s)) throw new UsageError(`unknown run status "${s}"; expected a comma-separated list of ${RUN_STATUS_NAMES.join(", ")}`);
    out.push(s as RunStatus);
  }
  return out;
}
