/**
 * Distributions of Kolmogorov–Smirnov statistics. Hand-written; follows scipy 1.10.
 *
 * - `kolmogorovSf` / `kolmogorovCdf`: the limiting distribution of √n·D_n (scipy `kstwobign`,
 *   `scipy.special.kolmogorov`): the two Jacobi-theta series
 *   1 − 2Σ(−1)^(k−1) e^(−2k²x²) (large x) and √(2π)/x Σ e^(−(2k−1)²π²/(8x²)) (small x).
 * - `smirnovSf`: exact one-sided one-sample statistic, P(D_n^+ >= x) (scipy.special.smirnov), by
 *   the Birnbaum–Tingey (1951) sum x·Σ_j C(n,j)(x+j/n)^(j−1)(1−x−j/n)^(n−j). Each term is a
 *   binomial probability C(n,j)p^j q^(n−j)/p with p = x+j/n, evaluated with Loader's method, so
 *   the sum of positive terms keeps ~1e-14 relative accuracy up to n = 10^5.
 * - `kstwoSf` / `kstwoCdf`: exact two-sided one-sample statistic D_n (scipy `kstwo`), a port of
 *   scipy/stats/_ksstats.py `_kolmogn`: Simard & L'Ecuyer (2011) choose between Ruben–Gambino
 *   closed forms, Durbin's matrix (Marsaglia–Tsang–Wang 2003), Pomeranz's recursion (1974),
 *   2·smirnov (Miller) and the Pelz–Good (1976) expansion, with the same cut-offs, so the method
 *   and hence the rounding behaviour match scipy's. `ks2samp` needs it for its asymptotic
 *   p-value: scipy uses kstwo.sf(D, round(mn/(m+n))).
 */
import { binomialDensity, ldexp } from "./special.js";

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const MIN_LOG = -708;
const SQRT3 = Math.sqrt(3);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

// ---------------------------------------------------------------------------------------------
// Limiting distribution (kstwobign)

const KOLMOGOROV_SERIES_SWITCH = 1.0;

/** P(K > x) for Kolmogorov's limiting distribution K (scipy.special.kolmogorov, kstwobign.sf). */
export function kolmogorovSf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x >= KOLMOGOROV_SERIES_SWITCH) {
    const alpha = -2 * x * x;
    let sum = 0;
    let sign = 1;
    for (let k = 1; k < 100; k++) {
      const term = Math.exp(alpha * k * k);
      sum += sign * term;
      if (term === 0 || term <= Math.abs(sum) * Number.EPSILON) break;
      sign = -sign;
    }
    return clip01(2 * sum);
  }
  return clip01(1 - kolmogorovCdf(x));
}

/** P(K <= x) for Kolmogorov's limiting distribution (kstwobign.cdf). */
export function kolmogorovCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x >= KOLMOGOROV_SERIES_SWITCH) return clip01(1 - kolmogorovSf(x));
  const alpha = -PI2 / (8 * x * x);
  let sum = 0;
  for (let k = 1; k < 1000; k += 2) {
    const term = Math.exp(alpha * k * k);
    sum += term;
    if (term === 0 || term < sum * Number.EPSILON) break;
  }
  return clip01((sum * SQRT2PI) / x);
}

// ---------------------------------------------------------------------------------------------
// One-sided exact (smirnov)

/** P(D_n^+ >= x): exact one-sided one-sample KS survival function (scipy.special.smirnov). */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0) || !Number.isInteger(n) || !(x >= 0 && x <= 1)) return NaN;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  const last = Math.floor(n - nx);
  let sum = 0;
  for (let j = 0; j <= last; j++) {
    const np = nx + j;
    const nq = n - nx - j;
    if (nq <= 0) break;
    const p = np / n;
    sum += binomialDensity(j, n, p, nq / n) / p;
  }
  return clip01(x * sum);
}

// ---------------------------------------------------------------------------------------------
// Two-sided exact (kstwo), port of scipy/stats/_ksstats.py

const STIRLING_COEFFS = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

/** log(n! / n^n) by Stirling's series with n log n removed up front. */
function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n;
  const z = rn / n;
  let poly = 0;
  for (const c of STIRLING_COEFFS) poly = poly * z + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      const rowB = k * m;
      const rowO = i * m;
      for (let j = 0; j < m; j++) out[rowO + j] += aik * b[rowB + j];
    }
  }
  return out;
}

/** P(D_n <= d) by Durbin's matrix algorithm, MTW's scaled powers (Durbin 1968; MTW 2003). */
function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let H = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)];
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];

  let Hpwr = new Float64Array(m * m);
  for (let i = 0; i < m; i++) Hpwr[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let Hexpnt = 0;
  const kk = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2) {
      Hpwr = matmul(Hpwr, H, m);
      expnt += Hexpnt;
    }
    H = matmul(H, H, m);
    Hexpnt *= 2;
    if (Math.abs(H[kk]) > EP128) {
      for (let i = 0; i < H.length; i++) H[i] /= EP128;
      Hexpnt += E128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = Hpwr[kk];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= E128;
    }
  }
  if (expnt !== 0) p = ldexp(p, expnt);
  return clip01(p);
}

function pomeranzJ1J2(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n <= x) by Pomeranz's recursion (Pomeranz 1974), scaled against underflow. */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * gOverN) / m;
    twogpower[m] = (twogpower[m - 1] * twoGOverN) / m;
    onem2gpower[m] = (onem2gpower[m - 1] * oneMinusTwoGOverN) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let expnt = 0;
  let [j1, j2] = pomeranzJ1J2(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // full convolution of a = V0[k1-V0s .. +ln2) (truncated at the array end) with pwrs[0..ln2)
      const aStart = k1 - V0s;
      const aLen = Math.max(0, Math.min(ln2, npwrs - aStart));
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let maxV = 0;
      for (let idx = 0; idx < convLen; idx++) {
        const c = convStart + idx;
        let s = 0;
        const iMin = Math.max(0, c - (ln2 - 1));
        const iMax = Math.min(aLen - 1, c);
        for (let ia = iMin; ia <= iMax; ia++) s += V0[aStart + ia] * pwrs[c - ia];
        V1[idx] = s;
        if (s > maxV) maxV = s;
      }
      if (maxV > 0 && maxV < EM128) {
        for (let q = 0; q < npwrs; q++) V1[q] *= EP128;
        expnt -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128;
      expnt += E128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ldexp(ans, expnt);
  return clip01(ans);
}

/** Pelz–Good (1976) approximation to P(D_n <= x). */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const zsquared = z * z;
  const zthree = z ** 3;
  const zfour = z ** 4;
  const zsix = z ** 6;
  const qlog = -PI2 / 8 / zsquared;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -zsquared;
  const k1b = PI2 / 4;
  const k2a = 6 * zsix + 2 * zfour;
  const k2b = ((2 * zfour - 5 * zsquared) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * zsquared)) / 16;
  const k3d = (PI6 * (5 - 30 * zsquared)) / 64;
  const k3c = (PI4 * (-60 * zsquared + 212 * zfour)) / 16;
  const k3b = (PI2 * (135 * zfour - 96 * zsix)) / 4;
  const k3a = -30 * zsix - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qpower + coeffs[i];
  }
  const divisors = [z, 6 * zfour, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (((K[i] * q) * SQRT2PI) / divisors[i]);
  q = Math.exp(-PI2 / 2 / zsquared);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const ksq = k * k;
    const qp = q ** ksq;
    const kspi = Math.PI * k;
    k2extra += ksq * qp;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
  }
  K[2] += k2extra * ((PI2 * SQRT2PI) / (-36 * zthree));
  K[3] += k3extra * ((PI2 * SQRT2PI) / (216 * zsix));
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i] / n ** (i / 2);
  return sum;
}

/** Simard & L'Ecuyer's selection of a method for P(D_n <= x) or P(D_n > x) (scipy `_kolmogn`). */
function kolmogn(n: number, x: number, cdf: boolean): number {
  const pick = (c: number, s: number) => clip01(cdf ? c : s);
  if (Number.isNaN(n) || Number.isNaN(x)) return NaN;
  if (!Number.isInteger(n) || n <= 0) return NaN;
  if (x >= 1) return pick(1, 0);
  if (x <= 0) return pick(0, 1);
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: 1/(2n) <= x <= 1/n
    if (t <= 0.5) return pick(0, 1);
    let prob: number;
    if (n <= 140) {
      prob = 1;
      const f = 2 * t - 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * f;
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return pick(prob, 1 - prob);
  }
  if (t >= n - 1) {
    const prob = 2 * (1 - x) ** n;
    return pick(1 - prob, prob);
  }
  if (x >= 0.5) {
    const prob = 2 * smirnovSf(n, x);
    return pick(1 - prob, prob);
  }
  const nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) {
      const prob = durbinMatrixCdf(n, x);
      return pick(prob, 1 - prob);
    }
    if (nxsquared <= 4) {
      const prob = pomeranzCdf(n, x);
      return pick(prob, 1 - prob);
    }
    const prob = 2 * smirnovSf(n, x);
    return pick(1 - prob, prob);
  }
  if (!cdf) {
    if (nxsquared >= 370) return 0;
    if (nxsquared >= 2.2) return clip01(2 * smirnovSf(n, x));
  }
  let cdfprob: number;
  if (nxsquared >= 18) cdfprob = 1;
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdfprob = durbinMatrixCdf(n, x);
  else cdfprob = pelzGoodCdf(n, x);
  return pick(cdfprob, 1 - cdfprob);
}

/** P(D_n > x) for the two-sided one-sample KS statistic (scipy.stats.kstwo.sf(x, n)). */
export function kstwoSf(x: number, n: number): number {
  return kolmogn(n, x, false);
}

/** P(D_n <= x) for the two-sided one-sample KS statistic (scipy.stats.kstwo.cdf(x, n)). */
export function kstwoCdf(x: number, n: number): number {
  return kolmogn(n, x, true);
}
