/**
 * Iterative radix-2 complex FFT (Cooley & Tukey 1965), in place on separate real and imaginary
 * arrays whose length is a power of two. Used for autocovariances of long series (Wiener–Khinchin:
 * the autocovariance is the inverse transform of the zero-padded periodogram; Box, Jenkins &
 * Reinsel, "Time series analysis", §2.1), where the direct sum costs n·L.
 */

/** In-place forward (sign −1) or inverse-without-scaling (sign +1) transform. */
export function fftInPlace(re: Float64Array, im: Float64Array, sign: -1 | 1): void {
  const n = re.length;
  if (n & (n - 1)) throw new RangeError(`fftInPlace: length ${n} is not a power of two`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (sign * 2 * Math.PI) / len;
    const half = len >> 1;
    for (let k = 0; k < half; k++) {
      const wr = Math.cos(ang * k);
      const wi = Math.sin(ang * k);
      for (let i = k; i < n; i += len) {
        const j = i + half;
        const xr = re[j] * wr - im[j] * wi;
        const xi = re[j] * wi + im[j] * wr;
        re[j] = re[i] - xr;
        im[j] = im[i] - xi;
        re[i] += xr;
        im[i] += xi;
      }
    }
  }
}

/** Σ_{t} c_t c_{t+k} for k = 0..maxLag of a (centred) series, via one FFT pair. */
export function lagProducts(c: ArrayLike<number>, maxLag: number): Float64Array {
  const n = c.length;
  let size = 1;
  while (size < n + maxLag + 1) size <<= 1;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let i = 0; i < n; i++) re[i] = c[i];
  fftInPlace(re, im, -1);
  for (let i = 0; i < size; i++) {
    re[i] = re[i] * re[i] + im[i] * im[i];
    im[i] = 0;
  }
  fftInPlace(re, im, 1);
  const out = new Float64Array(maxLag + 1);
  for (let k = 0; k <= maxLag; k++) out[k] = re[k] / size;
  return out;
}
