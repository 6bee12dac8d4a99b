/**
 * The sweep configuration (`sweep.json`, DESIGN §3) and its defaults. Isomorphic: the loaders
 * normalise a raw sweep.json with `normalizeSweepConfig`, the pages read the normalised copy.
 */

/** The six variants of ADR-30, in the order the committee reads them. */
export const DEFAULT_VARIANTS = ["none", "btc_min", "btc_full", "btc_full_purge0", "btc_full_purge10", "btc_vol_only"] as const;

export const DEFAULT_BASELINE = "none";
export const DEFAULT_LEAKAGE_PAIR = { leaky: "btc_full_purge0", reference: "btc_full" } as const;

/** The six BTC cross-asset features (DESIGN §4) and which variant uses which. */
export const BTC_FEATURES = ["btc_ret_1h", "btc_ret_24h", "btc_rv_24h", "btc_volume_z_168h", "btc_range_1h", "btc_alt_corr_720h"] as const;
export type BtcFeature = (typeof BTC_FEATURES)[number];

export const FEATURE_SETS: Record<string, readonly BtcFeature[]> = {
  none: [],
  btc_min: ["btc_ret_1h", "btc_ret_24h"],
  btc_full: BTC_FEATURES,
  btc_full_purge0: BTC_FEATURES,
  btc_full_purge10: BTC_FEATURES,
  btc_vol_only: ["btc_rv_24h", "btc_volume_z_168h", "btc_range_1h"],
};

/** `sweep_id` must be safe as a folder name and a URL segment. */
export const SWEEP_ID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

export function isValidSweepId(id: string): boolean {
  return SWEEP_ID_PATTERN.test(id) && id !== "." && id !== "..";
}

export interface LeakagePair {
  leaky: string;
  reference: string;
}

export interface RegistryEntry {
  enrichment_config_sha256?: string;
  feature_names?: string[];
}

export interface SweepConfig {
  sweep_id: string;
  created_at: string | null;
  track: string | null;
  universe: string | null;
  baseline_variant: string;
  variants: string[];
  leakage_pair: LeakagePair;
  /** Bar interval, e.g. "1h", "1m", "4h". */
  interval: string;
  /** Training window (ISO-8601 UTC), the drift reference. */
  train_start: string | null;
  train_end: string | null;
  /** Model registry tags; `enrichment_config_sha256` at the top level or per variant. */
  registry: { enrichment_config_sha256?: string; variants?: Record<string, RegistryEntry> } | null;
  /** Overrides of the gate thresholds (DESIGN §5); keys as in `src/lib/gates/thresholds.ts`. */
  thresholds: Record<string, number>;
  /** Target symbols (e.g. ETHUSDC) when given; otherwise taken from the results. */
  cryptos: string[] | null;
  /** Symbol of the BTC series the features come from. */
  btc_symbol: string;
}

const INTERVAL_PATTERN = /^(\d+)(m|h|d|w)$/;

/** Interval string → milliseconds ("1h" → 3_600_000). Throws on anything else. */
export function intervalMs(interval: string): number {
  const m = INTERVAL_PATTERN.exec(interval);
  if (!m) throw new Error(`interval "${interval}" is not of the form <n>m|h|d|w`);
  const n = Number(m[1]);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as "m" | "h" | "d" | "w"];
  return n * unit;
}

/** Number of bars in `hours` hours at `interval` (the §4 windows are written for 1h bars). */
export function barsFor(hours: number, interval: string): number {
  return Math.max(1, Math.round((hours * 3_600_000) / intervalMs(interval)));
}
