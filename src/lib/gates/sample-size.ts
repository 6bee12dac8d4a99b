/** G1 sample size: every (crypto, fold) of the variant has n_buy_trades >= min_buy_trades. */
import type { ResultRow } from "../results.js";
import type { Thresholds } from "./thresholds.js";
import type { GateResult } from "./types.js";
import { plural } from "../format.js";

export function gateSampleSize(rows: readonly ResultRow[], t: Thresholds): GateResult {
  const threshold = t.min_buy_trades;
  const cells = rows.map((r) => ({ crypto: r.crypto, fold: r.fold, n_buy_trades: r.n_buy_trades, pass: r.n_buy_trades >= threshold }));
  const failing = cells.filter((c) => !c.pass);
  let min = cells[0];
  for (const c of cells) if (c.n_buy_trades < min.n_buy_trades) min = c;
  const pass = failing.length === 0;
  const where = `${min.crypto} fold ${min.fold}`;
  const reason = pass
    ? `All ${cells.length} (crypto, fold) cells have at least ${threshold} BUY trades (fewest: ${min.n_buy_trades}, ${where}).`
    : `${failing.length} of ${plural(cells.length, "(crypto, fold) cell")} have fewer than ${threshold} BUY trades (fewest: ${min.n_buy_trades}, ${where}).`;
  return {
    gate: "G1",
    name: "sample size",
    pass,
    applicable: true,
    assessed: true,
    on_fail: "INSUFFICIENT EVIDENCE",
    rule: `min over (crypto, fold) of n_buy_trades >= ${threshold}`,
    inputs: { n_cells: cells.length, cells, failing: failing.map(({ crypto, fold, n_buy_trades }) => ({ crypto, fold, n_buy_trades })) },
    statistic: min.n_buy_trades,
    statistic_name: "min n_buy_trades",
    pvalue: null,
    pvalue_adj: null,
    threshold,
    reason,
  };
}
