/**
 * Streaming rolling kernels on the bar grid (issue 13): typed arrays in, typed arrays out, one
 * pass, O(n) (sums, moments, correlation, lag) or O(n log w) (median). The Node drift analysis
 * computes features and quality flags with them; the browser keeps the SQL definitions of
 * src/lib/sql/features.ts and src/lib/drift/quality.ts, and both give the same numbers.
 */
export * from "./grid.js";
export { CompensatedSum, WindowExtremes } from "./compensated.js";
export * from "./moments.js";
export * from "./correlation.js";
export * from "./median.js";
export * from "./btc-features.js";
export * from "./quality-flags.js";
