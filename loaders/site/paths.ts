/**
 * Where the site finds its inputs. One place, so the config, the data loaders and the CLI agree.
 * FTF_SWEEPS and FTF_OHLCV point the workbench at a researcher's own folders.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isValidSweepId } from "../../src/lib/sweep.ts";
import { InputError } from "../errors.ts";

export const PROJECT_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export function sweepsRoot(): string {
  return resolve(PROJECT_ROOT, process.env.FTF_SWEEPS ?? "data/sweeps");
}

export function ohlcvRoot(): string {
  return resolve(PROJECT_ROOT, process.env.FTF_OHLCV ?? "data/ohlcv");
}

/** Cache of normalised outputs for the site (git-ignored). */
export function siteCacheRoot(): string {
  return resolve(PROJECT_ROOT, process.env.FTF_CACHE ?? "data/out");
}

/** Every folder under the sweeps root with a sweep.json and a valid id, sorted. */
export function listSweepIds(root = sweepsRoot()): string[] {
  return listFolderIds(root, "sweep.json", "FTF_SWEEPS", "sweep");
}

/** Deployment folders (`ftf monitor`, the Monitoring pages); FTF_DEPLOYMENTS moves them. */
export function deploymentsRoot(): string {
  return resolve(PROJECT_ROOT, process.env.FTF_DEPLOYMENTS ?? "data/deployments");
}

/** Every folder under the deployments root with a deployment.json and a valid id, sorted. */
export function listDeploymentIds(root = deploymentsRoot()): string[] {
  return listFolderIds(root, "deployment.json", "FTF_DEPLOYMENTS", "deployment");
}

/** Sub-folders of `root` with a valid id that hold `marker`, sorted; none when `root` does not exist. */
function listFolderIds(root: string, marker: string, variable: string, what: string): string[] {
  if (!existsSync(root)) return [];
  if (!statSync(root).isDirectory()) throw new InputError("not_a_folder", `the ${what}s folder is a file (${variable} moves it)`, { file: root }, `a folder of ${what} folders, each with a ${marker}`);
  return readdirSync(root)
    .filter((name) => isValidSweepId(name) && statSync(join(root, name)).isDirectory() && existsSync(join(root, name, marker)))
    .sort();
}
