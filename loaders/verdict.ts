/**
 * The committee dossier as JSON: the gate engine of src/lib/gates run on a sweep, with per-regime
 * f1 (gate 3) when the sweep has predictions and an OHLCV folder is given, and the provenance
 * that lets every number be traced (input SHA-256s, tool version, git commit).
 *
 * Two entry points, one assembly: `computeDossier(sweepDir, {ohlcvDir})` for the CLI (validated
 * through ingest), `dossierFromIngested(outDir)` for the site, whose data loaders already hold an
 * ingest output folder. Both end in `assembleDossier`, so `ftf verdict --json` and the pages
 * cannot disagree. No wall-clock time goes in: the same inputs give the same bytes.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { evaluateGates, GateInputError, type GateReport, type RegimeF1Row } from "../src/lib/gates/index.ts";
import { regimeRuleFor, type RegimeRule } from "../src/lib/regimes.ts";
import { regimeF1Sql, rvMedianSql } from "../src/lib/sql/regime-f1.ts";
import type { ResultRow } from "../src/lib/results.ts";
import type { SweepConfig } from "../src/lib/sweep.ts";
import { InputError } from "./errors.ts";
import { Duck } from "./ingest/duck.ts";
import { quoteLiteral } from "../src/lib/sql/quote.ts";
import { ingestSweep, readIngested, readSweep, type InputFileInfo, type Warning } from "./ingest/index.ts";
import { gitCommit, toolVersion } from "./ingest/tool-info.ts";
import { formatUtc, formatUtcMillis } from "../src/lib/time.ts";
import { DOSSIER_VERSION, type Dossier, type RegimeSection, type SiteDossier } from "../src/lib/dossier.ts";
import { readMlflowProvenance } from "./mlflow/provenance.ts";

export { DOSSIER_VERSION, type Dossier, type RegimeSection, type SiteDossier } from "../src/lib/dossier.ts";

export interface DossierOptions {
  /** OHLCV folder (raw kline files); with predictions it enables per-regime f1 in gate 3. */
  ohlcvDir?: string | null;
  /** Regime rule overrides (e.g. vol_split); defaults are DESIGN §4 at the sweep's interval. */
  regimeRule?: Partial<RegimeRule>;
}

const METHOD = {
  gates: "src/lib/gates (DESIGN §5); inclusive comparisons for G1, G2, G3, G5 (G2/G3/G5 with 1e-9 slack), strict p < alpha for G4, G6",
  paired_test: "one-sided paired t-test as scipy.stats.ttest_rel(alternative='greater')",
  multiple_testing: "Benjamini-Hochberg as statsmodels multipletests(method='fdr_bh'); G4 family: all non-baseline variants; G6 family: pooled + per-crypto leakage tests",
  power: "smallest mean difference detected with 80% power at alpha, from the observed SD of the paired differences (statsmodels TTestPower)",
  bootstrap: "percentile bootstrap of the mean paired difference, seeded (src/lib/stats/bootstrap.ts)",
  variance: "sample variance, ddof = 1 (numpy.var(ddof=1))",
  regimes: "BTC trailing 720-bar log return > +0.10 bull, < -0.10 bear, else range (optionally × btc_rv_24h above/below its training median); per-regime f1 pooled over folds; src/lib/sql/regime-f1.ts",
};

function ruleSection(rule: RegimeRule, btcSymbol: string): NonNullable<RegimeSection["rule"]> {
  const { train_start_ms, train_end_ms, ...rest } = rule;
  return { ...rest, train_start: train_start_ms === null ? null : formatUtc(train_start_ms), train_end: train_end_ms === null ? null : formatUtc(train_end_ms), btc_symbol: btcSymbol };
}

export interface DossierParts {
  config: SweepConfig;
  results: ResultRow[];
  regimes: RegimeSection;
  inputs: InputFileInfo[];
  warnings: Warning[];
  tool: Dossier["tool"];
  mlflow?: Dossier["mlflow"] | null;
}

/** The gate engine on the parts, and the JSON around it. */
export function assembleDossier(p: DossierParts): Dossier {
  let report: GateReport;
  try {
    report = evaluateGates({ config: p.config, results: p.results, regimeF1: p.regimes.assessed ? p.regimes.rows : null });
  } catch (e) {
    if (e instanceof GateInputError) throw new InputError("invalid_sweep", e.message, { file: p.config.sweep_id });
    throw e;
  }
  const { track_verdict, track_reason, leakage, variants, ...rest } = report;
  return {
    sweep_id: p.config.sweep_id,
    track_verdict,
    track_reason,
    leakage,
    variants,
    dossier_version: DOSSIER_VERSION,
    track: p.config.track,
    universe: p.config.universe,
    created_at: p.config.created_at,
    interval: p.config.interval,
    ...rest,
    threshold_overrides: { ...p.config.thresholds },
    regimes: p.regimes,
    inputs: p.inputs.map(({ root, path, kind, size, sha256, rows }) => ({ root, path, kind, size, sha256, rows })),
    warnings: p.warnings,
    tool: p.tool,
    method: METHOD,
    ...(p.mlflow ? { mlflow: p.mlflow } : {}),
  };
}

/** Per-regime f1 with the SQL of src/lib/sql/regime-f1.ts over tables `predictions` and `ohlcv`. */
export async function regimeF1InDuck(duck: Duck, config: SweepConfig, rule: RegimeRule): Promise<RegimeF1Row[]> {
  const rows = await duck.rows<Record<string, unknown>>(regimeF1Sql({ ...rule, btc_symbol: config.btc_symbol }));
  return rows.map((r) => ({
    variant: String(r.variant),
    crypto: String(r.crypto),
    regime: String(r.regime),
    n_bars: Number(r.n_bars),
    n_pred_buy: Number(r.n_pred_buy),
    n_true_buy: Number(r.n_true_buy),
    tp: Number(r.tp),
    fp: Number(r.fp),
    fn: Number(r.fn),
    f1: r.f1 === null ? null : Number(r.f1),
  }));
}

/** Per-regime f1 from an ingest output folder, or why it cannot be computed. */
async function regimesFromIngested(outDir: string, config: SweepConfig, overrides: Partial<RegimeRule> = {}): Promise<RegimeSection> {
  const rule = regimeRuleFor(config, overrides);
  const notAssessed = (reason: string): RegimeSection => ({ assessed: false, reason, rule: ruleSection(rule, config.btc_symbol), rv_median: null, rows: [] });
  const predictions = join(outDir, "predictions.parquet");
  const ohlcv = join(outDir, "ohlcv.parquet");
  if (!existsSync(predictions)) return notAssessed("the sweep has no predictions file, so per-regime f1 cannot be computed");
  if (!existsSync(ohlcv)) return notAssessed("no OHLCV folder was given (--ohlcv), so BTC regimes cannot be labelled");
  const duck = await Duck.open();
  try {
    await duck.run(`CREATE VIEW predictions AS SELECT * FROM read_parquet(${quoteLiteral(predictions)})`);
    await duck.run(`CREATE VIEW ohlcv AS SELECT * FROM read_parquet(${quoteLiteral(ohlcv)})`);
    const nBtc = await duck.value<number>(`SELECT count(*) FROM ohlcv WHERE symbol = ${quoteLiteral(config.btc_symbol)}`);
    if (!Number(nBtc)) return notAssessed(`the OHLCV has no bars of ${config.btc_symbol}, the series regimes come from`);
    const rows = await regimeF1InDuck(duck, config, rule);
    let rvMedian: number | null = null;
    if (rule.vol_split) {
      rvMedian = (await duck.value<number | null>(rvMedianSql({ ...rule, btc_symbol: config.btc_symbol }))) ?? null;
    }
    return { assessed: true, reason: null, rule: ruleSection(rule, config.btc_symbol), rv_median: rvMedian, rows };
  } finally {
    duck.close();
  }
}

/** The dossier of an ingest output folder (what the site's data loaders hold). */
export async function dossierFromIngested(outDir: string, opts: Pick<DossierOptions, "regimeRule"> = {}): Promise<Dossier> {
  const { config, results, manifest } = await readIngested(outDir);
  const regimes = await regimesFromIngested(outDir, config, opts.regimeRule);
  return assembleDossier({ config, results, regimes, inputs: manifest.inputs, warnings: manifest.warnings, tool: manifest.tool });
}

/**
 * The dossier of a sweep folder. With an OHLCV folder, the sweep is ingested (validated,
 * predictions checked against the results, OHLCV normalised) into a temporary folder first;
 * without one, only sweep.json and the results are read, and gate 3 runs on folds alone.
 * Invalid input throws ValidationError / InputError (the CLI exits 1).
 */
export async function computeDossier(sweepDir: string, opts: DossierOptions = {}): Promise<Dossier> {
  if (opts.ohlcvDir) {
    const work = mkdtempSync(join(tmpdir(), "ftf-verdict-"));
    try {
      const out = join(work, "ingested");
      await ingestSweep(resolve(sweepDir), { ohlcvDir: resolve(opts.ohlcvDir), outDir: out });
      const dossier = await dossierFromIngested(out, opts);
      const mlflow = await readMlflowProvenance(resolve(sweepDir));
      return mlflow ? { ...dossier, mlflow } : dossier;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const sweep = await readSweep(resolve(sweepDir));
  const hasPredictions = sweep.files.some((f) => f.kind === "predictions") || existsSync(join(sweepDir, "predictions.parquet")) || existsSync(join(sweepDir, "predictions.csv"));
  const rule = regimeRuleFor(sweep.config, opts.regimeRule);
  const regimes: RegimeSection = {
    assessed: false,
    reason: hasPredictions
      ? "no OHLCV folder was given (--ohlcv), so BTC regimes cannot be labelled"
      : "the sweep has no predictions file, so per-regime f1 cannot be computed",
    rule: ruleSection(rule, sweep.config.btc_symbol),
    rv_median: null,
    rows: [],
  };
  const mlflow = await readMlflowProvenance(resolve(sweepDir));
  return assembleDossier({ config: sweep.config, results: sweep.results, regimes, inputs: sweep.files, warnings: sweep.warnings, tool: { ...toolVersion(), git_commit: gitCommit() }, mlflow });
}

/**
 * The dossier of a sweep of the site (FTF_SWEEPS / FTF_OHLCV), from the shared ingest cache.
 * `built_at` is the only wall-clock value, kept out of the dossier proper.
 */
export async function siteDossier(sweepId: string): Promise<SiteDossier> {
  const { ensureIngested } = await import("./ingest/site-cache.ts");
  const dossier = await dossierFromIngested(await ensureIngested(sweepId));
  const { sweepsRoot } = await import("./site/paths.ts");
  const mlflow = await readMlflowProvenance(join(sweepsRoot(), sweepId));
  if (mlflow) dossier.mlflow = mlflow;
  // SOURCE_DATE_EPOCH (reproducible-builds.org; `ftf snapshot` sets it) pins the date, so a
  // snapshot's bytes do not depend on the wall clock; snapshot.json records the real build time.
  const epoch = process.env.SOURCE_DATE_EPOCH?.trim();
  const builtAt = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return { ...dossier, build: { built_at: formatUtcMillis(builtAt), git_commit: gitCommit() } };
}

/**
 * What a page needs to re-run the gate engine live (thresholds and regime inputs as sliders):
 * the normalised config and the results rows, exactly what `dossierFromIngested` fed the engine.
 */
export async function siteGateInputs(sweepId: string): Promise<{ config: SweepConfig; results: ResultRow[] }> {
  const { ensureIngested } = await import("./ingest/site-cache.ts");
  const { config, results } = await readIngested(await ensureIngested(sweepId));
  return { config, results };
}

/**
 * The BTC bars regimes are labelled from (symbol, ts, close), as Parquet bytes: the Stability page
 * needs 1 of the OHLCV's columns for 1 of its symbols, so it loads this instead of ohlcv.parquet.
 */
export async function siteBtcBars(sweepId: string): Promise<Buffer> {
  const { ensureIngested } = await import("./ingest/site-cache.ts");
  const { readFileSync } = await import("node:fs");
  const dir = await ensureIngested(sweepId);
  const { config } = await readIngested(dir);
  const work = mkdtempSync(join(tmpdir(), "ftf-btc-"));
  const duck = await Duck.open({ threads: 1 }); // Parquet bytes must not depend on the core count
  try {
    const file = join(work, "btc.parquet");
    const source = join(dir, "ohlcv.parquet");
    const select = existsSync(source)
      ? `SELECT symbol, ts, close FROM read_parquet(${quoteLiteral(source)}) WHERE symbol = ${quoteLiteral(config.btc_symbol)} ORDER BY ts`
      : `SELECT CAST(NULL AS VARCHAR) AS symbol, CAST(NULL AS TIMESTAMP) AS ts, CAST(NULL AS DOUBLE) AS close WHERE false`;
    await duck.run(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd)`);
    return readFileSync(file);
  } finally {
    duck.close();
    rmSync(work, { recursive: true, force: true });
  }
}
