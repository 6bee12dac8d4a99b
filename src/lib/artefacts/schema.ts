/**
 * The feature schema of each variant (ADR-23: a model is pinned to its feature list; a run with
 * other features, or the same ones in another order, would dimension-mismatch or silently
 * misread columns). Three comparisons per variant:
 * 1. each run's `feature_names` against the registry schema `registry.variants[v].feature_names`
 *    (exact list, order included);
 * 2. each run's `n_features` against its own `feature_names` and the registry schema's length;
 * 3. the registry schema's BTC features against the set ADR-30 defines for the variant id
 *    (`FEATURE_SETS` in src/lib/sweep.ts), as sets — reported apart (`btc_status`), since it
 *    judges the registry, not the runs.
 */
import type { ResultRow } from "../results.js";
import { FEATURE_SETS, type SweepConfig } from "../sweep.js";
import { MAX_LISTED } from "./sha.js";
import type { NamesDiff, VariantSchemaReport } from "./types.js";

export const isBtcFeature = (name: string) => name.startsWith("btc_");

/** How `actual` differs from `expected`; null when they are the same list. */
export function diffNames(expected: readonly string[], actual: readonly string[]): NamesDiff | null {
  if (expected.length === actual.length && expected.every((n, i) => n === actual[i])) return null;
  const want = new Set(expected);
  const got = new Set(actual);
  const missing = expected.filter((n) => !got.has(n));
  const extra = actual.filter((n) => !want.has(n));
  return { missing, extra, order_differs: !missing.length && !extra.length };
}

/** The diff in words: "missing btc_rv_24h; extra foo" / "same names in another order". */
export function describeDiff(d: NamesDiff): string {
  const parts: string[] = [];
  if (d.missing.length) parts.push(`missing ${d.missing.join(", ")}`);
  if (d.extra.length) parts.push(`extra ${d.extra.join(", ")}`);
  if (d.order_differs) parts.push("same names in another order");
  if (!parts.length) parts.push("a name is repeated");
  return parts.join("; ");
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");

export function checkFeatureSchema(config: Pick<SweepConfig, "variants" | "registry">, results: readonly ResultRow[]): VariantSchemaReport[] {
  return config.variants.map((variant): VariantSchemaReport => {
    const registry = config.registry?.variants?.[variant]?.feature_names ?? null;
    const adr30 = Object.prototype.hasOwnProperty.call(FEATURE_SETS, variant) ? [...FEATURE_SETS[variant]] : null;
    const registryBtc = registry ? registry.filter(isBtcFeature) : null;
    const btcStatus: VariantSchemaReport["btc_status"] = !registry ? "no_registry" : !adr30 ? "unknown_variant" : sameSet(registryBtc!, adr30) ? "match" : "mismatch";

    const rows = results.filter((r) => r.variant === variant);
    const byList = new Map<string, { names: string[]; rows: number }>();
    for (const r of rows) {
      if (!r.feature_names) continue;
      const k = r.feature_names.join("\u0000");
      const e = byList.get(k) ?? { names: r.feature_names, rows: 0 };
      e.rows++;
      byList.set(k, e);
    }
    const recorded = [...byList.values()].sort((a, b) => b.rows - a.rows).map((e) => ({ ...e, diff: registry ? diffNames(registry, e.names) : null }));
    const withNames = recorded.reduce((s, e) => s + e.rows, 0);

    const nBad: VariantSchemaReport["n_features_mismatch"] = [];
    for (const r of rows) {
      if (r.n_features === null) continue;
      if (r.feature_names && r.feature_names.length !== r.n_features) nBad.push({ crypto: r.crypto, fold: r.fold, n_features: r.n_features, expected: r.feature_names.length, against: "feature_names" });
      else if (registry && registry.length !== r.n_features) nBad.push({ crypto: r.crypto, fold: r.fold, n_features: r.n_features, expected: registry.length, against: "registry" });
    }

    const problems: string[] = [];
    for (const e of recorded) if (e.diff) problems.push(`${e.rows} run${e.rows === 1 ? "" : "s"} with feature_names that differ from the registry schema: ${describeDiff(e.diff)}`);
    if (nBad.length) {
      const first = nBad[0];
      problems.push(`${nBad.length} run${nBad.length === 1 ? "" : "s"} whose n_features disagrees with ${first.against === "registry" ? "the registry schema" : "its feature_names"} (e.g. ${first.crypto} fold ${first.fold}: ${first.n_features}, expected ${first.expected})`);
    }
    const status: VariantSchemaReport["status"] = problems.length ? "mismatch" : !registry ? "no_registry" : withNames === 0 && !rows.some((r) => r.n_features !== null) ? "not_recorded" : "match";
    return {
      variant,
      registry,
      adr30_btc: adr30,
      registry_btc: registryBtc,
      btc_status: btcStatus,
      rows: rows.length,
      rows_with_names: withNames,
      recorded,
      n_features_mismatch: nBad.slice(0, MAX_LISTED),
      status,
      problems,
    };
  });
}
