/**
 * Seeded random numbers for the demo generator, reproducible to the bit on any machine.
 *
 * - Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-clean),
 *   32-bit integer arithmetic only (`Math.imul`, shifts), so every platform produces the same
 *   stream. `Math.random` is never used.
 * - Streams: each model component (BTC path, each altcoin, each variant's model noise…) draws from
 *   its own stream keyed by (seed, label). Changing one component, or the scenario, therefore
 *   never shifts the numbers of another: `clean` and `leaky` share the same market and the same
 *   per-variant noise, only the scenario's skill parameters differ.
 * - Continuous draws: 53-bit uniforms; normals by Marsaglia's polar method (needs only `Math.log`
 *   and `Math.sqrt`; V8's `Math.log`/`Math.exp` are fdlibm ports, identical across platforms);
 *   Student-t(ν) for integer ν as Z / sqrt(χ²_ν / ν) with χ²_ν a sum of ν squared normals.
 */

/** FNV-1a over the UTF-16 code units of `s`, continued from `h`. */
function fnv1a(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 finaliser: spreads one 32-bit state into a well-mixed word. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  /** A stream for (`seed`, `label`); `seed` is any non-negative safe integer. */
  constructor(seed: number, label: string) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    let h = fnv1a(label, 0x811c9dc5 ^ mix32(lo) ^ mix32(hi + 0x632be5ab));
    this.a = h = mix32(h);
    this.b = h = mix32(h ^ 0x1b873593);
    this.c = h = mix32(h ^ 0xcc9e2d51);
    this.d = 1;
    // Discard the first outputs: sfc32's author recommends it to decorrelate nearby seeds.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal (Marsaglia polar method; the second value of each pair is kept). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** Student-t with integer `nu` > 2 degrees of freedom, scaled to unit variance. */
  studentT(nu: number): number {
    const z = this.normal();
    let chi2 = 0;
    for (let i = 0; i < nu; i++) {
      const g = this.normal();
      chi2 += g * g;
    }
    return (z / Math.sqrt(chi2 / nu)) * Math.sqrt((nu - 2) / nu);
  }

  /** Integer uniform on [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}
