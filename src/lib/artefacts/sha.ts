/**
 * The enrichment artefact's integrity (spec §3 "enrichment_config.json SHA256 mismatch": the
 * SHA-256 recomputed on load must equal the model registry tag, strict equality; ADR-25
 * fail-fast). The digests come in as lowercase hex — hashing is the loaders' job (node:crypto).
 */
import type { ResultRow } from "../results.js";
import type { SweepConfig } from "../sweep.js";
import type { EnrichmentShaReport, ShaStatus, VariantShaReport } from "./types.js";

/** Rows listed per problem in the report (the counts are always complete). */
export const MAX_LISTED = 20;

/** The file's digest against the registry tag. */
export function compareEnrichmentSha(actual: string | null, expected: string | null): ShaStatus {
  if (actual === null && expected === null) return "not_present";
  if (actual === null) return "no_file";
  if (expected === null) return "no_tag";
  return actual.toLowerCase() === expected.toLowerCase() ? "match" : "mismatch";
}

/**
 * The enrichment SHA-256 section: the file against `registry.enrichment_config_sha256`, and each
 * variant's recorded `enrichment_config_sha256` against the tag in force for it (its own
 * `registry.variants[v]` tag, else the top-level tag, else the file's digest).
 */
export function checkEnrichmentSha(config: Pick<SweepConfig, "variants" | "registry">, results: readonly ResultRow[], actual: string | null): EnrichmentShaReport {
  const expected = config.registry?.enrichment_config_sha256 ?? null;
  const variants = config.variants.map((variant): VariantShaReport => {
    const own = config.registry?.variants?.[variant]?.enrichment_config_sha256 ?? null;
    const [tag, source]: [string | null, VariantShaReport["expected_source"]] = own
      ? [own, "variant tag"]
      : expected
        ? [expected, "registry tag"]
        : actual
          ? [actual, "enrichment_config.json"]
          : [null, null];
    const rows = results.filter((r) => r.variant === variant);
    const counts = new Map<string | null, number>();
    for (const r of rows) counts.set(r.enrichment_config_sha256, (counts.get(r.enrichment_config_sha256) ?? 0) + 1);
    const recorded = [...counts].map(([sha256, n]) => ({ sha256, rows: n })).sort((a, b) => b.rows - a.rows || String(a.sha256).localeCompare(String(b.sha256)));
    const bad = tag === null ? [] : rows.filter((r) => r.enrichment_config_sha256 !== null && r.enrichment_config_sha256.toLowerCase() !== tag.toLowerCase());
    const anyRecorded = rows.some((r) => r.enrichment_config_sha256 !== null);
    const status: VariantShaReport["status"] = !anyRecorded ? "not_recorded" : tag === null ? "no_expectation" : bad.length ? "mismatch" : "match";
    return {
      variant,
      expected: tag,
      expected_source: source,
      recorded,
      status,
      mismatched: bad.slice(0, MAX_LISTED).map((r) => ({ crypto: r.crypto, fold: r.fold, sha256: r.enrichment_config_sha256 as string })),
      n_mismatched: bad.length,
    };
  });
  return { file: "enrichment_config.json", actual, expected, status: compareEnrichmentSha(actual, expected), variants };
}

/** "4cc33926…94fbe": a digest short enough for a sentence, long enough to tell two apart. */
export function shortSha(sha: string | null): string {
  return sha === null ? "—" : sha.length > 16 ? `${sha.slice(0, 8)}…${sha.slice(-5)}` : sha;
}
