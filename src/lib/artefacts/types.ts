/**
 * Shapes of the artefact contract report (spec §1, §3, §7; DESIGN §6). Plain JSON: the site's
 * data loader serialises the report as-is, and the Artefact contract page and the Dossier's
 * banner read it without recomputing anything.
 */

/**
 * - `pass`: checked, holds.
 * - `fail`: checked, broken — blocks the LOCK (red in the dossier).
 * - `debt`: a known, accepted gap with a pre-LOCK condition (the spec's v1 cache key).
 * - `not_checked`: an input needed for the check is absent (no registry tag, no shadow file).
 */
export type CheckStatus = "pass" | "fail" | "debt" | "not_checked";

/** One line of the contract's summary (the page's checklist and the banner's reasons). */
export interface ContractCheck {
  id: "enrichment_sha" | "results_sha" | "feature_schema" | "btc_feature_sets" | "cache_key" | "shadow_dry_run";
  title: string;
  status: CheckStatus;
  /** One sentence, in words, with the numbers. */
  detail: string;
}

export type ShaStatus = "match" | "mismatch" | "no_file" | "no_tag" | "not_present";

export interface EnrichmentShaReport {
  file: "enrichment_config.json";
  /** SHA-256 of the file's bytes, recomputed on load (null without the file). */
  actual: string | null;
  /** The model registry's tag (sweep.json `registry.enrichment_config_sha256`). */
  expected: string | null;
  status: ShaStatus;
  /** What each variant's model runs recorded (`results.enrichment_config_sha256`) against the tag in force for it. */
  variants: VariantShaReport[];
}

export interface VariantShaReport {
  variant: string;
  /** registry.variants[v].enrichment_config_sha256, else the top-level tag, else the file's SHA-256. */
  expected: string | null;
  expected_source: "variant tag" | "registry tag" | "enrichment_config.json" | null;
  /** Distinct SHA-256s the rows recorded, with their row counts (null = not recorded). */
  recorded: Array<{ sha256: string | null; rows: number }>;
  status: "match" | "mismatch" | "not_recorded" | "no_expectation";
  /** The first rows that disagree (at most MAX_LISTED). */
  mismatched: Array<{ crypto: string; fold: number; sha256: string }>;
  n_mismatched: number;
}

export interface NamesDiff {
  /** In the registry schema, absent from the run. */
  missing: string[];
  /** In the run, absent from the registry schema. */
  extra: string[];
  /** Same names, different order (a model reads features by position). */
  order_differs: boolean;
}

export interface VariantSchemaReport {
  variant: string;
  /** registry.variants[v].feature_names (null when the registry has no schema for it). */
  registry: string[] | null;
  /** The BTC features ADR-30 defines for this variant id (null for a variant it does not define). */
  adr30_btc: string[] | null;
  /** The BTC features of the registry schema (names starting with "btc_"). */
  registry_btc: string[] | null;
  btc_status: "match" | "mismatch" | "unknown_variant" | "no_registry";
  rows: number;
  /** Rows that recorded feature_names. */
  rows_with_names: number;
  /** Distinct feature_names lists of the rows, each with its row count and diff against the registry. */
  recorded: Array<{ names: string[]; rows: number; diff: NamesDiff | null }>;
  /** Rows whose n_features disagrees with their feature_names or with the registry schema's length. */
  n_features_mismatch: Array<{ crypto: string; fold: number; n_features: number; expected: number; against: "feature_names" | "registry" }>;
  /** The runs against the registry schema (1 and 2 of schema.ts); `btc_status` judges the registry itself. */
  status: "match" | "mismatch" | "no_registry" | "not_recorded";
  /** The runs' problems in words (empty when they match). */
  problems: string[];
}

/** The BTC series the enrichments read (first and last bar of the OHLCV's BTC symbol). */
export interface BtcIdentity {
  symbol: string;
  first_ts: string | null;
  last_ts: string | null;
}

export interface CacheKeyEntry {
  crypto: string;
  fold: number;
  window_start: string | null;
  window_end: string | null;
  variant: string;
  /** Sorted BTC feature names the variant's enrichment mixes in ([] = BTC-blind). */
  btc_features_set: string[];
  btc_features_source: "results feature_names" | "registry schema" | "ADR-30" | "unknown";
  v1_material: string;
  extended_material: string;
  /** Hex digests of the materials (SHA-256 in the loaders; the material itself when no hash is given). */
  v1_key: string;
  extended_key: string;
}

/** Enrichments with different content (BTC feature sets) that one cache key would serve alike. */
export interface CacheKeyCollision {
  key: string;
  crypto: string;
  fold: number;
  variants: string[];
  btc_features_sets: string[][];
}

export interface CacheKeyReport {
  scheme: { v1: string; extended: string };
  btc: BtcIdentity | null;
  /** The pair the spec's dry run names: the BTC-blind baseline and the BTC-enabled reference (none, btc_full). */
  pair: { blind: string; enabled: string };
  entries: CacheKeyEntry[];
  v1_collisions: CacheKeyCollision[];
  extended_collisions: CacheKeyCollision[];
  /** Target windows where the pair shares a key, under each scheme, out of `windows`. */
  pair_collisions: { v1: number; extended: number; windows: number };
  status: CheckStatus;
}

export interface ShadowRow {
  crypto: string;
  variant: string;
  f1_buy: number;
  feature_names: string[];
  /** 1-based line in shadow.csv (header = line 1). */
  line: number;
  n_buy_trades: number | null;
  shadow_start: string | null;
  shadow_end: string | null;
  model_run_id: string | null;
}

export interface ShadowIssue {
  line?: number;
  column?: string;
  message: string;
  value?: unknown;
  expected?: string;
}

export interface ShadowRowCheck {
  crypto: string;
  variant: string;
  line: number;
  f1_buy: number;
  /** Mean f1_buy of the sweep's baseline variant for this crypto over its folds. */
  baseline_f1: number | null;
  /** baseline_f1 − tolerance. */
  floor: number | null;
  f1_pass: boolean | null;
  schema: NamesDiff | null;
  schema_pass: boolean | null;
  pass: boolean;
  reason: string;
}

export interface ShadowReport {
  present: boolean;
  file: "shadow.csv";
  tolerance: number;
  baseline_variant: string;
  /** Parse or contract problems of shadow.csv (the dry run cannot be judged with any). */
  issues: ShadowIssue[];
  rows: ShadowRowCheck[];
  /** Cryptos of the sweep without a shadow row. */
  missing_cryptos: string[];
  status: CheckStatus;
  reason: string;
}

export interface ArtefactReport {
  sweep_id: string;
  /** `mismatch` = at least one failed check: the dossier shows a red banner. */
  status: "ok" | "mismatch";
  checks: ContractCheck[];
  enrichment: EnrichmentShaReport;
  schema: VariantSchemaReport[];
  cache_keys: CacheKeyReport;
  shadow: ShadowReport;
}
