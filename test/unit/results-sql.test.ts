/**
 * src/lib/sql/results.ts, the "Show SQL" of the Leakage, Uplift and Dossier pages, run in native
 * DuckDB over a random results table, gives the numbers the gate engine (src/lib/gates/) computes
 * from the same rows: the leakage pairs and mean differences, the uplift pairs and means, and per
 * variant the statistics of G1, G2, G3 (fold part) and G5.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { evaluateGates, type GateConfig } from "../../src/lib/gates/index.ts";
import type { ResultRow } from "../../src/lib/results.ts";
import { gateStatisticsSql, leakagePairsSql, meanDifferenceSql, resultsMetricSql, upliftMeansSql, upliftPairsSql } from "../../src/lib/sql/results.ts";
import { quoteDouble, quoteInteger, quoteLiteral } from "../../src/lib/sql/quote.ts";
// the project's seeded generator (mulberry32): the test's rows are the same on every run
import { rng } from "../../loaders/features/synthetic.ts";

const CRYPTOS = ["ADAUSDT", "ETHUSDT", "SOLUSDT"];
const config: GateConfig = {
  baseline_variant: "none",
  variants: ["none", "btc_full", "btc_full_purge0", "btc_ret_only"],
  leakage_pair: { leaky: "btc_full_purge0", reference: "btc_full" },
  cryptos: CRYPTOS,
  thresholds: {},
} as unknown as GateConfig;

function rows(): ResultRow[] {
  const r = rng(15);
  const out: ResultRow[] = [];
  for (const crypto of CRYPTOS)
    for (let fold = 1; fold <= 5; fold++)
      for (const variant of config.variants)
        out.push({
          crypto,
          fold,
          variant,
          f1_buy: 0.3 + 0.2 * r(),
          n_buy_trades: 20 + Math.floor(80 * r()),
          precision_buy: null,
          recall_buy: null,
          max_drawdown: 0.05 + 0.1 * r(),
        } as ResultRow);
  return out;
}

describe("results SQL against the gate engine", () => {
  let conn: DuckDBConnection;
  const data = rows();
  const report = evaluateGates({ config, results: data, bootstrap: { iterations: 0 } });
  const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  const close = (a: unknown, b: unknown, what: string) => assert.ok(Math.abs(Number(a) - Number(b)) < 1e-12, `${what}: ${a} vs ${b}`);

  before(async () => {
    conn = await (await DuckDBInstance.create(":memory:")).connect();
    await conn.run("CREATE TABLE results (crypto VARCHAR, fold INTEGER, variant VARCHAR, f1_buy DOUBLE, n_buy_trades BIGINT, max_drawdown DOUBLE)");
    const values = data.map((d) => `(${quoteLiteral(d.crypto)}, ${quoteInteger(d.fold)}, ${quoteLiteral(d.variant)}, ${quoteDouble(d.f1_buy)}, ${quoteInteger(d.n_buy_trades)}, ${quoteDouble(d.max_drawdown!)})`);
    await conn.run(`INSERT INTO results VALUES ${values.join(", ")}`);
  });
  after(() => conn?.closeSync());

  test("the Results page's metric query: every row, the metric as value, in code-point order", async () => {
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const expected = [...data].sort((a, b) => cmp(a.crypto, b.crypto) || a.fold - b.fold || cmp(a.variant, b.variant));
    for (const metric of ["f1_buy", "n_buy_trades", "max_drawdown"] as const) {
      const got = await q(resultsMetricSql(metric));
      assert.deepEqual(got.map((g) => [g.crypto, g.fold, g.variant]), expected.map((e) => [e.crypto, e.fold, e.variant]));
      got.forEach((g, i) => close(g.value, expected[i][metric], `${metric} row ${i}`));
    }
    // The column is quoted as an identifier: a name that is not a column is an error, never SQL.
    await assert.rejects(q(resultsMetricSql("f1_buy; DROP TABLE results")));
  });

  test("leakage: the pairs and their mean differences are the t-tests' inputs", async () => {
    const pairs = await q(leakagePairsSql("btc_full_purge0", "btc_full"));
    assert.equal(pairs.length, report.leakage.differences.length);
    const byKey = new Map(report.leakage.differences.map((d) => [`${d.crypto}/${d.fold}`, d]));
    for (const p of pairs) close(p.difference, byKey.get(`${p.crypto}/${p.fold}`)!.diff, `pair ${p.crypto}/${p.fold}`);
    assert.deepEqual(Object.keys(pairs[0]), ["crypto", "fold", "f1_leaky", "f1_reference", "difference"]);
    const means = await q(meanDifferenceSql("btc_full_purge0", "btc_full"));
    assert.deepEqual(means.map((m) => m.scope), ["pooled", ...CRYPTOS]);
    for (const m of means) {
      const t = report.leakage.tests.find((x) => x.scope === m.scope);
      assert.ok(t, `a test for scope ${m.scope}`);
      close(m.mean_difference, t.mean_diff, `mean difference ${m.scope}`);
      close(m.sd_difference, t.sd_diff, `sd ${m.scope}`);
    }
  });

  test("uplift: pairs and means per variant, pooled and per crypto", async () => {
    const pairs = await q(upliftPairsSql("none"));
    assert.equal(pairs.length, (config.variants.length - 1) * CRYPTOS.length * 5);
    const means = await q(upliftMeansSql("none"));
    for (const v of report.variants.filter((x) => x.uplift)) {
      const pooled = means.find((m) => m.variant === v.variant && m.crypto === null);
      close(pooled?.mean_uplift, v.uplift!.mean_uplift, `pooled uplift ${v.variant}`);
      for (const c of v.uplift!.per_crypto) close(means.find((m) => m.variant === v.variant && m.crypto === c.crypto)?.mean_uplift, c.mean_uplift, `uplift ${v.variant} ${c.crypto}`);
    }
  });

  test("dossier: G1, G2, G3 (folds) and G5 statistics per variant", async () => {
    const stats = await q(gateStatisticsSql("none"));
    assert.deepEqual(stats.map((s) => s.variant), [...config.variants].sort());
    for (const v of report.variants) {
      const s = stats.find((x) => x.variant === v.variant)!;
      assert.equal(Number(s.cells), CRYPTOS.length * 5);
      assert.equal(Number(s.min_buy_trades), v.gates.G1.statistic, `G1 ${v.variant}`);
      close(s.max_fold_variance, v.gates.G3.statistic, `G3 ${v.variant}`);
      if (v.variant === "none") continue;
      close(s.mean_uplift, v.gates.G2.statistic, `G2 ${v.variant}`);
      close(s.max_drawdown_excess, v.gates.G5.statistic, `G5 ${v.variant}`);
    }
  });
});
