/**
 * `buildSnapshot`: one sweep's static dossier, self-contained, for any static file host.
 *
 * 1. The sweep is validated and ingested (with its OHLCV when given) into a cache private to
 *    this build — invalid input stops here, before anything claims a verdict.
 * 2. The site is built by Observable Framework in a throw-away project (project.ts) whose
 *    FTF_SWEEPS holds only this sweep, with FTF_OHLCV, FTF_CACHE and FTF_DIST pointing at
 *    folders of this build; the data loaders find the ingest of step 1 and reuse it.
 * 3. The output is normalised and checked (output.ts), `snapshot.json` is written, and the whole
 *    folder replaces --out atomically.
 *
 * Determinism: the same inputs and the same code give the same bytes in every file but
 * snapshot.json's `built_at`. Every other date comes from the source date: SOURCE_DATE_EPOCH
 * (reproducible-builds.org) when set, else the commit time of HEAD, else 0; it is passed to the
 * data loaders as SOURCE_DATE_EPOCH too.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, promises as fsp, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { isValidSweepId, SWEEP_ID_PATTERN } from "../../src/lib/sweep.ts";
import { artefactsFromIngested } from "../artefacts.ts";
import { BuildError, InputError, UsageError } from "../errors.ts";
import { writeDirAtomically } from "../ingest/atomic-dir.ts";
import type { InputFileInfo, Manifest } from "../ingest/index.ts";
import { gitCommit, toolVersion } from "../ingest/tool-info.ts";
import { PROJECT_ROOT } from "../site/paths.ts";
import { precompress, versionPackageFolders } from "../site/postbuild.ts";
import { shrinkModules } from "../site/shrink-modules.ts";
import { dossierFromIngested } from "../verdict.ts";
import { keepNodeCache, seedNodeCache } from "./node-cache.ts";
import { createSnapshotProject } from "./project.ts";
import { inventory, modulesWithLastModified, normaliseLastModified, outsideReferences, type SnapshotFile } from "./output.ts";
import { formatUtcMillis } from "../../src/lib/time.ts";

export const SNAPSHOT_FILE = "snapshot.json";
export const SNAPSHOT_VERSION = 1;

export interface SnapshotManifest {
  snapshot_version: number;
  sweep_id: string;
  /** sweep.json `created_at`, `track` and `universe`. */
  created_at: string | null;
  track: string | null;
  universe: string | null;
  /** Where to start reading, relative to the snapshot folder. */
  entry: string;
  dossier: string;
  /** The only wall-clock value of the snapshot. */
  built_at: string;
  /** The date every other embedded date is set to (see the module comment). */
  source_date: string;
  tool: { name: string; version: string; git_commit: string | null; framework: string; duckdb: string | null; node: string };
  inputs: Array<Pick<InputFileInfo, "root" | "path" | "kind" | "size" | "sha256" | "rows">>;
  ohlcv: { given: boolean; symbols: string[] };
  verdict: {
    track_verdict: string;
    track_reason: string;
    leakage_suspected: boolean;
    variants: Array<{ variant: string; verdict: string; failing_gates: string[] }>;
  };
  artefact_contract: { status: "ok" | "mismatch"; failed: string[] };
  warnings: number;
  files: { count: number; bytes: number; list: SnapshotFile[] };
  /** In a published site (`ftf publish`): the shared runtime folder, relative to the snapshot; its files are listed as `../_runtime/…`. */
  shared_runtime?: string;
}

export interface SnapshotOptions {
  sweepDir: string;
  ohlcvDir?: string | null;
  outDir: string;
  /** One human-readable line per step (the CLI prints them on stderr). */
  progress?: (line: string) => void;
  /**
   * Write `.br`/`.gz` siblings of the large files (loaders/site/postbuild.ts) for a host that
   * serves them. Off by default: they add ~17 MB (DuckDB-WASM's wasm as 5.9 MB .br and 7.7 MB .gz)
   * to a ~41 MB snapshot, and hosts that compress on the fly (GitHub Pages, most CDNs) never read them.
   */
  precompress?: boolean;
}

export interface SnapshotResult {
  manifest: SnapshotManifest;
  outDir: string;
  seconds: number;
  bytes: number;
}

/** SOURCE_DATE_EPOCH (seconds) when set, else the commit time of HEAD, else 0. */
export function sourceDateEpoch(): number {
  const env = process.env.SOURCE_DATE_EPOCH?.trim();
  if (env) {
    if (!/^\d+$/.test(env)) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds, got ${JSON.stringify(env)}`);
    return Number(env);
  }
  try {
    const out = execFileSync("git", ["log", "-1", "--format=%ct"], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).toString().trim();
    if (/^\d+$/.test(out)) return Number(out);
  } catch {
    // not a git checkout: fall through
  }
  return 0;
}

/** The sweep id a folder stands for (its name, as the site lists it), or a UsageError. */
export function sweepIdOfFolder(sweepDir: string): string {
  const dir = resolve(sweepDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError("missing_folder", "sweep folder not found", { file: sweepDir }, "a folder holding sweep.json and results.csv|parquet|jsonl");
  // The name as given (a link's own name, as the site lists it), not its target's.
  const id = basename(dir);
  if (!isValidSweepId(id)) {
    throw new InputError("invalid_sweep_id", `the folder name is not a valid sweep id (it names the snapshot's pages and URLs)`, { file: dir, value: id }, `a name matching ${SWEEP_ID_PATTERN.source} (not "." or "..")`);
  }
  return id;
}

function frameworkVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules/@observablehq/framework/package.json"), "utf8")) as { version: string }).version;
}

/** Set FTF_* variables while `fn` runs (the ingest cache reads them at call time). */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Run `observable build`; progress from its log, the log's tail in the error when it fails. */
async function runFramework(cwd: string, env: Record<string, string>, progress: (line: string) => void): Promise<void> {
  const bin = join(PROJECT_ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js");
  const child = spawn(process.execPath, [bin, "build"], {
    cwd,
    env: { ...process.env, ...env, PATH: `${join(PROJECT_ROOT, "node_modules/.bin")}:${process.env.PATH ?? ""}`, NO_COLOR: "1", FORCE_COLOR: "0", OBSERVABLE_TELEMETRY_DISABLE: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  const counts = { pages: 0, data: 0, rendered: 0 };
  let shown = "";
  let last = 0;
  const tick = (force = false) => {
    const line = `  build: ${counts.pages} pages read, ${counts.data} data files loaded, ${counts.rendered} pages rendered`;
    if (line === shown || (!force && Date.now() - last < 3000)) return;
    [shown, last] = [line, Date.now()];
    progress(line);
  };
  // Framework writes a step's start and its outcome on one line, in several writes: read lines.
  const onLine = (line: string) => {
    if (!line.trim()) return;
    log.push(line);
    if (log.length > 400) log.shift();
    if (/^load \/\S* /.test(line) && !/→ load /.test(line)) counts.pages++;
    if (/→ load \S+ → \[(missing|stale|fresh|using stale)\]/.test(line)) counts.data++;
    if (/^render /.test(line)) counts.rendered++;
    // (its output folder is outside the throw-away project on purpose: it is new and empty)
    if (/\bWarning\b|broken link|\berror\b/i.test(line) && !/will not be cleared/.test(line)) progress(`  framework: ${line.trim()}`);
    tick();
  };
  createInterface({ input: child.stdout }).on("line", onLine);
  createInterface({ input: child.stderr }).on("line", onLine);
  const code = await new Promise<number | null>((ok, fail) => {
    child.on("error", fail);
    child.on("close", ok);
  });
  tick(true);
  if (code !== 0) throw new BuildError(`observable build failed (exit ${code}); last lines of its log:\n${log.slice(-30).join("\n")}`);
}

export async function buildSnapshot(opts: SnapshotOptions): Promise<SnapshotResult> {
  const t0 = Date.now();
  const progress = opts.progress ?? (() => {});
  const id = sweepIdOfFolder(opts.sweepDir);
  const sweepDir = realpathSync(resolve(opts.sweepDir));
  const ohlcvDir = opts.ohlcvDir ? resolve(opts.ohlcvDir) : null;
  if (ohlcvDir && (!existsSync(ohlcvDir) || !statSync(ohlcvDir).isDirectory())) throw new InputError("missing_folder", "OHLCV folder not found", { file: opts.ohlcvDir! }, "a folder of kline files");
  const outDir = resolve(opts.outDir);
  if (existsSync(outDir) && (!statSync(outDir).isDirectory() || (readdirSync(outDir).length > 0 && !existsSync(join(outDir, SNAPSHOT_FILE))))) {
    throw new UsageError(`--out ${opts.outDir}: exists and is not a snapshot (no ${SNAPSHOT_FILE}); refusing to replace it`);
  }
  const epoch = sourceDateEpoch();
  const project = createSnapshotProject(id, sweepDir);
  const env = {
    FTF_SWEEPS: project.sweeps,
    FTF_OHLCV: ohlcvDir ?? project.noOhlcv,
    FTF_CACHE: project.cache,
    FTF_DEPLOYMENTS: project.deployments,
    SOURCE_DATE_EPOCH: String(epoch),
    // the data loaders run in other processes: pin what identifies the code for all of them
    ...(gitCommit() ? { FTF_GIT_COMMIT: gitCommit()! } : {}),
  };
  try {
    progress(`${id}: validating and ingesting${ohlcvDir ? ` (OHLCV from ${ohlcvDir})` : " (no OHLCV)"}…`);
    const { ensureIngested } = await import("../ingest/site-cache.ts");
    const ingested = await withEnv(env, () => ensureIngested(id));
    const manifest = JSON.parse(await fsp.readFile(join(ingested, "manifest.json"), "utf8")) as Manifest;
    const dossier = await dossierFromIngested(ingested);
    const artefacts = await artefactsFromIngested(ingested, join(project.sweeps, id), id);
    progress(`${id}: track verdict ${dossier.track_verdict}; artefact contract ${artefacts.status}${artefacts.status === "mismatch" ? " — the dossier shows it in red" : ""} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

    const result = await writeDirAtomically(outDir, async (dist) => {
      const seeded = seedNodeCache(project.dir);
      progress(`${id}: building the static site (Observable Framework${seeded ? ", npm bundles from the previous snapshot" : ""})…`);
      const tb = Date.now();
      await runFramework(project.dir, { ...env, FTF_DIST: dist }, progress);
      keepNodeCache(project.dir);
      progress(`${id}: built in ${((Date.now() - tb) / 1000).toFixed(1)} s; normalising and checking the output…`);
      for (const { name, version } of versionPackageFolders(dist)) progress(`${id}: _node/${name}@undefined → ${name}@${version}`);
      for (const line of shrinkModules(dist)) progress(`${id}: ${line}`);
      normaliseLastModified(dist, epoch * 1000);
      const unstable = modulesWithLastModified(dist);
      if (unstable.length) throw new BuildError(`modules embed a file's modification time, so their names change from build to build: ${unstable.join(", ")}`);
      const outside = outsideReferences(dist);
      if (outside.length) throw new BuildError(`the build references files outside its folder (it would break in a subfolder or offline):\n  ${outside.slice(0, 20).join("\n  ")}`);
      const dossierPage = `sweeps/${id}/index.html`;
      if (!existsSync(join(dist, dossierPage))) throw new BuildError(`the build has no ${dossierPage}`);
      if (opts.precompress) {
        const pc = precompress(dist);
        progress(`${id}: ${pc.files} large files precompressed (.br ${(pc.brBytes / 1e6).toFixed(1)} MB, .gz ${(pc.gzBytes / 1e6).toFixed(1)} MB beside ${(pc.rawBytes / 1e6).toFixed(1)} MB raw)`);
      }
      const files = inventory(dist);
      const bytes = files.reduce((s, f) => s + f.size, 0);
      const m: SnapshotManifest = {
        snapshot_version: SNAPSHOT_VERSION,
        sweep_id: id,
        created_at: dossier.created_at,
        track: dossier.track,
        universe: dossier.universe,
        entry: "index.html",
        dossier: dossierPage,
        built_at: formatUtcMillis(Date.now()),
        source_date: formatUtcMillis(epoch * 1000),
        tool: { ...toolVersion(), git_commit: gitCommit(), framework: frameworkVersion(), duckdb: manifest.tool.duckdb ?? null, node: process.version },
        inputs: manifest.inputs.map(({ root, path, kind, size, sha256, rows }) => ({ root, path, kind, size, sha256, rows })),
        ohlcv: { given: ohlcvDir !== null, symbols: manifest.ohlcv?.symbols.map((s) => s.symbol) ?? [] },
        verdict: {
          track_verdict: dossier.track_verdict,
          track_reason: dossier.track_reason,
          leakage_suspected: dossier.leakage.suspected,
          variants: dossier.variants.map((v) => ({ variant: v.variant, verdict: v.verdict, failing_gates: v.failing_gates })),
        },
        artefact_contract: { status: artefacts.status, failed: artefacts.checks.filter((c) => c.status === "fail").map((c) => `${c.title}: ${c.detail}`) },
        warnings: manifest.warnings.length,
        files: { count: files.length, bytes, list: files },
      };
      await fsp.writeFile(join(dist, SNAPSHOT_FILE), JSON.stringify(m, null, 2) + "\n");
      return { manifest: m, bytes };
    });
    const seconds = (Date.now() - t0) / 1000;
    progress(`${id}: snapshot → ${outDir} (${result.manifest.files.count} files, ${(result.bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s`);
    return { manifest: result.manifest, outDir, seconds, bytes: result.bytes };
  } finally {
    project.remove();
  }
}
