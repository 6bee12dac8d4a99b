/**
 * The artefact contract on the Node side: the digests (node:crypto), the BTC series' bounds and
 * shadow.csv gathered for `assessArtefacts` (src/lib/artefacts), which holds every rule.
 *
 * Entry points:
 * - `siteArtefacts(id)` — the site's data loader (from the shared ingest cache);
 * - `artefactsOfSweep(dir)` — a sweep folder read directly (snapshot, tests);
 * - `artefactContractErrors(dir)` — what `ftf validate` must refuse: an enrichment_config.json
 *   whose SHA-256 is not the registry tag, runs that recorded another enrichment SHA-256 than
 *   the one registered for their variant (spec §3 strict equality, ADR-25 fail-fast), and a
 *   shadow.csv that breaks its contract.
 */
import { existsSync, promises as fsp } from "node:fs";
import { join, resolve } from "node:path";
import { assessArtefacts, readShadowCsv, SHADOW_FILE, type ArtefactReport, type BtcIdentity } from "../src/lib/artefacts/index.ts";
import type { ResultRow } from "../src/lib/results.ts";
import { checkSweepConfig, type SweepConfig } from "../src/lib/sweep.ts";
import { InputError } from "./errors.ts";
import { sha256Bytes, sha256File } from "./ingest/hash.ts";
import { readIngested, readSweep, type Manifest } from "./ingest/index.ts";

const ENRICHMENT_FILE = "enrichment_config.json";

async function readShadow(sweepDir: string) {
  const path = join(sweepDir, SHADOW_FILE);
  if (!existsSync(path)) return null;
  return readShadowCsv(await fsp.readFile(path, "utf8"));
}

function btcIdentity(config: SweepConfig, manifest: Pick<Manifest, "ohlcv"> | null): BtcIdentity | null {
  const s = manifest?.ohlcv?.symbols.find((x) => x.symbol === config.btc_symbol);
  return s ? { symbol: s.symbol, first_ts: s.first_ts, last_ts: s.last_ts } : null;
}

function assess(sweepId: string, config: SweepConfig, results: readonly ResultRow[], enrichmentSha: string | null, btc: BtcIdentity | null, shadow: Awaited<ReturnType<typeof readShadow>>): ArtefactReport {
  return assessArtefacts({ sweep_id: sweepId, config, results, enrichment_sha256: enrichmentSha, btc, shadow, hash: sha256Bytes });
}

/**
 * The report of an ingest output folder (the digest of enrichment_config.json is the one the
 * ingest recomputed into manifest.json) plus the raw sweep folder's shadow.csv.
 */
export async function artefactsFromIngested(outDir: string, sweepDir: string, sweepId: string): Promise<ArtefactReport> {
  const { config, results, manifest } = await readIngested(outDir);
  const sha = manifest.inputs.find((f) => f.root === "sweep" && f.kind === "enrichment_config")?.sha256 ?? null;
  return assess(sweepId, config, results, sha, btcIdentity(config, manifest), await readShadow(sweepDir));
}

/** The report of a sweep folder read directly (no OHLCV: the BTC bounds stay unknown). */
export async function artefactsOfSweep(sweepDir: string): Promise<ArtefactReport> {
  const dir = resolve(sweepDir);
  const sweep = await readSweep(dir);
  const path = join(dir, ENRICHMENT_FILE);
  const sha = existsSync(path) ? await sha256File(path) : null;
  return assess(sweep.config.sweep_id, sweep.config, sweep.results, sha, null, await readShadow(dir));
}

/** The site's report for sweep `id` (FTF_SWEEPS / FTF_OHLCV), from the shared ingest cache. */
export async function siteArtefacts(sweepId: string): Promise<ArtefactReport> {
  const { ensureIngested } = await import("./ingest/site-cache.ts");
  const { sweepsRoot } = await import("./site/paths.ts");
  return artefactsFromIngested(await ensureIngested(sweepId), join(sweepsRoot(), sweepId), sweepId);
}

/**
 * The contract violations `ftf validate` must fail on, each naming the file, what was expected
 * and what was found. Problems that make the sweep unreadable are left to the ingest checks (this
 * returns what it can judge without them).
 */
export async function artefactContractErrors(sweepDir: string): Promise<InputError[]> {
  const dir = resolve(sweepDir);
  const errors: InputError[] = [];
  let config: SweepConfig | null = null;
  try {
    config = checkSweepConfig(JSON.parse(await fsp.readFile(join(dir, "sweep.json"), "utf8"))).config;
  } catch {
    return errors; // sweep.json missing or not JSON: the ingest checks say so
  }
  if (!config) return errors;
  const tag = config.registry?.enrichment_config_sha256 ?? null;
  const path = join(dir, ENRICHMENT_FILE);
  const actual = existsSync(path) ? await sha256File(path) : null;
  if (tag && actual && tag.toLowerCase() !== actual) {
    errors.push(new InputError("enrichment_sha_mismatch", `SHA-256 mismatch: the model registry tag (sweep.json registry.enrichment_config_sha256) is ${tag} but the file's SHA-256 is ${actual} — the artefact was modified or partially uploaded (spec §3, ADR-25 fail-fast)`, { file: ENRICHMENT_FILE }, `SHA-256 ${tag}`));
  }
  let results: ResultRow[] | null = null;
  let resultsFile: string | undefined;
  try {
    const sweep = await readSweep(dir);
    results = sweep.results;
    resultsFile = sweep.files.find((f) => f.kind === "results")?.path;
  } catch {
    // invalid results: reported by the ingest checks
  }
  if (results) {
    const report = assess(config.sweep_id, config, results, actual, null, null);
    for (const v of report.enrichment.variants) {
      if (v.status !== "mismatch") continue;
      const first = v.mismatched[0];
      errors.push(new InputError("results_enrichment_sha_mismatch", `variant ${v.variant}: ${v.n_mismatched} run${v.n_mismatched === 1 ? "" : "s"} recorded enrichment_config_sha256 ${first.sha256} (first: ${first.crypto} fold ${first.fold}) instead of the SHA-256 in force for the variant (${v.expected_source})`, { file: resultsFile, column: "enrichment_config_sha256" }, `${v.expected}`));
    }
  }
  const shadow = await readShadow(dir);
  for (const i of shadow?.issues ?? []) {
    errors.push(new InputError("invalid_shadow", i.message, { file: SHADOW_FILE, row: i.line, unit: i.line !== undefined ? "line" : undefined, column: i.column, value: i.value }, i.expected));
  }
  return errors;
}
