/**
 * sortedCopy's radix path (src/lib/stats/descriptive.ts) against Float64Array.prototype.sort: the
 * same values bit for bit, in the same order (−0 before +0, ±Infinity, NaN last, ties), on both
 * sides of the length where sortedCopy switches from the comparison sort to the radix sort.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { radixSortInPlace, sortedCopy } from "../../src/lib/stats/descriptive.ts";
import { createRng } from "../../src/lib/stats/prng.ts";

function sample(n: number, kind: "narrow" | "ties" | "specials", seed: number): Float64Array {
  const rng = createRng(seed);
  const u = () => rng.nextFloat();
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = u();
    if (kind === "narrow") a[i] = (x - 0.5) * 1e-3;
    else if (kind === "ties") a[i] = Math.round(x * 20) - 10;
    else a[i] = x < 0.01 ? NaN : x < 0.02 ? -0 : x < 0.03 ? 0 : x < 0.04 ? -Infinity : x < 0.05 ? Infinity : x < 0.06 ? -Number.MIN_VALUE : Math.exp((x - 0.5) * 100) * (x < 0.5 ? -1 : 1);
  }
  return a;
}

test("radix sort = Float64Array sort, bit for bit, NaN last and −0 before +0", () => {
  for (const n of [0, 1, 2, 7, 32_767, 32_768, 100_003])
    for (const kind of ["narrow", "ties", "specials"] as const) {
      const a = sample(n, kind, n + kind.length);
      const want = Float64Array.from(a).sort();
      const radix = Float64Array.from(a);
      radixSortInPlace(radix);
      const copy = sortedCopy(a);
      for (let i = 0; i < n; i++) {
        assert.ok(Object.is(radix[i], want[i]), `${kind} n=${n} radix[${i}] = ${radix[i]}, want ${want[i]}`);
        assert.ok(Object.is(copy[i], want[i]), `${kind} n=${n} sortedCopy[${i}] = ${copy[i]}, want ${want[i]}`);
      }
    }
});

test("radix sort leaves its input's values: a sorted, reversed or constant input", () => {
  const n = 50_000;
  const up = Float64Array.from({ length: n }, (_, i) => i - n / 2);
  const down = up.slice().reverse();
  const flat = new Float64Array(n).fill(3.25);
  for (const a of [up, down, flat]) {
    const b = a.slice();
    radixSortInPlace(b);
    assert.deepEqual(b, a.slice().sort());
  }
});
