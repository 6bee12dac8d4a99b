/**
 * Thresholds of the drift and data-quality checks (DESIGN §4, spec §1–§3), as named defaults that a
 * sweep (`sweep.json` `thresholds`) or a caller can override. Numbers only, so they travel through
 * sweep.json and page sliders unchanged.
 */
import { checkThreshold, type ThresholdRange } from "../threshold-range.js";

/** Which p-value the 14-day warn rule reads: raw KS p, or BH-adjusted across the six features. */
export type WarnPValue = "raw" | "bh";

export interface DriftThresholds {
  /** Length of a monitoring window after the training window, in days. */
  window_days: number;
  /** KS p below this rejects "same distribution" for a window. */
  ks_alpha: number;
  /** Consecutive rejecting windows that raise a warn (2 weekly windows = the spec's 14 days). */
  warn_consecutive: number;
  /** Width of the control limits on weekly means, in standard deviations of the reference weekly means. */
  control_sigma: number;
  /** Reference-quantile bins of the PSI. */
  psi_bins: number;
  /** PSI above this is marked (shown beside KS; it does not set the status). */
  psi_flag: number;
  /** Width of the correlation control limits, in standard deviations of the training-window statistic. */
  corr_control_sigma: number;
  /** outlier_returns: |r_t| above this many σ of the previous returns. */
  outlier_return_sigma: number;
  /** outlier_returns: how many hours of previous returns give σ (720 = 30 days). */
  outlier_return_window_hours: number;
  /** outlier_volume: volume below this fraction of the median of the previous bars (0.2 = an 80% drop). */
  outlier_volume_ratio: number;
  outlier_volume_window_hours: number;
  /** wick_to_body: (upper + lower wick) / |close − open| above this. */
  wick_to_body_max: number;
  /** wick_to_body: optional size condition, total wick / close > this many σ of returns (0 = off, the spec's rule). */
  wick_min_sigma: number;
  /** Alert when one reason fires more than this many times within one clock hour. */
  quality_alert_per_hour: number;
  /** Missing bars above this share of a fold's grid → revert flag. */
  missing_bar_revert_share: number;
  /** Class-distribution PSI above this flags a fold. */
  class_psi_flag: number;
  /** Minimum share of a rolling window's bars present for a window statistic (features, σ, median). */
  min_window_coverage: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: Readonly<DriftThresholds> = Object.freeze({
  window_days: 7,
  ks_alpha: 0.01,
  warn_consecutive: 2,
  control_sigma: 3,
  psi_bins: 10,
  psi_flag: 0.2,
  corr_control_sigma: 3,
  outlier_return_sigma: 5,
  outlier_return_window_hours: 720,
  outlier_volume_ratio: 0.2,
  outlier_volume_window_hours: 24,
  wick_to_body_max: 5,
  wick_min_sigma: 0,
  quality_alert_per_hour: 5,
  missing_bar_revert_share: 0.05,
  class_psi_flag: 0.2,
  min_window_coverage: 0.9,
});

/** Default for the warn rule: BH-adjusted p, because the rule watches six features at once. */
export const DEFAULT_WARN_PVALUE: WarnPValue = "bh";

export const DRIFT_THRESHOLD_KEYS = Object.keys(DEFAULT_DRIFT_THRESHOLDS) as (keyof DriftThresholds)[];

/** What each drift threshold may be (the registry, src/lib/thresholds.ts, lists them with the gate ones). */
export const DRIFT_THRESHOLD_RANGES: { readonly [K in keyof DriftThresholds]: ThresholdRange } = {
  window_days: { kind: "number", min: 0, minExclusive: true, description: "length of a monitoring window after training, in days" },
  ks_alpha: { kind: "number", min: 0, minExclusive: true, max: 1, maxExclusive: true, description: "KS p below this rejects \"same distribution\" for a window" },
  warn_consecutive: { kind: "integer", min: 1, description: "consecutive rejecting windows that raise a warn (2 weeks = the spec's 14 days)" },
  control_sigma: { kind: "number", min: 0, minExclusive: true, description: "width of the weekly-mean control limits, in σ of the reference weekly means" },
  psi_bins: { kind: "integer", min: 2, description: "reference-quantile bins of the PSI" },
  psi_flag: { kind: "number", min: 0, description: "PSI above this is marked (beside KS; it does not set the status)" },
  corr_control_sigma: { kind: "number", min: 0, minExclusive: true, description: "width of the correlation control limits, in σ of the training-window statistic" },
  outlier_return_sigma: { kind: "number", min: 0, minExclusive: true, description: "outlier_returns: |r| above this many σ of the previous returns" },
  outlier_return_window_hours: { kind: "number", min: 0, minExclusive: true, description: "outlier_returns: hours of previous returns that give σ" },
  outlier_volume_ratio: { kind: "number", min: 0, max: 1, description: "outlier_volume: volume below this fraction of the previous bars' median" },
  outlier_volume_window_hours: { kind: "number", min: 0, minExclusive: true, description: "outlier_volume: hours of previous bars for the median" },
  wick_to_body_max: { kind: "number", min: 0, minExclusive: true, description: "wick_to_body: (upper + lower wick) / |close − open| above this" },
  wick_min_sigma: { kind: "number", min: 0, description: "wick_to_body: total wick / close above this many σ of returns as well (0 = off)" },
  quality_alert_per_hour: { kind: "count", description: "alert when one reason fires more than this many times in a clock hour" },
  missing_bar_revert_share: { kind: "number", min: 0, max: 1, description: "missing bars above this share of a fold's grid → revert flag" },
  class_psi_flag: { kind: "number", min: 0, description: "class-distribution PSI above this flags a fold" },
  min_window_coverage: { kind: "number", min: 0, minExclusive: true, max: 1, description: "share of a rolling window's bars that must be present for a window statistic" },
};

/**
 * Defaults overlaid with overrides. Keys that are not drift thresholds are ignored (callers may
 * pass a mixed bag such as a page's inputs); a drift key with a bad value throws a ThresholdError
 * naming the key.
 */
export function resolveDriftThresholds(...overrides: (Partial<Record<string, unknown>> | null | undefined)[]): DriftThresholds {
  const out: DriftThresholds = { ...DEFAULT_DRIFT_THRESHOLDS };
  for (const o of overrides) {
    if (!o) continue;
    for (const key of DRIFT_THRESHOLD_KEYS) {
      const v = o[key];
      if (v === undefined) continue;
      out[key] = checkThreshold(key, v, DRIFT_THRESHOLD_RANGES[key]);
    }
  }
  return out;
}
