/**
 * Seeded, platform-independent pseudo-random numbers, so a bootstrap interval is the same in
 * the loader, the browser and CI. Generator: xoshiro128** 1.1 (Blackman & Vigna,
 * https://prng.di.unimi.it/xoshiro128starstar.c), state seeded from the integer seed by
 * SplitMix64 as its authors recommend. 32-bit integer arithmetic only (Math.imul, >>> 0).
 */

export interface Rng {
  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Uniform integer in [0, n) without modulo bias (rejection sampling), n <= 2^32. */
  nextInt(n: number): number;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** SplitMix64 stream from a seed, as 32-bit halves (high, low). */
function splitMix64(seed: bigint): () => [number, number] {
  let state = BigInt.asUintN(64, seed);
  return () => {
    state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
    let z = state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    z = z ^ (z >> 31n);
    return [Number(z >> 32n), Number(z & 0xffffffffn)];
  };
}

/** Creates a generator from an integer seed (any safe integer, negative allowed). */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`createRng: seed must be a safe integer, got ${seed}`);
  const next64 = splitMix64(BigInt(seed));
  const [a, b] = next64();
  const [c, d] = next64();
  let s0 = a >>> 0, s1 = b >>> 0, s2 = c >>> 0, s3 = d >>> 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  return {
    nextUint32,
    nextFloat: () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992,
    nextInt(n: number): number {
      if (!(Number.isInteger(n) && n > 0 && n <= 2 ** 32)) throw new RangeError(`nextInt: n must be an integer in [1, 2^32], got ${n}`);
      const limit = 2 ** 32 - (2 ** 32 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
  };
}
