/**
 * Properties of src/lib/stats that must hold for any input (fast-check, fixed seed so a failure
 * reproduces). The golden test checks values; these check symmetries, ranges and invariants.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  bhAdjust,
  bootstrapMeanCI,
  detectableEffectSize,
  gallopLowerBound,
  gallopUpperBound,
  ks2samp,
  lowerBound,
  makeKsReference,
  makePsiReference,
  pearson,
  psi,
  studentTCdf,
  studentTPpf,
  ttestPower,
  ttestRel,
  upperBound,
} from "../../src/lib/stats/index.ts";

const RUNS = { seed: 20240401, numRuns: 200 };

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
/** Values on a coarse grid, so ties between and within samples are common. */
const tied = fc.integer({ min: -5, max: 5 }).map((v) => v / 2);
const sampleOf = (value: fc.Arbitrary<number>, max = 60) => fc.array(value, { minLength: 1, maxLength: max });
const anySample = fc.oneof(sampleOf(finite), sampleOf(tied));

test("KS: symmetric in its arguments, D and p in [0, 1]", () => {
  fc.assert(
    fc.property(anySample, anySample, (x, y) => {
      const a = ks2samp(x, y);
      const b = ks2samp(y, x);
      assert.equal(a.statistic, b.statistic);
      assert.equal(a.pvalue, b.pvalue);
      for (const r of [a, b]) {
        assert.ok(r.statistic >= 0 && r.statistic <= 1, `D=${r.statistic}`);
        assert.ok(r.pvalue >= 0 && r.pvalue <= 1, `p=${r.pvalue}`);
      }
    }),
    RUNS,
  );
});

test("KS: the sorted-reference fast path equals ks2samp, ties included", () => {
  fc.assert(
    fc.property(anySample, sampleOf(fc.oneof(finite, tied), 400), (window, reference) => {
      const slow = ks2samp(window, reference);
      const fast = makeKsReference(reference).test(window);
      assert.equal(fast.statistic, slow.statistic);
      assert.equal(fast.pvalue, slow.pvalue);
      assert.equal(fast.method, slow.method);
    }),
    RUNS,
  );
});

test("KS: invariant under a strictly increasing transform; identical samples give D = 0, p = 1", () => {
  fc.assert(
    fc.property(anySample, anySample, (x, y) => {
      const g = (v: number) => 4 * v; // exact in double, hence strictly increasing
      const a = ks2samp(x, y);
      const b = ks2samp(x.map(g), y.map(g));
      assert.equal(b.statistic, a.statistic);
      assert.equal(b.pvalue, a.pvalue);
      const same = ks2samp(x, [...x].reverse());
      assert.equal(same.statistic, 0);
      assert.equal(same.pvalue, 1);
    }),
    RUNS,
  );
});

test("KS: larger shifts never give larger p-values (same samples, exact path)", () => {
  fc.assert(
    fc.property(sampleOf(finite, 30), sampleOf(finite, 30), (x, y) => {
      const spread = Math.max(...x, ...y) - Math.min(...x, ...y) + 1;
      const p1 = ks2samp(x, y.map((v) => v + spread)).pvalue; // fully separated
      const p0 = ks2samp(x, y).pvalue;
      assert.ok(p1 <= p0 + 1e-15, `${p1} > ${p0}`);
    }),
    RUNS,
  );
});

const pvalue = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.05, 0.01));

test("BH: adjusted >= raw, <= 1, monotone in the raw order, permutation-equivariant", () => {
  fc.assert(
    fc.property(fc.array(pvalue, { minLength: 1, maxLength: 80 }), fc.infiniteStream(fc.nat()), (p, stream) => {
      const adj = bhAdjust(p);
      for (let i = 0; i < p.length; i++) {
        assert.ok(adj[i] >= p[i] && adj[i] <= 1, `i=${i}`);
        for (let j = 0; j < p.length; j++) if (p[i] <= p[j]) assert.ok(adj[i] <= adj[j], `${i} vs ${j}`);
      }
      const keys = [...stream.take(p.length)];
      const perm = p.map((_, i) => i).sort((i, j) => keys[i] - keys[j] || i - j);
      const adjPerm = bhAdjust(perm.map((i) => p[i]));
      perm.forEach((src, k) => assert.equal(adjPerm[k], adj[src]));
    }),
    RUNS,
  );
});

const pairs = fc
  .integer({ min: 2, max: 40 })
  .chain((n) => fc.tuple(fc.array(finite, { minLength: n, maxLength: n }), fc.array(finite, { minLength: n, maxLength: n })));

test("t-test: greater(a, b) = less(b, a); two-sided = 2·min(one-sided); greater + less = 1", () => {
  fc.assert(
    fc.property(pairs, ([a, b]) => {
      const g = ttestRel(a, b, { alternative: "greater" });
      const l = ttestRel(a, b, { alternative: "less" });
      const two = ttestRel(a, b, { alternative: "two-sided" });
      const lSwapped = ttestRel(b, a, { alternative: "less" });
      if (Number.isNaN(g.statistic)) return assert.ok(Number.isNaN(two.pvalue));
      assert.equal(lSwapped.statistic, -g.statistic);
      assert.equal(lSwapped.pvalue, g.pvalue);
      assert.ok(Math.abs(two.pvalue - Math.min(1, 2 * Math.min(g.pvalue, l.pvalue))) <= 1e-15);
      assert.ok(Math.abs(g.pvalue + l.pvalue - 1) <= 1e-15);
      for (const r of [g, l, two]) assert.ok(r.pvalue >= 0 && r.pvalue <= 1);
    }),
    RUNS,
  );
});

test("Student t: cdf(t) + cdf(−t) = 1 and the quantile inverts the CDF", () => {
  fc.assert(
    fc.property(fc.double({ min: -40, max: 40, noNaN: true }), fc.integer({ min: 1, max: 200 }), (t, df) => {
      assert.ok(Math.abs(studentTCdf(t, df) + studentTCdf(-t, df) - 1) <= 2e-16);
      const p = studentTCdf(t, df);
      if (p > 1e-300 && p < 0.999) {
        const back = studentTPpf(p, df);
        assert.ok(Math.abs(back - t) <= 1e-11 * Math.max(1, Math.abs(t)), `df=${df} t=${t} back=${back}`);
      }
    }),
    RUNS,
  );
});

test("Pearson: symmetric, in [−1, 1], p in [0, 1], sign flips with y", () => {
  fc.assert(
    fc.property(pairs, ([x, y]) => {
      const a = pearson(x, y);
      const b = pearson(y, x);
      if (Number.isNaN(a.r)) return;
      assert.ok(Math.abs(a.r - b.r) <= 1e-15);
      assert.ok(a.r >= -1 && a.r <= 1 && a.pvalue >= 0 && a.pvalue <= 1);
      const c = pearson(x, y.map((v) => -v));
      assert.ok(Math.abs(c.r + a.r) <= 1e-15);
      assert.ok(Math.abs(c.pvalue - a.pvalue) <= 1e-12 * Math.max(a.pvalue, 1e-300) + 1e-300);
    }),
    RUNS,
  );
});

test("PSI: zero against itself, non-negative, the reference object gives the same value", () => {
  fc.assert(
    fc.property(sampleOf(fc.oneof(finite, tied), 300), sampleOf(fc.oneof(finite, tied), 100), (ref, cur) => {
      assert.equal(psi(ref, ref), 0);
      const v = psi(ref, cur);
      assert.ok(v >= 0);
      assert.equal(makePsiReference(ref).psi(cur), v);
    }),
    RUNS,
  );
});

test("power: increasing in the effect, alpha at zero effect, detectable effect reaches the power", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 3, max: 60 }),
      fc.constantFrom(0.01, 0.05, 0.1),
      fc.constantFrom("two-sided", "greater", "less") as fc.Arbitrary<"two-sided" | "greater" | "less">,
      fc.double({ min: 0.55, max: 0.95, noNaN: true }),
      (n, alpha, alternative, target) => {
        const sign = alternative === "less" ? -1 : 1;
        assert.ok(Math.abs(ttestPower(0, n, alpha, alternative) - alpha) <= 1e-13);
        let prev = 0;
        for (const d of [0.1, 0.3, 0.6, 1, 2]) {
          const p = ttestPower(sign * d, n, alpha, alternative);
          assert.ok(p >= prev - 1e-15 && p <= 1);
          prev = p;
        }
        const es = detectableEffectSize(n, alpha, target, alternative);
        assert.equal(Math.sign(es), sign);
        assert.ok(Math.abs(ttestPower(es, n, alpha, alternative) - target) <= 1e-12);
      },
    ),
    { ...RUNS, numRuns: 40 },
  );
});

test("bootstrap: same seed, same interval; lower <= upper inside the data range", () => {
  fc.assert(
    fc.property(sampleOf(finite, 30), fc.integer({ min: -1000, max: 1000 }), (values, seed) => {
      const a = bootstrapMeanCI(values, { seed, iterations: 300 });
      const b = bootstrapMeanCI(values, { seed, iterations: 300 });
      assert.deepEqual(a, b);
      assert.ok(a.lower <= a.upper);
      assert.ok(a.lower >= Math.min(...values) - 1e-9 && a.upper <= Math.max(...values) + 1e-9);
    }),
    { ...RUNS, numRuns: 50 },
  );
});

test("search: galloping from any valid start gives the binary search's index, ties and ends included", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(finite, tied), { maxLength: 300 }), fc.oneof(finite, tied), fc.nat(), (values, v, pick) => {
      const sorted = Float64Array.from(values).sort();
      // a valid start lies at or before the answer (what the KS walks pass: the previous answer)
      const lb = lowerBound(sorted, v);
      const fromL = pick % (lb + 1);
      assert.equal(gallopLowerBound(sorted, v, fromL), lowerBound(sorted, v, fromL));
      assert.equal(gallopLowerBound(sorted, v, fromL), lb);
      const ub = upperBound(sorted, v);
      const fromU = pick % (ub + 1);
      assert.equal(gallopUpperBound(sorted, v, fromU), upperBound(sorted, v, fromU));
      assert.equal(gallopUpperBound(sorted, v, fromU), ub);
    }),
    RUNS,
  );
});
