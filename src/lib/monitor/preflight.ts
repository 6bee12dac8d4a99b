/**
 * Stage 2 of the rollout (spec §4, committee reco v2.7): before a sweep runs, one fold of btc_full
 * on BTCUSDC must hold at least 50 BUY trades, or the sweep is aborted. Pure rule over per-fold
 * counts, which come from a results file (`n_buy_trades`) or a predictions file (bars with
 * y_pred = 1).
 */
export interface FoldBuyCount {
  crypto: string;
  fold: number;
  variant: string;
  n_buy_trades: number;
}

export interface PreflightResult {
  pass: boolean;
  variant: string;
  crypto: string;
  min_buy_trades: number;
  folds: { fold: number; n_buy_trades: number; pass: boolean }[];
  /** The smallest count over the folds judged (null when there is none). */
  n_buy_trades: number | null;
  message: string;
}

/**
 * Judge the folds of (variant, crypto): `fold` picks one; otherwise every fold present must pass
 * (one fold is what the stage asks for; several folds make the check stricter, never looser).
 * No row for (variant, crypto) fails with the reason.
 */
export function preflight(rows: readonly FoldBuyCount[], opts: { variant: string; crypto: string; minBuyTrades: number; fold?: number }): PreflightResult {
  const mine = rows.filter((r) => r.variant === opts.variant && r.crypto === opts.crypto && (opts.fold === undefined || r.fold === opts.fold)).sort((a, b) => a.fold - b.fold);
  const base = { variant: opts.variant, crypto: opts.crypto, min_buy_trades: opts.minBuyTrades };
  if (!mine.length) {
    const where = opts.fold === undefined ? "" : ` fold ${opts.fold}`;
    return { ...base, pass: false, folds: [], n_buy_trades: null, message: `no ${opts.variant} fold on ${opts.crypto}${where} in the input: the pre-flight cannot pass` };
  }
  const folds = mine.map((r) => ({ fold: r.fold, n_buy_trades: r.n_buy_trades, pass: r.n_buy_trades >= opts.minBuyTrades }));
  const min = Math.min(...folds.map((f) => f.n_buy_trades));
  const pass = folds.every((f) => f.pass);
  const bad = folds.filter((f) => !f.pass);
  const which = folds.length === 1 ? `fold ${folds[0].fold}` : `${folds.length} folds`;
  const message = pass
    ? `${opts.variant} on ${opts.crypto}, ${which}: ${folds.length === 1 ? min : `at least ${min}`} BUY trades ≥ ${opts.minBuyTrades} — the sweep may run`
    : `${opts.variant} on ${opts.crypto}: ${bad.map((f) => `fold ${f.fold} has ${f.n_buy_trades}`).join(", ")} BUY trades < ${opts.minBuyTrades} — abort the FTF sweep`;
  return { ...base, pass, folds, n_buy_trades: min, message };
}
