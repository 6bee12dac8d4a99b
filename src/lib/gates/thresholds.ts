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

/** Thrown for an unknown threshold name or an out-of-range value; `key` names the culprit. */
export class ThresholdError extends Error {
  readonly key: string;
  constructor(key: string, message: string) {
    super(message);
    this.name = "ThresholdError";
    this.key = key;
  }
}

const PROBABILITIES: ReadonlySet<ThresholdName> = new Set(["alpha_significance", "alpha_leakage"]);
const COUNTS: ReadonlySet<ThresholdName> = new Set(["min_buy_trades", "min_regime_buy_trades"]);
const NON_NEGATIVE: ReadonlySet<ThresholdName> = new Set(["max_fold_variance", "max_regime_variance", "drawdown_tolerance"]);

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
      throw new ThresholdError(key, `unknown threshold "${key}"; known thresholds: ${THRESHOLD_NAMES.join(", ")}`);
    }
    const name = key as ThresholdName;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new ThresholdError(key, `threshold "${key}" must be a finite number (got ${JSON.stringify(value)})`);
    }
    if (PROBABILITIES.has(name) && !(value > 0 && value < 1)) {
      throw new ThresholdError(key, `threshold "${key}" is a significance level and must lie in (0, 1) (got ${value})`);
    }
    if (COUNTS.has(name) && !(Number.isInteger(value) && value >= 0)) {
      throw new ThresholdError(key, `threshold "${key}" is a count and must be a non-negative integer (got ${value})`);
    }
    if (NON_NEGATIVE.has(name) && value < 0) {
      throw new ThresholdError(key, `threshold "${key}" must be >= 0 (got ${value})`);
    }
    out[name] = value;
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
