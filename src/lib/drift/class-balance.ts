/**
 * Class-distribution drift (DESIGN §4, spec §3 "PSI on y_true per fold"): the BUY share of each
 * fold's labels against the training share, as a 2-bin PSI over {BUY, not BUY}:
 *   PSI = Σ_b (cur_b − ref_b) · ln(cur_b / ref_b), b ∈ {BUY, not BUY},
 * the same formula as the feature PSI with the two classes as its bins. Flag when PSI > class_psi_flag.
 */
import { psiFromShares } from "../stats/index.js";

export interface FoldLabels {
  crypto: string;
  fold: number;
  n_samples: number;
  n_buy: number;
  /** Where the counts came from: per-bar predictions (y_true) or results' n_true_buy/n_samples. */
  source: "predictions" | "results";
}

export interface ReferenceShare {
  crypto: string;
  share: number;
  n_samples: number;
  /** How the training share was obtained (shown on the page; see loaders/drift/class-balance.ts). */
  source: string;
}

export interface ClassBalanceRow {
  crypto: string;
  fold: number;
  n_samples: number;
  n_true_buy: number;
  buy_share: number;
  reference_share: number;
  reference_source: string;
  psi: number;
  flag: boolean;
  source: FoldLabels["source"];
}

export function classBalance(folds: readonly FoldLabels[], references: readonly ReferenceShare[], flagAbove: number): ClassBalanceRow[] {
  const ref = new Map(references.map((r) => [r.crypto, r]));
  const rows: ClassBalanceRow[] = [];
  for (const f of folds) {
    const r = ref.get(f.crypto);
    if (!r || f.n_samples <= 0) continue;
    const share = f.n_buy / f.n_samples;
    const psi = psiFromShares([r.share, 1 - r.share], [share, 1 - share]);
    rows.push({
      crypto: f.crypto,
      fold: f.fold,
      n_samples: f.n_samples,
      n_true_buy: f.n_buy,
      buy_share: share,
      reference_share: r.share,
      reference_source: r.source,
      psi,
      flag: psi > flagAbove,
      source: f.source,
    });
  }
  return rows.sort((a, b) => a.crypto.localeCompare(b.crypto) || a.fold - b.fold);
}
