/** The drift tables of an ingest folder, computed once and reused by every data loader. */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeDirAtomically } from "../ingest/atomic-dir.ts";
import { sha256Bytes } from "../ingest/hash.ts";
import { analyzeDrift } from "./analyze.ts";
import { openIngested } from "./inputs.ts";
import { writeDriftTables } from "./write.ts";

/** What identifies the drift code: a local edit must invalidate cached tables even before a commit. */
function driftCodeHash(): string {
  const files = [
    ...readdirSync(new URL("./", import.meta.url))
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => new URL(`./${f}`, import.meta.url)),
    new URL("../../src/lib/sql/features.ts", import.meta.url),
    new URL("../features/kernel-tables.ts", import.meta.url),
    ...readdirSync(new URL("../../src/lib/rolling/", import.meta.url))
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => new URL(`../../src/lib/rolling/${f}`, import.meta.url)),
    ...readdirSync(new URL("../../src/lib/drift/", import.meta.url))
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => new URL(`../../src/lib/drift/${f}`, import.meta.url)),
  ];
  return sha256Bytes(files.map((f) => readFileSync(f, "utf8")).join("\u0000"));
}

const LOCK_STALE_MS = 20 * 60_000;

/**
 * For the site's data loaders: the drift tables of an ingest output folder, computed once and
 * cached in `<ingestDir>/drift/` (written atomically; reused while its `source.json` matches the
 * ingest manifest and the drift code). Loaders run concurrently: one takes `<ingestDir>/.drift.lock`
 * and computes, the others wait for it. Returns the folder.
 */
export async function ensureDriftTables(ingestDir: string, opts: { outDir?: string } = {}): Promise<string> {
  const outDir = opts.outDir ?? join(ingestDir, "drift");
  const manifestPath = join(ingestDir, "manifest.json");
  const key = JSON.stringify({ manifest_sha256: existsSync(manifestPath) ? sha256Bytes(readFileSync(manifestPath)) : null, code: driftCodeHash() });
  const stamp = join(outDir, "source.json");
  const fresh = () => existsSync(stamp) && readFileSync(stamp, "utf8").trim() === key;
  if (fresh()) return outDir;
  const lock = join(ingestDir, ".drift.lock");
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 250));
      if (fresh()) return outDir;
      continue;
    }
    try {
      if (fresh()) return outDir;
      const inputs = await openIngested(ingestDir);
      try {
        const { report } = await analyzeDrift(inputs);
        await writeDirAtomically(outDir, async (tmp) => {
          await writeDriftTables(inputs.duck, report, tmp);
          writeFileSync(join(tmp, "source.json"), key + "\n");
        });
      } finally {
        inputs.duck.close();
      }
      return outDir;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}
