/**
 * The default demo (seed 7, every scenario and demo deployment, default span: what `ftf demo
 * --scenario all --seed 7` and `npm run demo:all` write) and the ingest of its sweeps, made once
 * and shared by the integration tests that only read them, instead of each file generating and
 * ingesting it again (issue 18: ~6 s of CPU per file). One scenario's files do not depend on which
 * others are generated beside it (test/integration/demo.test.ts checks this byte for byte), so a
 * test of demo-clean alone reads the same bytes here as in a folder of its own.
 *
 * The folders go through the site pipeline's cachedStage (loaders/site/pipeline.ts): one lock, so
 * test files starting together wait for one generation instead of each making its own; the key is
 * the options plus the content hash of loaders/ and src/lib/, and it is part of the folder's name,
 * so runs of different code (another checkout, an edit) never share or replace each other's
 * folders. READ-ONLY: a test that writes puts its files in a temporary folder of its own.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SEED } from "../../loaders/demo/layout.ts";
import { LIVE_SCENARIOS } from "../../loaders/demo/deployment-layout.ts";
import { SCENARIOS } from "../../loaders/demo/scenarios.ts";
import { cachedStage, stageKey } from "../../loaders/site/pipeline.ts";

/** Where the shared folders live (per user: the OS temp folder may be shared). */
const ROOT = join(tmpdir(), `ftf-test-fixtures-${process.getuid?.() ?? "user"}`);
/** Folders of other code versions unused for this long are removed when a new one is made. */
const PRUNE_AFTER_MS = 2 * 24 * 3600_000;

const DEMO = { seed: DEFAULT_SEED, scenarios: [...SCENARIOS], deployments: [...LIVE_SCENARIOS] };

function prune(keep: string): void {
  if (!existsSync(ROOT)) return;
  for (const name of readdirSync(ROOT)) {
    const p = join(ROOT, name);
    if (p === keep || name.startsWith(".")) continue;
    try {
      if (Date.now() - statSync(p).mtimeMs > PRUNE_AFTER_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another run
    }
  }
}

async function shared(stage: string, inputs: unknown, compute: (out: string) => Promise<void>): Promise<string> {
  const key = stageKey(stage, inputs);
  const dir = join(ROOT, `${stage}-${key.slice(0, 20)}`);
  return cachedStage(stage, key, async (out) => {
    prune(dir);
    await compute(out);
  }, { dir });
}

/** The default demo's folder: `ohlcv/`, `sweeps/demo-<scenario>/`, `deployments/demo-<live>/`. */
export async function demoFixture(): Promise<string> {
  return shared("test-demo", DEMO, async (out) => {
    const { generateDemo } = await import("../../loaders/demo/generate.ts");
    await generateDemo({ ...DEMO, outDir: out });
  });
}

/** The ingest output folder (`ingestSweep(..., { ohlcvDir })`) of the default demo's sweep `demo-<scenario>`. */
export async function ingestedFixture(scenario: (typeof SCENARIOS)[number]): Promise<string> {
  const demo = await demoFixture();
  return shared(`test-ingest-${scenario}`, { demo, scenario }, async (out) => {
    const { ingestSweep } = await import("../../loaders/ingest/index.ts");
    await ingestSweep(join(demo, "sweeps", `demo-${scenario}`), { ohlcvDir: join(demo, "ohlcv"), outDir: out });
  });
}
