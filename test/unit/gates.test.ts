/**
 * Gate engine: every gate at, just above and just below its threshold, verdict precedence,
 * threshold overrides. Boundary values are exactly representable in binary (0.125, 0.375, 2^-20)
 * so "exactly at the threshold" means exactly; the decimal cases show why the inclusive gates
 * carry a 1e-9 slack (see src/lib/gates/thresholds.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ResultRow } from "../../src/lib/results.ts";
import {
  COMPARISON_TOLERANCE,
  DEFAULT_THRESHOLDS,
  GateInputError,
  ThresholdError,
  assessLeakage,
  decideVerdict,
  decideVariantVerdict,
  evaluateGates,
  foldSdAtLimit,
  gateBelongsTo,
  gateDrawdown,
  gateSampleSize,
  gateSignificance,
  gateStability,
  gateUplift,
  resolveThresholds,
  significanceTests,
  summariseUplift,
  DEFAULT_BOOTSTRAP,
  GATE_IDS,
  type GateConfig,
  type GateResult,
  type GateSet,
  type PairedCell,
  type RegimeF1Row,
} from "../../src/lib/gates/index.ts";

const EPS = 2 ** -20; // far above the 1e-9 slack, exactly representable
const CRYPTOS = ["AAA", "BBB"];
const FOLDS = [1, 2, 3, 4];
const VARIANTS = ["none", "cand", "btc_full", "btc_full_purge0"];

function config(thresholds: Record<string, number> = {}): GateConfig {
  return {
    baseline_variant: "none",
    variants: VARIANTS,
    leakage_pair: { leaky: "btc_full_purge0", reference: "btc_full" },
    cryptos: null,
    thresholds,
  };
}

function row(crypto: string, fold: number, variant: string, over: Partial<ResultRow> = {}): ResultRow {
  return {
    crypto,
    fold,
    variant,
    f1_buy: 0.5,
    n_buy_trades: 100,
    precision_buy: null,
    recall_buy: null,
    max_drawdown: 0.25,
    purge_bars: null,
    n_features: null,
    feature_set: null,
    fold_start: null,
    fold_end: null,
    model_run_id: null,
    enrichment_config_sha256: null,
    n_samples: null,
    n_true_buy: null,
    feature_names: null,
    ...over,
  };
}

/** A full grid; `f` gives per-cell overrides. */
function grid(f: (crypto: string, fold: number, variant: string) => Partial<ResultRow> = () => ({})): ResultRow[] {
  const out: ResultRow[] = [];
  for (const v of VARIANTS) for (const c of CRYPTOS) for (const k of FOLDS) out.push(row(c, k, v, f(c, k, v)));
  return out;
}

function pairs(diffs: number[], base = 0.5): PairedCell[] {
  return diffs.map((d, i) => ({ crypto: CRYPTOS[i % 2], fold: Math.floor(i / 2) + 1, a: base + d, b: base, diff: base + d - base }));
}

/** The next double above a positive x. */
function nextUp(x: number): number {
  const f = new Float64Array([x]);
  const u = new BigInt64Array(f.buffer);
  u[0] += 1n;
  return f[0];
}

const T = DEFAULT_THRESHOLDS;

// ---------------------------------------------------------------- thresholds

test("thresholds: defaults are DESIGN §5", () => {
  assert.deepEqual(resolveThresholds(), {
    min_buy_trades: 50,
    min_uplift: 0.02,
    max_fold_variance: 0.05,
    max_regime_variance: 0.05,
    min_regime_buy_trades: 50,
    alpha_significance: 0.05,
    drawdown_tolerance: 0.01,
    alpha_leakage: 0.05,
  });
});

test("thresholds: overrides replace defaults, unknown keys and bad values are refused", () => {
  const t = resolveThresholds({ min_uplift: 0.03, alpha_leakage: 0.01 });
  assert.equal(t.min_uplift, 0.03);
  assert.equal(t.alpha_leakage, 0.01);
  assert.equal(t.min_buy_trades, 50);
  assert.throws(() => resolveThresholds({ min_uplfit: 0.03 }), (e: unknown) => e instanceof ThresholdError && e.key === "min_uplfit" && /unknown threshold "min_uplfit".*min_uplift/.test(e.message));
  assert.throws(() => resolveThresholds({ min_uplift: "0.03" }), /must be a finite number/);
  assert.throws(() => resolveThresholds({ min_uplift: Number.NaN }), /must be a finite number/);
  assert.throws(() => resolveThresholds({ alpha_leakage: 1 }), /must lie in \(0, 1\)/);
  assert.throws(() => resolveThresholds({ alpha_significance: 0 }), /must lie in \(0, 1\)/);
  assert.throws(() => resolveThresholds({ min_buy_trades: 49.5 }), /non-negative integer/);
  assert.throws(() => resolveThresholds({ max_fold_variance: -0.01 }), /must be >= 0/);
});

test("thresholds: sweep.json thresholds apply, page overrides win over them", () => {
  const results = grid((c, k, v) => (v === "cand" ? { n_buy_trades: 40 } : {}));
  const fromSweep = evaluateGates({ config: config({ min_buy_trades: 40 }), results, bootstrap: { iterations: 200 } });
  assert.equal(fromSweep.thresholds.min_buy_trades, 40);
  assert.equal(fromSweep.variants.find((v) => v.variant === "cand")!.gates.G1.pass, true);
  const fromPage = evaluateGates({ config: config({ min_buy_trades: 40 }), results, thresholds: { min_buy_trades: 41 }, bootstrap: { iterations: 200 } });
  assert.equal(fromPage.variants.find((v) => v.variant === "cand")!.gates.G1.pass, false);
  assert.throws(() => evaluateGates({ config: config({ bogus: 1 }), results }), ThresholdError);
});

// ---------------------------------------------------------------- G1

test("G1: n_buy_trades >= 50 passes at 50 and above, fails at 49", () => {
  const t = resolveThresholds();
  const rows = (n: number) => [row("AAA", 1, "cand", { n_buy_trades: 200 }), row("BBB", 2, "cand", { n_buy_trades: n })];
  assert.equal(gateSampleSize(rows(50), t).pass, true);
  assert.equal(gateSampleSize(rows(51), t).pass, true);
  const below = gateSampleSize(rows(49), t);
  assert.equal(below.pass, false);
  assert.equal(below.statistic, 49);
  assert.equal(below.threshold, 50);
  assert.deepEqual(below.inputs.failing, [{ crypto: "BBB", fold: 2, n_buy_trades: 49 }]);
  assert.match(below.reason, /1 of 2 \(crypto, fold\) cells have fewer than 50 BUY trades \(fewest: 49, BBB fold 2\)/);
});

// ---------------------------------------------------------------- G2

test("G2: mean uplift >= min_uplift, exactly at / just above / just below (dyadic values)", () => {
  const t = resolveThresholds({ min_uplift: 0.125 });
  const g = (d: number) => gateUplift(summariseUplift("none", CRYPTOS, pairs([d, d, d, d, d, d]), { ...DEFAULT_BOOTSTRAP, iterations: 100 }), t);
  const at = g(0.125);
  assert.equal(at.statistic, 0.125);
  assert.equal(at.pass, true);
  assert.equal(g(0.125 + EPS).pass, true);
  assert.equal(g(0.125 - EPS).pass, false);
});

test("G2: decimal inputs that print as 0.0200 pass; 2e-9 below does not", () => {
  const t = resolveThresholds();
  const boot = { ...DEFAULT_BOOTSTRAP, iterations: 100 };
  // 0.12 − 0.10 = 0.01999999999999999 in binary: the slack keeps it at the threshold.
  const cells: PairedCell[] = [{ crypto: "AAA", fold: 1, a: 0.12, b: 0.1, diff: 0.12 - 0.1 }];
  assert.ok(cells[0].diff < 0.02);
  assert.equal(gateUplift(summariseUplift("none", ["AAA"], cells, boot), t).pass, true);
  const below: PairedCell[] = [{ crypto: "AAA", fold: 1, a: 0.52 - 2e-9, b: 0.5, diff: 0.02 - 2e-9 }];
  assert.equal(gateUplift(summariseUplift("none", ["AAA"], below, boot), t).pass, false);
  assert.equal(COMPARISON_TOLERANCE, 1e-9);
});

test("G2: uplift summary carries per-crypto means and a deterministic bootstrap CI", () => {
  const diffs = [0.01, 0.05, 0.02, 0.04, 0.03, 0.06, -0.01, 0.02];
  const boot = { level: 0.9, iterations: 2000, seed: 11 };
  const u1 = summariseUplift("none", CRYPTOS, pairs(diffs), boot);
  const u2 = summariseUplift("none", CRYPTOS, pairs(diffs), boot);
  assert.deepEqual(u1, u2);
  assert.ok(Math.abs(u1.mean_uplift - 0.0275) < 1e-15);
  assert.ok(u1.ci.low! <= u1.mean_uplift && u1.mean_uplift <= u1.ci.high!);
  assert.equal(u1.ci.level, 0.9);
  assert.deepEqual(
    u1.per_crypto.map((c) => [c.crypto, c.n]),
    [
      ["AAA", 4],
      ["BBB", 4],
    ],
  );
  assert.ok(Math.abs(u1.per_crypto[0].mean_uplift - (0.01 + 0.02 + 0.03 - 0.01) / 4) < 1e-15);
  // iterations 0: no resampling, no interval, same mean (pages that only need the verdict)
  const u0 = summariseUplift("none", CRYPTOS, pairs(diffs), { ...boot, iterations: 0 });
  assert.equal(u0.mean_uplift, u1.mean_uplift);
  assert.equal(u0.ci.low, null);
  assert.equal(u0.per_crypto[0].ci.high, null);
});

// ---------------------------------------------------------------- G3

const foldRows = (aaa: number[], bbb: number[] = [0.5, 0.5]) => [
  ...aaa.map((f1, i) => row("AAA", i + 1, "cand", { f1_buy: f1 })),
  ...bbb.map((f1, i) => row("BBB", i + 1, "cand", { f1_buy: f1 })),
];

test("G3: fold variance (ddof=1) <= max_fold_variance, exactly at / just above / just below", () => {
  const t = resolveThresholds({ max_fold_variance: 0.125 });
  // [0, 0.5]: mean 0.25, sample variance (0.0625 + 0.0625) / 1 = 0.125 exactly.
  const at = gateStability(CRYPTOS, foldRows([0, 0.5]), null, t);
  assert.equal(at.statistic, 0.125);
  assert.equal(at.pass, true);
  assert.equal(gateStability(CRYPTOS, foldRows([0, 0.5 - EPS]), null, t).pass, true);
  const above = gateStability(CRYPTOS, foldRows([0, 0.5 + EPS]), null, t);
  assert.equal(above.pass, false);
  assert.equal(above.assessed, true);
  assert.match(above.reason, /^Fold variance of f1_buy exceeds 0\.1250 in 1 of 2 cryptos \(worst AAA: 0\.1250\)/);
});

test("G3: default 0.05 on a hand-computed case", () => {
  const t = resolveThresholds();
  // [0.2, 0.4, 0.6, 0.8]: mean 0.5, Σd² = 0.2, / 3 = 0.0667 > 0.05
  const g = gateStability(CRYPTOS, [...foldRows([0.2, 0.4]), row("AAA", 3, "cand", { f1_buy: 0.6 }), row("AAA", 4, "cand", { f1_buy: 0.8 })], null, t);
  assert.ok(Math.abs((g.statistic as number) - 0.2 / 3) < 1e-15);
  assert.equal(g.pass, false);
  // [0.3, 0.5, 0.7]: Σd² = 0.08, / 2 = 0.04 <= 0.05
  const ok = gateStability(CRYPTOS, [...foldRows([0.3, 0.5]), row("AAA", 3, "cand", { f1_buy: 0.7 })], null, t);
  assert.equal(ok.pass, true);
});

test("G3: fewer than 2 folds is not assessed (and fails without being ABANDON)", () => {
  const g = gateStability(CRYPTOS, foldRows([0.5], [0.5]), null, resolveThresholds());
  assert.equal(g.pass, false);
  assert.equal(g.assessed, false);
  assert.match(g.reason, /fewer than 2 folds/);
});

function regimeRow(crypto: string, regime: string, f1: number | null, n_pred_buy = 100): RegimeF1Row {
  return { variant: "cand", crypto, regime, n_bars: 1000, n_pred_buy, n_true_buy: 100, tp: 0, fp: 0, fn: 0, f1 };
}

test("G3: regime variance <= max_regime_variance, exactly at / just above / just below", () => {
  const t = resolveThresholds({ max_regime_variance: 0.125 });
  const stable = foldRows([0.5, 0.5]);
  const regimes = (hi: number) => [regimeRow("AAA", "bear", 0.25), regimeRow("AAA", "bull", hi), regimeRow("BBB", "bull", 0.5), regimeRow("BBB", "range", 0.5)];
  // [0.25, 0.75]: sample variance 0.125 exactly
  const at = gateStability(CRYPTOS, stable, regimes(0.75), t);
  assert.equal(at.pass, true);
  assert.equal((at.inputs.regimes as { max_variance: number }).max_variance, 0.125);
  assert.equal(gateStability(CRYPTOS, stable, regimes(0.75 - EPS), t).pass, true);
  const above = gateStability(CRYPTOS, stable, regimes(0.75 + EPS), t);
  assert.equal(above.pass, false);
  assert.equal(above.assessed, true);
  assert.match(above.reason, /per-regime f1 variance exceeds 0\.1250 in 1 of 2 assessed cryptos \(worst AAA/);
});

test("G3: regimes below min_regime_buy_trades, with undefined f1 or unknown stay out", () => {
  const t = resolveThresholds({ max_regime_variance: 0.125 });
  const stable = foldRows([0.5, 0.5]);
  const rows = [
    regimeRow("AAA", "bear", 0.25),
    regimeRow("AAA", "bull", 0.25),
    regimeRow("AAA", "range", 1, 49), // thin: excluded
    regimeRow("AAA", "unknown", 1), // warm-up: excluded
    regimeRow("AAA", "zzz", null), // 0/0: excluded
    regimeRow("BBB", "bull", 1), // only one regime: not assessed
  ];
  const g = gateStability(CRYPTOS, stable, rows, t);
  assert.equal(g.pass, true);
  const per = (g.inputs.regimes as { per_crypto: Array<{ crypto: string; variance: number | null; pass: boolean | null; regimes: Array<{ regime: string; included: boolean }> }> }).per_crypto;
  assert.equal(per[0].variance, 0);
  assert.deepEqual(
    per[0].regimes.map((r) => [r.regime, r.included]),
    [
      ["bear", true],
      ["bull", true],
      ["range", false],
      ["unknown", false],
      ["zzz", false],
    ],
  );
  assert.equal(per[1].pass, null);
  // at exactly 50 predicted BUYs the regime counts
  const g50 = gateStability(CRYPTOS, stable, [regimeRow("AAA", "bear", 0), regimeRow("AAA", "bull", 1, 50)], t);
  assert.equal(g50.pass, false);
});

// ---------------------------------------------------------------- G4

// scipy.stats.ttest_rel([.5,.6,.7,.55], [.45,.52,.66,.53], alternative="greater")
const SCIPY_T = 3.8000000000000003;
const SCIPY_P = 0.01600229453131942;
const sigPairs: PairedCell[] = [
  [0.5, 0.45],
  [0.6, 0.52],
  [0.7, 0.66],
  [0.55, 0.53],
].map(([a, b], i) => ({ crypto: CRYPTOS[i % 2], fold: i + 1, a, b, diff: a - b }));

test("G4: one-sided paired t-test matches scipy; p = alpha fails, p just below alpha passes", () => {
  const tests = significanceTests(new Map([["cand", sigPairs]]), resolveThresholds());
  const x = tests.get("cand")!;
  assert.ok(Math.abs(x.statistic! - SCIPY_T) <= 1e-12 * SCIPY_T);
  assert.ok(Math.abs(x.pvalue! - SCIPY_P) <= 1e-9 * SCIPY_P);
  assert.equal(x.pvalue_adj, x.pvalue); // a family of one
  const p = x.pvalue_adj!;
  assert.equal(gateSignificance(x, "none", 1, resolveThresholds({ alpha_significance: p })).pass, false);
  assert.equal(gateSignificance(x, "none", 1, resolveThresholds({ alpha_significance: nextUp(p) })).pass, true);
  assert.equal(gateSignificance(x, "none", 1, resolveThresholds({ alpha_significance: 0.01 })).pass, false);
  const g = gateSignificance(x, "none", 1, resolveThresholds());
  assert.equal(g.pass, true);
  assert.match(g.reason, /t = 3\.800, p = 0\.0160, BH-adjusted over 1 variants p = 0\.0160, below α = 0\.05/);
  // power: statsmodels TTestPower().solve_power(nobs=4, alpha=.05, power=.8, alternative="larger") * sd
  const power = g.inputs.power as { min_detectable_mean_diff: number };
  assert.ok(Math.abs(power.min_detectable_mean_diff - 0.04124311436598325) < 1e-6);
});

test("G4: BH across the non-baseline variants (statsmodels fdr_bh)", () => {
  const strong = sigPairs.map((c) => ({ ...c, a: c.a + 0.02, diff: c.a + 0.02 - c.b }));
  const flat = sigPairs.map((c, i) => ({ ...c, a: c.b + [0.01, -0.01, 0.02, -0.015][i], diff: [0.01, -0.01, 0.02, -0.015][i] }));
  const tests = significanceTests(
    new Map([
      ["cand", sigPairs],
      ["strong", strong],
      ["flat", flat],
    ]),
    resolveThresholds(),
  );
  const p = ["cand", "strong", "flat"].map((v) => tests.get(v)!.pvalue!);
  const adj = ["cand", "strong", "flat"].map((v) => tests.get(v)!.pvalue_adj!);
  // BH by hand for 3 tests: sort ascending, p_(i)·3/i, then running minimum from the top.
  const order = [0, 1, 2].sort((i, j) => p[i] - p[j]);
  const byRank = order.map((i, r) => (p[i] * 3) / (r + 1));
  for (let r = 1; r >= 0; r--) byRank[r] = Math.min(byRank[r], byRank[r + 1]);
  order.forEach((i, r) => assert.ok(Math.abs(adj[i] - Math.min(1, byRank[r])) < 1e-15));
});

test("G4: all-zero differences give an undefined test that fails and leaves the family", () => {
  const zero = sigPairs.map((c) => ({ ...c, a: c.b, diff: 0 }));
  const tests = significanceTests(
    new Map([
      ["cand", sigPairs],
      ["same", zero],
    ]),
    resolveThresholds(),
  );
  assert.equal(tests.get("same")!.pvalue, null);
  assert.equal(tests.get("cand")!.pvalue_adj, tests.get("cand")!.pvalue);
  const g = gateSignificance(tests.get("same")!, "none", 1, resolveThresholds());
  assert.equal(g.pass, false);
  assert.match(g.reason, /every paired difference is zero/);
});

// ---------------------------------------------------------------- G5

test("G5: mean drawdown <= baseline + tolerance, exactly at / just above / just below", () => {
  const t = resolveThresholds({ drawdown_tolerance: 0.125 });
  const base = [row("AAA", 1, "none", { max_drawdown: 0.25 }), row("AAA", 2, "none", { max_drawdown: 0.25 }), row("BBB", 1, "none"), row("BBB", 2, "none")];
  const cand = (dd: number) => [row("AAA", 1, "cand", { max_drawdown: dd }), row("AAA", 2, "cand", { max_drawdown: dd }), row("BBB", 1, "cand"), row("BBB", 2, "cand")];
  const at = gateDrawdown(CRYPTOS, cand(0.375), base, "none", t);
  assert.equal(at.pass, true);
  assert.equal(at.statistic, 0.125);
  assert.equal(gateDrawdown(CRYPTOS, cand(0.375 - EPS), base, "none", t).pass, true);
  const above = gateDrawdown(CRYPTOS, cand(0.375 + EPS), base, "none", t);
  assert.equal(above.pass, false);
  assert.match(above.reason, /exceeds none by more than 0\.1250 in 1 of 2 cryptos \(worst AAA: 0\.3750 vs 0\.2500/);
  // decimal: 0.26 vs 0.25 + 0.01 passes with the default tolerance
  const dec = gateDrawdown(CRYPTOS, cand(0.26), base, "none", resolveThresholds());
  assert.equal(dec.pass, true);
});

test("G5: a missing max_drawdown means not assessed, and the gate fails", () => {
  const base = [row("AAA", 1, "none"), row("BBB", 1, "none", { max_drawdown: null })];
  const g = gateDrawdown(CRYPTOS, [row("AAA", 1, "cand"), row("BBB", 1, "cand")], base, "none", resolveThresholds());
  assert.equal(g.pass, false);
  assert.equal(g.assessed, false);
  assert.match(g.reason, /max_drawdown is missing for 1 cell/);
});

// ---------------------------------------------------------------- G6

function leakCells(diffsA: number[], diffsB: number[]): PairedCell[] {
  const out: PairedCell[] = [];
  diffsA.forEach((d, i) => out.push({ crypto: "AAA", fold: i + 1, a: 0.5 + d, b: 0.5, diff: 0.5 + d - 0.5 }));
  diffsB.forEach((d, i) => out.push({ crypto: "BBB", fold: i + 1, a: 0.5 + d, b: 0.5, diff: 0.5 + d - 0.5 }));
  return out;
}

test("G6: pooled + per-crypto tests, BH over the family; adjusted p = alpha is not suspected, just below is", () => {
  const cells = leakCells([0.05, 0.08, 0.04, 0.06], [0.01, -0.02, 0.015, 0.0]);
  const r = assessLeakage("btc_full_purge0", "btc_full", CRYPTOS, cells, resolveThresholds());
  assert.deepEqual(
    r.tests.map((x) => [x.scope, x.n]),
    [
      ["pooled", 8],
      ["AAA", 4],
      ["BBB", 4],
    ],
  );
  assert.equal(r.family_size, 3);
  const adjs = r.tests.map((x) => x.pvalue_adj!);
  const minAdj = Math.min(...adjs);
  assert.equal(r.deciding_scope, "AAA");
  assert.equal(r.suspected, minAdj < 0.05);
  assert.equal(assessLeakage("btc_full_purge0", "btc_full", CRYPTOS, cells, resolveThresholds({ alpha_leakage: minAdj })).suspected, false);
  assert.equal(assessLeakage("btc_full_purge0", "btc_full", CRYPTOS, cells, resolveThresholds({ alpha_leakage: nextUp(minAdj) })).suspected, true);
  // the BH step by hand: the per-crypto AAA p times 3 / rank, capped by the ranks above
  const raw = r.tests.map((x) => x.pvalue!);
  const order = [0, 1, 2].sort((i, j) => raw[i] - raw[j]);
  const scaled = order.map((i, k) => (raw[i] * 3) / (k + 1));
  for (let k = 1; k >= 0; k--) scaled[k] = Math.min(scaled[k], scaled[k + 1]);
  order.forEach((i, k) => assert.ok(Math.abs(adjs[i] - Math.min(1, scaled[k])) < 1e-15));
});

test("G6: no leakage when the leaky variant does not beat the reference; power is reported", () => {
  const cells = leakCells([0.01, -0.01, 0.005, -0.004], [-0.01, 0.012, 0.0, -0.003]);
  const r = assessLeakage("btc_full_purge0", "btc_full", CRYPTOS, cells, resolveThresholds());
  assert.equal(r.suspected, false);
  assert.ok(r.power.pooled_mde! > 0);
  assert.equal(r.power.per_crypto_mde.length, 2);
  assert.match(r.reason, /^No leakage detected: btc_full_purge0 does not beat btc_full/);
  assert.match(r.reason, /would detect a pooled leak of \+0\.\d{4} f1 with 80% power/);
});

// ---------------------------------------------------------------- verdict

function gate(id: (typeof GATE_IDS)[number], pass: boolean, assessed = true): GateResult {
  return {
    gate: id,
    name: id,
    pass,
    applicable: true,
    assessed,
    on_fail: "KEEP AVAILABLE",
    rule: "",
    inputs: {},
    statistic: null,
    statistic_name: "",
    pvalue: null,
    pvalue_adj: null,
    threshold: 0,
    reason: `${id} ${pass ? "passes" : "fails"}.`,
  };
}

function gates(fail: Partial<Record<(typeof GATE_IDS)[number], "fail" | "unassessed">> = {}): GateSet {
  const out = {} as GateSet;
  for (const id of GATE_IDS) out[id] = gate(id, !fail[id], fail[id] !== "unassessed");
  return out;
}

test("verdict precedence: G6/G3 → ABANDON, then G1 → INSUFFICIENT EVIDENCE, all → LOCK, else KEEP", () => {
  assert.equal(decideVerdict(gates()).verdict, "LOCK CANDIDATE");
  assert.equal(decideVerdict(gates({ G6: "fail", G1: "fail", G2: "fail" })).verdict, "ABANDON");
  assert.deepEqual(decideVerdict(gates({ G6: "fail", G3: "fail" })).deciding_gates, ["G6"]);
  assert.equal(decideVerdict(gates({ G3: "fail", G1: "fail" })).verdict, "ABANDON");
  assert.deepEqual(decideVerdict(gates({ G3: "fail", G1: "fail" })).deciding_gates, ["G3"]);
  assert.equal(decideVerdict(gates({ G1: "fail", G2: "fail", G4: "fail" })).verdict, "INSUFFICIENT EVIDENCE");
  assert.equal(decideVerdict(gates({ G3: "unassessed" })).verdict, "INSUFFICIENT EVIDENCE");
  for (const g of ["G2", "G4", "G5"] as const) assert.equal(decideVerdict(gates({ [g]: "fail" })).verdict, "KEEP AVAILABLE");
  assert.equal(decideVerdict(gates({ G5: "unassessed" })).verdict, "KEEP AVAILABLE");
  const keep = decideVerdict(gates({ G2: "fail", G5: "fail" }));
  assert.deepEqual(keep.failing_gates, ["G2", "G5"]);
  assert.match(keep.reason, /G2 G2: G2 fails\. G5 G5: G5 fails\./);
});

test("the leakage control is CONTROL whatever its gates say, unless the track is abandoned (G6)", () => {
  const lockable = decideVariantVerdict(gates(), "control");
  assert.equal(lockable.verdict, "CONTROL");
  assert.equal(lockable.gates_verdict, "LOCK CANDIDATE");
  assert.deepEqual(lockable.deciding_gates, []);
  assert.match(lockable.reason, /never promotable.*LOCK CANDIDATE/);
  for (const fail of [{ G2: "fail" }, { G1: "fail" }, { G3: "fail" }] as const) {
    const d = decideVariantVerdict(gates(fail), "control");
    assert.equal(d.verdict, "CONTROL");
    assert.equal(d.gates_verdict, decideVerdict(gates(fail)).verdict);
    assert.deepEqual(d.failing_gates, decideVerdict(gates(fail)).failing_gates, "its failing gates are still reported");
  }
  const abandoned = decideVariantVerdict(gates({ G6: "fail" }), "control");
  assert.equal(abandoned.verdict, "ABANDON");
  assert.deepEqual(abandoned.deciding_gates, ["G6"]);
  // a candidate's verdict is exactly decideVerdict's
  assert.equal(decideVariantVerdict(gates({ G2: "fail" }), "candidate").verdict, "KEEP AVAILABLE");
});

test("G6 belongs to the track: the baseline has no G6 (nor G2/G4/G5) of its own", () => {
  const g = gates();
  assert.equal(gateBelongsTo("baseline", g.G6), false);
  assert.equal(gateBelongsTo("baseline", g.G1), true);
  assert.equal(gateBelongsTo("control", g.G6), true);
  assert.equal(gateBelongsTo("candidate", { ...g.G2, applicable: false }), false);
});

// ---------------------------------------------------------------- the engine end to end

test("engine: a clean sweep gives BASELINE, LOCK CANDIDATE and KEEP AVAILABLE as built", () => {
  const up = [0.03, 0.05, 0.04, 0.06];
  const results = grid((c, k, v) => {
    const j = k - 1 + (c === "BBB" ? 1 : 0);
    if (v === "cand") return { f1_buy: 0.5 + up[j % 4] };
    if (v === "btc_full") return { f1_buy: 0.5 + [0.01, -0.01, 0.0, 0.005][j % 4] };
    if (v === "btc_full_purge0") return { f1_buy: 0.5 + [0.0, -0.005, 0.01, -0.01][j % 4] };
    return {};
  });
  const r = evaluateGates({ config: config(), results, bootstrap: { iterations: 500 } });
  assert.equal(r.track_verdict, "PROCEED");
  assert.equal(r.leakage.suspected, false);
  assert.deepEqual(r.cryptos, CRYPTOS);
  assert.deepEqual(r.folds, FOLDS);
  const by = Object.fromEntries(r.variants.map((v) => [v.variant, v]));
  assert.equal(by.none.verdict, "BASELINE");
  assert.equal(by.none.gates.G2.pass, null);
  assert.equal(by.none.gates.G2.applicable, false);
  assert.equal(by.cand.verdict, "LOCK CANDIDATE");
  assert.equal(by.btc_full.verdict, "KEEP AVAILABLE");
  assert.equal(by.btc_full_purge0.verdict, "CONTROL", "the leaky side of leakage_pair is the control");
  assert.equal(by.btc_full_purge0.role, "control");
  assert.equal(typeof by.btc_full_purge0.gates.G2.pass, "boolean", "the control's gates are still computed");
  assert.deepEqual([by.none.role, by.cand.role], ["baseline", "candidate"]);
  assert.ok(by.btc_full.failing_gates.includes("G2"));
  for (const v of r.variants) for (const id of GATE_IDS) assert.equal(v.gates[id].gate, id);
  assert.equal(by.cand.gates.G4.inputs.family_size, 3);
  assert.doesNotThrow(() => JSON.stringify(r));
});

test("engine: leakage abandons the whole track, including an otherwise lockable variant", () => {
  const results = grid((c, k, v) => {
    if (v === "cand") return { f1_buy: 0.5 + [0.03, 0.05, 0.04, 0.06][k - 1] };
    if (v === "btc_full_purge0") return { f1_buy: 0.6 + [0.01, 0.02, 0.0, 0.015][k - 1] };
    return {};
  });
  const r = evaluateGates({ config: config(), results, bootstrap: { iterations: 200 } });
  assert.equal(r.leakage.suspected, true);
  assert.equal(r.track_verdict, "ABANDON");
  for (const v of r.variants.filter((x) => x.variant !== "none")) {
    assert.equal(v.verdict, "ABANDON");
    assert.equal(v.gates.G6.pass, false);
  }
});

test("engine: bad grids and missing roles are refused with the cells named", () => {
  const full = grid();
  assert.throws(() => evaluateGates({ config: config(), results: full.slice(1) }), (e: unknown) => e instanceof GateInputError && /missing \(crypto\/fold\/variant\): AAA\/fold 1\/none/.test(e.message));
  assert.throws(() => evaluateGates({ config: config(), results: [...full, full[0]] }), /duplicate result row for crypto AAA, fold 1, variant none/);
  assert.throws(() => evaluateGates({ config: config(), results: [...full, row("AAA", 1, "mystery")] }), /variants not declared in sweep.json: mystery/);
  assert.throws(() => evaluateGates({ config: { ...config(), baseline_variant: "base" }, results: full }), /baseline variant "base" is not among/);
});

test("foldSdAtLimit: G3's variance limit as a standard deviation of f1_buy", () => {
  assert.ok(Math.abs(foldSdAtLimit(DEFAULT_THRESHOLDS.max_fold_variance) - 0.2236067977) < 1e-9);
  assert.equal(foldSdAtLimit(0.04), 0.2);
  assert.equal(foldSdAtLimit(0), 0);
});
