/**
 * Class balance inputs of one sweep (drift step 5): BUY labels per fold and the training-window
 * BUY share per crypto, from predictions when there are any, else from the results' counts. The
 * rule itself (PSI of the shares, the flag) is src/lib/drift's `classBalance`.
 */
import type { FoldLabels, ReferenceShare, TimeWindow } from "../../src/lib/drift/index.ts";
import { quoteLiteral, quoteSource } from "../../src/lib/sql/quote.ts";
import type { Duck } from "../ingest/duck.ts";
import type { DriftInput } from "./analyze.ts";

export async function classBalanceInputs(
  duck: Duck,
  input: DriftInput,
  reference: TimeWindow,
  folds: ReadonlyMap<string, TimeWindow>,
): Promise<{ folds: FoldLabels[]; references: ReferenceShare[]; notes: string[] }> {
  const notes: string[] = [];
  const baseline = input.config.baseline_variant;
  let labels: FoldLabels[] = [];
  let refs: ReferenceShare[] = [];
  if (input.predictions) {
    const p = quoteSource(input.predictions);
    // One variant's labels: y_true does not depend on the variant; the baseline's when it is there.
    const variant = `(SELECT coalesce(max(CASE WHEN variant = ${quoteLiteral(baseline)} THEN variant END), min(variant)) FROM ${p} q WHERE q.crypto = p.crypto)`;
    const rows = await duck.rows<{ crypto: string; fold: number; n: number; buy: number }>(
      `SELECT crypto, fold, count(*)::DOUBLE AS n, sum(CASE WHEN y_true = 1 THEN 1 ELSE 0 END)::DOUBLE AS buy
       FROM ${p} p WHERE variant = ${variant} GROUP BY crypto, fold ORDER BY crypto, fold`,
    );
    labels = rows.map((r) => ({ crypto: r.crypto, fold: Number(r.fold), n_samples: r.n, n_buy: r.buy, source: "predictions" }));
    const inTrain = await duck.rows<{ crypto: string; n: number; buy: number }>(
      `SELECT crypto, count(*)::DOUBLE AS n, sum(CASE WHEN y_true = 1 THEN 1 ELSE 0 END)::DOUBLE AS buy
       FROM (SELECT DISTINCT crypto, ts, y_true FROM ${p} WHERE epoch_ms(ts) >= ${reference.start} AND epoch_ms(ts) < ${reference.end})
       GROUP BY crypto`,
    );
    refs = inTrain.filter((r) => r.n > 0).map((r) => ({ crypto: r.crypto, share: r.buy / r.n, n_samples: r.n, source: "labels inside the training window (predictions)" }));
  }
  if (!labels.length) {
    const seen = new Set<string>();
    const base = input.results.filter((r) => r.variant === baseline);
    for (const r of base.length ? base : input.results) {
      const key = `${r.crypto}\u0000${r.fold}`;
      if (seen.has(key) || r.n_samples === null || r.n_true_buy === null) continue;
      seen.add(key);
      labels.push({ crypto: r.crypto, fold: r.fold, n_samples: r.n_samples, n_buy: r.n_true_buy, source: "results" });
    }
  }
  if (!labels.length) {
    notes.push("no labels (no predictions, no n_samples/n_true_buy in the results): no class-balance check");
    return { folds: [], references: [], notes };
  }
  const haveRef = new Set(refs.map((r) => r.crypto));
  const byCrypto = new Map<string, FoldLabels[]>();
  for (const l of labels) (byCrypto.get(l.crypto) ?? byCrypto.set(l.crypto, []).get(l.crypto)!).push(l);
  let pooled = 0;
  for (const [crypto, list] of byCrypto) {
    if (haveRef.has(crypto)) continue;
    const inTraining = list.filter((l) => {
      const w = folds.get(`${crypto}\u0000${l.fold}`);
      return w !== undefined && w.end <= reference.end;
    });
    const use = inTraining.length ? inTraining : list;
    const n = use.reduce((a, l) => a + l.n_samples, 0);
    const buy = use.reduce((a, l) => a + l.n_buy, 0);
    if (n <= 0) continue;
    if (!inTraining.length) pooled++;
    refs.push({
      crypto,
      share: buy / n,
      n_samples: n,
      source: inTraining.length ? "folds ending by train_end" : "pooled over all folds (no labels from the training window)",
    });
  }
  if (pooled) notes.push(`class balance: no labels inside the training window for ${pooled} crypto${pooled === 1 ? "" : "s"}; the reference BUY share is the share pooled over all folds`);
  return { folds: labels, references: refs, notes };
}
