/**
 * `publishSnapshots`: one snapshot per sweep folder into `<out>/<sweep_id>/`, and `<out>/index.html`
 * listing them with their track verdicts — what CI deploys to GitHub Pages
 * (.github/workflows/publish-dossiers.yml), and what anyone can run locally into a folder.
 * A sweep that fails (invalid input, failed build) is listed with its error; the others are
 * still published, and the result says which failed so the caller can exit non-zero.
 * The snapshots share one runtime, `<out>/_runtime/` (shared-runtime.ts): each sweep adds only
 * its pages and data, and its snapshot.json lists the runtime files it uses as `../_runtime/…`.
 */
import { existsSync, promises as fsp, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isValidSweepId } from "../../src/lib/sweep.ts";
import { InputError } from "../errors.ts";
import { buildSnapshot, SNAPSHOT_FILE, type SnapshotManifest } from "./index.ts";
import { publishIndexHtml, type PublishedEntry } from "./publish-index.ts";
import { inventory } from "./output.ts";
import { pruneRuntime, shareRuntime, SHARED_RUNTIME_DIR } from "./shared-runtime.ts";

export interface PublishOptions {
  sweepsDir: string;
  ohlcvDir?: string | null;
  outDir: string;
  progress?: (line: string) => void;
  /** `.br`/`.gz` siblings (SnapshotOptions.precompress). */
  precompress?: boolean;
  /** Share one runtime between the snapshots (default); false: every snapshot whole, as `ftf snapshot` writes it. */
  shareRuntime?: boolean;
}

export interface PublishResult {
  entries: PublishedEntry[];
  failed: PublishedEntry[];
  seconds: number;
}

/** Folders under `root` holding a sweep.json: the valid ids, and the names refused (with why). */
export function sweepFolders(root: string): { ids: string[]; refused: Array<{ name: string; reason: string }> } {
  const ids: string[] = [];
  const refused: Array<{ name: string; reason: string }> = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory() || !existsSync(join(dir, "sweep.json"))) continue;
    if (isValidSweepId(name)) ids.push(name);
    else refused.push({ name, reason: "the folder name is not a valid sweep id ([A-Za-z0-9._-]{1,100}, not \".\" or \"..\")" });
  }
  return { ids, refused };
}

export async function publishSnapshots(opts: PublishOptions): Promise<PublishResult> {
  const t0 = Date.now();
  const progress = opts.progress ?? (() => {});
  const root = resolve(opts.sweepsDir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new InputError("not_found", "sweeps folder not found", { file: opts.sweepsDir }, "a folder of sweep folders, each with a sweep.json");
  const out = resolve(opts.outDir);
  await fsp.mkdir(out, { recursive: true });
  const { ids, refused } = sweepFolders(root);
  const runtimeDir = join(out, SHARED_RUNTIME_DIR);
  const share = opts.shareRuntime ?? true;
  const usedRuntime = new Set<string>();
  const entries: PublishedEntry[] = refused.map((r) => ({ sweep_id: r.name, ok: false, error: r.reason, manifest: null, seconds: 0, bytes: 0 }));
  for (const r of refused) progress(`skipping folder ${JSON.stringify(r.name)}: ${r.reason}`);
  progress(`publishing ${ids.length} sweep${ids.length === 1 ? "" : "s"} from ${root} → ${out}`);

  for (const [i, id] of ids.entries()) {
    progress(`[${i + 1}/${ids.length}] ${id}`);
    try {
      const r = await buildSnapshot({ sweepDir: join(root, id), ohlcvDir: opts.ohlcvDir, outDir: join(out, id), precompress: opts.precompress, progress: (l) => progress(`  ${l}`) });
      let { manifest, bytes } = r;
      if (share) {
        const s = shareRuntime(r.outDir, runtimeDir, usedRuntime);
        if (s.conflicts.length) progress(`  ${id}: keeps its own runtime: ${s.conflicts.length} file(s) differ from ${SHARED_RUNTIME_DIR}/ (${s.conflicts.slice(0, 3).join(", ")})`);
        else {
          for (const f of s.files) usedRuntime.add(f);
          manifest = sharedManifest(r.outDir, manifest, s.files, runtimeDir);
          bytes = manifest.files.list.filter((f) => !f.path.startsWith("../")).reduce((n, f) => n + f.size, 0);
          progress(`  ${id}: runtime shared (${SHARED_RUNTIME_DIR}/: ${s.files.length - s.reused} files added, ${s.reused} reused); ${(bytes / 1e6).toFixed(1)} MB of its own`);
        }
      }
      entries.push({ sweep_id: id, ok: true, error: null, manifest, seconds: r.seconds, bytes });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      progress(`  ${id}: FAILED — ${message.split("\n")[0]}`);
      entries.push({ sweep_id: id, ok: false, error: message, manifest: null, seconds: 0, bytes: 0 });
    }
  }

  // Snapshots of sweeps that are gone: remove them (only folders this tool wrote).
  const keep = new Set(entries.filter((e) => e.ok).map((e) => e.sweep_id));
  for (const name of readdirSync(out)) {
    const dir = join(out, name);
    if (!keep.has(name) && statSync(dir).isDirectory() && existsSync(join(dir, SNAPSHOT_FILE))) {
      progress(`removing the snapshot of ${name} (no such sweep any more)`);
      await fsp.rm(dir, { recursive: true, force: true });
    }
  }

  if (share) {
    const pruned = pruneRuntime(runtimeDir, usedRuntime);
    if (pruned) progress(`removed ${pruned} file(s) of ${SHARED_RUNTIME_DIR}/ no snapshot uses any more`);
  }

  // Published first, newest first; failures last.
  entries.sort((a, b) => Number(b.ok) - Number(a.ok) || (b.manifest?.created_at ?? "").localeCompare(a.manifest?.created_at ?? "") || a.sweep_id.localeCompare(b.sweep_id));
  await fsp.writeFile(join(out, "index.html"), publishIndexHtml(entries));
  await fsp.writeFile(join(out, "snapshots.json"), JSON.stringify(entries.map(({ manifest, ...e }) => ({ ...e, manifest: manifest && summary(manifest) })), null, 2) + "\n");
  // GitHub Pages runs Jekyll unless told not to; Jekyll drops folders starting with "_" (_file, _import, _node).
  await fsp.writeFile(join(out, ".nojekyll"), "");
  const failed = entries.filter((e) => !e.ok);
  progress(`published ${entries.length - failed.length} of ${entries.length} → ${join(out, "index.html")} in ${((Date.now() - t0) / 1000).toFixed(1)} s${failed.length ? `; ${failed.length} FAILED` : ""}`);
  return { entries, failed, seconds: (Date.now() - t0) / 1000 };
}

/**
 * A published snapshot's snapshot.json: the inventory of its own files (its pages were rewritten)
 * and of the runtime files it uses, as `../_runtime/<path>`; `shared_runtime` names that folder.
 */
function sharedManifest(dir: string, m: SnapshotManifest, runtimeFiles: string[], runtimeDir: string): SnapshotManifest {
  const own = inventory(dir, [SNAPSHOT_FILE]);
  const runtime = inventory(runtimeDir).filter((f) => runtimeFiles.includes(f.path)).map((f) => ({ ...f, path: `../${SHARED_RUNTIME_DIR}/${f.path}` }));
  const list = [...own, ...runtime];
  const next: SnapshotManifest = { ...m, shared_runtime: `../${SHARED_RUNTIME_DIR}`, files: { count: list.length, bytes: list.reduce((n, f) => n + f.size, 0), list } };
  writeFileSync(join(dir, SNAPSHOT_FILE), JSON.stringify(next, null, 2) + "\n");
  return next;
}

/** What snapshots.json keeps of each manifest (the full inventory stays in each snapshot). */
function summary(m: SnapshotManifest) {
  const { files, inputs, ...rest } = m;
  return { ...rest, files: { count: files.count, bytes: files.bytes }, inputs: inputs.length };
}
