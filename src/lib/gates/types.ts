/**
 * Shapes the gate engine returns. They are serialised as-is into the dossier JSON
 * (`ftf verdict --json`) and read by the pages, so every field is plain JSON (no Map, no NaN:
 * an undefined statistic is `null`).
 */

export type GateId = "G1" | "G2" | "G3" | "G4" | "G5" | "G6";
export const GATE_IDS: readonly GateId[] = ["G1", "G2", "G3", "G4", "G5", "G6"];

export type Verdict = "LOCK CANDIDATE" | "KEEP AVAILABLE" | "ABANDON" | "INSUFFICIENT EVIDENCE";
/**
 * `CONTROL`: the leaky side of `leakage_pair` (e.g. `btc_full_purge0`), whose f1 is contaminated
 * by construction; it exists to test for leakage and is never promotable, whatever its gates say.
 */
export type VariantVerdict = Verdict | "BASELINE" | "CONTROL";
export type TrackVerdict = "PROCEED" | "ABANDON";

/** What a failed gate does to the variant (G6: to the whole track). */
export type GateConsequence = "INSUFFICIENT EVIDENCE" | "KEEP AVAILABLE" | "ABANDON" | "ABANDON TRACK";

export interface GateResult {
  gate: GateId;
  /** Short name, e.g. "sample size". */
  name: string;
  /** `null` only for gates that do not apply (the baseline's G2, G4, G5). */
  pass: boolean | null;
  applicable: boolean;
  /** False when the input needed is absent (e.g. no max_drawdown column); such a gate fails. */
  assessed: boolean;
  on_fail: GateConsequence;
  /** The rule in symbols, e.g. "min n_buy_trades >= 50". */
  rule: string;
  inputs: Record<string, unknown>;
  /** The number compared with the threshold (for G4/G6 the t statistic). */
  statistic: number | null;
  statistic_name: string;
  pvalue: number | null;
  pvalue_adj: number | null;
  threshold: number;
  /** One sentence, in words, with the numbers. */
  reason: string;
}

export type GateSet = Record<GateId, GateResult>;

/** One (crypto, fold) pair of a paired comparison: `diff = a − b`. */
export interface PairedCell {
  crypto: string;
  fold: number;
  a: number;
  b: number;
  diff: number;
}

/** A one-sided paired t-test and what this design could have detected with it. */
export interface PairedTest {
  scope: string;
  n: number;
  mean_diff: number | null;
  sd_diff: number | null;
  statistic: number | null;
  df: number | null;
  pvalue: number | null;
  pvalue_adj: number | null;
  /** Smallest true mean difference detected with 80% power at alpha (null when n < 2 or sd undefined). */
  mde: number | null;
}

export interface MeanCI {
  level: number;
  low: number | null;
  high: number | null;
  method: string;
}

/** Per-regime confusion counts and f1 for one (variant, crypto, regime); see src/lib/regimes.ts. */
export interface RegimeF1Row {
  variant: string;
  crypto: string;
  regime: string;
  n_bars: number;
  n_pred_buy: number;
  n_true_buy: number;
  tp: number;
  fp: number;
  fn: number;
  /** 2·tp / (2·tp + fp + fn); null when that is 0/0. */
  f1: number | null;
}
