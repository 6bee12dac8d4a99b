/**
 * Names and places of the demo's files, without generating anything (cheap to import: no DuckDB),
 * so `ensure-demo.ts` can check an existing copy quickly.
 */
import { type DemoSpan } from "./calendar.ts";
import { HOUR_MS } from "../../src/lib/time.ts";
import { klineFileName } from "./klines.ts";
import type { Scenario } from "./scenarios.ts";
import { ALL_SYMBOLS } from "./symbols.ts";
import { DEPLOYMENT_FILES, deploymentId, type LiveScenario } from "./deployment-layout.ts";

/** Bump whenever an output byte can change, so `ensure-demo.ts` regenerates stale copies. */
export const GENERATOR_VERSION = 3;
export const DEFAULT_SEED = 7;

/** The files of a demo sweep folder, in the order `writeSweepFolder` reports them. */
export const SWEEP_FILES = ["sweep.json", "results.csv", "predictions.parquet", "enrichment_config.json"] as const;

export function sweepId(scenario: Scenario): string {
  return `demo-${scenario}`;
}

/** The files `generateDemo` writes for (span, scenarios), relative to its outDir, in its order. */
export function demoFileList(span: DemoSpan, scenarios: readonly Scenario[], deployments: readonly LiveScenario[] = []): string[] {
  const months: Array<[number, number]> = [];
  const last = new Date(span.end - HOUR_MS);
  for (let d = new Date(span.start); d <= last; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    months.push([d.getUTCFullYear(), d.getUTCMonth() + 1]);
  }
  const files = ALL_SYMBOLS.flatMap((s) => months.map(([y, m]) => `ohlcv/${klineFileName(s.symbol, y, m)}`));
  for (const scenario of scenarios) for (const f of SWEEP_FILES) files.push(`sweeps/${sweepId(scenario)}/${f}`);
  for (const d of deployments) for (const f of DEPLOYMENT_FILES[d]) files.push(`deployments/${deploymentId(d)}/${f}`);
  return files;
}
