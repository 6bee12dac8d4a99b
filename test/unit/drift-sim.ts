/**
 * Seeded known-truth series for the calibrated-drift tests: hourly AR(1) and a rolling mean of
 * i.i.d. noise, laid out as a FeatureTable with a reference window and monitoring weeks after it.
 */
import { createRng } from "../../src/lib/stats/index.ts";
import type { FeatureTable } from "../../src/lib/drift/index.ts";

export const H = 3_600_000;
export const DAY = 24 * H;
export const T0 = Date.UTC(2022, 0, 1);

function normals(seed: number, n: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - rng.nextFloat();
    const v = rng.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Stationary AR(1) x_t = φ x_{t−1} + e_t with unit marginal variance (τ = (1+φ)/(1−φ)). */
export function ar1(seed: number, n: number, phi: number): Float64Array {
  const e = normals(seed, n + 1);
  const x = new Float64Array(n);
  let prev = e[n]; // a draw from the stationary law
  const s = Math.sqrt(1 - phi * phi);
  for (let i = 0; i < n; i++) x[i] = prev = phi * prev + s * e[i];
  return x;
}

/** Mean of the last w of n + w − 1 i.i.d. N(0, 1) draws, scaled to unit variance (τ ≈ w). */
export function rollingMean(seed: number, n: number, w: number): Float64Array {
  const e = normals(seed, n + w - 1);
  const x = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < w - 1; i++) s += e[i];
  for (let i = 0; i < n; i++) {
    s += e[i + w - 1];
    x[i] = s / Math.sqrt(w);
    s -= e[i];
  }
  return x;
}

/** One-column table over hourly bars from T0; the column named `feature` (its window sets the guard band). */
export function table(feature: string, values: Float64Array): FeatureTable {
  const ts = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) ts[i] = T0 + i * H;
  return { symbol: "SIM", ts, columns: { [feature]: values } };
}
