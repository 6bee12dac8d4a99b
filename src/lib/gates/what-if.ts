/**
 * The ranges a page's what-if inputs offer for each gate threshold, kept next to the thresholds
 * (DEFAULT_THRESHOLDS) so no page types a range or a default. Significance levels and variances
 * span orders of magnitude, so they run on a log scale; `domainFor` widens a range so it always
 * covers the threshold in force and the values observed in the sweep (an observed fold variance
 * of 0.0003 must be reachable on a variance slider).
 */
import type { ThresholdName } from "./thresholds.js";
import type { DriftThresholds } from "../drift/thresholds.js";

/** The thresholds a page offers as a what-if: every gate threshold, and the drift pages' numeric rules. */
export type WhatIfName =
  | ThresholdName
  | keyof Pick<DriftThresholds, "corr_control_sigma" | "control_sigma" | "warn_consecutive" | "outlier_return_sigma" | "outlier_volume_ratio" | "wick_to_body_max" | "wick_min_sigma">;

export interface WhatIfRange {
  min: number;
  max: number;
  scale: "linear" | "log";
  /** Smallest meaningful change (linear) or the precision values are rounded to (log). */
  step: number;
  /** The hard limits of the quantity: typed values outside them are refused, not clamped. */
  valid: { min: number; max: number; integer?: boolean };
}

export const WHAT_IF_RANGES: Record<WhatIfName, WhatIfRange> = {
  min_buy_trades: { min: 0, max: 500, scale: "linear", step: 1, valid: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true } },
  min_uplift: { min: 0, max: 0.1, scale: "linear", step: 0.001, valid: { min: -1, max: 1 } },
  max_fold_variance: { min: 1e-5, max: 0.25, scale: "log", step: 1e-6, valid: { min: 0, max: 0.25 } },
  max_regime_variance: { min: 1e-5, max: 0.25, scale: "log", step: 1e-6, valid: { min: 0, max: 0.25 } },
  min_regime_buy_trades: { min: 0, max: 500, scale: "linear", step: 1, valid: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true } },
  alpha_significance: { min: 1e-4, max: 0.5, scale: "log", step: 1e-5, valid: { min: 1e-12, max: 0.999999 } },
  drawdown_tolerance: { min: 0, max: 0.05, scale: "linear", step: 0.001, valid: { min: 0, max: 1 } },
  alpha_leakage: { min: 1e-4, max: 0.5, scale: "log", step: 1e-5, valid: { min: 1e-12, max: 0.999999 } },
  // Drift rules (their hard limits: DRIFT_THRESHOLD_RANGES). Past 20σ (or a ratio of 1000) no bar
  // or week is ever flagged, so larger values are refused as typos rather than taken.
  corr_control_sigma: { min: 1, max: 6, scale: "linear", step: 0.5, valid: { min: 0.01, max: 20 } },
  control_sigma: { min: 1, max: 6, scale: "linear", step: 0.5, valid: { min: 0.01, max: 20 } },
  warn_consecutive: { min: 1, max: 6, scale: "linear", step: 1, valid: { min: 1, max: 1000, integer: true } },
  outlier_return_sigma: { min: 3, max: 10, scale: "linear", step: 0.5, valid: { min: 0.01, max: 20 } },
  outlier_volume_ratio: { min: 0.05, max: 0.5, scale: "linear", step: 0.05, valid: { min: 0, max: 1 } },
  wick_to_body_max: { min: 2, max: 20, scale: "linear", step: 1, valid: { min: 0.01, max: 1000 } },
  wick_min_sigma: { min: 0, max: 10, scale: "linear", step: 0.5, valid: { min: 0, max: 20 } },
};

/**
 * The slider's domain for `name`: the registry range, widened (to the next power of ten on a log
 * scale, by 10% on a linear one) to include `value` and every finite, in-scale `observed` value.
 */
export function domainFor(name: WhatIfName, value: number, observed: readonly (number | null | undefined)[] = []): { min: number; max: number } {
  const r = WHAT_IF_RANGES[name];
  const xs = [value, ...observed].filter((x): x is number => typeof x === "number" && Number.isFinite(x) && (r.scale === "linear" || x > 0));
  let min = Math.min(r.min, ...xs);
  let max = Math.max(r.max, ...xs);
  if (r.scale === "log") {
    min = min < r.min ? 10 ** Math.floor(Math.log10(min)) : min;
    max = max > r.max ? 10 ** Math.ceil(Math.log10(max)) : max;
  } else {
    const pad = (max - min) * 0.1;
    if (min < r.min) min -= pad;
    if (max > r.max) max += pad;
  }
  return { min: Math.max(min, r.valid.min), max: Math.min(max, r.valid.max) };
}

export type TypedValue = { ok: true; value: number; clamped: boolean; message: string | null } | { ok: false; message: string };

/**
 * A value typed into a what-if box: refused with a message when it is not a number or outside
 * what the quantity can be (a probability of 1.5), clamped with a message when it is valid but
 * outside the slider's domain, taken as is otherwise.
 */
export function acceptTyped(name: WhatIfName, raw: string, domain: { min: number; max: number }): TypedValue {
  const r = WHAT_IF_RANGES[name];
  const text = raw.trim();
  const x = text === "" ? NaN : Number(text);
  if (!Number.isFinite(x)) return { ok: false, message: `"${raw}" is not a number; ${name} keeps its value.` };
  if (x < r.valid.min || x > r.valid.max) return { ok: false, message: `${x} is not a possible ${name} (it must lie in [${r.valid.min}, ${r.valid.max}]); the value was not changed.` };
  if (r.valid.integer && !Number.isInteger(x)) return { ok: false, message: `${name} is a count: ${x} is not a whole number; the value was not changed.` };
  if (x < domain.min || x > domain.max) {
    const value = x < domain.min ? domain.min : domain.max;
    return { ok: true, value, clamped: true, message: `${x} is outside this input's range [${domain.min}, ${domain.max}]: set to ${value}.` };
  }
  return { ok: true, value: x, clamped: false, message: null };
}
