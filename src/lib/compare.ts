/**
 * Sweeps side by side: the summary of each sweep the home page lists (made by
 * loaders/site/site-index.ts from the dossier and the artefact report) and the comparison of two
 * of them (src/compare.md): which gates and verdicts changed per variant, the uplift deltas, the
 * leakage p-values per scope. Isomorphic and pure — the page picks the two sweeps.
 */
import type { GateId, TrackVerdict, VariantVerdict } from "./gates/types.js";

export const SUMMARY_GATES: readonly GateId[] = ["G1", "G2", "G3", "G4", "G5", "G6"];

export interface VariantSummary {
  variant: string;
  verdict: VariantVerdict;
  verdict_reason: string;
  failing_gates: string[];
  /** true pass, false fail, null not applicable (the baseline's G2/G4/G5, and G6: a track-level gate). */
  gates: Record<GateId, boolean | null>;
  mean_uplift: number | null;
  ci_low: number | null;
  ci_high: number | null;
  ci_level: number | null;
  g4_padj: number | null;
}

export interface LeakageScopeSummary {
  scope: string;
  n: number;
  mean_diff: number | null;
  pvalue: number | null;
  pvalue_adj: number | null;
  suspected: boolean;
}

export interface SweepSummary {
  sweep_id: string;
  created_at: string | null;
  track: string | null;
  universe: string | null;
  interval: string | null;
  /** "error": the sweep could not be read; `error` says why and nothing else is claimed. */
  status: "ok" | "error";
  error: string | null;
  track_verdict: TrackVerdict | null;
  track_reason: string | null;
  baseline_variant: string | null;
  n_cryptos: number;
  n_folds: number;
  variants: VariantSummary[];
  leakage: { suspected: boolean; leaky: string; reference: string; alpha: number; tests: LeakageScopeSummary[] } | null;
  /** The artefact contract's outcome ("mismatch" = red banner) and its failed checks' titles. */
  artefacts: { status: "ok" | "mismatch"; failed: string[]; debts?: string[]; not_run?: string[] } | null;
  n_warnings: number;
}

export interface GateChange {
  gate: GateId;
  from: boolean | null;
  to: boolean | null;
}

export interface VariantComparison {
  variant: string;
  /** null when the variant is absent from that sweep. */
  a: VariantSummary | null;
  b: VariantSummary | null;
  verdict_changed: boolean;
  gate_changes: GateChange[];
  /** b − a of the mean uplift against each sweep's baseline (null when either is missing). */
  uplift_delta: number | null;
}

export interface LeakageComparison {
  scope: string;
  a: LeakageScopeSummary | null;
  b: LeakageScopeSummary | null;
  /** b − a of the BH-adjusted p-value. */
  padj_delta: number | null;
  suspected_changed: boolean;
}

export interface SweepComparison {
  a: string;
  b: string;
  track: { a: TrackVerdict | null; b: TrackVerdict | null; changed: boolean };
  artefacts: { a: string | null; b: string | null; changed: boolean };
  variants: VariantComparison[];
  leakage: LeakageComparison[];
  /** Variants whose verdict or any gate changed. */
  n_changed: number;
  /** Cells that differ in their design (baseline, leakage pair), which makes a comparison weaker. */
  caveats: string[];
}

/** "G2 pass → FAIL" */
export function describeGateChange(c: GateChange): string {
  const word = (x: boolean | null) => (x === null ? "n/a" : x ? "pass" : "FAIL");
  return `${c.gate} ${word(c.from)} → ${word(c.to)}`;
}

/** Union of two ordered lists, a's order first. */
function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

export function compareSweeps(a: SweepSummary, b: SweepSummary): SweepComparison {
  const va = new Map(a.variants.map((v) => [v.variant, v]));
  const vb = new Map(b.variants.map((v) => [v.variant, v]));
  const variants = union(a.variants.map((v) => v.variant), b.variants.map((v) => v.variant)).map((name): VariantComparison => {
    const x = va.get(name) ?? null;
    const y = vb.get(name) ?? null;
    const gateChanges = x && y ? SUMMARY_GATES.filter((g) => x.gates[g] !== y.gates[g]).map((g) => ({ gate: g, from: x.gates[g], to: y.gates[g] })) : [];
    return {
      variant: name,
      a: x,
      b: y,
      verdict_changed: !x || !y || x.verdict !== y.verdict,
      gate_changes: gateChanges,
      uplift_delta: x && y && x.mean_uplift !== null && y.mean_uplift !== null ? y.mean_uplift - x.mean_uplift : null,
    };
  });
  const la = new Map((a.leakage?.tests ?? []).map((t) => [t.scope, t]));
  const lb = new Map((b.leakage?.tests ?? []).map((t) => [t.scope, t]));
  const leakage = union([...la.keys()], [...lb.keys()]).map((scope): LeakageComparison => {
    const x = la.get(scope) ?? null;
    const y = lb.get(scope) ?? null;
    return {
      scope,
      a: x,
      b: y,
      padj_delta: x && y && x.pvalue_adj !== null && y.pvalue_adj !== null ? y.pvalue_adj - x.pvalue_adj : null,
      suspected_changed: (x?.suspected ?? false) !== (y?.suspected ?? false),
    };
  });
  const caveats: string[] = [];
  if (a.baseline_variant !== b.baseline_variant) caveats.push(`the baselines differ (${a.baseline_variant} vs ${b.baseline_variant}): uplifts are against different models`);
  if (a.leakage && b.leakage && (a.leakage.leaky !== b.leakage.leaky || a.leakage.reference !== b.leakage.reference)) caveats.push(`the leakage pairs differ (${a.leakage.leaky}/${a.leakage.reference} vs ${b.leakage.leaky}/${b.leakage.reference})`);
  if (a.n_cryptos !== b.n_cryptos || a.n_folds !== b.n_folds) caveats.push(`the grids differ (${a.n_cryptos}×${a.n_folds} vs ${b.n_cryptos}×${b.n_folds} crypto×fold)`);
  if (a.status === "error" || b.status === "error") caveats.push(`${[a, b].filter((s) => s.status === "error").map((s) => s.sweep_id).join(" and ")} could not be read`);
  const aArt = a.artefacts?.status ?? null;
  const bArt = b.artefacts?.status ?? null;
  return {
    a: a.sweep_id,
    b: b.sweep_id,
    track: { a: a.track_verdict, b: b.track_verdict, changed: a.track_verdict !== b.track_verdict },
    artefacts: { a: aArt, b: bArt, changed: aArt !== bArt },
    variants,
    leakage,
    n_changed: variants.filter((v) => v.verdict_changed || v.gate_changes.length).length,
    caveats,
  };
}
