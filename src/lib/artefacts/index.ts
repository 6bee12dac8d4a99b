/**
 * The artefact contract of a sweep (spec §1 `enrichment_config_mismatch`, §3 SHA-256 strict
 * equality, §4 stage 3 dry run, §7 cache key; DESIGN §6): pure functions from the normalised
 * config, the results rows, the digests the loaders computed, the BTC series' bounds and the
 * parsed shadow file to one report. Any failed check makes the report a `mismatch`, which the
 * dossier shows as a red banner and `ftf validate` turns into errors where the spec says
 * fail-fast (the SHA-256 checks).
 */
import type { ResultRow } from "../results.js";
import type { SweepConfig } from "../sweep.js";
import { planCacheKeys } from "./cache-key.js";
import { checkFeatureSchema } from "./schema.js";
import { checkEnrichmentSha, shortSha } from "./sha.js";
import { checkShadow } from "./shadow.js";
import type { ArtefactReport, BtcIdentity, CheckStatus, ContractCheck, ShadowIssue, ShadowRow } from "./types.js";

export * from "./types.js";
export { checkEnrichmentSha, compareEnrichmentSha, shortSha, MAX_LISTED } from "./sha.js";
export { checkFeatureSchema, diffNames, describeDiff, isBtcFeature } from "./schema.js";
export { planCacheKeys, btcFeaturesOf, v1KeyMaterial, extendedKeyMaterial, CACHE_KEY_SCHEME, type CacheKeyInput } from "./cache-key.js";
export { checkShadow, readShadowCsv, parseCsv, SHADOW_FILE, SHADOW_F1_TOLERANCE, SHADOW_REQUIRED, SHADOW_OPTIONAL } from "./shadow.js";

export interface ArtefactInput {
  sweep_id: string;
  config: Pick<SweepConfig, "variants" | "registry" | "baseline_variant" | "leakage_pair" | "cryptos">;
  results: readonly ResultRow[];
  /** SHA-256 (hex) of enrichment_config.json's bytes; null when the sweep has no such file. */
  enrichment_sha256: string | null;
  btc: BtcIdentity | null;
  /** shadow.csv parsed with readShadowCsv; null when absent. */
  shadow: { rows: ShadowRow[]; issues: ShadowIssue[] } | null;
  hash?: (material: string) => string;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

export function assessArtefacts(input: ArtefactInput): ArtefactReport {
  const { config, results } = input;
  const enrichment = checkEnrichmentSha(config, results, input.enrichment_sha256);
  const schema = checkFeatureSchema(config, results);
  const cacheKeys = planCacheKeys({ config, results, btc: input.btc, hash: input.hash });
  const shadow = checkShadow(config, results, input.shadow);

  const checks: ContractCheck[] = [];
  const e = enrichment;
  checks.push({
    id: "enrichment_sha",
    title: "enrichment_config.json SHA-256 = registry tag",
    status: e.status === "match" ? "pass" : e.status === "mismatch" ? "fail" : "not_checked",
    detail:
      e.status === "match" ? `recomputed SHA-256 ${shortSha(e.actual)} equals the registry tag`
      : e.status === "mismatch" ? `enrichment_config.json: SHA-256 ${e.actual} differs from the registry tag ${e.expected} (modified or partially uploaded artefact; ADR-25 fail-fast)`
      : e.status === "no_file" ? `the registry tags ${shortSha(e.expected)} but the sweep folder has no enrichment_config.json to verify`
      : e.status === "no_tag" ? `enrichment_config.json present (SHA-256 ${shortSha(e.actual)}) but sweep.json has no registry.enrichment_config_sha256 to compare with`
      : "no enrichment_config.json and no registry tag",
  });
  const badRuns = e.variants.filter((v) => v.status === "mismatch");
  const recordedAny = e.variants.some((v) => v.status !== "not_recorded");
  checks.push({
    id: "results_sha",
    title: "model runs recorded the registered enrichment config",
    status: badRuns.length ? "fail" : !recordedAny ? "not_checked" : e.variants.some((v) => v.status === "match") ? "pass" : "not_checked",
    detail: badRuns.length
      ? `${badRuns.map((v) => `${v.variant}: ${plural(v.n_mismatched, "run")} recorded another SHA-256 than ${shortSha(v.expected)} (${v.expected_source})`).join("; ")}`
      : !recordedAny ? "the results have no enrichment_config_sha256 column"
      : `every run that recorded enrichment_config_sha256 used the SHA-256 in force for its variant`,
  });
  const schemaBad = schema.filter((s) => s.status === "mismatch");
  const schemaChecked = schema.filter((s) => s.status === "match" || s.status === "mismatch");
  checks.push({
    id: "feature_schema",
    title: "feature_names of each variant = registry schema",
    status: schemaBad.length ? "fail" : schemaChecked.length ? "pass" : "not_checked",
    detail: schemaBad.length
      ? schemaBad.map((s) => `${s.variant}: ${s.problems.join("; ")}`).join(" · ")
      : schemaChecked.length ? `${plural(schemaChecked.length, "variant")} checked: every run's feature_names and n_features match the registry schema`
      : "no registry schema (registry.variants.<v>.feature_names) and no feature_names in the results",
  });
  const btcBad = schema.filter((s) => s.btc_status === "mismatch");
  const btcChecked = schema.filter((s) => s.btc_status === "match" || s.btc_status === "mismatch");
  checks.push({
    id: "btc_feature_sets",
    title: "registry BTC features = ADR-30 variant definition",
    status: btcBad.length ? "fail" : btcChecked.length ? "pass" : "not_checked",
    detail: btcBad.length
      ? btcBad.map((s) => `${s.variant}: registry has {${s.registry_btc!.join(", ")}}, ADR-30 defines {${s.adr30_btc!.join(", ")}}`).join(" · ")
      : btcChecked.length ? `${plural(btcChecked.length, "variant")}: the registry's BTC features are the ADR-30 set` : "no registry schema for an ADR-30 variant",
  });
  const ck = cacheKeys;
  checks.push({
    id: "cache_key",
    title: `cache keys of ${ck.pair.blind} and ${ck.pair.enabled} do not collide`,
    status: ck.status,
    detail:
      ck.status === "fail" ? `even the extended key collides on ${plural(ck.extended_collisions.length, "target window")} (${ck.pair_collisions.extended} for ${ck.pair.blind} vs ${ck.pair.enabled})`
      : ck.status === "debt" ? `v1 key: ${ck.pair.blind} and ${ck.pair.enabled} share a key on ${ck.pair_collisions.v1} of ${plural(ck.pair_collisions.windows, "target window")} (the known debt, spec §7); the extended key (with btc_first_ts, btc_last_ts, btc_features_set) separates them all — it must land before live promotion`
      : `no two enrichments with different BTC feature sets share a key (${plural(ck.entries.length, "enrichment")})`,
  });
  checks.push({ id: "shadow_dry_run", title: "pre-LOCK rollback dry run (shadow)", status: shadow.status, detail: shadow.reason });

  const status = checks.some((c) => c.status === "fail") ? "mismatch" : "ok";
  return { sweep_id: input.sweep_id, status, checks, enrichment, schema, cache_keys: cacheKeys, shadow };
}

/** The failed checks, for banners and CLI messages. */
export function failedChecks(report: Pick<ArtefactReport, "checks">): ContractCheck[] {
  return report.checks.filter((c) => c.status === "fail");
}

/**
 * How the contract stands, in one level a banner can show: `mismatch` (red) when a check fails;
 * `debts` (amber) when nothing fails but a known debt is open (the v1 cache-key collision) or a
 * check could not run (no shadow dry run, no registry tag); `holds` (green) only when every check
 * ran and passed. "No check failed" alone is not a green light.
 */
export interface ContractStanding {
  level: "mismatch" | "debts" | "holds";
  failed: ContractCheck[];
  debts: ContractCheck[];
  not_run: ContractCheck[];
  /** e.g. "holds, with 1 known debt and 1 check not run". */
  summary: string;
}

export function contractStanding(report: Pick<ArtefactReport, "checks">): ContractStanding {
  const failed = report.checks.filter((c) => c.status === "fail");
  const debts = report.checks.filter((c) => c.status === "debt");
  const not_run = report.checks.filter((c) => c.status === "not_checked");
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? "" : "s"}`;
  const level = failed.length ? "mismatch" : debts.length || not_run.length ? "debts" : "holds";
  const summary =
    level === "mismatch" ? `MISMATCH: ${n(failed.length, "check")} failed`
    : level === "debts" ? `holds, with ${n(debts.length, "known debt")} and ${n(not_run.length, "check")} not run`
    : "holds: every check ran and passed";
  return { level, failed, debts, not_run, summary };
}
