/**
 * Percentile bootstrap confidence interval for a mean (Efron & Tibshirani 1993, ch. 13).
 * Hand-written; deterministic for a given seed (prng.ts), identical in Node and the browser.
 *
 * B resamples of size n drawn with replacement; the interval is the (1−level)/2 and (1+level)/2
 * quantiles (np.quantile "linear") of the B resample means. With n = 5 folds the interval is
 * narrow-biased (it cannot reflect more spread than the sample shows); report n beside it.
 * Not comparable bit-for-bit with scipy.stats.bootstrap (different generator, and scipy's
 * default is BCa).
 */
import { StatsError, assertFinite, assertNonEmpty } from "./errors.js";
import { numpySum, quantileSorted } from "./descriptive.js";
import { createRng } from "./prng.js";

export interface BootstrapOptions {
  /** Confidence level in (0, 1), default 0.95. */
  level?: number;
  /** Number of resamples B, default 10000. */
  iterations?: number;
  /** Integer seed, default 20240101. */
  seed?: number;
}

export interface BootstrapInterval {
  /** Mean of the original values. */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  iterations: number;
  seed: number;
  method: "percentile";
}

export const BOOTSTRAP_DEFAULTS = { level: 0.95, iterations: 10000, seed: 20240101 } as const;

export function bootstrapMeanCI(values: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapInterval {
  const fn = "bootstrapMeanCI";
  const level = options.level ?? BOOTSTRAP_DEFAULTS.level;
  const iterations = options.iterations ?? BOOTSTRAP_DEFAULTS.iterations;
  const seed = options.seed ?? BOOTSTRAP_DEFAULTS.seed;
  if (!(level > 0 && level < 1)) throw new StatsError("out-of-range", "level must be in (0, 1)", { fn, argument: "level", value: level });
  if (!Number.isInteger(iterations) || iterations < 1) throw new StatsError("out-of-range", "iterations must be a positive integer", { fn, argument: "iterations", value: iterations });
  if (!Number.isSafeInteger(seed)) throw new StatsError("out-of-range", "seed must be a safe integer", { fn, argument: "seed", value: seed });
  assertNonEmpty(values, fn, "values");
  assertFinite(values, fn, "values");
  const n = values.length;
  const rng = createRng(seed);
  const means = new Float64Array(iterations);
  const resample = new Float64Array(n);
  for (let b = 0; b < iterations; b++) {
    for (let i = 0; i < n; i++) resample[i] = values[rng.nextInt(n)];
    means[b] = numpySum(resample) / n;
  }
  means.sort();
  const alpha = 1 - level;
  return {
    estimate: numpySum(values) / n,
    lower: quantileSorted(means, alpha / 2),
    upper: quantileSorted(means, 1 - alpha / 2),
    level,
    iterations,
    seed,
    method: "percentile",
  };
}
