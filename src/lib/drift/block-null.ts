/**
 * The empirical null of a weekly drift statistic, taken from the reference itself by leaving
 * blocks out (a block-resampling null in the spirit of Politis, Romano & Wolf 1999,
 * "Subsampling", ch. 3: the statistic on many stretches of the stationary reference estimates its
 * sampling distribution without a model of the dependence).
 *
 * Null blocks are windows of the monitoring length laid backwards from the reference's end every
 * `strideDays` (≤ 1 day), so the first of them has the monitoring weeks' phase. Each block is
 * compared with the reference minus the block and minus a guard band of the feature's window on
 * each side (values closer than one window share bars with the block). A block is used when it
 * holds at least `minCoverage` of its bars. The p-value of a monitoring window's statistic D_t is
 * p = (1 + #{D_b ≥ D_t}) / (B + 1) (Davison & Hinkley 1997, "Bootstrap methods", eq. 4.11; it is
 * never 0, and its smallest value 1/(B+1) says how small a p the reference can vouch for).
 */
import { gallopLowerBound, gallopUpperBound, lowerBound, upperBound } from "../stats/search.js";
import type { TimeWindow } from "./windows.js";
import { DAY_MS } from "../time.js";

/**
 * Two-sided two-sample KS statistic D of a sorted window against (sorted reference) minus
 * (sorted excluded values, a sub-multiset of the reference that contains the window or not).
 * Exact: the ECDF difference is extreme at a window value (just at it or just below it), and the
 * reduced reference's counts there are the reference's minus the excluded ones. O(n log N).
 */
export function ksStatisticLeaveOut(sortedReference: ArrayLike<number>, sortedWindow: ArrayLike<number>, sortedExcluded: ArrayLike<number> = EMPTY): number {
  const nr = sortedReference.length - sortedExcluded.length;
  const nw = sortedWindow.length;
  if (nr <= 0 || nw === 0) return NaN;
  let maxDiff = 0;
  let minDiff = 0;
  let i = 0;
  // the window ascends: each search starts where the previous one ended
  let r0 = 0;
  let e0 = 0;
  const noneExcluded = sortedExcluded.length === 0;
  while (i < nw) {
    const v = sortedWindow[i];
    const before = i;
    while (i < nw && sortedWindow[i] === v) i++;
    // galloping from where the previous value's search ended (the same indices as a binary search)
    r0 = gallopLowerBound(sortedReference, v, r0);
    const r1 = gallopUpperBound(sortedReference, v, r0);
    let below = r0;
    let atOrBelow = r1;
    if (!noneExcluded) {
      e0 = gallopLowerBound(sortedExcluded, v, e0);
      below -= e0;
      atOrBelow -= gallopUpperBound(sortedExcluded, v, e0);
    }
    r0 = r1;
    const dJustBelow = before / nw - below / nr;
    const dAt = i / nw - atOrBelow / nr;
    if (dAt > maxDiff) maxDiff = dAt;
    if (dAt < minDiff) minDiff = dAt;
    if (dJustBelow < minDiff) minDiff = dJustBelow;
  }
  const minS = Math.min(-minDiff, 1);
  return minS > maxDiff ? minS : maxDiff;
}
const EMPTY = new Float64Array(0);

/** p = (1 + #{null ≥ statistic}) / (B + 1) over an ascending null sample; null when B = 0 or D is NaN. */
export function empiricalPvalue(statistic: number, sortedNull: ArrayLike<number>): number | null {
  if (!Number.isFinite(statistic)) return null;
  return empiricalPvalueFromCount(sortedNull.length - lowerBound(sortedNull, statistic), sortedNull.length);
}

/** The same p from the count of null statistics ≥ the observed one among B; null when B = 0. */
export function empiricalPvalueFromCount(atLeast: number, blocks: number): number | null {
  return blocks ? (1 + atLeast) / (blocks + 1) : null;
}

/** The smallest p a null of B blocks can give. */
export function smallestAttainablePvalue(blocks: number): number {
  return 1 / (blocks + 1);
}

/**
 * Can BH over `tests` features reach `alpha` with B null blocks? The smallest BH-adjusted p of
 * one feature among `tests` is tests/(B+1) (all others at 1): below alpha only if B + 1 > tests/alpha.
 */
export function blocksSufficient(blocks: number, alpha: number, tests: number): boolean {
  return tests / (blocks + 1) < alpha;
}

/** Null blocks of `days` inside [start, end), ending at end, end − stride, …; oldest first. */
export function nullBlocks(reference: TimeWindow, days: number, strideDays: number): TimeWindow[] {
  if (!(strideDays > 0 && strideDays <= 1)) throw new Error(`nullBlocks: stride must be in (0, 1] day, got ${strideDays}`);
  const width = days * DAY_MS;
  const stride = strideDays * DAY_MS;
  const out: TimeWindow[] = [];
  for (let e = reference.end; e - width >= reference.start; e -= stride) out.push({ start: e - width, end: e });
  return out.reverse();
}

/** Do [a.start − guard, a.end + guard) and b overlap? */
export function overlapsGuarded(a: TimeWindow, b: TimeWindow, guardMs: number): boolean {
  return b.start < a.end + guardMs && b.end > a.start - guardMs;
}

export interface BlockStatistic {
  /** Index range [lo, hi) of the block in the series. */
  lo: number;
  hi: number;
  /** KS D of the block against the reference minus the block and its guard band (NaN if empty). */
  d: number;
  /** Size of that reduced reference. */
  rest: number;
}

/**
 * `ksStatisticLeaveOut` for every block at once, blocks in ascending start order (as `nullBlocks`
 * lays them): the same integer counts, hence the same D to the last bit, without sorting any block
 * against the reference. Each value is replaced by its rank (#{reference < v}) once; the excluded
 * span's ranks are kept sorted as the blocks slide (the ranks leaving and entering merged in, one
 * pass over the span), and the counts of excluded values below each of a block's sorted ranks come
 * from one merge walk along that sorted span: O(N log N) once, then O(n log n + m) for a block of n
 * values whose excluded span holds m. `ts` ascending, `values` finite, `sorted` = `values` ascending.
 */
export function leaveOutBlockStatistics(ts: ArrayLike<number>, values: ArrayLike<number>, sorted: ArrayLike<number>, blocks: readonly TimeWindow[], guardMs: number): BlockStatistic[] {
  const N = values.length;
  const rankLt = new Int32Array(N); // #{reference < v_i}: equal values share it
  const leByRank = new Int32Array(N + 1); // #{reference ≤ v} for the value whose rankLt is the index
  for (let i = 0; i < N; i++) {
    const r = lowerBound(sorted, values[i]);
    rankLt[i] = r;
    leByRank[r] = upperBound(sorted, values[i], r);
  }
  // the excluded span [ea, eb) as sorted ranks (ex[0, m)); next is the buffer of the next span
  let ex = new Int32Array(N);
  let next = new Int32Array(N);
  let m = 0;
  let ea = 0;
  let eb = 0;
  const out: BlockStatistic[] = [];
  for (const w of blocks) {
    const lo = lowerBound(ts, w.start);
    const hi = lowerBound(ts, w.end);
    const na = lowerBound(ts, w.start - guardMs);
    const nb = lowerBound(ts, w.end + guardMs);
    if (na < ea || nb < eb) throw new Error("leaveOutBlockStatistics: blocks must be in ascending order");
    if (na >= eb) {
      // no overlap with the previous span: sort the new one
      next.set(rankLt.subarray(na, nb));
      next.subarray(0, nb - na).sort();
    } else {
      // drop the ranks of [ea, na) and merge in those of [eb, nb): both are sub-multisets, sorted
      const leaving = rankLt.slice(ea, na).sort();
      const entering = rankLt.slice(eb, nb).sort();
      let j = 0;
      let k = 0;
      let o = 0;
      for (let i = 0; i < m; i++) {
        const x = ex[i];
        if (j < leaving.length && leaving[j] === x) {
          j++;
          continue;
        }
        while (k < entering.length && entering[k] < x) next[o++] = entering[k++];
        next[o++] = x;
      }
      while (k < entering.length) next[o++] = entering[k++];
    }
    [ex, next] = [next, ex];
    m = nb - na;
    ea = na;
    eb = nb;
    const nw = hi - lo;
    const nr = N - m;
    if (!nw || nr <= 0) {
      out.push({ lo, hi, d: NaN, rest: nr });
      continue;
    }
    const ranks = rankLt.slice(lo, hi).sort();
    let maxDiff = 0;
    let minDiff = 0;
    let i = 0;
    // excluded ranks below r and below le(r): both bounds ascend with r, so two walks along ex
    let pBelow = 0;
    let pAtOrBelow = 0;
    while (i < nw) {
      const r = ranks[i];
      const before = i;
      while (i < nw && ranks[i] === r) i++;
      const le = leByRank[r];
      while (pBelow < m && ex[pBelow] < r) pBelow++;
      while (pAtOrBelow < m && ex[pAtOrBelow] < le) pAtOrBelow++;
      const dJustBelow = before / nw - (r - pBelow) / nr;
      const dAt = i / nw - (le - pAtOrBelow) / nr;
      if (dAt > maxDiff) maxDiff = dAt;
      if (dAt < minDiff) minDiff = dAt;
      if (dJustBelow < minDiff) minDiff = dJustBelow;
    }
    const minS = Math.min(-minDiff, 1);
    out.push({ lo, hi, d: minS > maxDiff ? minS : maxDiff, rest: nr });
  }
  return out;
}
