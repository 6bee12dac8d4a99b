/**
 * Noncentral Student t distribution (CDF and survival function). Hand-written.
 *
 * For t >= 0, with x = t²/(t²+ν) and λ = δ²/2 (Guenther 1978; Lenth 1989, AS 243):
 *   F(t; ν, δ) = Φ(−δ) + ½ Σ_j [p_j I_x(j+½, ν/2) + q_j I_x(j+1, ν/2)],
 *   p_j = e^(−λ) λ^j / j!,   q_j = δ e^(−λ) λ^j / (√2 Γ(j+3/2)).
 * Because ½Σq_j = Φ(δ) − ½, the upper tail is the same sum over the complements,
 *   1 − F = ½ Σ_j [p_j (1 − I_x(j+½, ν/2)) + q_j (1 − I_x(j+1, ν/2))],
 * which keeps relative precision when F is close to 1 and δ >= 0. Terms are summed outward
 * from the Poisson mode until they stop contributing. For t < 0, F(t; ν, δ) = 1 − F(−t; ν, −δ).
 * For δ >= 0 both sums have positive terms only, so both tails keep relative precision. The
 * tail opposite to the noncentrality (t >= 0 with δ < 0) is computed by quadrature instead (see
 * `oppositeUpperTail`). scipy 1.10's nct uses Boost's implementation of the series (Benton &
 * Krishnamoorthy 2003), which loses that tail below ~1e-15 (e.g. P(T' <= −1; 1, 8) = 5.94e-17,
 * Boost 1.11e-16); test/golden/special.json compares both with mpmath.
 */
import { logGamma, normalCdf, normalSf, regularizedBeta } from "./special.js";
import { studentTCdf } from "./t.js";

const LN_SQRT2 = 0.5 * Math.LN2;

/** Lower and upper tail at t >= 0. */
function tailsNonNegative(t: number, df: number, nc: number): { lower: number; upper: number } {
  const t2 = t * t;
  if (t2 === Infinity) return { lower: 1, upper: 0 };
  const x = t2 / (t2 + df);
  const y = df / (t2 + df);
  const lambda = (nc * nc) / 2;
  const b = df / 2;
  const logLambda = Math.log(lambda);
  const logAbsNc = Math.log(Math.abs(nc));
  const sign = nc < 0 ? -1 : 1;
  const term = (j: number) => {
    const logP = -lambda + j * logLambda - logGamma(j + 1);
    const logQ = logAbsNc - lambda + j * logLambda - LN_SQRT2 - logGamma(j + 1.5);
    const ip = regularizedBeta(j + 0.5, b, x, y);
    const iq = regularizedBeta(j + 1, b, x, y);
    const p = Math.exp(logP);
    const q = sign * Math.exp(logQ);
    return { lower: p * ip.lower + q * iq.lower, upper: p * ip.upper + q * iq.upper, weight: p + Math.abs(q) };
  };
  const mode = Math.floor(lambda);
  let lower = 0;
  let upper = 0;
  // below the mode every term is kept (I_x grows as j falls, so small weights can still matter);
  // above it the weights fall off faster than geometrically: stop once they are negligible
  for (let j = mode; j >= 0; j--) {
    const tm = term(j);
    lower += tm.lower;
    upper += tm.upper;
  }
  for (let j = mode + 1; j < mode + 1000000; j++) {
    const tm = term(j);
    lower += tm.lower;
    upper += tm.upper;
    if (j > mode + 5 && tm.weight <= 1e-17 * Math.min(Math.abs(lower), Math.abs(upper))) break;
  }
  return { lower: normalCdf(-nc) + 0.5 * lower, upper: 0.5 * upper };
}

/**
 * P(Z + δ >= t·S) for t >= 0, δ < 0 (Z standard normal, S = sqrt(χ²_ν/ν)): the tail on the side
 * opposite to the noncentrality, where the series above mixes signs and cancels. It is the
 * integral ∫ Φ̄(t·s + |δ|) g(s) ds of a positive function (g the density of S), evaluated by
 * exp-sinh (double exponential) quadrature (Takahasi & Mori 1974), halving the step until two
 * successive sums agree to 1e-15.
 */
function oppositeUpperTail(t: number, df: number, a: number): number {
  const half = df / 2;
  const logC = Math.LN2 + half * Math.log(half) - logGamma(half);
  const halfPi = Math.PI / 2;
  const f = (u: number): number => {
    const logS = halfPi * Math.sinh(u);
    const s = Math.exp(logS);
    const tail = normalSf(t * s + a);
    if (tail === 0 || s === 0 || s === Infinity) return 0;
    return Math.exp(Math.log(tail) + logC + df * logS - half * s * s) * halfPi * Math.cosh(u);
  };
  const U = 5;
  let h = 0.5;
  let sum = 0;
  for (let u = -U; u <= U + 1e-12; u += h) sum += f(u);
  let estimate = sum * h;
  for (let level = 0; level < 12; level++) {
    // the new nodes sit halfway between the old ones
    for (let u = -U + h / 2; u < U; u += h) sum += f(u);
    h /= 2;
    const next = sum * h;
    if (Math.abs(next - estimate) <= 1e-15 * Math.abs(next)) return next;
    estimate = next;
  }
  return estimate;
}

function tails(t: number, df: number, nc: number): { lower: number; upper: number } {
  if (t < 0) {
    // T' ~ nct(ν, δ) => −T' ~ nct(ν, −δ)
    const r = tails(-t, df, -nc);
    return { lower: r.upper, upper: r.lower };
  }
  if (nc >= 0) return tailsNonNegative(t, df, nc);
  const upper = t === 0 ? normalSf(-nc) : oppositeUpperTail(t, df, -nc);
  return { lower: 1 - upper, upper };
}

function valid(t: number, df: number, nc: number): boolean {
  return !Number.isNaN(t) && df > 0 && df < Infinity && Number.isFinite(nc);
}

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** P(T <= t) for T ~ noncentral t(df, nc). */
export function nctCdf(t: number, df: number, nc: number): number {
  if (!valid(t, df, nc)) return NaN;
  if (nc === 0) return studentTCdf(t, df);
  return clip01(tails(t, df, nc).lower);
}

/** P(T > t) for T ~ noncentral t(df, nc). */
export function nctSf(t: number, df: number, nc: number): number {
  if (!valid(t, df, nc)) return NaN;
  if (nc === 0) return studentTCdf(-t, df);
  return clip01(tails(t, df, nc).upper);
}

