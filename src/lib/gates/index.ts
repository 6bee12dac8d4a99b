/**
 * The gate engine (DESIGN §5): pure functions from a sweep's results (+ optional per-regime f1)
 * to a verdict per variant and a track verdict. The loaders run it to precompute the dossier
 * JSON; the pages run the same function when a reader moves a threshold, so the two agree.
 */
import type { ResultRow } from "../results.js";
import type { SweepConfig } from "../sweep.js";
import { GateInputError, indexResults, pairedCells, variantRows } from "./cells.js";
import { gateDrawdown } from "./drawdown.js";
import { assessLeakage, gateLeakage, type LeakageReport } from "./leakage.js";
import { gateSampleSize } from "./sample-size.js";
import { gateSignificance, significanceTests } from "./significance.js";
import { gateStability } from "./stability.js";
import { COMPARISON_TOLERANCE, resolveThresholds, type Thresholds } from "./thresholds.js";
import type { GateResult, GateSet, RegimeF1Row, TrackVerdict, Verdict, VariantVerdict } from "./types.js";
import type { VariantRole } from "./verdict.js";
import { DEFAULT_BOOTSTRAP, gateUplift, summariseUplift, type BootstrapOptions, type UpliftSummary } from "./uplift.js";
import { decideTrack, decideVariantVerdict } from "./verdict.js";

export * from "./types.js";
export * from "./thresholds.js";
export { GateInputError } from "./cells.js";
export { decideVerdict, decideVariantVerdict, decideTrack, gateBelongsTo, type VerdictDecision, type VariantRole } from "./verdict.js";
export { assessLeakage, gateLeakage, type LeakageReport, type LeakageTest } from "./leakage.js";
export { gateSampleSize } from "./sample-size.js";
export { gateUplift, summariseUplift, bootstrapCI, DEFAULT_BOOTSTRAP, type BootstrapOptions, type UpliftSummary, type CryptoUplift } from "./uplift.js";
export { gateStability, foldSdAtLimit, foldVariances, regimeVariances, type FoldVariance, type RegimeVariance, type RegimeCell } from "./stability.js";
export { gateSignificance, significanceTests } from "./significance.js";
export { gateDrawdown, type CryptoDrawdown } from "./drawdown.js";
export { pairedTestGreater, adjustFamily, TARGET_POWER } from "./paired-test.js";

export type GateConfig = Pick<SweepConfig, "baseline_variant" | "variants" | "leakage_pair" | "cryptos" | "thresholds">;

export interface GateEngineInput {
  config: GateConfig;
  results: readonly ResultRow[];
  /** Per-regime f1 of every variant (src/lib/regimes.ts or src/lib/sql/regime-f1.ts); null without predictions/OHLCV. */
  regimeF1?: readonly RegimeF1Row[] | null;
  /** Overrides applied on top of sweep.json `thresholds` (a page's sliders). */
  thresholds?: Record<string, unknown> | null;
  bootstrap?: Partial<BootstrapOptions>;
}

export interface VariantReport {
  variant: string;
  /** "baseline", "control" (the leaky side of leakage_pair) or "candidate". */
  role: VariantRole;
  verdict: VariantVerdict;
  /** What the gates alone decide (null for the baseline); differs from `verdict` for the control. */
  gates_verdict: Verdict | null;
  verdict_reason: string;
  failing_gates: string[];
  deciding_gates: string[];
  gates: GateSet;
  /** Against the baseline; null for the baseline itself. */
  uplift: UpliftSummary | null;
}

export interface GateReport {
  track_verdict: TrackVerdict;
  track_reason: string;
  baseline_variant: string;
  leakage_pair: { leaky: string; reference: string };
  cryptos: string[];
  folds: number[];
  thresholds: Thresholds;
  comparison_tolerance: number;
  regimes_assessed: boolean;
  leakage: LeakageReport;
  variants: VariantReport[];
}

function notApplicable(gate: "G2" | "G4" | "G5", name: string, baseline: string, threshold: number): GateResult {
  return {
    gate,
    name,
    pass: null,
    applicable: false,
    assessed: false,
    on_fail: "KEEP AVAILABLE",
    rule: "not applicable to the baseline",
    inputs: {},
    statistic: null,
    statistic_name: "",
    pvalue: null,
    pvalue_adj: null,
    threshold,
    reason: `Not applicable: ${baseline} is the baseline the other variants are compared with.`,
  };
}

export function evaluateGates(input: GateEngineInput): GateReport {
  const { config, results } = input;
  const t = resolveThresholds({ ...(config.thresholds ?? {}), ...(input.thresholds ?? {}) });
  const boot: BootstrapOptions = { ...DEFAULT_BOOTSTRAP, ...(input.bootstrap ?? {}) };
  const baseline = config.baseline_variant;
  const { leaky, reference } = config.leakage_pair;
  for (const [role, v] of [["baseline variant", baseline], ["leaky variant", leaky], ["leakage reference variant", reference]] as const) {
    if (!config.variants.includes(v)) throw new GateInputError(`the ${role} "${v}" is not among the sweep's variants (${config.variants.join(", ")})`);
  }
  const grid = indexResults(results, config.variants, config.cryptos);
  const regimeRows = input.regimeF1 ?? null;

  const leakage = assessLeakage(leaky, reference, grid.cryptos, pairedCells(grid, leaky, reference), t);
  const g6 = gateLeakage(leakage);

  const candidates = config.variants.filter((v) => v !== baseline);
  const upliftPairs = new Map(candidates.map((v) => [v, pairedCells(grid, v, baseline)]));
  const sig = significanceTests(upliftPairs, t);
  const familySize = [...sig.values()].filter((x) => x.pvalue !== null).length;
  const baselineRows = variantRows(grid, baseline);

  const variants: VariantReport[] = config.variants.map((variant) => {
    const rows = variantRows(grid, variant);
    const g1 = gateSampleSize(rows, t);
    const g3 = gateStability(grid.cryptos, rows, regimeRows ? regimeRows.filter((r) => r.variant === variant) : null, t);
    if (variant === baseline) {
      const gates: GateSet = {
        G1: g1,
        G2: notApplicable("G2", "uplift", baseline, t.min_uplift),
        G3: g3,
        G4: notApplicable("G4", "significance", baseline, t.alpha_significance),
        G5: notApplicable("G5", "drawdown", baseline, t.drawdown_tolerance),
        G6: g6,
      };
      return { variant, role: "baseline", verdict: "BASELINE", gates_verdict: null, verdict_reason: "The baseline every other variant is compared with.", failing_gates: [], deciding_gates: [], gates, uplift: null };
    }
    const uplift = summariseUplift(baseline, grid.cryptos, upliftPairs.get(variant)!, boot);
    const gates: GateSet = {
      G1: g1,
      G2: gateUplift(uplift, t),
      G3: g3,
      G4: gateSignificance(sig.get(variant)!, baseline, familySize, t),
      G5: gateDrawdown(grid.cryptos, rows, baselineRows, baseline, t),
      G6: g6,
    };
    const role = variant === leaky ? "control" : "candidate";
    const d = decideVariantVerdict(gates, role);
    return { variant, role, verdict: d.verdict, gates_verdict: d.gates_verdict, verdict_reason: d.reason, failing_gates: d.failing_gates, deciding_gates: d.deciding_gates, gates, uplift };
  });

  const track = decideTrack(leakage.suspected);
  return {
    track_verdict: track.verdict,
    track_reason: track.reason,
    baseline_variant: baseline,
    leakage_pair: { leaky, reference },
    cryptos: grid.cryptos,
    folds: grid.folds,
    thresholds: t,
    comparison_tolerance: COMPARISON_TOLERANCE,
    regimes_assessed: regimeRows !== null,
    leakage,
    variants,
  };
}
