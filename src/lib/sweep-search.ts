/**
 * The home page's sweep filter: which sweeps a typed query keeps. Every term must begin a word of
 * one of the sweep's texts (as Observable Inputs' search does, except that "-" and "_" also start
 * a word: "leaky" finds demo-leaky), and the texts include what the
 * table shows in its cells: the track verdict and each variant's name and verdict ("lock",
 * "abandon", "control", "btc_full"), not only the sweep's own fields (Inputs' default filter
 * sees the variants as "[object Object]").
 */
import type { SweepSummary } from "./compare.js";

/** The texts of a sweep that a filter term may match. */
export function sweepSearchTexts(s: SweepSummary): string[] {
  const texts = [s.sweep_id, s.created_at, s.track, s.universe, s.interval, s.track_verdict, s.status === "error" ? `error ${s.error ?? ""}` : null];
  // The baseline is not listed in the table, so it is not searched either.
  for (const v of s.variants ?? []) if (v.verdict !== "BASELINE") texts.push(v.variant, v.verdict);
  if (s.leakage?.suspected) texts.push("leakage suspected");
  if (s.artefacts) texts.push(s.artefacts.status === "mismatch" ? "mismatch" : s.artefacts.debts?.length || s.artefacts.not_run?.length ? "holds, with debts" : "ok");
  return texts.filter((t): t is string => typeof t === "string" && t !== "");
}

const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");

/** The filter for `query` (Inputs.search's `filter` option): true for the sweeps to keep. */
export function sweepFilter(query: string): (s: SweepSummary) => boolean {
  const terms = `${query}`.split(/\s+/).filter(Boolean).map((t) => new RegExp(`(?:^|[^\\p{L}])${escape(t)}`, "iu"));
  return (s) => {
    const texts = sweepSearchTexts(s);
    return terms.every((re) => texts.some((t) => re.test(t)));
  };
}
