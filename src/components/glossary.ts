/**
 * The dossier's jargon in plain words (from the source document, spec/mlops-readiness-track1-btc-features.txt):
 * `term("LOCK")` is an <abbr> with the meaning as its tooltip, `glossary()` the full list for
 * paper, where a tooltip cannot be hovered.
 */
import { html } from "htl";

export const TERMS: Record<string, string> = {
  LOCK: "Freezing a variant's feature set and model configuration for live promotion (a Console-driven model promotion, ADR-59). Only a LOCK CANDIDATE can be proposed for it.",
  FTF: "Walk-forward evaluation: each fold trains on the past and tests on the next, unseen period; the sweep runs every variant on every (crypto, fold).",
  "ADR-23": "Architecture decision record 23: a model's feature list is pinned in its artefact; a deployed model under another feature list is a dimension mismatch.",
  "ADR-25": "Architecture decision record 25: fail fast — an artefact whose SHA-256 differs from its registry tag is refused on load (catches partial uploads and tampering).",
  "ADR-30": "Architecture decision record 30: the six Track 1 variants (none, btc_min, btc_full, btc_full_purge0, btc_full_purge10, btc_vol_only) and their BTC features.",
  "ADR-68": "Architecture decision record 68: substantial ML changes need an Expert Committee pr_review before merge.",
  "Track 12": "A follow-up work item: extend the enrichment cache key with the BTC OHLCV identity (btc_first_ts, btc_last_ts, btc_features_set). It must land before live promotion.",
  "L2 cache": "The shared on-disk cache of enrichment outputs (commun/cache/). Its v1 key omits the BTC OHLCV identity, so a BTC-blind and a BTC-enabled run of the same window could share an entry.",
  "shadow dry run": "Before LOCK: 24 hours of the registered champion_btc_blind fallback model running in shadow, proving the rollback path works.",
  BH: "Benjamini–Hochberg adjustment of p-values for testing several hypotheses at once (controls the false discovery rate).",
  purge: "Bars dropped between a fold's training and test periods so that features computed over trailing windows cannot see the test period; purge 0 drops none.",
};

/** A term with its meaning as a tooltip (dotted underline). */
export function term(key: keyof typeof TERMS | string, text: string = key): HTMLElement {
  const meaning = TERMS[key];
  if (!meaning) return html`<span>${text}</span>` as HTMLElement;
  return html`<abbr class="ftf-term" title=${meaning} data-term=${key}>${text}</abbr>` as HTMLElement;
}

/** Every term, for the page's glossary section (it prints; tooltips do not). */
export function glossary(keys: readonly string[] = Object.keys(TERMS)): HTMLElement {
  return html`<dl class="ftf-glossary" data-testid="jargon-glossary">${keys.filter((k) => TERMS[k]).map((k) => html`<dt>${k}</dt><dd>${TERMS[k]}</dd>`)}</dl>` as HTMLElement;
}
