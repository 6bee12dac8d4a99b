/**
 * Power of the paired (one-sample) t-test and the smallest effect it can detect, as
 * statsmodels.stats.power.TTestPower (statsmodels 0.13: `ttest_power`, `solve_power`).
 * Hand-written.
 *
 * power(d) = P(T' > t_{1−α'}) + P(T' < t_{α'}) with T' ~ noncentral t(n−1, d·√n), d the
 * standardized effect (mean difference / sd of the differences); α' = α/2 two-sided, the
 * "greater" alternative keeps only the first term, "less" only the second (statsmodels "larger"
 * and "smaller"). The minimum detectable effect solves power(d) = target with Brent's method.
 *
 * Agreement with statsmodels is limited by scipy 1.10's t quantile (cdflib `stdtrit`, ~2e-9
 * relative); against a reference with exact quantiles the agreement is ~1e-12
 * (test/golden/power.json holds both).
 */
import { StatsError } from "./errors.js";
import { nctCdf, nctSf } from "./noncentral-t.js";
import { brentRoot } from "./roots.js";
import { studentTIsf, studentTPpf } from "./t.js";
import { type Alternative, checkAlternative } from "./ttest.js";

function checkN(n: number, fn: string): void {
  if (!Number.isInteger(n) || n < 2) throw new StatsError("too-few", "n must be an integer >= 2 (pairs)", { fn, argument: "n", value: n });
}

function checkOpen01(v: number, fn: string, argument: string): void {
  if (!(v > 0 && v < 1)) throw new StatsError("out-of-range", "expected a value in (0, 1)", { fn, argument, value: v });
}

/** Power of a one-sample / paired t-test for standardized effect size d (statsmodels ttest_power). */
export function ttestPower(effectSize: number, n: number, alpha: number, alternative: Alternative = "two-sided"): number {
  const fn = "ttestPower";
  checkN(n, fn);
  checkOpen01(alpha, fn, "alpha");
  checkAlternative(alternative, fn);
  if (!Number.isFinite(effectSize)) throw new StatsError("not-finite", "effect size must be finite", { fn, argument: "effectSize", value: effectSize });
  const df = n - 1;
  const nc = effectSize * Math.sqrt(n);
  const a = alternative === "two-sided" ? alpha / 2 : alpha;
  let power = 0;
  if (alternative !== "less") power += nctSf(studentTIsf(a, df), df, nc);
  if (alternative !== "greater") power += nctCdf(studentTPpf(a, df), df, nc);
  return power;
}

/** Power to detect a mean difference `effect` when the differences have standard deviation `sd`. */
export function pairedTTestPower(effect: number, sd: number, n: number, alpha: number, alternative: Alternative = "two-sided"): number {
  if (!(sd > 0 && sd < Infinity)) throw new StatsError("out-of-range", "sd must be a positive finite number", { fn: "pairedTTestPower", argument: "sd", value: sd });
  return ttestPower(effect / sd, n, alpha, alternative);
}

/**
 * Standardized effect size d at which the test reaches `power` (statsmodels
 * TTestPower().solve_power(effect_size=None, ...)); negative for alternative "less".
 */
export function detectableEffectSize(n: number, alpha: number, power: number, alternative: Alternative = "two-sided"): number {
  const fn = "detectableEffectSize";
  checkN(n, fn);
  checkOpen01(alpha, fn, "alpha");
  checkOpen01(power, fn, "power");
  checkAlternative(alternative, fn);
  if (power <= alpha) throw new StatsError("out-of-range", "power must exceed alpha (the power at zero effect)", { fn, argument: "power", value: power });
  const sign = alternative === "less" ? -1 : 1;
  const f = (d: number) => ttestPower(sign * d, n, alpha, alternative) - power;
  let hi = 1;
  while (f(hi) < 0) {
    hi *= 2;
    if (hi > 1e8) throw new StatsError("out-of-range", "no finite effect reaches this power", { fn, argument: "power", value: power });
  }
  return sign * brentRoot(f, 0, hi, 1e-15);
}

/**
 * Smallest mean difference a paired t-test on n pairs detects with the given power
 * (e.g. 0.8) at level alpha, when the differences have standard deviation sd.
 */
export function minDetectableEffect(sd: number, n: number, alpha: number, power: number, alternative: Alternative = "two-sided"): number {
  if (!(sd > 0 && sd < Infinity)) throw new StatsError("out-of-range", "sd must be a positive finite number", { fn: "minDetectableEffect", argument: "sd", value: sd });
  return sd * detectableEffectSize(n, alpha, power, alternative);
}
