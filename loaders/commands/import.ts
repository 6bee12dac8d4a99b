/**
 * `ftf import mlflow <store> --experiment E --map … --sweep-id ID --out DIR`: MLflow runs become
 * a sweep folder (loaders/mlflow/import.ts). Exit 0 written, 1 invalid input (every problem
 * listed, naming the runs), 2 usage.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../errors.ts";
import { isValidSweepId } from "../../src/lib/sweep.ts";
import { parseColumnMap } from "../mlflow/column-map.ts";
import { importMlflow } from "../mlflow/import.ts";
import { parseStatuses, RUN_STATUS_NAMES } from "../mlflow/store.ts";

const HELP = `usage: ftf import mlflow <store> --experiment NAME|ID --map COL=SOURCE,... --sweep-id ID --out DIR
                         [--status FINISHED,...] [--parent RUN_ID] [--config sweep.json]
                         [--registry-model NAME] [--all]

Turns the runs of an MLflow file store into a sweep folder: sweep.json, results.parquet,
mlflow_runs.parquet (the runs as mlflow.search_runs shows them) and source.json (each results
row -> run id, experiment, store path), validated like any sweep. Nothing is written when a
problem is found; each problem names the run ids behind it.

  --experiment E      experiment id or name (repeatable)
  --map SPEC          results column = MLflow value, comma-separated (repeatable), e.g.
                      crypto=params.symbol,fold=params.fold,variant=tags.variant,
                      f1_buy=metrics.f1_buy,n_buy_trades=metrics.n_buy_trades,max_drawdown=metrics.mdd
                      sources: metrics.<name>, params.<name>, tags.<name> (names may hold / and
                      spaces), or run_id, run_name, experiment_id, status, start_time, end_time,
                      artifact_uri. Required: crypto, fold, variant, f1_buy, n_buy_trades.
                      model_run_id defaults to the run id.
  --sweep-id ID       the sweep's id ([A-Za-z0-9._-]{1,100})
  --out DIR           the sweep folder to write (replaced atomically)
  --status LIST       statuses to import (default FINISHED; ${RUN_STATUS_NAMES.join(", ")})
  --parent RUN_ID     only the descendants of this run (nested runs, mlflow.parentRunId)
  --config FILE       a sweep.json template: variants, baseline_variant, leakage_pair, interval,
                      train window, cryptos, thresholds, registry, ... (sweep_id is --sweep-id)
  --registry-model N  the registered model whose versions (models/N/version-K) come from the
                      imported runs: their tags enrichment_config_sha256 and feature_names fill
                      sweep.json's registry
  --all               also import deleted runs (and read deleted experiments)

A run that is the parent of other selected runs is a container and is skipped (listed in
source.json). Exit status: 0 written, 1 invalid input, 2 usage error.`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        experiment: { type: "string", multiple: true },
        map: { type: "string", multiple: true },
        "sweep-id": { type: "string" },
        out: { type: "string" },
        status: { type: "string" },
        parent: { type: "string" },
        config: { type: "string" },
        "registry-model": { type: "string" },
        all: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
  const v = parsed.values;
  if (v.help) {
    console.log(HELP);
    return 0;
  }
  const [kind, store, ...extra] = parsed.positionals;
  if (kind !== "mlflow") throw new UsageError(`${kind ? `cannot import "${kind}"` : "missing source kind"}; expected: ftf import mlflow <store> ...\n\n${HELP}`);
  if (!store) throw new UsageError(`missing <store>\n\n${HELP}`);
  if (extra.length) throw new UsageError(`unexpected argument${extra.length > 1 ? "s" : ""}: ${extra.join(" ")}\n\n${HELP}`);
  if (!v.experiment?.length) throw new UsageError(`missing --experiment\n\n${HELP}`);
  if (!v.map?.length) throw new UsageError(`missing --map\n\n${HELP}`);
  const sweepId = v["sweep-id"];
  if (!sweepId) throw new UsageError(`missing --sweep-id\n\n${HELP}`);
  if (!isValidSweepId(sweepId)) throw new UsageError(`--sweep-id "${sweepId}" is not [A-Za-z0-9._-]{1,100}`);
  if (!v.out) throw new UsageError(`missing --out\n\n${HELP}`);
  const map = parseColumnMap(v.map);
  const statuses = parseStatuses(v.status ?? "FINISHED");
  if (!statuses.length) throw new UsageError("--status names no status");

  const summary = await importMlflow({
    store,
    experiments: v.experiment,
    map,
    statuses,
    includeDeleted: v.all,
    parent: v.parent ?? null,
    sweepId,
    outDir: v.out,
    configFile: v.config ?? null,
    registryModel: v["registry-model"] ?? null,
  });
  for (const w of summary.warnings) console.error(`warning: ${w.message}`);
  const s = summary.source;
  const c = summary.config;
  const cryptos = new Set(s.rows.map((r) => r.crypto)).size;
  const folds = new Set(s.rows.map((r) => r.fold)).size;
  console.log(`ftf import mlflow: sweep ${c.sweep_id} written to ${summary.outDir}`);
  console.log(`  ${s.rows.length} results rows (${cryptos} cryptos × ${folds} folds × ${c.variants.length} variants) from ${s.rows.length} runs of ${s.experiments.map((e) => `experiment ${e.experiment_id} "${e.name}"`).join(", ")}`);
  if (s.skipped.length) console.log(`  ${s.skipped.length} run${s.skipped.length === 1 ? "" : "s"} not imported (see source.json "skipped")`);
  if (s.registry) console.log(`  registry: model "${s.registry.model}", ${s.registry.versions.length} version${s.registry.versions.length === 1 ? "" : "s"} from imported runs`);
  console.log(`  next: ftf verdict ${summary.outDir}`);
  return 0;
}
