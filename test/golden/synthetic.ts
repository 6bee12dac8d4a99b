/**
 * TypeScript twin of synthetic.py: samples reproduced bit for bit from a small spec, so the
 * golden JSON and the benchmark need not store large arrays. Exact operations only.
 */
export interface SampleSpec {
  gen: "normal4";
  seed: number;
  n: number;
  loc: number;
  scale: number;
  decimals?: number;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function uniform(seed: number, i: number): number {
  const h = (Math.imul(seed, 0x9e3779b9) + Math.imul(i, 0x632be5ab) + 1) >>> 0;
  return fmix32(h) / 4294967296;
}

export function sample(spec: SampleSpec): Float64Array {
  if (spec.gen !== "normal4") throw new Error(`unknown generator ${spec.gen}`);
  const out = new Float64Array(spec.n);
  const f = spec.decimals === undefined ? 0 : 10 ** spec.decimals;
  for (let i = 0; i < spec.n; i++) {
    const z = uniform(spec.seed, 4 * i) + uniform(spec.seed, 4 * i + 1) + uniform(spec.seed, 4 * i + 2) + uniform(spec.seed, 4 * i + 3) - 2;
    const x = spec.loc + spec.scale * z;
    out[i] = spec.decimals === undefined ? x : Math.floor(x * f) / f;
  }
  return out;
}

/** A sample given either inline or as a spec. */
export function materialize(v: number[] | SampleSpec): Float64Array {
  return Array.isArray(v) ? Float64Array.from(v) : sample(v);
}
