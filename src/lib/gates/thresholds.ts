/**
 * Gate thresholds (DESIGN §5) and their per-sweep overrides (`sweep.json` → `thresholds`).
 *
 * Comparison semantics, fixed here so the committee and the code read the same rule:
 * - G1 `n_buy_trades >= min_buy_trades` (integers, exact).
 * - G2 `mean uplift >= min_uplift`, G3 `variance <= max_*_variance`, G5
 *   `mean dd(variant) <= mean dd(baseline) + drawdown_tolerance`: inclusive, with
 *   COMPARISON_TOLERANCE of slack, because these numbers come from decimal inputs that binary
 *   floating point cannot hold exactly (0.52 − 0.50 = 0.020000000000000018 but 0.12 − 0.10 =
 *   0.01999999999999999): a spreadsheet that shows 0.0200 must not see a FAIL. 1e-9 is far
 *   below the resolution of any f1 (1/number of bars), so the slack never decides a real case.
 * - G4 and G6 compare p-values strictly (`p_adj < alpha`), without slack: p-values are not
 *   decimal inputs, and "p < 0.05" is the rule as written in the spec.
 */
import { checkThreshold, ThresholdError, type ThresholdRange } from "../threshold-range.js";

export const DEFAULT_THRESHOLDS = {
  /** G1: every (crypto, fold) of a variant needs at least this many BUY trades. */
  min_buy_trades: 50,
  /** G2: mean over (crypto, fold) of f1_buy(variant) − f1_buy(baseline) must reach this. */
  min_uplift: 0.02,
  /** G3: per crypto, sample variance (ddof = 1) of f1_buy across folds must not exceed this. */
  max_fold_variance: 0.05,
  /** G3: per crypto, sample variance (ddof = 1) of per-regime f1 must not exceed this. */
  max_regime_variance: 0.05,
  /** G3: a regime's f1 enters the regime variance only with at least this many predicted BUYs. */
  min_regime_buy_trades: 50,
  /** G4: BH-adjusted one-sided paired t-test p-value must be below this. */
  alpha_significance: 0.05,
  /** G5: per crypto, mean max_drawdown may exceed the baseline's by at most this fraction. */
  drawdown_tolerance: 0.01,
  /** G6: any BH-adjusted leakage p-value below this means leakage is suspected. */
  alpha_leakage: 0.05,
} as const;

export type ThresholdName = keyof typeof DEFAULT_THRESHOLDS;
export type Thresholds = { [K in ThresholdName]: number };

/** Absolute slack on the inclusive comparisons of G2, G3 and G5 (see the module comment). */
export const COMPARISON_TOLERANCE = 1e-9;

export const THRESHOLD_NAMES = Object.keys(DEFAULT_THRESHOLDS) as ThresholdName[];

export { ThresholdError };

/** What each gate threshold may be (the registry, src/lib/thresholds.ts, lists them with the drift ones). */
export const GATE_THRESHOLD_RANGES: { readonly [K in ThresholdName]: ThresholdRange } = {
  min_buy_trades: { kind: "count", description: "G1: BUY trades every (crypto, fold) cell of a variant needs" },
  min_uplift: { kind: "number", description: "G2: mean f1_buy uplift over the baseline a variant must reach" },
  max_fold_variance: { kind: "number", min: 0, description: "G3: largest per-crypto sample variance (ddof 1) of f1_buy across folds" },
  max_regime_variance: { kind: "number", min: 0, description: "G3: largest per-crypto sample variance of per-regime f1" },
  min_regime_buy_trades: { kind: "count", description: "G3: predicted BUYs a regime needs to enter the regime variance" },
  alpha_significance: { kind: "number", min: 0, minExclusive: true, max: 1, maxExclusive: true, description: "G4: BH-adjusted paired t-test p must be below this" },
  drawdown_tolerance: { kind: "number", min: 0, description: "G5: how much more mean max_drawdown than the baseline a variant may have (fraction)" },
  alpha_leakage: { kind: "number", min: 0, minExclusive: true, max: 1, maxExclusive: true, description: "G6: a BH-adjusted leakage p below this means leakage is suspected" },
};

/**
 * The thresholds in force: defaults overridden by `overrides` (e.g. sweep.json `thresholds`,
 * or a page's sliders). Unknown keys are refused rather than ignored: a typo such as
 * `min_uplfit` silently falling back to the default would put a wrong number in the dossier.
 */
export function resolveThresholds(overrides?: Record<string, unknown> | null): Thresholds {
  const out: Thresholds = { ...DEFAULT_THRESHOLDS };
  if (!overrides) return out;
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_THRESHOLDS)) {
      throw new ThresholdError(key, `unknown threshold "${key}"; known thresholds: ${THRESHOLD_NAMES.join(", ")}`, value);
    }
    const name = key as ThresholdName;
    out[name] = checkThreshold(key, value, GATE_THRESHOLD_RANGES[name]);
  }
  return out;
}

/** `x >= t` with the tolerance of the inclusive gates. */
export function atLeast(x: number, t: number): boolean {
  return x >= t - COMPARISON_TOLERANCE;
}

/** `x <= t` with the tolerance of the inclusive gates. */
export function atMost(x: number, t: number): boolean {
  return x <= t + COMPARISON_TOLERANCE;
}
