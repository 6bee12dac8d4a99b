/**
 * The sweep configuration (`sweep.json`, DESIGN §3) and its defaults. Isomorphic: the loaders
 * normalise a raw sweep.json with `normalizeSweepConfig`, the pages read the normalised copy.
 */
import { readSweepThresholds } from "./thresholds.js";
import { DAY_MS, formatUtc, HOUR_MS, MINUTE_MS, parseUtc, tryParseUtc, WEEK_MS } from "./time.js";
import { didYouMean } from "./spelling.js";

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
  /** Overrides of the gate thresholds (DESIGN §5): sweep.json `thresholds.gates` (or the flat legacy form). */
  thresholds: Record<string, number>;
  /** Overrides of the drift thresholds (DESIGN §4): sweep.json `thresholds.drift`. Absent in configs read before it existed. */
  drift_thresholds?: Record<string, number>;
  /** Target symbols (e.g. ETHUSDC) when given; otherwise taken from the results. */
  cryptos: string[] | null;
  /** Symbol of the BTC series the features come from. */
  btc_symbol: string;
}

const INTERVAL_PATTERN = /^(\d+)(m|h|d|w)$/;

/** Interval string → milliseconds ("1h" → 3 600 000). Throws on anything else. */
export function intervalMs(interval: string): number {
  const m = INTERVAL_PATTERN.exec(interval);
  if (!m) throw new Error(`interval "${interval}" is not of the form <n>m|h|d|w`);
  const n = Number(m[1]);
  const unit = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: WEEK_MS }[m[2] as "m" | "h" | "d" | "w"];
  return n * unit;
}

/** Number of bars in `hours` hours at `interval` (the §4 windows are written for 1h bars). */
export function barsFor(hours: number, interval: string): number {
  return Math.max(1, Math.round((hours * HOUR_MS) / intervalMs(interval)));
}

// ---------------------------------------------------------------------------------------------
// Normalising a raw sweep.json: defaults filled in, every problem reported (not just the first).


/**
 * One problem found in an input, without the file name (the caller knows it). `column` is the
 * JSON key path for sweep.json ("leakage_pair.leaky") or the column for tables; `row` is set by
 * table checks. Loaders turn issues into `InputError`s (errors) or warnings.
 */
export interface InputIssue {
  severity: "error" | "warning";
  code: string;
  message: string;
  row?: number;
  column?: string;
  value?: unknown;
  expected?: string;
}

/** Free-form provenance keys a producer may add (the demo writes `generator`); kept out of the config, not warned about. */
export const SWEEP_METADATA_KEYS = ["generator", "description", "notes"] as const;

export const SWEEP_CONFIG_KEYS = [
  "sweep_id", "created_at", "track", "universe", "baseline_variant", "variants", "leakage_pair", "interval",
  "train_start", "train_end", "registry", "thresholds", "cryptos", "btc_symbol",
] as const;

/** The BTC series the features come from when sweep.json does not say (the spec's BTCUSDC). */
export const DEFAULT_BTC_SYMBOL = "BTCUSDC";
export const DEFAULT_INTERVAL = "1h";

/** Exchange symbols as they appear in file names: letters and digits, starting with a letter. */
export const SYMBOL_PATTERN = /^[A-Za-z][A-Za-z0-9]{1,29}$/;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export { closestMatch, didYouMean, editDistance } from "./spelling.js";

/**
 * Check a parsed sweep.json and fill in the defaults of DESIGN §3. Returns the normalised config
 * (null when a problem makes one impossible) and every issue found. Dates are rewritten as
 * ISO-8601 UTC; symbols are upper-cased.
 */
export function checkSweepConfig(raw: unknown): { config: SweepConfig | null; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const err = (code: string, column: string, message: string, value?: unknown, expected?: string) =>
    issues.push({ severity: "error", code, column, message, value, expected });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    issues.push({ severity: "error", code: "wrong_type", message: "sweep.json must hold a JSON object", value: raw === null ? null : Array.isArray(raw) ? "array" : typeof raw, expected: "an object such as {\"sweep_id\": ...}" });
    return { config: null, issues };
  }
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(SWEEP_CONFIG_KEYS as readonly string[]).includes(key) && !(SWEEP_METADATA_KEYS as readonly string[]).includes(key)) {
      issues.push({ severity: "warning", code: "unknown_key", column: key, message: `unknown key, ignored${didYouMean(key, SWEEP_CONFIG_KEYS)}` });
    }
  }

  const optString = (key: string): string | null => {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== "string") {
      err("wrong_type", key, "wrong type", v, "a string");
      return null;
    }
    return v;
  };

  let sweepId = "";
  if (o.sweep_id === undefined || o.sweep_id === null) err("missing_key", "sweep_id", "sweep_id is missing", undefined, "a string matching [A-Za-z0-9._-]{1,100}");
  else if (typeof o.sweep_id !== "string" || !isValidSweepId(o.sweep_id)) err("invalid_sweep_id", "sweep_id", "invalid sweep_id", o.sweep_id, "a string matching [A-Za-z0-9._-]{1,100} (not \".\" or \"..\")");
  else sweepId = o.sweep_id;

  let variants: string[] = [...DEFAULT_VARIANTS];
  if (o.variants !== undefined && o.variants !== null) {
    if (!Array.isArray(o.variants) || o.variants.length === 0 || !o.variants.every((v) => typeof v === "string" && v.trim() !== "")) {
      err("wrong_type", "variants", "wrong type", o.variants, "a non-empty array of variant ids (strings)");
    } else {
      variants = o.variants as string[];
      const seen = new Set<string>();
      for (const v of variants) {
        if (seen.has(v)) err("duplicate_variant", "variants", `variant "${v}" is listed twice`, v);
        seen.add(v);
      }
    }
  }
  const needVariant = (column: string, v: string, role: string) => {
    if (!variants.includes(v)) err("missing_variant", column, `the ${role} "${v}" is not among the sweep's variants [${variants.join(", ")}]${didYouMean(v, variants)}`, v, "one of the sweep's variants");
  };

  let baseline: string = DEFAULT_BASELINE;
  if (o.baseline_variant !== undefined && o.baseline_variant !== null) {
    if (typeof o.baseline_variant !== "string" || !o.baseline_variant) err("wrong_type", "baseline_variant", "wrong type", o.baseline_variant, "a variant id (string)");
    else baseline = o.baseline_variant;
  }
  needVariant("baseline_variant", baseline, "baseline variant");

  let leakage: LeakagePair = { ...DEFAULT_LEAKAGE_PAIR };
  if (o.leakage_pair !== undefined && o.leakage_pair !== null) {
    const lp = o.leakage_pair as Record<string, unknown>;
    if (typeof lp !== "object" || Array.isArray(lp) || typeof lp.leaky !== "string" || typeof lp.reference !== "string") {
      err("wrong_type", "leakage_pair", "wrong type", o.leakage_pair, "an object {\"leaky\": variant, \"reference\": variant}");
    } else {
      leakage = { leaky: lp.leaky, reference: lp.reference };
      if (lp.leaky === lp.reference) err("invalid_value", "leakage_pair", "the leaky and reference variants are the same", lp.leaky, "two different variants");
    }
  }
  needVariant("leakage_pair.leaky", leakage.leaky, "leakage-pair variant");
  needVariant("leakage_pair.reference", leakage.reference, "leakage-pair reference variant");

  let interval = DEFAULT_INTERVAL;
  if (o.interval !== undefined && o.interval !== null) {
    if (typeof o.interval !== "string" || !INTERVAL_PATTERN.test(o.interval) || intervalMs(o.interval) <= 0) err("invalid_value", "interval", "invalid interval", o.interval, "<n>m, <n>h, <n>d or <n>w, e.g. \"1h\"");
    else interval = o.interval;
  }

  const isoKey = (key: string): string | null => {
    const s = optString(key);
    if (s === null) return null;
    const ms = tryParseUtc(s);
    if (ms === null) {
      err("wrong_type", key, "not an ISO-8601 date or date-time", s, "e.g. \"2023-07-01T00:00:00Z\"");
      return null;
    }
    return formatUtc(ms);
  };
  const trainStart = isoKey("train_start");
  const trainEnd = isoKey("train_end");
  if (trainStart && trainEnd && !(parseUtc(trainStart) < parseUtc(trainEnd))) {
    err("invalid_value", "train_end", "the training window is empty or reversed", trainEnd, `a time after train_start (${trainStart})`);
  }

  const symbolList = (key: string): string[] | null => {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === "string" && SYMBOL_PATTERN.test(s))) {
      err("wrong_type", key, "wrong type", v, "a non-empty array of symbols such as \"ETHUSDC\"");
      return null;
    }
    const up = v.map((s: string) => s.toUpperCase());
    const dup = up.find((s, i) => up.indexOf(s) !== i);
    if (dup) err("invalid_value", key, `symbol "${dup}" is listed twice`, dup);
    return up;
  };
  const cryptos = symbolList("cryptos");

  let btcSymbol = DEFAULT_BTC_SYMBOL;
  const btcRaw = optString("btc_symbol");
  if (btcRaw !== null) {
    if (!SYMBOL_PATTERN.test(btcRaw)) err("invalid_value", "btc_symbol", "invalid symbol", btcRaw, "letters and digits, e.g. \"BTCUSDC\"");
    else btcSymbol = btcRaw.toUpperCase();
  }

  const th = readSweepThresholds(o.thresholds);
  for (const p of th.problems) err(p.path === "thresholds" ? "wrong_type" : "invalid_value", p.path, p.error.message, p.error.value);
  const thresholds = th.gates as Record<string, number>;
  const driftThresholds = th.drift as Record<string, number>;

  const registry = checkRegistry(o.registry, variants, issues);
  const created = optString("created_at");
  const config: SweepConfig = {
    sweep_id: sweepId,
    created_at: created,
    track: optString("track"),
    universe: optString("universe"),
    baseline_variant: baseline,
    variants,
    leakage_pair: leakage,
    interval,
    train_start: trainStart,
    train_end: trainEnd,
    registry,
    thresholds,
    // Only when set, so a config without drift overrides reads as it always did.
    ...(Object.keys(driftThresholds).length ? { drift_thresholds: driftThresholds } : {}),
    cryptos,
    btc_symbol: btcSymbol,
  };
  return { config: issues.some((i) => i.severity === "error") ? null : config, issues };
}

function checkRegistry(v: unknown, variants: readonly string[], issues: InputIssue[]): SweepConfig["registry"] {
  if (v === undefined || v === null) return null;
  const err = (column: string, message: string, value: unknown, expected: string) =>
    issues.push({ severity: "error", code: "wrong_type", column, message, value, expected });
  if (typeof v !== "object" || Array.isArray(v)) {
    err("registry", "wrong type", v, "an object");
    return null;
  }
  const r = v as Record<string, unknown>;
  const out: NonNullable<SweepConfig["registry"]> = {};
  const entry = (e: Record<string, unknown>, at: string): RegistryEntry => {
    const res: RegistryEntry = {};
    if (e.enrichment_config_sha256 !== undefined) {
      const s = e.enrichment_config_sha256;
      if (typeof s !== "string" || !SHA256_PATTERN.test(s.toLowerCase())) err(`${at}enrichment_config_sha256`, "not a SHA-256", s, "64 hexadecimal digits");
      else res.enrichment_config_sha256 = s.toLowerCase();
    }
    if (e.feature_names !== undefined) {
      const f = e.feature_names;
      if (!Array.isArray(f) || !f.every((x) => typeof x === "string")) err(`${at}feature_names`, "wrong type", f, "an array of feature names (strings)");
      else res.feature_names = f as string[];
    }
    return res;
  };
  Object.assign(out, entry(r, "registry."));
  if (r.variants !== undefined) {
    if (typeof r.variants !== "object" || r.variants === null || Array.isArray(r.variants)) err("registry.variants", "wrong type", r.variants, "an object of variant → {enrichment_config_sha256, feature_names}");
    else {
      out.variants = {};
      for (const [name, e] of Object.entries(r.variants as Record<string, unknown>)) {
        if (!variants.includes(name)) {
          issues.push({ severity: "warning", code: "unknown_variant", column: `registry.variants.${name}`, message: `registry entry for a variant the sweep does not declare${didYouMean(name, variants)}` });
        }
        if (typeof e !== "object" || e === null || Array.isArray(e)) err(`registry.variants.${name}`, "wrong type", e, "an object");
        else out.variants[name] = entry(e as Record<string, unknown>, `registry.variants.${name}.`);
      }
    }
  }
  return out;
}
