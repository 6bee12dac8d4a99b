/**
 * `ftf demo`: write the deterministic demo (OHLCV + one sweep folder per scenario) into a folder.
 * See loaders/demo/README.md for the market and scenario models.
 */
import { parseArgs } from "node:util";
import { DEFAULT_SPAN, validateSpan, type DemoSpan } from "../demo/calendar.ts";
import { DEFAULT_SEED, generateDemo } from "../demo/generate.ts";
import { DRIFT_SHIFT, DRIFTED, driftShiftStart, isScenario, SCENARIOS, type Scenario } from "../demo/scenarios.ts";
import { isLiveScenario, LIVE_SCENARIOS, liveSpanProblem, type LiveScenario } from "../demo/deployment-layout.ts";
import { UsageError } from "../errors.ts";
import { formatUtc, tryParseUtc } from "../../src/lib/time.ts";

const HELP = `usage: ftf demo [--scenario clean|leaky|unstable|drifted|live-ok|live-regress|live-mismatch|all] [--seed N] [--out DIR]
                [--start DATE] [--train-end DATE] [--end DATE]

Writes DIR/ohlcv/<SYMBOL>-1h-<YYYY>-<MM>.csv (Binance spot klines, BTCUSDC + 5 targets) and
DIR/sweeps/demo-<scenario>/{sweep.json,results.csv,predictions.parquet,enrichment_config.json}.
The same seed gives byte-identical files.

  --scenario   clean (modest real uplift, no leakage), leaky (purge 0 looks ahead),
               unstable (btc_vol_only swings across folds), or all          [clean]
               drifted: as clean, but BTC's volatility ×${DRIFT_SHIFT.volatility} and volume ×${DRIFT_SHIFT.volume} from
               ${Math.round(100 * DRIFT_SHIFT.afterTrainingShare)}% into the monitoring span (2024-03-12 by default); its own
               OHLCV, so not part of all (use another --out)
               live-ok | live-regress | live-mismatch: a deployment folder
               DIR/deployments/demo-<scenario>/ (btc_full of demo-clean live on
               ETHUSDC for the last 30 days: healthy; f1 falling below the
               baseline − 0.02; an enrichment_config_mismatch event and a BTC
               feed gap > 5% of a fold), written with the clean sweep it
               comes from; "all" writes every sweep and every deployment
  --seed       non-negative integer                                         [${DEFAULT_SEED}]
  --out        output folder                                                [data]
  --start      first bar (UTC date or ISO time)             [${formatUtc(DEFAULT_SPAN.start)}]
  --train-end  end of training = start of fold 1            [${formatUtc(DEFAULT_SPAN.trainEnd)}]
  --end        end of data and of fold 5 (exclusive)        [${formatUtc(DEFAULT_SPAN.end)}]`;

function parseSeed(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SEED;
  const seed = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a non-negative integer (got "${text}")`);
  return seed;
}

function parseSpan(values: { start?: string; "train-end"?: string; end?: string }): DemoSpan {
  const pick = (flag: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const t = tryParseUtc(text);
    if (t === null) throw new UsageError(`--${flag} must be a UTC date like 2024-01-01 or 2024-01-01T00:00:00Z (got "${text}")`);
    return t;
  };
  const span = {
    start: pick("start", values.start, DEFAULT_SPAN.start),
    trainEnd: pick("train-end", values["train-end"], DEFAULT_SPAN.trainEnd),
    end: pick("end", values.end, DEFAULT_SPAN.end),
  };
  const problem = validateSpan(span);
  if (problem) throw new UsageError(problem);
  return span;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        scenario: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        start: { type: "string" },
        "train-end": { type: "string" },
        end: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const scenarioArg = values.scenario ?? "clean";
  if (scenarioArg !== "all" && !isScenario(scenarioArg) && !isLiveScenario(scenarioArg)) {
    throw new UsageError(`--scenario must be one of ${[...SCENARIOS, DRIFTED, ...LIVE_SCENARIOS].join(", ")} or all (got "${scenarioArg}")`);
  }
  // a deployment needs the sweep it came from (its training reference): the clean sweep
  const scenarios: Scenario[] = scenarioArg === "all" ? [...SCENARIOS] : isLiveScenario(scenarioArg) ? ["clean"] : [scenarioArg];
  const deployments: LiveScenario[] = scenarioArg === "all" ? [...LIVE_SCENARIOS] : isLiveScenario(scenarioArg) ? [scenarioArg] : [];
  const seed = parseSeed(values.seed);
  const span = parseSpan(values);
  const outDir = values.out ?? "data";
  if (deployments.length) {
    const problem = liveSpanProblem(span);
    if (problem) throw new UsageError(problem);
  }
  const out = await generateDemo({ seed, scenarios, outDir, span, deployments });
  const sweeps = scenarios.map((s) => `${outDir}/sweeps/demo-${s}`).join(", ");
  const klines = out.files.filter((f) => f.startsWith("ohlcv/")).length;
  const deps = deployments.length ? `; deployment${deployments.length === 1 ? "" : "s"} ${deployments.map((d) => `${outDir}/deployments/demo-${d}`).join(", ")}` : "";
  console.log(`ftf demo: seed ${seed}; ${klines} kline files in ${outDir}/ohlcv; sweep ${sweeps}${deps} (${(out.millis / 1000).toFixed(1)} s)`);
  if (scenarios.includes(DRIFTED))
    console.log(`  drifted: BTC volatility ×${DRIFT_SHIFT.volatility} and volume ×${DRIFT_SHIFT.volume} from ${formatUtc(driftShiftStart(span))} (training ends ${formatUtc(span.trainEnd)})`);
  return 0;
}
