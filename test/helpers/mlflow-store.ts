/**
 * Writes MLflow file stores for tests, following MLflow's documented file-store layout (not its
 * code): `<exp>/meta.yaml`, `<exp>/<run>/meta.yaml`, `params/`, `tags/`, `metrics/` (one
 * `timestamp value step` line per point), `.trash/` for deleted experiments, `datasets/` and
 * `inputs/` (2.x), and the registry under `models/`. meta.yaml is emitted the way PyYAML's
 * safe_dump writes it (sorted keys, block style, ambiguous strings in single quotes).
 *
 * Two layouts:
 * - "2.x": 18-digit experiment ids (quoted), run_name in meta.yaml, deleted_time, datasets.
 * - "1.x": small integer experiment ids written unquoted (as early 1.x did), `run_uuid`, no
 *   run_name (the name lives in the mlflow.runName tag), metric lines without a step.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export type Layout = "1.x" | "2.x";
const STATUS_CODE = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 } as const;
export type FixtureStatus = keyof typeof STATUS_CODE;

/** A scalar as PyYAML's safe_dump writes it. */
function yamlScalar(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  const s = String(v);
  const plainSafe = /^[A-Za-z_/][A-Za-z0-9_ ./:@+-]*$/.test(s) && !/ $/.test(s) && !/: /.test(s);
  const resolvesElse = /^(true|false|yes|no|on|off|null|~|y|n)$/i.test(s);
  if (plainSafe && !resolvesElse) return s;
  return `'${s.replace(/'/g, "''")}'`;
}

export function yamlDump(obj: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (Array.isArray(v)) lines.push(v.length ? `${key}:\n${v.map((x) => `- ${yamlScalar(x)}`).join("\n")}` : `${key}: []`);
    else if (v && typeof v === "object") {
      const inner = Object.keys(v).sort();
      lines.push(inner.length ? `${key}:\n${inner.map((k) => `  ${yamlScalar(k)}: ${yamlScalar((v as Record<string, unknown>)[k])}`).join("\n")}` : `${key}: {}`);
    } else lines.push(`${key}: ${yamlScalar(v)}`);
  }
  return lines.join("\n") + "\n";
}

/** Python's str(float): `nan`, `inf`, `1e-05`, `0.1`, `3.0`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [m, e] = x.toExponential().split("e");
    const exp = Number(e);
    return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return String(x);
}

function write(path: string, text: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export interface ExperimentSpec {
  name: string;
  id?: string;
  deleted?: boolean;
  tags?: Record<string, string>;
}

/** A metric as points `[timestamp, value, step]` (the step is left out in 1.x). */
export type MetricSpec = Array<[number, number, number]>;

export interface RunSpec {
  runId?: string;
  name?: string;
  status?: FixtureStatus;
  startTime?: number;
  /** null: still running, no end_time. */
  endTime?: number | null;
  deleted?: boolean;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  metrics?: Record<string, MetricSpec | number>;
  parentRunId?: string;
  datasets?: Array<{ name: string; digest: string; context?: string }>;
}

export interface FixtureExperiment {
  id: string;
  name: string;
  dir: string;
}

export interface VersionSpec {
  runId: string | null;
  tags?: Record<string, string>;
  stage?: string;
}

let counter = 0;

export class MlflowStoreBuilder {
  private nextExp = 0;
  private clock = Date.UTC(2025, 0, 6, 9, 0, 0);

  constructor(
    readonly root: string,
    readonly layout: Layout = "2.x",
  ) {
    mkdirSync(join(root, ".trash"), { recursive: true });
  }

  private experimentDir(id: string, deleted: boolean) {
    return deleted ? join(this.root, ".trash", id) : join(this.root, id);
  }

  experiment(spec: ExperimentSpec): FixtureExperiment {
    const id = spec.id ?? (this.layout === "1.x" ? String(this.nextExp++) : String(431209876543210000n + BigInt(this.nextExp++ * 7919)));
    const dir = this.experimentDir(id, Boolean(spec.deleted));
    const meta: Record<string, unknown> = {
      artifact_location: pathToFileURL(join(this.root, id)).href,
      experiment_id: this.layout === "1.x" ? Number(id) : id,
      lifecycle_stage: spec.deleted ? "deleted" : "active",
      name: spec.name,
    };
    if (this.layout === "2.x") Object.assign(meta, { creation_time: this.clock, last_update_time: this.clock });
    write(join(dir, "meta.yaml"), yamlDump(meta));
    for (const [k, v] of Object.entries(spec.tags ?? {})) write(join(dir, "tags", k), v);
    return { id, name: spec.name, dir };
  }

  run(exp: FixtureExperiment, spec: RunSpec = {}): string {
    const runId = spec.runId ?? (counter++).toString(16).padStart(8, "0") + "5eed".repeat(6);
    const dir = join(exp.dir, runId);
    const start = spec.startTime ?? (this.clock += 60_000);
    const status = spec.status ?? "FINISHED";
    const end = spec.endTime === undefined ? (status === "RUNNING" || status === "SCHEDULED" ? null : start + 42_000) : spec.endTime;
    const common = {
      artifact_uri: pathToFileURL(join(dir, "artifacts")).href,
      end_time: end,
      entry_point_name: "",
      experiment_id: this.layout === "1.x" ? Number(exp.id) : exp.id,
      lifecycle_stage: spec.deleted ? "deleted" : "active",
      source_name: "",
      source_type: 4,
      source_version: "",
      start_time: start,
      status: STATUS_CODE[status],
      tags: [],
      user_id: "researcher",
    };
    const meta: Record<string, unknown> =
      this.layout === "1.x" ? { ...common, name: "", run_uuid: runId, run_id: runId } : { ...common, run_id: runId, run_uuid: runId, run_name: spec.name ?? "", deleted_time: spec.deleted ? start + 99_000 : null };
    write(join(dir, "meta.yaml"), yamlDump(meta));
    mkdirSync(join(dir, "artifacts"), { recursive: true });
    for (const [k, v] of Object.entries(spec.params ?? {})) write(join(dir, "params", k), v);
    const tags = { ...(spec.tags ?? {}) };
    if (spec.name !== undefined && tags["mlflow.runName"] === undefined) tags["mlflow.runName"] = spec.name;
    if (spec.parentRunId) tags["mlflow.parentRunId"] = spec.parentRunId;
    for (const [k, v] of Object.entries(tags)) write(join(dir, "tags", k), v);
    for (const [k, v] of Object.entries(spec.metrics ?? {})) {
      const points: MetricSpec = typeof v === "number" ? [[start + 1000, v, 0]] : v;
      write(join(dir, "metrics", k), points.map(([ts, val, step]) => (this.layout === "1.x" ? `${ts} ${pyFloat(val)}` : `${ts} ${pyFloat(val)} ${step}`) + "\n").join(""));
    }
    if (this.layout === "2.x") {
      for (const [i, d] of (spec.datasets ?? []).entries()) {
        const dsId = `ds${d.name.replace(/\W/g, "")}${d.digest}`;
        write(join(exp.dir, "datasets", dsId, "meta.yaml"), yamlDump({ digest: d.digest, name: d.name, profile: "{}", schema: "", source: "{}", source_type: "local" }));
        write(join(dir, "inputs", `in${i}${runId.slice(0, 6)}`, "meta.yaml"), yamlDump({ destination_id: dsId, destination_type: "RUN", source_id: dsId, source_type: "DATASET", tags: d.context ? { "mlflow.data.context": d.context } : {} }));
      }
    }
    return runId;
  }

  /** A registered model with versions 1..n (a `stage: "Deleted_Internal"` one is a deleted version). */
  registeredModel(name: string, versions: VersionSpec[], aliases: Record<string, number> = {}): void {
    const dir = join(this.root, "models", name);
    write(join(dir, "meta.yaml"), yamlDump({ creation_timestamp: this.clock, description: null, last_updated_timestamp: this.clock, name }));
    versions.forEach((v, i) => {
      const n = i + 1;
      write(
        join(dir, `version-${n}`, "meta.yaml"),
        yamlDump({
          aliases: [], creation_timestamp: this.clock + n, current_stage: v.stage ?? "None", description: null, last_updated_timestamp: this.clock + n, name,
          run_id: v.runId ?? "", run_link: null, source: v.runId ? `runs:/${v.runId}/model` : "file:///tmp/model", status: "READY", status_message: null, storage_location: null, user_id: null, version: n,
        }),
      );
      for (const [k, val] of Object.entries(v.tags ?? {})) write(join(dir, `version-${n}`, "tags", k), val);
    });
    for (const [a, n] of Object.entries(aliases)) write(join(dir, "aliases", a), String(n));
  }

  /** Raw bytes anywhere in the store (malformed files, unknown files). */
  raw(relPath: string, text: string): void {
    write(join(this.root, relPath), text);
  }
}
