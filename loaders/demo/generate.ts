/**
 * The demo generator's entry point: one seeded market (shared by every scenario), its kline files,
 * and one sweep folder per scenario. Layout under `outDir`:
 *
 *   ohlcv/<SYMBOL>-1h-<YYYY>-<MM>.csv           Binance spot klines (klines.ts)
 *   sweeps/demo-<scenario>/sweep.json           DESIGN §3 (sweep-files.ts)
 *   sweeps/demo-<scenario>/results.csv
 *   sweeps/demo-<scenario>/predictions.parquet
 *   sweeps/demo-<scenario>/enrichment_config.json
 *   deployments/demo-live-<x>/{deployment.json,inference_log.parquet,events.*}   (deployments.ts)
 *
 * Same (seed, span, GENERATOR_VERSION) → the same bytes. Bump GENERATOR_VERSION (layout.ts)
 * whenever an output byte can change, so `ensure-demo.ts` regenerates stale copies.
 */
import { join } from "node:path";
import { DEFAULT_SPAN, type DemoSpan } from "./calendar.ts";
import { writeKlineFiles } from "./klines.ts";
import { DEFAULT_SEED, GENERATOR_VERSION } from "./layout.ts";
import { simulateMarket } from "./market.ts";
import { buildPredictions } from "./predictions.ts";
import { DRIFT_SHIFT, DRIFTED, driftShiftStart, type Scenario } from "./scenarios.ts";
import { writeSweepFolder } from "./sweep-files.ts";
import { writeDeploymentFolder, type LiveScenario } from "./deployments.ts";

export { DEFAULT_SEED, GENERATOR_VERSION };

export interface DemoOptions {
  seed: number;
  scenarios: readonly Scenario[];
  outDir: string;
  /** Demo deployments to write (DIR/deployments/demo-<scenario>/); they come from the clean sweep. */
  deployments?: readonly LiveScenario[];
  /** Defaults to DEFAULT_SPAN (2022-01-01 … 2025-07-01, training before 2023-07-01). */
  span?: DemoSpan;
}

export interface DemoOutput {
  /** Paths written, relative to `outDir`, with forward slashes. */
  files: string[];
  millis: number;
}

export async function generateDemo(opts: DemoOptions): Promise<DemoOutput> {
  const t0 = performance.now();
  const span = opts.span ?? DEFAULT_SPAN;
  // drifted has a market of its own (the same draws, shifted after training): never mixed with the others
  const drifted = opts.scenarios.includes(DRIFTED);
  if (drifted && opts.scenarios.length > 1) throw new Error(`the ${DRIFTED} scenario has its own OHLCV: generate it on its own (another --out)`);
  const shift = drifted ? { start: driftShiftStart(span), volatility: DRIFT_SHIFT.volatility, volume: DRIFT_SHIFT.volume } : null;
  const market = simulateMarket(opts.seed, span, shift);
  const files: string[] = [];
  const ohlcvDir = join(opts.outDir, "ohlcv");
  for (const series of [market.btc, ...market.targets]) {
    for (const name of writeKlineFiles(ohlcvDir, series)) files.push(`ohlcv/${name}`);
  }
  for (const scenario of opts.scenarios) {
    const blocks = buildPredictions(opts.seed, scenario, market);
    const meta = { scenario, seed: opts.seed, span };
    for (const f of await writeSweepFolder(join(opts.outDir, "sweeps"), meta, blocks)) files.push(`sweeps/${f}`);
  }
  for (const scenario of opts.deployments ?? []) {
    for (const f of await writeDeploymentFolder(join(opts.outDir, "deployments"), scenario, opts.seed, market)) files.push(`deployments/${f}`);
  }
  return { files, millis: performance.now() - t0 };
}

