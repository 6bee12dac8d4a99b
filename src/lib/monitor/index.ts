/**
 * Production monitoring of a deployment (spec §1, §4, §5; DESIGN §6b): pure and isomorphic, run
 * by loaders/monitor/ for `ftf monitor` and the Monitoring page's precomputed JSON.
 */
export * from "./thresholds.js";
export * from "./runbook.js";
export * from "./deployment.js";
export * from "./events.js";
export * from "./series.js";
export * from "./preflight.js";
export * from "./evaluate.js";
export * from "./openmetrics.js";
