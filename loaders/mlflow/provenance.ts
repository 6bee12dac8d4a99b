/**
 * The MLflow provenance of an imported sweep, for the dossier: the store, the experiments, the
 * column map and every results cell's run id, read from the `source.json` that `ftf import
 * mlflow` wrote beside the results (and its SHA-256, so the committee can check the file).
 * Null for a sweep that was not imported.
 */
import { existsSync, promises as fsp } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { sha256Bytes } from "../ingest/hash.ts";
import type { MlflowProvenance } from "../../src/lib/dossier.ts";
import type { SourceJson } from "./import.ts";

export async function readMlflowProvenance(sweepDir: string): Promise<MlflowProvenance | null> {
  const path = join(sweepDir, "source.json");
  if (!existsSync(path)) return null;
  const bytes = await fsp.readFile(path);
  let src: SourceJson;
  try {
    src = JSON.parse(bytes.toString("utf8")) as SourceJson;
  } catch (e) {
    throw new InputError("invalid_json", `invalid JSON: ${(e as Error).message}`, { file: "source.json" }, "the source.json `ftf import mlflow` writes");
  }
  if (src?.kind !== "mlflow" || !Array.isArray(src.rows)) return null; // another importer's file: not ours to judge
  const { source_version: _v, kind: _k, tool, ...rest } = src;
  return { file: "source.json", sha256: sha256Bytes(bytes), imported_by: tool, ...rest };
}
