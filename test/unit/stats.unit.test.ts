/**
 * Hand-computed values and documented edge behaviour of src/lib/stats: PSI (no scipy
 * counterpart), typed errors, zero-variance t-tests, the PRNG against the reference C code.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  StatsError,
  bhAdjust,
  bootstrapMeanCI,
  createRng,
  ks2samp,
  makeKsReference,
  minDetectableEffect,
  pairedTTestPower,
  pearson,
  psi,
  psiDetail,
  psiFromShares,
  ttestRel,
} from "../../src/lib/stats/index.ts";

function near(actual: number, expected: number, tol = 1e-14): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} vs ${expected}`);
}

const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

test("PSI: two median bins, by hand", () => {
  // edge = median 5.5; reference shares 1/2, 1/2; current 5/8, 3/8
  // (5/8 − 1/2) ln(5/4) + (3/8 − 1/2) ln(3/4) = ⅛ ln(5/3)
  near(psi(oneToTen, [1, 2, 3, 4, 5, 6, 7, 8], { bins: 2 }), 0.125 * Math.log(5 / 3));
});

test("PSI: quintile edges, empty bins floored at epsilon = 1e-4", () => {
  const d = psiDetail(oneToTen, [1, 1, 1, 1, 1], { bins: 5 });
  // np.quantile(range(1, 11), [.2, .4, .6, .8]), numpy's rounding included
  assert.deepEqual(d.bins.map((b) => b.upper), [2.8, 4.6, 6.3999999999999995, 8.2, Infinity]);
  assert.deepEqual(d.bins.map((b) => b.referenceCount), [2, 2, 2, 2, 2]);
  assert.deepEqual(d.bins.map((b) => b.currentCount), [5, 0, 0, 0, 0]);
  // (1 − 0.2) ln(1/0.2) + 4 (1e-4 − 0.2) ln(1e-4/0.2)
  near(d.psi, 0.8 * Math.log(5) + 4 * 0.1999 * Math.log(2000));
  near(psi(oneToTen, [1, 1, 1, 1, 1], { bins: 5, epsilon: 1e-6 }), 0.8 * Math.log(5) + 4 * 0.199999 * Math.log(200000));
});

test("PSI: a value equal to an edge belongs to the lower bin; tied edges are merged", () => {
  const d = psiDetail(oneToTen, [2.8, 2.8000000000000003], { bins: 5 });
  assert.deepEqual(d.bins.map((b) => b.currentCount), [1, 1, 0, 0, 0]);
  // deciles of the reference are 0 (×7), 0.2, 1.1 (numpy: 0.20000000000000018, 1.0999999999999996)
  const tied = psiDetail([0, 0, 0, 0, 0, 0, 0, 0, 1, 2], [0, 1, 2]);
  assert.deepEqual(tied.bins.map((b) => b.upper), [0, 0.20000000000000018, 1.0999999999999996, Infinity]);
  assert.deepEqual(tied.bins.map((b) => b.referenceCount), [8, 0, 1, 1]);
});

test("PSI from shares: BUY share drift by hand", () => {
  // (0.5 − 0.7) ln(5/7) + (0.5 − 0.3) ln(5/3) = 0.2 ln(7/3)
  near(psiFromShares([0.7, 0.3], [0.5, 0.5]), 0.2 * Math.log(7 / 3));
  assert.equal(psiFromShares([0.7, 0.3], [0.7, 0.3]), 0);
});

test("KS exact values by hand", () => {
  // separated samples of 3: only 2 of the C(6,3) = 20 orderings reach D = 1
  const r = ks2samp([1, 2, 3], [4, 5, 6]);
  assert.equal(r.statistic, 1);
  near(r.pvalue, 0.1);
  assert.equal(r.method, "exact");
  assert.equal(r.statisticLocation, 3);
  assert.equal(r.statisticSign, 1);
  const ref = makeKsReference([4, 5, 6]);
  assert.equal(ref.test([3, 2, 1]).pvalue, r.pvalue);
});

test("paired t-test: zero-variance differences as scipy (±inf, NaN), not an error", () => {
  const inf = ttestRel([1.5, 2.5, 3.5], [1, 2, 3]);
  assert.equal(inf.statistic, Infinity);
  assert.equal(inf.pvalue, 0);
  assert.equal(ttestRel([1.5, 2.5, 3.5], [1, 2, 3], { alternative: "less" }).pvalue, 1);
  // 1.1−1, 2.1−2, 3.1−3 are the same double: scipy returns inf as well
  assert.equal(ttestRel([1.1, 2.1, 3.1], [1, 2, 3]).statistic, Infinity);
  const zero = ttestRel([0.3, 0.4], [0.3, 0.4]);
  assert.ok(Number.isNaN(zero.statistic) && Number.isNaN(zero.pvalue));
  assert.equal(zero.df, 1);
});

function throwsStats(fn: () => unknown, code: string, pattern?: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof StatsError && e.code === code && (!pattern || pattern.test(e.message)));
}

test("typed errors name the function, the argument and the index", () => {
  throwsStats(() => ttestRel([1], [2]), "too-few", /ttestRel.*at least 2 pairs/);
  throwsStats(() => ttestRel([1, 2, 3], [1, 2]), "length-mismatch", /3 values and b has 2/);
  throwsStats(() => ttestRel([1, NaN, 3], [1, 2, 3]), "not-finite", /argument "a", index 1/);
  throwsStats(() => ttestRel([1, 2], [1, 2], { alternative: "bigger" as never }), "invalid-option");
  throwsStats(() => ks2samp([], [1]), "empty", /ks2samp, argument "x"/);
  throwsStats(() => ks2samp([1], [Infinity]), "not-finite");
  throwsStats(() => makeKsReference([1, 2]).test([NaN]), "not-finite");
  throwsStats(() => bhAdjust([0.2, 1.2]), "out-of-range", /index 1/);
  throwsStats(() => bhAdjust([NaN]), "out-of-range");
  throwsStats(() => pearson([1], [1]), "too-few");
  throwsStats(() => psi([1, 2], [1], { bins: 1 }), "out-of-range");
  throwsStats(() => minDetectableEffect(0, 5, 0.05, 0.8), "out-of-range");
  throwsStats(() => pairedTTestPower(0.1, 1, 1, 0.05), "too-few");
  throwsStats(() => bootstrapMeanCI([1, 2], { level: 1 }), "out-of-range");
  assert.deepEqual(bhAdjust([]), []);
});

test("Pearson edge cases as scipy: n = 2 and constant input", () => {
  assert.deepEqual(pearson([1, 2], [3, 1]), { r: -1, pvalue: 1, n: 2 });
  const c = pearson([1, 1, 1], [1, 2, 3]);
  assert.ok(Number.isNaN(c.r) && Number.isNaN(c.pvalue));
});

test("PRNG: xoshiro128** seeded by SplitMix64 matches the reference C code", () => {
  // reference: prng.di.unimi.it xoshiro128starstar.c + splitmix64.c, seed 42 (state = two
  // SplitMix64 outputs, high word first)
  const rng = createRng(42);
  assert.deepEqual(Array.from({ length: 5 }, () => rng.nextUint32()), [825760943, 2622800619, 310231447, 2495256757, 2989135795]);
  const r2 = createRng(7);
  for (let i = 0; i < 1000; i++) {
    const u = r2.nextFloat();
    assert.ok(u >= 0 && u < 1);
    const k = r2.nextInt(5);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 5);
  }
});

test("bootstrap: constant data gives a zero-width interval; the seed matters", () => {
  const c = bootstrapMeanCI([0.02, 0.02, 0.02, 0.02, 0.02]);
  assert.equal(c.lower, 0.02);
  assert.equal(c.upper, 0.02);
  assert.equal(c.method, "percentile");
  const values = [0.011, 0.032, -0.021, 0.054, 0.047, 0.003, -0.008, 0.026, 0.019, 0.061];
  const a = bootstrapMeanCI(values, { seed: 1, iterations: 2000 });
  const b = bootstrapMeanCI(values, { seed: 2, iterations: 2000 });
  assert.notDeepEqual([a.lower, a.upper], [b.lower, b.upper]);
  near(a.estimate, 0.0224, 1e-14);
  assert.ok(a.lower < a.estimate && a.estimate < a.upper);
});

test("power: 5 folds of a paired test detect only large effects", () => {
  // n = 5 pairs, one-sided alpha 0.05, 80 % power: d ≈ 1.25 standard deviations
  const mde = minDetectableEffect(0.04, 5, 0.05, 0.8, "greater");
  assert.ok(mde > 0.04 && mde < 0.06, `${mde}`);
  near(pairedTTestPower(mde, 0.04, 5, 0.05, "greater"), 0.8, 1e-12);
});
