"""Synthetic samples that Python and TypeScript reproduce bit for bit (see synthetic.ts).

Only exact operations are used: 32-bit integer hashing (murmur3's fmix32), division by 2^32,
sums of four such uniforms (exact in double), one multiply-add and floor. So a sample is stored
in the golden JSON as a small spec instead of thousands of numbers.

spec = {"gen": "normal4", "seed": int, "n": int, "loc": float, "scale": float,
        "decimals": int | None}
value_i = loc + scale * (u(4i) + u(4i+1) + u(4i+2) + u(4i+3) - 2)   (Irwin-Hall, sd 1/sqrt(3))
then floored to `decimals` places when given (creates ties).
"""
import numpy as np

M32 = np.uint64(0xFFFFFFFF)


def fmix32(h):
    h = h & M32
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & M32
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & M32
    h ^= h >> np.uint64(16)
    return h


def uniforms(seed, count):
    i = np.arange(count, dtype=np.uint64)
    s = np.uint64((seed * 0x9E3779B9) & 0xFFFFFFFF)
    h = (s + ((i * np.uint64(0x632BE5AB)) & M32) + np.uint64(1)) & M32
    return fmix32(h).astype(np.float64) / 4294967296.0


def sample(spec):
    assert spec["gen"] == "normal4"
    n = spec["n"]
    u = uniforms(spec["seed"], 4 * n).reshape(n, 4)
    z = (((u[:, 0] + u[:, 1]) + u[:, 2]) + u[:, 3]) - 2.0
    x = spec["loc"] + spec["scale"] * z
    d = spec.get("decimals")
    if d is not None:
        f = float(10 ** d)
        x = np.floor(x * f) / f
    return x


def spec(seed, n, loc=0.0, scale=1.0, decimals=None):
    s = {"gen": "normal4", "seed": seed, "n": n, "loc": float(loc), "scale": float(scale)}
    if decimals is not None:
        s["decimals"] = decimals
    return s
