/**
 * Outputs appear all at once or not at all: they are written into a sibling temporary folder
 * that is renamed over the destination only when complete. A failed run leaves the previous
 * outputs untouched, and a reader never sees half a set.
 */
import { randomBytes } from "node:crypto";
import { existsSync, promises as fsp } from "node:fs";
import { basename, dirname, join } from "node:path";

export async function writeDirAtomically<T>(outDir: string, fill: (tmpDir: string) => Promise<T>): Promise<T> {
  const parent = dirname(outDir);
  await fsp.mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const tmp = join(parent, `.${basename(outDir)}.tmp-${tag}`);
  await fsp.mkdir(tmp);
  let result: T;
  try {
    result = await fill(tmp);
  } catch (e) {
    await fsp.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  // rename() cannot replace a non-empty folder: move the old one aside first, then drop it.
  const old = join(parent, `.${basename(outDir)}.old-${tag}`);
  for (let attempt = 0; ; attempt++) {
    const hadOld = existsSync(outDir);
    try {
      if (hadOld) await fsp.rename(outDir, old);
      await fsp.rename(tmp, outDir);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (attempt < 3 && (code === "ENOTEMPTY" || code === "EEXIST" || code === "ENOENT")) continue; // raced with another writer
      await fsp.rm(tmp, { recursive: true, force: true });
      throw e;
    }
  }
  await fsp.rm(old, { recursive: true, force: true });
  return result;
}
