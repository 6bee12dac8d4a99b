/**
 * Thresholds of the drift and data-quality checks (DESIGN §4, spec §1–§3), as named defaults that a
 * sweep (`sweep.json` `thresholds`) or a caller can override. Numbers only, so they travel through
 * sweep.json and page sliders unchanged.
 */

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

/**
 * Defaults overlaid with overrides. Keys that are not drift thresholds are ignored (sweep.json's
 * `thresholds` also holds the gate thresholds); a drift key with a non-finite value throws.
 */
export function resolveDriftThresholds(...overrides: (Partial<Record<string, number>> | null | undefined)[]): DriftThresholds {
  const out: DriftThresholds = { ...DEFAULT_DRIFT_THRESHOLDS };
  for (const o of overrides) {
    if (!o) continue;
    for (const key of DRIFT_THRESHOLD_KEYS) {
      const v = o[key];
      if (v === undefined) continue;
      if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`drift threshold "${key}" must be a finite number, got ${JSON.stringify(v)}`);
      out[key] = v;
    }
  }
  if (out.window_days <= 0) throw new Error("drift threshold window_days must be > 0");
  if (!Number.isInteger(out.warn_consecutive) || out.warn_consecutive < 1) throw new Error("drift threshold warn_consecutive must be an integer ≥ 1");
  if (!Number.isInteger(out.psi_bins) || out.psi_bins < 2) throw new Error("drift threshold psi_bins must be an integer ≥ 2");
  if (!(out.min_window_coverage > 0 && out.min_window_coverage <= 1)) throw new Error("drift threshold min_window_coverage must be in (0, 1]");
  return out;
}
