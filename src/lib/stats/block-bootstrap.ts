/**
 * Circular moving-block bootstrap of a statistic of a dependent series (Politis & Romano 1992,
 * "A circular block-resampling procedure for stationary data"; Künsch 1989). Each replicate is
 * the series' length made of blocks of `blockLength` consecutive values starting at uniform
 * random positions, wrapping around the end; the statistic is evaluated on each replicate.
 * Blocks at least as long as the dependence (for a w-bar rolling statistic: ≥ w) keep the
 * within-block correlation that an i.i.d. bootstrap would destroy. Seeded (prng.ts), so the
 * replicates are the same in Node and the browser.
 */
import { StatsError, assertFinite } from "./errors.js";
import { createRng } from "./prng.js";

export interface BlockBootstrapOptions {
  blockLength: number;
  iterations: number;
  seed: number;
}

/** The statistic on each of `iterations` circular block-bootstrap replicates, in draw order. */
export function blockBootstrap(values: ArrayLike<number>, statistic: (replicate: Float64Array) => number, opts: BlockBootstrapOptions): Float64Array {
  const fn = "blockBootstrap";
  assertFinite(values, fn, "values");
  const n = values.length;
  if (n < 2) throw new StatsError("too-few", "needs at least 2 values", { fn, argument: "values", value: n });
  const len = Math.min(n, Math.max(1, Math.round(opts.blockLength)));
  if (!Number.isInteger(opts.iterations) || opts.iterations < 1) throw new StatsError("out-of-range", "iterations must be a positive integer", { fn, argument: "iterations", value: opts.iterations });
  const rng = createRng(opts.seed);
  const out = new Float64Array(opts.iterations);
  const rep = new Float64Array(n);
  for (let b = 0; b < opts.iterations; b++) {
    let k = 0;
    while (k < n) {
      const start = rng.nextInt(n);
      for (let j = 0; j < len && k < n; j++, k++) rep[k] = values[(start + j) % n];
    }
    out[b] = statistic(rep);
  }
  return out;
}

/**
 * Mean and sample standard deviation of each circular block-bootstrap replicate — the same draws
 * as `blockBootstrap` with the same options — from prefix sums of the (centred) values and their
 * squares: O(n + iterations·n/blockLength) instead of O(iterations·n). Equal to evaluating mean
 * and sd on `blockBootstrap`'s replicates up to rounding.
 */
export function blockBootstrapMeanSd(values: ArrayLike<number>, opts: BlockBootstrapOptions): { mean: Float64Array; sd: Float64Array } {
  const fn = "blockBootstrapMeanSd";
  assertFinite(values, fn, "values");
  const n = values.length;
  if (n < 2) throw new StatsError("too-few", "needs at least 2 values", { fn, argument: "values", value: n });
  const len = Math.min(n, Math.max(1, Math.round(opts.blockLength)));
  if (!Number.isInteger(opts.iterations) || opts.iterations < 1) throw new StatsError("out-of-range", "iterations must be a positive integer", { fn, argument: "iterations", value: opts.iterations });
  let shift = 0;
  for (let i = 0; i < n; i++) shift += values[i];
  shift /= n;
  const p = new Float64Array(n + 1);
  const q = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const d = values[i] - shift;
    p[i + 1] = p[i] + d;
    q[i + 1] = q[i] + d * d;
  }
  const span = (P: Float64Array, s: number, l: number) => (s + l <= n ? P[s + l] - P[s] : P[n] - P[s] + P[s + l - n]);
  const rng = createRng(opts.seed);
  const mean = new Float64Array(opts.iterations);
  const sd = new Float64Array(opts.iterations);
  for (let b = 0; b < opts.iterations; b++) {
    let k = 0;
    let s1 = 0;
    let s2 = 0;
    while (k < n) {
      const start = rng.nextInt(n);
      const l = Math.min(len, n - k);
      s1 += span(p, start, l);
      s2 += span(q, start, l);
      k += l;
    }
    const m = s1 / n;
    mean[b] = shift + m;
    sd[b] = Math.sqrt(Math.max(0, (s2 - n * m * m) / (n - 1)));
  }
  return { mean, sd };
}
