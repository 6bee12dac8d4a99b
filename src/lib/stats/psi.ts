/**
 * Population stability index. Hand-written (no scipy counterpart; tested against hand-computed
 * values).
 *
 * PSI = Σ_bins (c_k − r_k) · ln(c_k / r_k), with r_k, c_k the shares of the reference and the
 * current sample in bin k.
 *
 * Bins: the reference's quantiles at k/bins, k = 1..bins−1 (np.quantile "linear"), as edges of
 * (−∞, e1], (e1, e2], …, (e_{bins−1}, ∞); a value equal to an edge belongs to the lower bin.
 * Duplicate edges (a reference with many ties) are merged, so there may be fewer bins than asked
 * for; `psiDetail` reports the bins actually used.
 *
 * Empty bins: a share of 0 makes ln(c/r) infinite. Each share is floored at `epsilon`
 * (default 1e-4, i.e. 0.01 %) before the formula; shares are not renormalised after flooring.
 * The floor bounds one empty bin's contribution to about (share)·ln(share/1e-4), e.g. 0.1 ·
 * ln(1000) ≈ 0.69 for a 10 % bin that is empty in the other sample.
 */
import { StatsError, assertFinite, assertNonEmpty } from "./errors.js";
import { quantileSorted, sortedCopy } from "./descriptive.js";
import { lowerBound } from "./search.js";

export const PSI_DEFAULT_BINS = 10;
export const PSI_DEFAULT_EPSILON = 1e-4;

export interface PsiOptions {
  /** Number of reference-quantile bins (default 10). */
  bins?: number;
  /** Floor applied to each share before the logarithm (default 1e-4). */
  epsilon?: number;
}

export interface PsiBin {
  /** Exclusive lower edge (−Infinity for the first bin). */
  lower: number;
  /** Inclusive upper edge (+Infinity for the last bin). */
  upper: number;
  referenceCount: number;
  currentCount: number;
  referenceShare: number;
  currentShare: number;
  /** (c − r)·ln(c/r) with floored shares. */
  contribution: number;
}

export interface PsiDetail {
  psi: number;
  epsilon: number;
  bins: PsiBin[];
}

function checkEpsilon(epsilon: number, fn: string): number {
  if (!(epsilon > 0 && epsilon < 1)) throw new StatsError("out-of-range", "epsilon must be in (0, 1)", { fn, argument: "epsilon", value: epsilon });
  return epsilon;
}

/** PSI term of one bin from the two shares, flooring each at epsilon. */
function psiTerm(referenceShare: number, currentShare: number, epsilon: number): number {
  const r = Math.max(referenceShare, epsilon);
  const c = Math.max(currentShare, epsilon);
  return (c - r) * Math.log(c / r);
}

/**
 * PSI between two categorical distributions given as shares (each summing to 1), e.g. the BUY /
 * not-BUY shares of a fold against the training shares.
 */
export function psiFromShares(referenceShares: ArrayLike<number>, currentShares: ArrayLike<number>, options: { epsilon?: number } = {}): number {
  const fn = "psiFromShares";
  const epsilon = checkEpsilon(options.epsilon ?? PSI_DEFAULT_EPSILON, fn);
  if (referenceShares.length !== currentShares.length) {
    throw new StatsError("length-mismatch", "expected one share per category in both arguments", { fn, argument: "currentShares" });
  }
  assertNonEmpty(referenceShares, fn, "referenceShares");
  for (const [name, shares] of [["referenceShares", referenceShares], ["currentShares", currentShares]] as const) {
    for (let i = 0; i < shares.length; i++) {
      if (!(shares[i] >= 0 && shares[i] <= 1)) throw new StatsError("out-of-range", "expected shares in [0, 1]", { fn, argument: name, index: i, value: shares[i] });
    }
  }
  let total = 0;
  for (let i = 0; i < referenceShares.length; i++) total += psiTerm(referenceShares[i], currentShares[i], epsilon);
  return total;
}

/** Upper edges of the reference-quantile bins (deduplicated, without the final +∞). */
export function psiEdges(sortedReference: ArrayLike<number>, bins: number): number[] {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(sortedReference, k / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

function counts(edges: number[], values: ArrayLike<number>): number[] {
  const out = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) out[lowerBound(edges, values[i])]++; // edges below v; v on an edge stays in the lower bin
  return out;
}

export interface PsiReference {
  readonly edges: number[];
  readonly referenceCounts: number[];
  readonly size: number;
  /** PSI of `current` against the reference, with per-bin detail. */
  detail(current: ArrayLike<number>): PsiDetail;
  /** PSI of `current` against the reference. */
  psi(current: ArrayLike<number>): number;
}

/** Computes the reference bins once for many windows (drift monitoring). */
export function makePsiReference(reference: ArrayLike<number>, options: PsiOptions = {}): PsiReference {
  const fn = "makePsiReference";
  const bins = options.bins ?? PSI_DEFAULT_BINS;
  if (!Number.isInteger(bins) || bins < 2) throw new StatsError("out-of-range", "bins must be an integer >= 2", { fn, argument: "bins", value: bins });
  const epsilon = checkEpsilon(options.epsilon ?? PSI_DEFAULT_EPSILON, fn);
  assertNonEmpty(reference, fn, "reference");
  assertFinite(reference, fn, "reference");
  const sorted = sortedCopy(reference);
  const edges = psiEdges(sorted, bins);
  const referenceCounts = counts(edges, sorted);
  const nr = sorted.length;
  const detail = (current: ArrayLike<number>): PsiDetail => {
    assertNonEmpty(current, "psi", "current");
    assertFinite(current, "psi", "current");
    const currentCounts = counts(edges, current);
    const nc = current.length;
    let total = 0;
    const out: PsiBin[] = referenceCounts.map((rc, k) => {
      const referenceShare = rc / nr;
      const currentShare = currentCounts[k] / nc;
      const contribution = psiTerm(referenceShare, currentShare, epsilon);
      total += contribution;
      return { lower: k === 0 ? -Infinity : edges[k - 1], upper: k === edges.length ? Infinity : edges[k], referenceCount: rc, currentCount: currentCounts[k], referenceShare, currentShare, contribution };
    });
    return { psi: total, epsilon, bins: out };
  };
  return { edges, referenceCounts, size: nr, detail, psi: (current) => detail(current).psi };
}

/** Population stability index of `current` against `reference` (bins at reference quantiles). */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>, options: PsiOptions = {}): number {
  return makePsiReference(reference, options).psi(current);
}

/** PSI with the bins, counts, shares and per-bin contributions. */
export function psiDetail(reference: ArrayLike<number>, current: ArrayLike<number>, options: PsiOptions = {}): PsiDetail {
  return makePsiReference(reference, options).detail(current);
}
