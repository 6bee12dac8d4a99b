/**
 * SQL over the `results` table (one row per crypto, fold, variant) that reproduces the numbers the
 * gate engine (src/lib/gates/) computed for the Leakage, Uplift and Dossier pages, so a reader can
 * check them in Explore ("Show SQL"). The gate engine stays the one place the verdicts are
 * decided; these queries only recompute its inputs and plain statistics (means, variances,
 * differences), which test/unit/results-sql.test.ts checks against the engine. Bootstrap
 * intervals and t-tests are not SQL: the pages say so.
 */
import { quoteIdent, quoteLiteral } from "./quote.js";

export interface ResultsSqlOptions {
  /** Table holding the results rows (the Explore page's name). */
  table?: string;
}

/**
 * One metric of every results row, as the Results page's table and chart show it: `value` is the
 * column `metric`, rows in code-point order of crypto, then fold, then variant.
 */
export function resultsMetricSql(metric: string, opts: ResultsSqlOptions = {}): string {
  const t = opts.table ?? "results";
  return `SELECT crypto, fold, variant, ${quoteIdent(metric)} AS value
FROM ${t}
ORDER BY crypto, fold, variant`;
}

/**
 * The (crypto, fold) pairs of variant `a` against variant `b`: both f1_buy and their difference
 * `a − b`, the inputs of gate G6 (a = the leaky variant, b = its purged reference) and of the
 * uplift of `a` over the baseline `b`.
 */
export function pairedDifferencesSql(a: string, b: string, opts: ResultsSqlOptions & { labels?: [string, string] } = {}): string {
  const t = opts.table ?? "results";
  const [la, lb] = opts.labels ?? ["a", "b"];
  return `-- ${a} against ${b}, pair by pair (crypto, fold): f1_buy of each and the difference
SELECT x.crypto, x.fold,
       x.f1_buy AS f1_${la},
       y.f1_buy AS f1_${lb},
       x.f1_buy - y.f1_buy AS difference
FROM ${t} x
JOIN ${t} y USING (crypto, fold)
WHERE x.variant = ${quoteLiteral(a)} AND y.variant = ${quoteLiteral(b)}
ORDER BY x.crypto, x.fold`;
}

/** The leakage test's inputs: the leaky variant against its purged reference, pair by pair. */
export function leakagePairsSql(leaky: string, reference: string, opts: ResultsSqlOptions = {}): string {
  return pairedDifferencesSql(leaky, reference, { ...opts, labels: ["leaky", "reference"] });
}

/**
 * Mean f1_buy difference of `a` over `b`, pooled over every (crypto, fold) pair and per crypto
 * (scope = 'pooled' or the crypto): the means the leakage t-tests and the uplift gate test.
 */
export function meanDifferenceSql(a: string, b: string, opts: ResultsSqlOptions = {}): string {
  const t = opts.table ?? "results";
  return `-- Mean f1_buy difference ${a} − ${b}: pooled over (crypto, fold) pairs, then per crypto
WITH pairs AS (
  SELECT x.crypto, x.f1_buy - y.f1_buy AS difference
  FROM ${t} x
  JOIN ${t} y USING (crypto, fold)
  WHERE x.variant = ${quoteLiteral(a)} AND y.variant = ${quoteLiteral(b)}
)
SELECT coalesce(crypto, 'pooled') AS scope, count(*) AS pairs, avg(difference) AS mean_difference, stddev_samp(difference) AS sd_difference
FROM pairs
GROUP BY GROUPING SETS ((), (crypto))
ORDER BY crypto NULLS FIRST`;
}

/** Uplift of every variant over the baseline, pair by pair (the Uplift page's dots). */
export function upliftPairsSql(baseline: string, opts: ResultsSqlOptions = {}): string {
  const t = opts.table ?? "results";
  return `-- f1_buy uplift of each variant over ${baseline}, per (crypto, fold) pair
SELECT v.variant, v.crypto, v.fold,
       v.f1_buy AS f1_variant,
       b.f1_buy AS f1_baseline,
       v.f1_buy - b.f1_buy AS uplift
FROM ${t} v
JOIN ${t} b USING (crypto, fold)
WHERE b.variant = ${quoteLiteral(baseline)} AND v.variant <> ${quoteLiteral(baseline)}
ORDER BY v.variant, v.crypto, v.fold`;
}

/** Mean uplift of every variant over the baseline, pooled and per crypto (the Uplift page's means). */
export function upliftMeansSql(baseline: string, opts: ResultsSqlOptions = {}): string {
  return `-- Mean f1_buy uplift over ${baseline}: pooled (crypto = NULL) and per crypto
SELECT variant, crypto, count(*) AS pairs, avg(uplift) AS mean_uplift
FROM (
${upliftPairsSql(baseline, opts)}
)
GROUP BY GROUPING SETS ((variant), (variant, crypto))
ORDER BY variant, crypto NULLS FIRST`;
}

/**
 * Per variant, the statistics the Dossier's gates G1, G2, G3 and G5 compare with their
 * thresholds: the fewest BUY trades of a fold (G1), the mean uplift over the baseline (G2), the
 * largest per-crypto sample variance of f1_buy across folds (G3, without its regime half), the
 * largest per-crypto excess of mean max_drawdown over the baseline's (G5).
 */
export function gateStatisticsSql(baseline: string, opts: ResultsSqlOptions = {}): string {
  const t = opts.table ?? "results";
  const b = quoteLiteral(baseline);
  return `-- Per variant: the statistics of gates G1 (min BUY trades), G2 (mean uplift over ${baseline}),
-- G3 (largest fold variance of f1_buy over cryptos) and G5 (largest drawdown excess over ${baseline})
WITH per_crypto AS (
  SELECT variant, crypto, var_samp(f1_buy) AS fold_variance, avg(max_drawdown) AS mean_drawdown
  FROM ${t}
  GROUP BY variant, crypto
),
cells AS (
  SELECT r.variant, count(*) AS cells, min(r.n_buy_trades) AS min_buy_trades, avg(r.f1_buy - base.f1_buy) AS mean_uplift
  FROM ${t} r
  LEFT JOIN (SELECT crypto, fold, f1_buy FROM ${t} WHERE variant = ${b}) base USING (crypto, fold)
  GROUP BY r.variant
),
per_variant AS (
  SELECT p.variant, max(p.fold_variance) AS max_fold_variance, max(p.mean_drawdown - q.mean_drawdown) AS max_drawdown_excess
  FROM per_crypto p
  LEFT JOIN per_crypto q ON q.crypto = p.crypto AND q.variant = ${b}
  GROUP BY p.variant
)
SELECT variant, cells, min_buy_trades, mean_uplift, max_fold_variance, max_drawdown_excess
FROM cells
JOIN per_variant USING (variant)
ORDER BY variant`;
}
