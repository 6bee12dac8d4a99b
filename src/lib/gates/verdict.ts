/**
 * Verdict per variant (DESIGN §5), by precedence:
 *   1. ABANDON               G6 fails (leakage: the whole track) or G3 fails (instability);
 *   2. INSUFFICIENT EVIDENCE G1 fails, or G3 could not be assessed (fewer than 2 folds);
 *   3. LOCK CANDIDATE        every gate passes;
 *   4. KEEP AVAILABLE        otherwise (G2, G4 or G5 failed or could not be assessed).
 * The baseline gets "BASELINE": it is the yardstick, not a candidate.
 * The leaky side of `leakage_pair` gets "CONTROL" (never promotable: its f1 is contaminated by
 * construction) unless ABANDON wins because the whole track is abandoned (G6). Its gates are
 * still computed; `gates_verdict` keeps what they alone would have said.
 */
import { GATE_IDS, type GateId, type GateSet, type TrackVerdict, type Verdict, type VariantVerdict } from "./types.js";

/** What a variant is in the sweep's design: the yardstick, the leakage control, or a candidate. */
export type VariantRole = "baseline" | "control" | "candidate";

export interface VerdictDecision {
  verdict: Verdict;
  /** Gates that failed (or could not be assessed), in gate order. */
  failing_gates: GateId[];
  /** The gates that set the verdict (empty for LOCK CANDIDATE). */
  deciding_gates: GateId[];
  reason: string;
}

/** The verdict of a variant given its role; for the control, the gates' own verdict is kept. */
export function decideVariantVerdict(g: GateSet, role: Exclude<VariantRole, "baseline">): Omit<VerdictDecision, "verdict"> & { verdict: VariantVerdict; gates_verdict: Verdict } {
  const d = decideVerdict(g);
  if (role !== "control" || (d.verdict === "ABANDON" && d.deciding_gates.includes("G6"))) return { ...d, gates_verdict: d.verdict };
  return {
    verdict: "CONTROL",
    gates_verdict: d.verdict,
    failing_gates: d.failing_gates,
    deciding_gates: [],
    reason: `The leakage control (the leaky side of the leakage pair): its f1 is contaminated by construction, so it is never promotable. Its gates alone would say ${d.verdict}.`,
  };
}

/**
 * Whether a gate is this variant's to pass or fail. G6 (leakage) is a track-level gate: the
 * baseline cannot fail it, so its row shows no G6 chip; G2/G4/G5 do not apply to the baseline.
 */
export function gateBelongsTo(role: VariantRole, g: { gate: GateId; applicable: boolean }): boolean {
  if (!g.applicable) return false;
  return !(role === "baseline" && g.gate === "G6");
}

export function decideVerdict(g: GateSet): VerdictDecision {
  const failing = GATE_IDS.filter((id) => g[id].pass === false);
  const because = (ids: GateId[]) => ids.map((id) => `${id} ${g[id].name}: ${g[id].reason}`).join(" ");
  if (g.G6.pass === false) {
    return { verdict: "ABANDON", failing_gates: failing, deciding_gates: ["G6"], reason: `Abandoned with the whole track because leakage is suspected. ${because(["G6"])}` };
  }
  if (g.G3.pass === false && g.G3.assessed) {
    return { verdict: "ABANDON", failing_gates: failing, deciding_gates: ["G3"], reason: `Abandoned because f1_buy is unstable (gate 3). ${because(["G3"])}` };
  }
  const insufficient: GateId[] = [];
  if (g.G1.pass === false) insufficient.push("G1");
  if (g.G3.pass === false) insufficient.push("G3");
  if (insufficient.length) {
    return { verdict: "INSUFFICIENT EVIDENCE", failing_gates: failing, deciding_gates: insufficient, reason: `Not enough evidence to decide. ${because(insufficient)}` };
  }
  if (!failing.length) {
    return { verdict: "LOCK CANDIDATE", failing_gates: [], deciding_gates: [], reason: "Every gate passes: a candidate for LOCK, subject to the pre-LOCK checks of the sign-off list." };
  }
  return { verdict: "KEEP AVAILABLE", failing_gates: failing, deciding_gates: failing, reason: `Kept available but not lockable. ${because(failing)}` };
}

export function decideTrack(leakageSuspected: boolean): { verdict: TrackVerdict; reason: string } {
  return leakageSuspected
    ? { verdict: "ABANDON", reason: "The mandatory leakage check (G6) failed: every variant of the track is abandoned." }
    : { verdict: "PROCEED", reason: "The mandatory leakage check (G6) passed: each variant's verdict stands on its own gates." };
}
