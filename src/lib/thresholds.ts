/**
 * The threshold registry: every number a sweep may set — the gates (DESIGN §5) and the drift and
 * data-quality rules (DESIGN §4) — with its group, default, range and meaning. One list read by
 * sweep.json validation, `ftf drift --set` / `ftf verdict --set`, the pages' inputs and the docs
 * (README / data/README.md show `thresholdsMarkdown()`), so a name, a default or a range is
 * written once.
 *
 * sweep.json `thresholds` is `{ "gates": {...}, "drift": {...} }`; the older flat form
 * `{ "min_uplift": 0.03 }` is still read, for gate keys.
 */
import { DEFAULT_THRESHOLDS, GATE_THRESHOLD_RANGES, THRESHOLD_NAMES, type ThresholdName } from "./gates/thresholds.js";
import { DEFAULT_DRIFT_THRESHOLDS, DRIFT_THRESHOLD_KEYS, DRIFT_THRESHOLD_RANGES, type DriftThresholds } from "./drift/thresholds.js";
import { checkThreshold, describeRange, ThresholdError, type ThresholdRange } from "./threshold-range.js";
import { didYouMean } from "./spelling.js";

export { ThresholdError, checkThreshold, describeRange, type ThresholdRange };

export type ThresholdGroup = "gates" | "drift";

export interface ThresholdSpec extends ThresholdRange {
  key: string;
  group: ThresholdGroup;
  default: number;
}

export const THRESHOLD_REGISTRY: readonly ThresholdSpec[] = Object.freeze([
  ...THRESHOLD_NAMES.map((key): ThresholdSpec => ({ key, group: "gates", default: DEFAULT_THRESHOLDS[key], ...GATE_THRESHOLD_RANGES[key] })),
  ...DRIFT_THRESHOLD_KEYS.map((key): ThresholdSpec => ({ key, group: "drift", default: DEFAULT_DRIFT_THRESHOLDS[key], ...DRIFT_THRESHOLD_RANGES[key] })),
]);

const BY_KEY = new Map(THRESHOLD_REGISTRY.map((s) => [s.key, s]));

export function thresholdSpec(key: string): ThresholdSpec | undefined {
  return BY_KEY.get(key);
}

/** Keys of one group (or all), in registry order. */
export function thresholdKeys(group?: ThresholdGroup): string[] {
  return THRESHOLD_REGISTRY.filter((s) => !group || s.group === group).map((s) => s.key);
}

/** A slider's bounds for a threshold: its range where it has one, else around the default. */
export function thresholdInputRange(key: string, span = 4): [number, number] {
  const s = BY_KEY.get(key);
  if (!s) throw new ThresholdError(key, `unknown threshold "${key}"`);
  const lo = s.min ?? (s.kind === "count" ? 0 : Math.min(0, s.default * span));
  const hi = s.max ?? Math.max(lo + 1, Math.abs(s.default) * span);
  return [lo, hi];
}

function unknown(key: string, group?: ThresholdGroup): ThresholdError {
  const keys = thresholdKeys(group);
  return new ThresholdError(key, `unknown threshold "${key}"${didYouMean(key, keys)}; known ${group === "gates" ? "gate " : group === "drift" ? "drift " : ""}thresholds: ${keys.join(", ")}`);
}

/** One value checked against the registry; the error names the key (and `where`, e.g. "thresholds.drift"). */
export function checkRegistered(key: string, value: unknown, group?: ThresholdGroup): number {
  const s = BY_KEY.get(key);
  if (!s || (group && s.group !== group)) throw unknown(key, group);
  return checkThreshold(key, value, s);
}

export interface SweepThresholds {
  gates: Partial<Record<ThresholdName, number>>;
  drift: Partial<DriftThresholds>;
  /** One per bad key, with `path` as written in sweep.json ("thresholds.drift.window_days"). */
  problems: Array<{ path: string; error: ThresholdError }>;
}

/**
 * sweep.json `thresholds` → the gate and drift overrides, every bad key reported (not only the
 * first). Nested `{gates, drift}` or the flat legacy form (gate keys only: a flat drift key is an
 * error that says where it goes).
 */
export function readSweepThresholds(raw: unknown): SweepThresholds {
  const out: SweepThresholds = { gates: {}, drift: {}, problems: [] };
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    out.problems.push({ path: "thresholds", error: new ThresholdError("thresholds", `"thresholds" must be an object: {"gates": {...}, "drift": {...}}`, raw) });
    return out;
  }
  const put = (group: ThresholdGroup, key: string, value: unknown, path: string) => {
    try {
      const v = checkRegistered(key, value, group);
      (out[group] as Record<string, number>)[key] = v;
    } catch (e) {
      if (!(e instanceof ThresholdError)) throw e;
      out.problems.push({ path, error: e });
    }
  };
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === "gates" || k === "drift") {
      if (typeof v !== "object" || v === null || Array.isArray(v)) {
        out.problems.push({ path: `thresholds.${k}`, error: new ThresholdError(k, `"thresholds.${k}" must be an object of threshold name → number`, v) });
        continue;
      }
      for (const [key, value] of Object.entries(v as Record<string, unknown>)) put(k, key, value, `thresholds.${k}.${key}`);
    } else if (BY_KEY.get(k)?.group === "drift") {
      out.problems.push({ path: `thresholds.${k}`, error: new ThresholdError(k, `drift threshold "${k}" belongs under "thresholds": {"drift": {"${k}": ...}} (the flat form is for gate thresholds)`, v) });
    } else {
      put("gates", k, v, `thresholds.${k}`);
    }
  }
  return out;
}

/**
 * A command line's `--set key=value` list → overrides of one group. Bad syntax, an unknown key or
 * a bad value is a ThresholdError naming the key (the CLI turns it into a usage error, exit 2).
 */
export function parseSetFlags(items: readonly string[], group: ThresholdGroup): Record<string, number> {
  const out: Record<string, number> = {};
  for (const kv of items) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(kv);
    if (!m) throw new ThresholdError(kv, `--set expects key=value (e.g. --set ${thresholdKeys(group)[0]}=${thresholdSpec(thresholdKeys(group)[0])!.default}); got "${kv}"`, kv);
    const [, key, text] = m;
    const value = text === "" ? Number.NaN : Number(text);
    if (!BY_KEY.has(key) || BY_KEY.get(key)!.group !== group) throw unknown(key, group);
    if (!Number.isFinite(value)) throw new ThresholdError(key, `--set ${key}: "${text}" is not a number; ${key} must ${describeRange(BY_KEY.get(key)!)}`, text);
    out[key] = checkRegistered(key, value, group);
  }
  return out;
}

/** The registry as a Markdown table (the docs' threshold section). */
export function thresholdsMarkdown(group?: ThresholdGroup): string {
  const rows = THRESHOLD_REGISTRY.filter((s) => !group || s.group === group);
  return [
    "| group | key | default | allowed | meaning |",
    "|---|---|---|---|---|",
    ...rows.map((s) => `| ${s.group} | \`${s.key}\` | ${s.default} | must ${describeRange(s)} | ${s.description.replaceAll("|", "\\|")} |`),
  ].join("\n");
}

/** The registry as `--help` lines: key, default, allowed values, meaning. */
export function thresholdHelp(group: ThresholdGroup, indent = "    "): string {
  const rows = THRESHOLD_REGISTRY.filter((s) => s.group === group);
  const w = Math.max(...rows.map((s) => s.key.length));
  return rows.map((s) => `${indent}${s.key.padEnd(w)}  [${s.default}]  must ${describeRange(s)}: ${s.description}`).join("\n");
}
