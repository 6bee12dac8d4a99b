/**
 * The Explore page's example queries for one sweep. Every statistic comes from the SQL builder
 * that owns it (per-regime f1: sql/regime-f1.ts; missing bars: drift/quality.ts gapsSql; flag
 * counts: flagCountsSql; leakage pairs: sql/results.ts) — an example only selects, filters and joins around it.
 */
import { gapsSql, flagCountsSql } from "../drift/quality.js";
import { regimeRuleFor } from "../regimes.js";
import { regimeF1Sql } from "../sql/regime-f1.js";
import { leakagePairsSql } from "../sql/results.js";
import { quoteLiteral } from "../sql/quote.js";
import type { SweepConfig } from "../sweep.js";

export interface ExampleQuery {
  title: string;
  sql: string;
}

export type ExampleConfig = Pick<SweepConfig, "interval" | "train_start" | "train_end" | "btc_symbol" | "variants" | "baseline_variant" | "leakage_pair">;

/** The variant the per-regime example looks at: the leakage reference, else the first non-baseline one. */
export function exampleVariant(config: ExampleConfig): string {
  const { reference } = config.leakage_pair;
  if (config.variants.includes(reference)) return reference;
  return config.variants.find((v) => v !== config.baseline_variant) ?? config.baseline_variant;
}

/** Per-regime f1 of one variant, BTC regimes labelled from `ohlcvTable` (default: BTC closes only). */
export function regimeF1ExampleSql(config: ExampleConfig, variant = exampleVariant(config), ohlcvTable = "btc_ohlcv"): string {
  const inner = regimeF1Sql({ ...regimeRuleFor(config), btc_symbol: config.btc_symbol, ohlcv_table: ohlcvTable });
  return `-- Per-regime f1 of ${variant} (BTC trend regimes, DESIGN §4; the Stability page's query)
SELECT *
FROM (
${inner}
)
WHERE variant = ${quoteLiteral(variant)}`;
}

export function exampleQueries(config: ExampleConfig): ExampleQuery[] {
  const { leaky, reference } = config.leakage_pair;
  return [
    {
      title: "f1 by variant",
      sql: `-- Mean, spread and range of f1_buy over every (crypto, fold) of each variant
SELECT variant,
       count(*) AS cells,
       avg(f1_buy) AS mean_f1,
       stddev_samp(f1_buy) AS sd_f1,
       min(f1_buy) AS min_f1,
       max(f1_buy) AS max_f1
FROM results
GROUP BY variant
ORDER BY mean_f1 DESC`,
    },
    { title: `per-regime f1 (${exampleVariant(config)})`, sql: regimeF1ExampleSql(config) },
    { title: "leakage pairs", sql: leakagePairsSql(leaky, reference) },
    {
      title: "missing bars per symbol",
      sql: `-- Bars present and runs of missing ${config.interval} bars inside each symbol's span
SELECT o.symbol, o.bars, o.first_bar, o.last_bar,
       coalesce(g.gaps, 0) AS gaps,
       coalesce(g.missing_bars, 0) AS missing_bars,
       coalesce(g.longest_gap, 0) AS longest_gap_bars
FROM (SELECT symbol, count(*) AS bars, min(ts) AS first_bar, max(ts) AS last_bar FROM ohlcv GROUP BY symbol) o
LEFT JOIN (
  SELECT symbol, count(*) AS gaps, sum(bars) AS missing_bars, max(bars) AS longest_gap
  FROM (
${gapsSql("ohlcv", config.interval)}
  )
  GROUP BY symbol
) g USING (symbol)
ORDER BY missing_bars DESC, o.symbol`,
    },
    { title: "quality flags per reason", sql: `-- OHLCV quality flags per symbol and reason\n${flagCountsSql("quality_flags")}` },
    {
      title: "drift status per feature",
      sql: `-- Weekly KS drift windows per feature and status (ok / warn / critical), all symbols
SELECT feature, status, count(*) AS windows, min(ks_pvalue_adj) AS min_p_adjusted, max(psi) AS max_psi
FROM drift
GROUP BY feature, status
ORDER BY feature, status`,
    },
    {
      title: "correlation alerts",
      sql: `-- Bars whose rolling BTC correlation left the training window's control limits
SELECT symbol,
       count(*) FILTER (WHERE outside) AS bars_outside,
       count(*) FILTER (WHERE corr IS NOT NULL) AS bars_with_corr,
       min(ts) FILTER (WHERE outside) AS first_outside
FROM correlation
GROUP BY symbol
ORDER BY bars_outside DESC`,
    },
    { title: "summarize features", sql: "SUMMARIZE features" },
  ];
}
