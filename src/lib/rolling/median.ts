/**
 * Rolling median on the bar grid (see grid.ts), NaN skipped, O(n log w).
 *
 * Method: two binary heaps of bar indices with lazy deletion. `low` is a max-heap holding the
 * smaller half of the window, `high` a min-heap holding the larger half; values are ordered by
 * (value, bar index), so ties have a strict order and every bar has one place. A bar entering the
 * window goes to `low` if it orders before low's top, else to `high`; a bar leaving the window is
 * only marked dead (its heap is not searched) and discarded when it surfaces at a top. After each
 * update the live counts are rebalanced so that live(low) ∈ {live(high), live(high) + 1}; the
 * median is low's top (odd count) or the two tops interpolated (even count). A heap holding more
 * than twice its live entries (+16) is compacted and re-heapified, so its size stays O(w) even for
 * trending data, where dead bars sink to the bottom and never surface: O(log w) per bar, memory O(n)
 * for the index arrays.
 *
 * Even count: lo + (hi − lo)·0.5 with lo ≤ hi the two middle values, the interpolation DuckDB's
 * `median` / `quantile_cont(0.5)` uses (results equal bit for bit); pandas computes (lo + hi)/2,
 * which can differ in the last ulp.
 */
import { checkFrame, checkGrid, type GridFrame } from "./grid.js";
import type { RollingOptions } from "./moments.js";

const NONE = 0;
const LOW = 1;
const HIGH = 2;

class IndexHeap {
  readonly data: Int32Array;
  size = 0;

  constructor(
    private readonly x: ArrayLike<number>,
    capacity: number,
    /** true: max-heap (top = largest), false: min-heap. */
    private readonly max: boolean,
  ) {
    this.data = new Int32Array(capacity);
  }

  /** a orders before b in this heap (a nearer the top). */
  private before(a: number, b: number): boolean {
    const va = this.x[a];
    const vb = this.x[b];
    return this.max ? va > vb || (va === vb && a > b) : va < vb || (va === vb && a < b);
  }

  top(): number {
    return this.data[0];
  }

  push(j: number): void {
    const d = this.data;
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(j, d[parent])) break;
      d[at] = d[parent];
      at = parent;
    }
    d[at] = j;
  }

  pop(): number {
    const d = this.data;
    const out = d[0];
    const last = d[--this.size];
    if (this.size > 0) this.siftDown(0, last);
    return out;
  }

  private siftDown(at: number, j: number): void {
    const d = this.data;
    const n = this.size;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(d[child + 1], d[child])) child++;
      if (!this.before(d[child], j)) break;
      d[at] = d[child];
      at = child;
    }
    d[at] = j;
  }

  /** Keep only the entries `keep` accepts and restore the heap order (Floyd's heapify, O(size)). */
  compact(keep: (j: number) => boolean): void {
    const d = this.data;
    let m = 0;
    for (let i = 0; i < this.size; i++) if (keep(d[i])) d[m++] = d[i];
    this.size = m;
    for (let i = (m >> 1) - 1; i >= 0; i--) this.siftDown(i, d[i]);
  }
}

/** Rolling median; NaN where fewer than minPeriods (default 1) non-NaN values. */
export function rollingMedian(k: ArrayLike<number>, x: ArrayLike<number>, frame: GridFrame, opts?: RollingOptions): Float64Array {
  checkGrid("rollingMedian", k, x);
  checkFrame("rollingMedian", frame);
  const minP = Math.max(opts?.minPeriods ?? 1, 1);
  const n = k.length;
  const out = new Float64Array(n);
  const side = new Uint8Array(n);
  const low = new IndexHeap(x, n, true);
  const high = new IndexHeap(x, n, false);
  let lowN = 0;
  let highN = 0;
  const inLow = (j: number) => side[j] === LOW;
  const inHigh = (j: number) => side[j] === HIGH;
  const pruneLow = () => {
    while (low.size > 0 && side[low.top()] !== LOW) low.pop();
  };
  const pruneHigh = () => {
    while (high.size > 0 && side[high.top()] !== HIGH) high.pop();
  };
  const ordersBefore = (a: number, b: number) => x[a] < x[b] || (x[a] === x[b] && a < b);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const hi = k[i] - frame.after;
    const lo = k[i] - frame.before;
    for (; head < n && k[head] <= hi; head++) {
      if (x[head] !== x[head]) continue;
      pruneLow();
      if (lowN === 0 || ordersBefore(head, low.top())) {
        side[head] = LOW;
        low.push(head);
        lowN++;
      } else {
        side[head] = HIGH;
        high.push(head);
        highN++;
      }
    }
    for (; tail < head && k[tail] < lo; tail++) {
      const s = side[tail];
      if (s === LOW) lowN--;
      else if (s === HIGH) highN--;
      side[tail] = NONE;
    }
    for (;;) {
      if (lowN > highN + 1) {
        pruneLow();
        const j = low.pop();
        side[j] = HIGH;
        high.push(j);
        lowN--;
        highN++;
      } else if (highN > lowN) {
        pruneHigh();
        const j = high.pop();
        side[j] = LOW;
        low.push(j);
        highN--;
        lowN++;
      } else break;
    }
    if (low.size > 2 * lowN + 16) low.compact(inLow);
    if (high.size > 2 * highN + 16) high.compact(inHigh);
    const count = lowN + highN;
    if (count < minP) {
      out[i] = NaN;
      continue;
    }
    pruneLow();
    const a = x[low.top()];
    if (count % 2 === 1) out[i] = a;
    else {
      pruneHigh();
      const b = x[high.top()];
      out[i] = a + (b - a) * 0.5;
    }
  }
  return out;
}
