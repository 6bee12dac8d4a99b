/**
 * MLflow's file-based model registry, inside the tracking store:
 *
 *   <store>/models/<name>/meta.yaml                 name, creation/last-updated timestamps, description
 *   <store>/models/<name>/tags/<key>                registered-model tags
 *   <store>/models/<name>/aliases/<alias>           file content = the version the alias points to
 *   <store>/models/<name>/version-<N>/meta.yaml     name, version, run_id, source, current_stage, status, …
 *   <store>/models/<name>/version-<N>/tags/<key>    model-version tags
 *
 * A version whose current_stage is MLflow's internal "Deleted_Internal" is a deleted version and
 * is skipped, as MLflow does.
 */
import { existsSync, promises as fsp } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { MetaFields, readMetaYaml } from "./meta-yaml.ts";
import { readKeyFiles, type MlflowStore } from "./store.ts";

export interface ModelVersion {
  name: string;
  version: number;
  run_id: string | null;
  source: string | null;
  current_stage: string | null;
  status: string | null;
  creation_timestamp: number | null;
  tags: Record<string, string>;
  aliases: string[];
  /** Store-relative folder. */
  path: string;
}

export interface RegisteredModel {
  name: string;
  description: string | null;
  tags: Record<string, string>;
  /** alias → version. */
  aliases: Record<string, number>;
  versions: ModelVersion[];
}

const DELETED_STAGE = "Deleted_Internal";

/** Registered model names in the store (empty when it has no registry). */
export async function registeredModelNames(store: MlflowStore): Promise<string[]> {
  const dir = join(store.root, "models");
  if (!existsSync(dir)) return [];
  return (await fsp.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "meta.yaml"))).map((e) => e.name).sort();
}

/** One registered model with its live versions (by version number). */
export async function readRegisteredModel(store: MlflowStore, name: string): Promise<RegisteredModel> {
  const dir = join(store.root, "models", name);
  const metaPath = join(dir, "meta.yaml");
  if (!existsSync(metaPath)) {
    const known = await registeredModelNames(store);
    throw new InputError("mlflow_no_model", `no registered model "${name}"`, { file: store.rel(join(store.root, "models")) }, known.length ? `one of ${known.join(", ")}` : "a store with a model registry (models/<name>/meta.yaml)");
  }
  const f = new MetaFields(await readMetaYaml(metaPath, store.rel(metaPath)));
  const aliases: Record<string, number> = {};
  for (const [alias, text] of await readKeyFiles(join(dir, "aliases"))) {
    const v = text.trim();
    if (!/^\d+$/.test(v)) throw new InputError("mlflow_bad_alias", "alias does not name a version", { file: store.rel(join(dir, "aliases", alias)), value: text }, "a version number");
    aliases[alias] = Number(v);
  }
  const versions: ModelVersion[] = [];
  for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || !/^version-\d+$/.test(e.name)) continue;
    const vPath = join(dir, e.name, "meta.yaml");
    if (!existsSync(vPath)) continue;
    const vf = new MetaFields(await readMetaYaml(vPath, store.rel(vPath)));
    const version = vf.integer("version");
    if (version === null) vf.bad("version", "missing version", "version: <N>");
    if (`version-${version}` !== e.name) vf.bad("version", `version ${version} sits in folder ${e.name}`, `version: ${e.name.slice(8)}`);
    const stage = vf.text("current_stage");
    if (stage === DELETED_STAGE) continue;
    versions.push({
      name: vf.text("name") ?? name,
      version: version!,
      run_id: vf.text("run_id") || null,
      source: vf.text("source"),
      current_stage: stage,
      status: vf.text("status"),
      creation_timestamp: vf.millis("creation_timestamp"),
      tags: Object.fromEntries(await readKeyFiles(join(dir, e.name, "tags"))),
      aliases: Object.entries(aliases).filter(([, v]) => v === version).map(([a]) => a).sort(),
      path: store.rel(join(dir, e.name)),
    });
  }
  versions.sort((a, b) => a.version - b.version);
  return { name: f.text("name") ?? name, description: f.text("description"), tags: Object.fromEntries(await readKeyFiles(join(dir, "tags"))), aliases, versions };
}
