/**
 * Pearson correlation with its exact p-value, as scipy.stats.pearsonr (scipy 1.10). Hand-written.
 *
 * r = <x − x̄, y − ȳ> / (‖x − x̄‖‖y − ȳ‖), clipped to [−1, 1]. Under independence of normal
 * samples (r+1)/2 ~ Beta(n/2 − 1, n/2 − 1); the two-sided p-value is 2·P(R >= |r|) from the
 * regularized incomplete beta (special.ts), which is what scipy computes through Boost's ibetac.
 * Sums use numpy's order; scipy's dot products go through BLAS, whose order is unspecified, so
 * r may differ from scipy's in the last bit or two (p-values agree to ~1e-13 unless |r| ≈ 1).
 *
 * As scipy: n = 2 gives r = ±1 with p = 1; a constant input gives r = NaN and p = NaN (scipy
 * warns ConstantInputWarning). Unlike scipy, fewer than 2 pairs, unequal lengths and non-finite
 * values throw StatsError.
 */
import { StatsError, assertFinite } from "./errors.js";
import { numpySum } from "./descriptive.js";
import { regularizedBeta } from "./special.js";
import { type Alternative, checkAlternative } from "./ttest.js";

export interface PearsonResult {
  r: number;
  pvalue: number;
  n: number;
}

function centeredUnit(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const m = numpySum(values) / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i] - m;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = out[i] * out[i];
  const norm = Math.sqrt(numpySum(sq));
  for (let i = 0; i < n; i++) out[i] /= norm;
  return out;
}

function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** P-value of a Pearson r from n pairs (exact under bivariate normality). */
export function pearsonPvalue(r: number, n: number, alternative: Alternative = "two-sided"): number {
  if (Number.isNaN(r)) return NaN;
  const ab = n / 2 - 1;
  // Beta(ab, ab) on [−1, 1]: x = (r − loc)/scale with loc = −1, scale = 2
  const tails = (v: number) => {
    const x = (v + 1) / 2;
    if (x >= 1) return { lower: 1, upper: 0 };
    if (x <= 0) return { lower: 0, upper: 1 };
    return regularizedBeta(ab, ab, x, 1 - x);
  };
  if (alternative === "less") return tails(r).lower;
  if (alternative === "greater") return tails(r).upper;
  // capped at 1: near r = 0 the doubled tail can round a few ulps above 1 (scipy does not cap)
  return Math.min(1, 2 * tails(Math.abs(r)).upper);
}

/** Pearson correlation coefficient and p-value, as scipy.stats.pearsonr(x, y). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, options: { alternative?: Alternative } = {}): PearsonResult {
  const fn = "pearson";
  const alternative = checkAlternative(options.alternative ?? "two-sided", fn);
  const n = x.length;
  if (n !== y.length) throw new StatsError("length-mismatch", `x has ${n} values and y has ${y.length}; expected pairs`, { fn, argument: "y" });
  if (n < 2) throw new StatsError("too-few", "a correlation needs at least 2 pairs", { fn, argument: "x", value: n });
  assertFinite(x, fn, "x");
  assertFinite(y, fn, "y");
  if (isConstant(x) || isConstant(y)) return { r: NaN, pvalue: NaN, n };
  if (n === 2) return { r: Math.sign(x[1] - x[0]) * Math.sign(y[1] - y[0]), pvalue: 1, n };
  const xu = centeredUnit(x);
  const yu = centeredUnit(y);
  const prod = new Float64Array(n);
  for (let i = 0; i < n; i++) prod[i] = xu[i] * yu[i];
  const r = Math.max(Math.min(numpySum(prod), 1), -1);
  return { r, pvalue: pearsonPvalue(r, n, alternative), n };
}
