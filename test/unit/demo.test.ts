/**
 * Pieces of the demo generator: the PRNG's pinned stream (cross-platform determinism), the
 * metric and label formulas on hand-computed cases, the fold calendar, the kline line format,
 * and the statistical shape of the simulated market.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_SPAN, foldWindows, validateSpan } from "../../loaders/demo/calendar.ts";
import { computeLabels, LABEL_HORIZON } from "../../loaders/demo/labels.ts";
import { simulateMarket } from "../../loaders/demo/market.ts";
import { buyMetrics, confusion, sleeveMaxDrawdown } from "../../loaders/demo/metrics.ts";
import { Rng } from "../../loaders/demo/prng.ts";
import { variantSkill } from "../../loaders/demo/scenarios.ts";

const DAY = 86_400_000;

test("Rng: pinned sfc32 stream (any change here changes every demo byte: bump GENERATOR_VERSION)", () => {
  const r = new Rng(7, "market/BTCUSDC");
  assert.deepEqual([r.nextUint32(), r.nextUint32(), r.nextUint32(), r.nextUint32()], [2953101999, 3159228514, 1077552375, 3658784270]);
  const q = new Rng(7, "golden");
  assert.deepEqual([q.uniform(), q.normal(), q.normal(), q.studentT(5)], [0.07017395234520307, 0.24407027373266202, 0.34572673615095934, 2.4035261109344637]);
  assert.equal(new Rng(2 ** 40 + 7, "golden").nextUint32(), 3952251015, "seeds above 2^32 are not folded onto small ones");
  assert.notEqual(new Rng(7, "a").nextUint32(), new Rng(7, "b").nextUint32(), "labels select independent streams");
});

test("Rng: normal and unit-variance Student-t moments", () => {
  const r = new Rng(1, "moments");
  const n = 200_000;
  for (const draw of [() => r.normal(), () => r.studentT(5)]) {
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const x = draw();
      s1 += x;
      s2 += x * x;
      s4 += x ** 4;
    }
    assert.ok(Math.abs(s1 / n) < 0.01, "mean ≈ 0");
    assert.ok(Math.abs(s2 / n - 1) < 0.03, `variance ≈ 1 (got ${s2 / n})`);
    assert.ok(s4 / n / (s2 / n) ** 2 > 2.8, "kurtosis ≥ normal's");
  }
});

test("metrics: confusion counts, f1/precision/recall, zero division", () => {
  const c = confusion([1, 1, 0, 0, 1, 0], [1, 0, 1, 0, 1, 1]);
  assert.deepEqual(c, { tp: 2, fp: 2, fn: 1, tn: 1 });
  const m = buyMetrics(c);
  assert.equal(m.f1_buy, 4 / 7);
  assert.equal(m.precision_buy, 0.5);
  assert.equal(m.recall_buy, 2 / 3);
  assert.deepEqual([m.n_buy_trades, m.n_true_buy, m.n_samples], [4, 3, 6]);
  const none = buyMetrics(confusion([0, 0], [0, 0]));
  assert.deepEqual([none.f1_buy, none.precision_buy, none.recall_buy], [0, null, null]);
});

test("metrics: 1/h-sleeve max drawdown on a hand-computed path", () => {
  // h = 2: equity 1 → 1.05 → 0.945 → 0.99225 → 0.893025; peak 1.05 → drawdown 1 − 0.893025/1.05.
  const mdd = sleeveMaxDrawdown([0.1, -0.2, 0.1, -0.2], 2);
  assert.ok(Math.abs(mdd - (1 - 0.893025 / 1.05)) < 1e-15);
  assert.equal(sleeveMaxDrawdown([], 12), 0);
  assert.equal(sleeveMaxDrawdown([0.1, 0.2], 12), 0);
  assert.ok(Math.abs(sleeveMaxDrawdown([-0.12], 12) - 0.01) < 1e-15, "a first losing trade counts against the start");
});

test("labels: vol-scaled forward-return rule, no label across missing bars", () => {
  // Returns alternate ±1%: σ_t = 0.01 exactly; the 12-bar forward return is 0 or a planted jump.
  const n = 400;
  const closes = new Float64Array(n);
  closes[0] = 100;
  for (let i = 1; i < n; i++) closes[i] = closes[i - 1] * Math.exp(i % 2 ? 0.01 : -0.01);
  const jumpAt = 300;
  for (let i = jumpAt; i < n; i++) closes[i] *= Math.exp(0.05);
  closes[350] = NaN;
  const L = computeLabels(closes);
  assert.ok(Number.isNaN(L.sigma[166]) && Math.abs(L.sigma[200] - 0.01) < 1e-12);
  const t = jumpAt - LABEL_HORIZON;
  // Bar t: forward move 0.05 vs threshold 0.8 · σ_t · sqrt(12) ≈ 0.0277 (σ_t = 1%).
  assert.equal(L.y[t], 1);
  assert.equal(L.y[t - 2], 0, "no jump inside its horizon");
  assert.equal(L.y[350 - LABEL_HORIZON], -1, "t + h missing");
  assert.equal(L.y[350], -1, "t missing");
  assert.equal(L.y[n - LABEL_HORIZON], -1, "no future at the end");
});

test("calendar: five folds tile the default test period (146-day windows, the last to the end)", () => {
  const folds = foldWindows(DEFAULT_SPAN);
  assert.deepEqual(folds.map((f) => f.fold), [1, 2, 3, 4, 5]);
  assert.equal(folds[0].start, Date.UTC(2023, 6, 1));
  for (let k = 1; k < 5; k++) assert.equal(folds[k].start, folds[k - 1].end);
  assert.deepEqual(folds.map((f) => (f.end - f.start) / DAY), [146, 146, 146, 146, 147]);
  assert.equal(folds[4].end, Date.UTC(2025, 6, 1));
  assert.equal(validateSpan(DEFAULT_SPAN), null);
  assert.match(validateSpan({ start: DEFAULT_SPAN.start, trainEnd: DEFAULT_SPAN.start + 5 * DAY, end: DEFAULT_SPAN.end })!, /30 days/);
  assert.match(validateSpan({ ...DEFAULT_SPAN, end: DEFAULT_SPAN.trainEnd + 1800_000 + 20 * DAY })!, /whole hours/);
});

test("scenarios: skills encode clean / leaky / unstable", () => {
  for (const rank of [0, 2, 4]) {
    assert.equal(variantSkill("clean", "btc_full_purge0", rank, 1), variantSkill("clean", "btc_full", rank, 1));
    assert.ok(variantSkill("leaky", "btc_full_purge0", rank, 1) > variantSkill("leaky", "btc_full", rank, 1));
  }
  assert.ok(variantSkill("unstable", "btc_vol_only", 4, 1) > 1 && variantSkill("unstable", "btc_vol_only", 0, 1) < 0);
  assert.equal(variantSkill("clean", "none", 3, 1.2), 0);
  assert.throws(() => variantSkill("clean", "btc_other", 0, 1), /no skill/);
});

test("market (seed 7): OHLC invariants, persistent regimes, moving beta and correlation, heavy tails", () => {
  const m = simulateMarket(7, DEFAULT_SPAN);
  assert.equal(m.n, 30_648);
  for (const s of [m.btc, ...m.targets]) {
    for (let i = 0; i < m.n; i++) {
      if (!(s.high[i] >= Math.max(s.open[i], s.close[i]) && s.low[i] <= Math.min(s.open[i], s.close[i]) && s.low[i] > 0 && s.volume[i] >= 0)) {
        assert.fail(`${s.spec.symbol} bar ${i}: OHLCV invariant`);
      }
      if (i > 0 && s.open[i] !== s.close[i - 1]) assert.fail(`${s.spec.symbol} bar ${i}: open = previous close`);
    }
  }
  // Regimes last weeks to months.
  let runs = 0;
  for (let i = 1; i < m.n; i++) if (m.btcRegime[i] !== m.btcRegime[i - 1]) runs++;
  const meanDays = m.n / (runs + 1) / 24;
  assert.ok(meanDays > 14, `mean regime length ${meanDays.toFixed(1)} days`);
  const ret = (c: Float64Array) => Array.from(c, (x, i) => (i ? Math.log(x / c[i - 1]) : 0));
  const rb = ret(m.btc.close);
  let kurt = 0;
  const v = rb.reduce((s, x) => s + x * x, 0) / m.n;
  for (const x of rb) kurt += x ** 4;
  assert.ok(kurt / m.n / v ** 2 > 6, "BTC hourly returns are heavy-tailed");
  for (const t of m.targets) {
    const beta = m.beta[t.spec.symbol];
    assert.ok(Math.max(...beta) - Math.min(...beta) > 0.5, `${t.spec.symbol}: beta moves`);
    const ra = ret(t.close);
    const corr: number[] = [];
    for (let e = 720; e < m.n; e += 168) {
      let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
      for (let i = e - 719; i <= e; i++) {
        sa += ra[i];
        sb += rb[i];
        saa += ra[i] ** 2;
        sbb += rb[i] ** 2;
        sab += ra[i] * rb[i];
      }
      const N = 720;
      corr.push((sab / N - (sa / N) * (sb / N)) / Math.sqrt((saa / N - (sa / N) ** 2) * (sbb / N - (sb / N) ** 2)));
    }
    assert.ok(Math.min(...corr) > 0.2 && Math.max(...corr) < 0.99, `${t.spec.symbol}: correlation with BTC is positive, not perfect`);
    assert.ok(Math.max(...corr) - Math.min(...corr) > 0.2, `${t.spec.symbol}: rolling 720-bar correlation really moves`);
  }
});
