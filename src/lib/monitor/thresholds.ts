/**
 * Thresholds of production monitoring (spec §1, §4, §5) that no other registry holds, with their
 * defaults from the readiness dossier. The rules also read the drift registry
 * (src/lib/drift/thresholds.ts: KS alpha, 14-day warn, 3σ limits, > 5 quality alerts per clock
 * hour) and the gate registry (src/lib/gates/thresholds.ts: the +0.020 uplift and the 1%
 * drawdown tolerance of stage 4, the 50 BUY trades of the stage 2 pre-flight), so one number
 * lives in one place. A deployment.json `thresholds` object may override any key of the three.
 */
import { DEFAULT_DRIFT_THRESHOLDS } from "../drift/thresholds.js";
import { DEFAULT_THRESHOLDS } from "../gates/thresholds.js";

export interface MonitorThresholds {
  /** §5: rollback when f1_buy(baseline) − f1_buy(live) over the rolling window exceeds this. */
  f1_regression_max: number;
  /** §5: length of the rolling f1 window, in days ("over 7 d"). */
  f1_window_days: number;
  /** §4 stage 4: length of the live stage, in days. */
  stage4_days: number;
  /** §4 stage 4: f1_buy(live) ≥ f1_buy(baseline) + this (the gate registry's G2 uplift). */
  stage4_min_uplift: number;
  /** §4 stage 4: max_drawdown(live) ≤ max_drawdown(baseline) + this (the gate registry's G5 tolerance). */
  stage4_drawdown_tolerance: number;
  /** §4 stage 3: f1_buy(shadow) ≥ f1_buy(baseline in the sweep) − this, over the 24 h shadow. */
  stage3_f1_tolerance: number;
  /** §4 stage 3: length of the shadow run, in hours. */
  stage3_hours: number;
  /** §4 stage 2: BUY trades a fold needs (the gate registry's G1 minimum). */
  preflight_min_buy_trades: number;
  /** §5: a production "fold" for the NaN rule, in days (consecutive windows from live_start). */
  nan_fold_days: number;
  /** §5: rollback when the BTC features are NaN on more than this share of a fold's bars. */
  btc_nan_max_share: number;
}

export const DEFAULT_MONITOR_THRESHOLDS: Readonly<MonitorThresholds> = Object.freeze({
  f1_regression_max: 0.02,
  f1_window_days: 7,
  stage4_days: 7,
  stage4_min_uplift: DEFAULT_THRESHOLDS.min_uplift,
  stage4_drawdown_tolerance: DEFAULT_THRESHOLDS.drawdown_tolerance,
  stage3_f1_tolerance: 0.01,
  stage3_hours: 24,
  preflight_min_buy_trades: DEFAULT_THRESHOLDS.min_buy_trades,
  nan_fold_days: 7,
  btc_nan_max_share: DEFAULT_DRIFT_THRESHOLDS.missing_bar_revert_share,
});

export const MONITOR_THRESHOLD_KEYS = Object.keys(DEFAULT_MONITOR_THRESHOLDS) as (keyof MonitorThresholds)[];

const POSITIVE: ReadonlySet<keyof MonitorThresholds> = new Set(["f1_window_days", "stage4_days", "stage3_hours", "nan_fold_days"]);
const SHARES: ReadonlySet<keyof MonitorThresholds> = new Set(["btc_nan_max_share"]);

/** Defaults overlaid with overrides; keys that are not monitor thresholds are ignored (they may be drift keys). */
export function resolveMonitorThresholds(...overrides: (Partial<Record<string, number>> | null | undefined)[]): MonitorThresholds {
  const out: MonitorThresholds = { ...DEFAULT_MONITOR_THRESHOLDS };
  for (const o of overrides) {
    if (!o) continue;
    for (const key of MONITOR_THRESHOLD_KEYS) {
      const v = o[key];
      if (v === undefined) continue;
      if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`monitor threshold "${key}" must be a finite number, got ${JSON.stringify(v)}`);
      if (POSITIVE.has(key) && !(v > 0)) throw new Error(`monitor threshold "${key}" must be > 0, got ${v}`);
      if (SHARES.has(key) && !(v >= 0 && v < 1)) throw new Error(`monitor threshold "${key}" is a share and must lie in [0, 1), got ${v}`);
      if (key === "preflight_min_buy_trades" && !(Number.isInteger(v) && v >= 0)) throw new Error(`monitor threshold "${key}" must be a non-negative integer, got ${v}`);
      out[key] = v;
    }
  }
  return out;
}
