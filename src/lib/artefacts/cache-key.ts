/**
 * The L2 enrichment cache key the sweep implies (spec §7, committee reco v2.2).
 *
 * Model, per (target, fold window, variant) of the sweep:
 * - **v1** (today): key = H(target, window_start, window_end). It ignores the BTC series and the
 *   BTC feature set, so a BTC-blind (`none`) and a BTC-enabled (`btc_full`) enrichment of the
 *   same target window get the same key — the known debt the committee accepted for v1.
 * - **extended** (the Track 12 follow-up): key = H(target, window_start, window_end,
 *   btc_first_ts, btc_last_ts, btc_features_set). BTC-blind enrichments carry null BTC bounds and
 *   an empty set, so they stay reusable when the BTC extract changes.
 * The window is the fold's test window from the results ([fold_start, fold_end), or "fold k"
 * when the results do not give it). Purging (`purge_bars`) acts on training labels, not on the
 * enrichment, so it is not part of either key: btc_full, btc_full_purge0 and btc_full_purge10
 * legitimately share an enrichment.
 *
 * A **collision** is one key shared by enrichments with different content (different BTC
 * feature sets). The pre-LOCK dry run (same target window enriched with `none` and `btc_full` in
 * one cache namespace) must find none under the key that ships.
 *
 * H is SHA-256 over the key material (a JSON array) in the loaders; this module builds the
 * materials and finds collisions by comparing keys, whatever `hash` produced them.
 */
import type { ResultRow } from "../results.js";
import { DEFAULT_BASELINE, DEFAULT_LEAKAGE_PAIR, FEATURE_SETS, type SweepConfig } from "../sweep.js";
import { isBtcFeature } from "./schema.js";
import type { BtcIdentity, CacheKeyCollision, CacheKeyEntry, CacheKeyReport, CheckStatus } from "./types.js";

export const CACHE_KEY_SCHEME = {
  v1: "SHA-256 of [target, window_start, window_end]",
  extended: "SHA-256 of [target, window_start, window_end, btc_first_ts, btc_last_ts, btc_features_set]",
} as const;

export function v1KeyMaterial(target: string, windowStart: string, windowEnd: string): string {
  return JSON.stringify([target, windowStart, windowEnd]);
}

export function extendedKeyMaterial(target: string, windowStart: string, windowEnd: string, btc: BtcIdentity | null, btcFeatures: readonly string[]): string {
  const blind = btcFeatures.length === 0;
  return JSON.stringify([target, windowStart, windowEnd, blind ? null : (btc?.first_ts ?? null), blind ? null : (btc?.last_ts ?? null), [...btcFeatures].sort().join(",")]);
}

/** The BTC features a variant's enrichment mixes in, from the best source available. */
export function btcFeaturesOf(variant: string, config: Pick<SweepConfig, "registry">, rows: readonly ResultRow[]): Pick<CacheKeyEntry, "btc_features_set" | "btc_features_source"> {
  const recorded = rows.find((r) => r.variant === variant && r.feature_names)?.feature_names;
  if (recorded) return { btc_features_set: recorded.filter(isBtcFeature).sort(), btc_features_source: "results feature_names" };
  const registry = config.registry?.variants?.[variant]?.feature_names;
  if (registry) return { btc_features_set: registry.filter(isBtcFeature).sort(), btc_features_source: "registry schema" };
  if (Object.prototype.hasOwnProperty.call(FEATURE_SETS, variant)) return { btc_features_set: [...FEATURE_SETS[variant]].sort(), btc_features_source: "ADR-30" };
  return { btc_features_set: [], btc_features_source: "unknown" };
}

function collisions(entries: CacheKeyEntry[], keyOf: (e: CacheKeyEntry) => string): CacheKeyCollision[] {
  const groups = new Map<string, CacheKeyEntry[]>();
  for (const e of entries) {
    const k = keyOf(e);
    const g = groups.get(k);
    if (g) g.push(e);
    else groups.set(k, [e]);
  }
  const out: CacheKeyCollision[] = [];
  for (const [key, g] of groups) {
    const sets = [...new Set(g.map((e) => e.btc_features_set.join(",")))];
    if (sets.length < 2) continue;
    out.push({ key, crypto: g[0].crypto, fold: g[0].fold, variants: g.map((e) => e.variant), btc_features_sets: sets.map((s) => (s ? s.split(",") : [])) });
  }
  return out;
}

export interface CacheKeyInput {
  config: Pick<SweepConfig, "variants" | "registry" | "baseline_variant" | "leakage_pair">;
  results: readonly ResultRow[];
  btc: BtcIdentity | null;
  /** Digest of a key material (SHA-256 hex in the loaders); identity when omitted. */
  hash?: (material: string) => string;
}

export function planCacheKeys({ config, results, btc, hash = (m) => m }: CacheKeyInput): CacheKeyReport {
  const features = new Map(config.variants.map((v) => [v, btcFeaturesOf(v, config, results)]));
  const entries: CacheKeyEntry[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    const k = `${r.crypto}\u0000${r.fold}\u0000${r.variant}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const f = features.get(r.variant) ?? btcFeaturesOf(r.variant, config, results);
    const [ws, we] = r.fold_start && r.fold_end ? [r.fold_start, r.fold_end] : [`fold ${r.fold}`, `fold ${r.fold}`];
    const v1 = v1KeyMaterial(r.crypto, ws, we);
    const ext = extendedKeyMaterial(r.crypto, ws, we, btc, f.btc_features_set);
    entries.push({
      crypto: r.crypto,
      fold: r.fold,
      window_start: r.fold_start,
      window_end: r.fold_end,
      variant: r.variant,
      ...f,
      v1_material: v1,
      extended_material: ext,
      v1_key: hash(v1),
      extended_key: hash(ext),
    });
  }
  const v1Collisions = collisions(entries, (e) => e.v1_key);
  const extCollisions = collisions(entries, (e) => e.extended_key);

  // The spec's dry-run pair: the BTC-blind baseline and the BTC-enabled leakage reference.
  const blind = config.baseline_variant ?? DEFAULT_BASELINE;
  const enabled = config.leakage_pair?.reference ?? DEFAULT_LEAKAGE_PAIR.reference;
  const windows = new Map<string, { blind?: CacheKeyEntry; enabled?: CacheKeyEntry }>();
  for (const e of entries) {
    if (e.variant !== blind && e.variant !== enabled) continue;
    const w = `${e.crypto}\u0000${e.fold}`;
    const slot = windows.get(w) ?? {};
    if (e.variant === blind) slot.blind = e;
    else slot.enabled = e;
    windows.set(w, slot);
  }
  const pairs = [...windows.values()].filter((s) => s.blind && s.enabled) as Array<{ blind: CacheKeyEntry; enabled: CacheKeyEntry }>;
  const differ = (a: CacheKeyEntry, b: CacheKeyEntry) => a.btc_features_set.join(",") !== b.btc_features_set.join(",");
  const pairV1 = pairs.filter((p) => differ(p.blind, p.enabled) && p.blind.v1_key === p.enabled.v1_key).length;
  const pairExt = pairs.filter((p) => differ(p.blind, p.enabled) && p.blind.extended_key === p.enabled.extended_key).length;

  const status: CheckStatus = extCollisions.length ? "fail" : v1Collisions.length ? "debt" : "pass";
  return {
    scheme: { ...CACHE_KEY_SCHEME },
    btc,
    pair: { blind, enabled },
    entries,
    v1_collisions: v1Collisions,
    extended_collisions: extCollisions,
    pair_collisions: { v1: pairV1, extended: pairExt, windows: pairs.length },
    status,
  };
}
