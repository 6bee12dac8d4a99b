/**
 * Paired t-test, as scipy.stats.ttest_rel(a, b, alternative=...) (scipy 1.10). Hand-written.
 *
 * d = a − b; t = mean(d) / sqrt(var(d) / n) with var = _moment(d, 2)·n/(n−1) and numpy's summation
 * order (descriptive.ts), df = n − 1; p from the Student t distribution (t.ts):
 * "less" P(T <= t), "greater" P(T >= t), "two-sided" 2·P(T >= |t|).
 *
 * Zero variance of the differences, as scipy returns it (no error, no warning here):
 * - all differences equal and non-zero: t = ±Infinity, p = 0 (two-sided), 0 or 1 (one-sided);
 * - all differences exactly zero: t = NaN and p = NaN.
 * "Equal" means equal after floating-point subtraction, exactly as numpy computes it.
 * Callers that turn p into a verdict must treat NaN as "no evidence" explicitly.
 *
 * Unlike scipy (which propagates NaN or returns NaN for n < 2), invalid input throws StatsError:
 * unequal lengths, fewer than 2 pairs, NaN or ±Infinity.
 */
import { StatsError, assertFinite } from "./errors.js";
import { centralMoment2, numpySum } from "./descriptive.js";
import { studentTCdf } from "./t.js";

export type Alternative = "two-sided" | "greater" | "less";
export const ALTERNATIVES: readonly Alternative[] = ["two-sided", "greater", "less"];

export interface TTestResult {
  statistic: number;
  pvalue: number;
  df: number;
  alternative: Alternative;
  /** mean(a − b), scipy's `estimate`. */
  meanDifference: number;
  /** sqrt(var(a − b)/n), scipy's `standard_error`. */
  standardError: number;
}

export function checkAlternative(alternative: unknown, fn: string): Alternative {
  if (!ALTERNATIVES.includes(alternative as Alternative)) {
    throw new StatsError("invalid-option", `alternative must be one of ${ALTERNATIVES.join(", ")}`, { fn, argument: "alternative", value: alternative });
  }
  return alternative as Alternative;
}

/** p-value of a t statistic with df degrees of freedom, as scipy's _ttest_finish. */
export function tTestPvalue(t: number, df: number, alternative: Alternative): number {
  if (alternative === "less") return studentTCdf(t, df);
  if (alternative === "greater") return studentTCdf(-t, df);
  return studentTCdf(-Math.abs(t), df) * 2;
}

/** Paired-sample t-test of mean(a − b) = 0. */
export function ttestRel(a: ArrayLike<number>, b: ArrayLike<number>, options: { alternative?: Alternative } = {}): TTestResult {
  const fn = "ttestRel";
  const alternative = checkAlternative(options.alternative ?? "two-sided", fn);
  if (a.length !== b.length) {
    throw new StatsError("length-mismatch", `a has ${a.length} values and b has ${b.length}; expected pairs`, { fn, argument: "b" });
  }
  if (a.length < 2) throw new StatsError("too-few", "a paired t-test needs at least 2 pairs", { fn, argument: "a", value: a.length });
  assertFinite(a, fn, "a");
  assertFinite(b, fn, "b");
  const n = a.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = a[i] - b[i];
  const v = centralMoment2(d) * (n / (n - 1));
  const dm = numpySum(d) / n;
  const denom = Math.sqrt(v / n);
  const t = dm / denom;
  const df = n - 1;
  return { statistic: t, pvalue: tTestPvalue(t, df, alternative), df, alternative, meanDifference: dm, standardError: denom };
}
