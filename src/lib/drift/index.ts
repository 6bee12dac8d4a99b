/**
 * Drift and data-quality checks (DESIGN §4): pure and isomorphic, run by loaders/drift/analyze.ts for the
 * static build and by the pages for what-if thresholds.
 */
export * from "./thresholds.js";
export * from "./windows.js";
export * from "./control-limits.js";
export * from "./feature-drift.js";
export * from "./correlation.js";
export * from "./quality.js";
export * from "./class-balance.js";
export * from "./alerts.js";
export * from "./feature-windows.js";
export * from "./block-null.js";
export * from "./fisher-chart.js";
export * from "./calibrated.js";
export * from "./summary.js";
