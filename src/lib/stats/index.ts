/**
 * Statistics core of the workbench: every statistic and distribution the gates, loaders and
 * pages use, written once, isomorphic (no Node APIs), matching scipy 1.10 / statsmodels 0.13
 * (Debian) to 1e-9 relative on p-values — test/golden/ holds the vectors.
 *
 * What is hand-written and why: simple-statistics (the one descriptive-statistics dependency the
 * design allows) offers neither the distributions (incomplete beta, Student t, noncentral t,
 * Kolmogorov) nor scipy-exact tests; its mean/variance use a compensated sum that rounds
 * differently from numpy, which changes scipy's zero-variance t-test outcome. Everything below is
 * therefore implemented here, each file naming its method and reference:
 *
 *   special.ts      log Γ, Loader's binomial density, regularized incomplete beta, erfc, Φ
 *   descriptive.ts  numpy-exact sum, mean, sample variance, linear quantile
 *   t.ts            Student t CDF / SF / quantile / density
 *   noncentral-t.ts noncentral t CDF / SF
 *   kolmogorov.ts   kstwobign, smirnov, kstwo (Simard–L'Ecuyer method selection as scipy)
 *   ks2samp.ts      two-sample KS test (exact + asymptotic), sorted-reference fast path
 *   ttest.ts        paired t-test
 *   multitest.ts    Benjamini–Hochberg
 *   correlation.ts  Pearson r and p-value
 *   psi.ts          population stability index
 *   power.ts        paired t-test power, minimum detectable effect
 *   bootstrap.ts    percentile bootstrap CI of a mean, seeded (prng.ts: xoshiro128**)
 *   block-bootstrap.ts  circular moving-block bootstrap of a dependent series
 *   autocorrelation.ts  integrated autocorrelation time (Bartlett / Newey–West), effective n
 *   wasserstein.ts  first Wasserstein distance of two samples
 *   roots.ts, search.ts  Brent root finder, binary search
 */
export { StatsError, type StatsErrorCode, type StatsErrorDetail } from "./errors.js";
export { mean, sampleVariance, sampleStd, numpySum, quantileSorted, sortedCopy } from "./descriptive.js";
export { logGamma, regularizedBeta, erfc, normalCdf, normalSf, binomialDensity, type Tails } from "./special.js";
export { studentTCdf, studentTSf, studentTPdf, studentTPpf, studentTIsf } from "./t.js";
export { nctCdf, nctSf } from "./noncentral-t.js";
export { kolmogorovCdf, kolmogorovSf, smirnovSf, kstwoCdf, kstwoSf } from "./kolmogorov.js";
export {
  ks2samp,
  ks2sampSorted,
  makeKsReference,
  ks2PvalueFromStatistic,
  probOutsideSquare,
  probOutsideBand,
  KS_EXACT_MAX_N,
  type KsResult,
  type Ks2Result,
  type KsReference,
  type KsMethod,
} from "./ks2samp.js";
export { ttestRel, tTestPvalue, ALTERNATIVES, type Alternative, type TTestResult } from "./ttest.js";
export { bhAdjust } from "./multitest.js";
export { pearson, pearsonPvalue, type PearsonResult } from "./correlation.js";
export {
  psi,
  psiDetail,
  psiFromShares,
  psiEdges,
  makePsiReference,
  PSI_DEFAULT_BINS,
  PSI_DEFAULT_EPSILON,
  type PsiOptions,
  type PsiBin,
  type PsiDetail,
  type PsiReference,
} from "./psi.js";
export { ttestPower, pairedTTestPower, detectableEffectSize, minDetectableEffect } from "./power.js";
export { bootstrapMeanCI, BOOTSTRAP_DEFAULTS, type BootstrapOptions, type BootstrapInterval } from "./bootstrap.js";
export { createRng, type Rng } from "./prng.js";
export { brentRoot } from "./roots.js";
export { gallopLowerBound, gallopUpperBound, lowerBound, upperBound } from "./search.js";
export { integratedAutocorrelationTime, effectiveSampleSize, neweyWestLag, type AutocorrelationTime } from "./autocorrelation.js";
export { wassersteinDistance, wassersteinSorted, makeWassersteinReference, type WassersteinReference } from "./wasserstein.js";
export { blockBootstrap, blockBootstrapMeanSd, type BlockBootstrapOptions } from "./block-bootstrap.js";
