/**
 * src/lib/stats against the golden vectors of test/golden/generate.py (scipy 1.10, statsmodels
 * 0.13, numpy 1.24, mpmath). Tolerance (issue 4): 1e-9 relative on p-values and statistics,
 * 1e-14 absolute where the expected value is below 1e-300. Stricter where we claim more
 * (bit-identical KS statistic, numpy sums). Prints the worst relative error per function.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  bhAdjust,
  detectableEffectSize,
  kolmogorovCdf,
  kolmogorovSf,
  ks2samp,
  ks2sampSorted,
  kstwoCdf,
  kstwoSf,
  makeKsReference,
  mean,
  nctCdf,
  nctSf,
  normalCdf,
  normalSf,
  numpySum,
  pearson,
  quantileSorted,
  regularizedBeta,
  sampleVariance,
  smirnovSf,
  sortedCopy,
  studentTCdf,
  studentTPpf,
  ttestPower,
  ttestRel,
  type Alternative,
} from "../../src/lib/stats/index.ts";
import { centralMoment2 } from "../../src/lib/stats/descriptive.ts";
import { materialize, sample, type SampleSpec } from "../golden/synthetic.ts";

const REL = 1e-9;
const ABS_BELOW = 1e-300;
const ABS = 1e-14;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function load(name: string): Json {
  const text = readFileSync(new URL(`../golden/${name}`, import.meta.url), "utf8");
  return JSON.parse(text, (_k, v) => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v));
}

/** Worst relative error seen per function, printed at the end. */
const worst = new Map<string, { rel: number; where: string }>();

function relError(actual: number, expected: number): number {
  if (Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected))) return 0;
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return Infinity;
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}

function close(fn: string, actual: number, expected: number, where: string, rel = REL, abs = 0): void {
  const err = relError(actual, expected);
  const w = worst.get(fn);
  const tiny = Number.isFinite(expected) && Math.abs(expected) < ABS_BELOW;
  const absolutePass = abs > 0 && Math.abs(actual - expected) <= abs;
  // report relative errors only where the relative criterion decides
  if (!tiny && !absolutePass && (!w || err > w.rel)) worst.set(fn, { rel: err, where });
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${fn} ${where}: expected NaN, got ${actual}`);
  if (!Number.isFinite(expected)) return assert.equal(actual, expected, `${fn} ${where}`);
  if (tiny) return assert.ok(Math.abs(actual - expected) <= ABS, `${fn} ${where}: ${actual} vs ${expected} (abs)`);
  if (absolutePass) return;
  assert.ok(err <= rel, `${fn} ${where}: ${actual} vs ${expected}, rel ${err.toExponential(2)} > ${rel}`);
}

after(() => {
  const rows = [...worst.entries()].sort(([a], [b]) => a.localeCompare(b));
  const lines = rows.map(([fn, { rel, where }]) => `  ${fn.padEnd(34)} ${rel.toExponential(2).padStart(9)}  (${where})`);
  console.log(`\nmax relative error vs reference (cases with |expected| >= 1e-300):\n${lines.join("\n")}`);
});

describe("ks2samp vs scipy.stats.ks_2samp", () => {
  const { cases } = load("ks.json");
  test(`has >= 40 cases with both p-value paths`, () => {
    assert.ok(cases.length >= 40);
    assert.ok(cases.some((c: Json) => c.method === "exact") && cases.some((c: Json) => c.method === "asymp"));
  });
  for (const c of cases) {
    test(c.name, () => {
      const x = materialize(c.x);
      const y = materialize(c.y);
      const r = ks2samp(x, y);
      assert.equal(r.statistic, c.statistic, "D must be bit-identical");
      assert.equal(r.method, c.method);
      close("ks2samp pvalue", r.pvalue, c.pvalue, c.name);
      close("ks2samp statistic", r.statistic, c.statistic, c.name);
      assert.equal(r.statisticLocation, c.statistic_location, "statistic_location");
      assert.equal(r.statisticSign, c.statistic_sign, "statistic_sign");
      // the sorted-reference fast path, both ways round, gives the very same numbers
      for (const [ref, win] of [[y, x], [x, y]]) {
        const fast = makeKsReference(ref).test(win);
        assert.equal(fast.statistic, c.statistic);
        assert.equal(fast.pvalue, r.pvalue);
        assert.equal(fast.method, r.method);
      }
      assert.equal(ks2sampSorted(sortedCopy(y), x).pvalue, r.pvalue);
    });
  }
});

describe("ttestRel vs scipy.stats.ttest_rel", () => {
  const { cases } = load("ttest.json");
  test("has >= 30 cases over n 2..50 and all alternatives", () => {
    assert.ok(cases.length >= 30);
    const ns = cases.map((c: Json) => c.a.length);
    assert.ok(Math.min(...ns) === 2 && Math.max(...ns) >= 50);
  });
  for (const c of cases) {
    test(`${c.name} (${c.alternative})`, () => {
      const r = ttestRel(c.a, c.b, { alternative: c.alternative as Alternative });
      assert.equal(r.df, c.df);
      close("ttestRel statistic", r.statistic, c.statistic, c.name);
      close("ttestRel pvalue", r.pvalue, c.pvalue, `${c.name} ${c.alternative}`);
    });
  }
});

describe("bhAdjust vs statsmodels multipletests(fdr_bh)", () => {
  const { cases } = load("bh.json");
  test("has >= 20 cases", () => assert.ok(cases.length >= 20));
  for (const c of cases) {
    test(c.name, () => {
      const adj = bhAdjust(c.p);
      assert.equal(adj.length, c.adjusted.length);
      adj.forEach((v, i) => close("bhAdjust", v, c.adjusted[i], `${c.name}[${i}]`));
    });
  }
});

describe("pearson vs scipy.stats.pearsonr", () => {
  const { cases } = load("pearson.json");
  test("has >= 10 cases", () => assert.ok(cases.length >= 10));
  for (const c of cases) {
    test(c.name, () => {
      const x = materialize(c.x);
      let y = materialize(c.y);
      if (c.y_plus_a_times_x !== undefined) y = y.map((v, i) => c.y_plus_a_times_x * x[i] + v);
      const r = pearson(x, y);
      close("pearson r", r.r, c.r, c.name);
      close("pearson pvalue", r.pvalue, c.pvalue, c.name);
    });
  }
});

describe("power vs statsmodels TTestPower", () => {
  const { power, solve } = load("power.json");
  test("ttestPower", () => {
    for (const c of power) {
      const where = `d=${c.effect_size} n=${c.n} alpha=${c.alpha} ${c.alternative}`;
      const p = ttestPower(c.effect_size, c.n, c.alpha, c.alternative);
      close("ttestPower (exact quantiles)", p, c.precise, where);
      // statsmodels inherits cdflib's ~1e-9 t-quantile error
      close("ttestPower vs statsmodels", p, c.statsmodels, where, 1e-7);
    }
  });
  test("detectableEffectSize", () => {
    for (const c of solve) {
      const where = `n=${c.n} power=${c.power} ${c.alternative}`;
      const d = detectableEffectSize(c.n, c.alpha, c.power, c.alternative);
      close("detectableEffectSize (exact quantiles)", d, c.precise, where);
      // statsmodels' solve_power stops its root search at ~1e-6 relative
      close("detectableEffectSize vs statsmodels", d, c.statsmodels, where, 1e-5);
    }
  });
});

describe("distribution functions", () => {
  const sp = load("special.json");
  test("kstwo (scipy.stats.kstwo)", () => {
    for (const c of sp.kstwo) {
      close("kstwoSf", kstwoSf(c.x, c.n), c.sf, `n=${c.n} x=${c.x}`);
      close("kstwoCdf", kstwoCdf(c.x, c.n), c.cdf, `n=${c.n} x=${c.x}`);
    }
  });
  test("smirnov (scipy.special.smirnov)", () => {
    for (const c of sp.smirnov) close("smirnovSf", smirnovSf(c.n, c.x), c.sf, `n=${c.n} x=${c.x}`);
  });
  test("kolmogorov (scipy.special.kolmogorov, kstwobign)", () => {
    for (const c of sp.kolmogorov) {
      close("kolmogorovSf", kolmogorovSf(c.x), c.sf, `x=${c.x}`);
      close("kolmogorovCdf", kolmogorovCdf(c.x), c.cdf, `x=${c.x}`);
    }
  });
  test("Student t CDF (scipy.special.stdtr and mpmath)", () => {
    for (const c of sp.t_cdf) {
      const v = studentTCdf(c.t, c.df);
      close("studentTCdf vs scipy", v, c.scipy, `df=${c.df} t=${c.t}`);
      close("studentTCdf vs mpmath", v, c.mpmath, `df=${c.df} t=${c.t}`, 1e-12);
    }
  });
  test("Student t quantile (mpmath; scipy's cdflib stdtrit only to ~1e-8)", () => {
    for (const c of sp.t_ppf) {
      const v = studentTPpf(c.p, c.df);
      close("studentTPpf vs mpmath", v, c.mpmath, `df=${c.df} p=${c.p}`, 1e-12);
      close("studentTPpf vs scipy", v, c.scipy, `df=${c.df} p=${c.p}`, 1e-8);
    }
  });
  test("regularized incomplete beta (mpmath, scipy.special.betainc)", () => {
    for (const c of sp.beta) {
      const r = regularizedBeta(c.a, c.b, c.x);
      const where = `a=${c.a} b=${c.b} x=${c.x}`;
      close("regularizedBeta lower vs mpmath", r.lower, c.lower, where, 1e-12);
      close("regularizedBeta upper vs mpmath", r.upper, c.upper, where, 1e-12);
      close("regularizedBeta vs scipy", r.lower, c.scipy, where);
    }
  });
  test("normal (scipy.special.ndtr, norm.sf)", () => {
    for (const c of sp.normal) {
      close("normalCdf", normalCdf(c.x), c.cdf, `x=${c.x}`);
      close("normalSf", normalSf(c.x), c.sf, `x=${c.x}`);
    }
  });
  test("noncentral t (mpmath; scipy.stats.nct = Boost)", () => {
    for (const c of sp.nct) {
      const where = `t=${c.t} df=${c.df} nc=${c.nc}`;
      const cdf = nctCdf(c.t, c.df, c.nc);
      const sf = nctSf(c.t, c.df, c.nc);
      close("nctCdf vs mpmath", cdf, c.mpmath_cdf, where, 1e-11);
      close("nctSf vs mpmath", sf, c.mpmath_sf, where, 1e-11);
      // Boost is accurate to ~1e-15 absolute, not relative, in the tail opposite to the
      // noncentrality (P(T' <= -1; 1, 8) = 5.9e-17, Boost 1.1e-16): 1e-9 relative or 1e-14 absolute
      close("nctCdf vs scipy", cdf, c.cdf, where, REL, c.cdf < 1e-6 ? 1e-14 : 0);
      close("nctSf vs scipy", sf, c.sf, where, REL, c.sf < 1e-6 ? 1e-14 : 0);
    }
  });
});

describe("numpy-exact descriptive statistics", () => {
  const { cases } = load("descriptive.json");
  for (const c of cases) {
    const spec = c.sample as SampleSpec;
    test(`n=${spec.n}`, () => {
      const x = sample(spec);
      assert.equal(numpySum(x), c.sum, "np.sum");
      assert.equal(mean(x), c.mean, "np.mean");
      if (c.var_ddof1 !== null) assert.equal(sampleVariance(x), c.var_ddof1, "np.var(ddof=1)");
      assert.equal(centralMoment2(x), c.moment2, "scipy _moment(x, 2)");
      const sorted = sortedCopy(x);
      for (const [q, v] of c.quantiles) assert.equal(quantileSorted(sorted, q), v, `np.quantile(${q})`);
    });
  }
});
