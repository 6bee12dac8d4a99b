/** The site's drift stage: the drift tables of an ingest folder, computed once and reused by every data loader. */
import { join } from "node:path";
import { cachedStage, fileHash, stageKey } from "../site/pipeline.ts";
import { analyzeDrift } from "./analyze.ts";
import { openIngested } from "./inputs.ts";
import { writeDriftTables } from "./write.ts";

/**
 * The drift tables of an ingest output folder, in `<ingestDir>/drift/` (loaders/site/pipeline.ts:
 * reused while the ingest manifest, which hashes every input, and the code are unchanged; one
 * concurrent loader computes, the others wait). Returns the folder.
 */
export async function ensureDriftTables(ingestDir: string): Promise<string> {
  const key = stageKey("drift", { manifest_sha256: fileHash(join(ingestDir, "manifest.json")) });
  return cachedStage(
    "drift",
    key,
    async (outDir) => {
      const inputs = await openIngested(ingestDir);
      try {
        const { report } = await analyzeDrift(inputs);
        await writeDriftTables(inputs.duck, report, outDir);
      } finally {
        inputs.duck.close();
      }
    },
    { dir: join(ingestDir, "drift") },
  );
}
