/**
 * G2 uplift: mean over (crypto, fold) of f1_buy(variant) − f1_buy(baseline) >= min_uplift, with
 * a seeded percentile-bootstrap confidence interval of that mean (pooled and per crypto) so the
 * reader sees how far 25 paired folds pin the uplift down.
 */
import { BOOTSTRAP_DEFAULTS, bootstrapMeanCI, mean } from "../stats/index.js";
import { byCrypto } from "./cells.js";
import { signed } from "../format.js";
import { atLeast, type Thresholds } from "./thresholds.js";
import type { GateResult, MeanCI, PairedCell } from "./types.js";

export interface BootstrapOptions {
  level: number;
  iterations: number;
  seed: number;
}

/** The stats module's fixed seed: the same sweep always prints the same interval. */
export const DEFAULT_BOOTSTRAP: BootstrapOptions = { ...BOOTSTRAP_DEFAULTS };

export interface CryptoUplift {
  crypto: string;
  n: number;
  mean_uplift: number;
  ci: MeanCI;
}

export interface UpliftSummary {
  baseline: string;
  n_pairs: number;
  mean_uplift: number;
  ci: MeanCI & { iterations: number; seed: number };
  per_crypto: CryptoUplift[];
  /** a = variant f1_buy, b = baseline f1_buy, diff = a − b. */
  pairs: PairedCell[];
}

/** `iterations: 0` skips the resampling (a page that does not show intervals); low/high are then null. */
export function bootstrapCI(values: readonly number[], opts: BootstrapOptions): MeanCI {
  if (opts.iterations === 0) return { level: opts.level, low: null, high: null, method: "not computed" };
  if (values.length < 2) return { level: opts.level, low: null, high: null, method: "percentile bootstrap" };
  const ci = bootstrapMeanCI([...values], { level: opts.level, iterations: opts.iterations, seed: opts.seed });
  return { level: opts.level, low: ci.lower, high: ci.upper, method: "percentile bootstrap" };
}

export function summariseUplift(baseline: string, cryptos: readonly string[], pairs: PairedCell[], boot: BootstrapOptions): UpliftSummary {
  const diffs = pairs.map((p) => p.diff);
  return {
    baseline,
    n_pairs: pairs.length,
    mean_uplift: mean(diffs),
    ci: { ...bootstrapCI(diffs, boot), iterations: boot.iterations, seed: boot.seed },
    per_crypto: byCrypto(cryptos, pairs).map(([crypto, cells]) => {
      const d = cells.map((c) => c.diff);
      return { crypto, n: d.length, mean_uplift: mean(d), ci: bootstrapCI(d, boot) };
    }),
    pairs,
  };
}

export function gateUplift(u: UpliftSummary, t: Thresholds): GateResult {
  const threshold = t.min_uplift;
  const pass = atLeast(u.mean_uplift, threshold);
  const pct = Math.round(u.ci.level * 100);
  const ci = u.ci.low === null ? "" : ` (${pct}% bootstrap CI ${signed(u.ci.low)} to ${signed(u.ci.high)})`;
  const reason = `Mean f1_buy uplift over ${u.baseline} is ${signed(u.mean_uplift)} across ${u.n_pairs} (crypto, fold) pairs${ci}, ${pass ? "at or above" : "below"} the required ${signed(threshold)}.`;
  return {
    gate: "G2",
    name: "uplift",
    pass,
    applicable: true,
    assessed: true,
    on_fail: "KEEP AVAILABLE",
    rule: `mean(f1_buy(variant) − f1_buy(${u.baseline})) >= ${threshold}`,
    inputs: {
      baseline: u.baseline,
      n_pairs: u.n_pairs,
      ci: u.ci,
      per_crypto: u.per_crypto.map(({ crypto, n, mean_uplift }) => ({ crypto, n, mean_uplift })),
    },
    statistic: u.mean_uplift,
    statistic_name: "mean uplift",
    pvalue: null,
    pvalue_adj: null,
    threshold,
    reason,
  };
}
