/**
 * `ftf import mlflow`: a mapped selection of MLflow runs becomes a sweep folder —
 * `sweep.json`, `results.parquet` (the ingest's schema), `mlflow_runs.parquet` (the runs as
 * `mlflow.search_runs` shows them, joined to their results cell) and `source.json` (each results
 * row → its run id, experiment and store path). The folder is then validated like any sweep
 * (`validateSweep` + the artefact contract); every problem names the run ids behind it, and
 * nothing is written unless the whole sweep is valid.
 *
 * Selection: the runs of the experiments asked for, FINISHED and active unless told otherwise;
 * with `parent`, only the descendants of that run (`mlflow.parentRunId`). A run that is the parent
 * of another selected run is a container (a sweep's parent run), not a cell, and is skipped.
 */
import { promises as fsp } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { coerceResultRecord, checkResultsGrid, compareResults, type CellKey, type ResultRow } from "../../src/lib/results.ts";
import type { SweepConfig } from "../../src/lib/sweep.ts";
import { siteTable, type ColumnType } from "../../src/lib/tables.ts";
import { tryParseUtc } from "../../src/lib/time.ts";
import { quoteIdent, quoteLiteral } from "../../src/lib/sql/quote.ts";
import { artefactContractErrors } from "../artefacts.ts";
import { InputError, ValidationError } from "../errors.ts";
import { writeDirAtomically } from "../ingest/atomic-dir.ts";
import { Duck } from "../ingest/duck.ts";
import { normalizeSweepConfig, validateSweep, type Warning } from "../ingest/index.ts";
import { createResultsTable } from "../ingest/results-table.ts";
import { gitCommit, toolVersion } from "../ingest/tool-info.ts";
import { mappedValue, type ColumnMapping } from "./column-map.ts";
import { readRegisteredModel, type ModelVersion } from "./registry.ts";
import { BASE_COLUMNS, searchColumns, searchRow } from "./search-rows.ts";
import { MlflowStore, type Experiment, type Run, type RunStatus } from "./store.ts";

export interface ImportOptions {
  store: string;
  /** Experiment ids or names. */
  experiments: readonly string[];
  map: readonly ColumnMapping[];
  statuses: readonly RunStatus[];
  includeDeleted?: boolean;
  /** Keep only the descendants of this run. */
  parent?: string | null;
  sweepId: string;
  outDir: string;
  /** A sweep.json template (variants, baseline, thresholds, train window, registry, …). */
  configFile?: string | null;
  registryModel?: string | null;
}

export interface SourceRow extends CellKey {
  run_id: string;
  run_name: string | null;
  experiment_id: string;
  /** Store-relative run folder. */
  run_path: string;
}

export interface SourceJson {
  source_version: 1;
  kind: "mlflow";
  store: { path: string; uri: string };
  experiments: Array<Pick<Experiment, "experiment_id" | "name" | "lifecycle_stage" | "path">>;
  selection: { statuses: string[]; include_deleted: boolean; parent_run_id: string | null };
  map: Record<string, string>;
  rows: SourceRow[];
  skipped: Array<{ run_id: string; run_name: string | null; reason: string }>;
  registry: { model: string; versions: Array<Pick<ModelVersion, "version" | "run_id" | "current_stage" | "aliases"> & { variant: string; tags_used: Record<string, string> }> } | null;
  tool: { name: string; version: string; git_commit: string | null };
}

export interface ImportSummary {
  outDir: string;
  config: SweepConfig;
  source: SourceJson;
  warnings: Warning[];
  runsRead: number;
}

const MAX_LISTED = 12;

function who(run: Run): string {
  return run.info.run_name ? `${run.info.run_id} ("${run.info.run_name}")` : run.info.run_id;
}

function listRuns(runs: readonly Run[]): string {
  const shown = runs.slice(0, MAX_LISTED).map(who).join(", ");
  return runs.length > MAX_LISTED ? `${shown}, … (${runs.length} runs)` : shown;
}

/** Descendants of `parent` among `runs` (children, grandchildren, …). */
function descendants(runs: readonly Run[], parent: string): Run[] {
  const keep = new Set([parent]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of runs) if (!keep.has(r.info.run_id) && r.parent_run_id && keep.has(r.parent_run_id)) keep.add(r.info.run_id), (grew = true);
  }
  return runs.filter((r) => r.info.run_id !== parent && keep.has(r.info.run_id));
}

async function readTemplate(file: string | null | undefined): Promise<Record<string, unknown>> {
  if (!file) return {};
  let text: string;
  try {
    text = await fsp.readFile(file, "utf8");
  } catch (e) {
    throw new InputError("missing_file", `cannot read the sweep config template: ${(e as Error).message}`, { file }, "a sweep.json file");
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("not a JSON object");
    return v as Record<string, unknown>;
  } catch (e) {
    throw new InputError("invalid_json", `invalid JSON: ${(e as Error).message}`, { file }, "a sweep.json object");
  }
}

/** A model-version tag holding feature names: a JSON list, or names separated by `;` (or `,`). */
export function parseFeatureNamesTag(text: string): string[] {
  const t = text.trim();
  if (t.startsWith("[")) {
    try {
      const v = JSON.parse(t) as unknown;
      if (Array.isArray(v) && v.every((s) => typeof s === "string")) return v;
    } catch {
      /* fall through to the separated form */
    }
  }
  return t.split(t.includes(";") ? ";" : ",").map((s) => s.trim()).filter(Boolean);
}

const REGISTRY_TAGS = ["enrichment_config_sha256", "feature_names"] as const;

/**
 * Registry tags from the versions of `model` whose run is a cell of the sweep: per variant the
 * feature names and enrichment SHA-256 (a variant whose versions disagree is an error naming
 * them); one SHA-256 for every variant goes to the top level, as sweep.json states it.
 */
function registryFromVersions(model: string, versions: readonly ModelVersion[], variantOfRun: ReadonlyMap<string, string>, errors: InputError[]) {
  const used: NonNullable<SourceJson["registry"]>["versions"] = [];
  const perVariant = new Map<string, Map<string, Map<string, number[]>>>(); // variant → tag → value → versions
  for (const v of versions) {
    const variant = v.run_id ? variantOfRun.get(v.run_id) : undefined;
    if (!variant) continue;
    const tagsUsed: Record<string, string> = {};
    for (const t of REGISTRY_TAGS) {
      if (v.tags[t] === undefined) continue;
      tagsUsed[t] = v.tags[t];
      const byTag = perVariant.get(variant) ?? new Map();
      perVariant.set(variant, byTag);
      const byValue = byTag.get(t) ?? new Map<string, number[]>();
      byTag.set(t, byValue);
      const key = t === "feature_names" ? JSON.stringify(parseFeatureNamesTag(v.tags[t])) : v.tags[t].trim().toLowerCase();
      byValue.set(key, [...(byValue.get(key) ?? []), v.version]);
    }
    used.push({ version: v.version, run_id: v.run_id, current_stage: v.current_stage, aliases: v.aliases, variant, tags_used: tagsUsed });
  }
  const variants: Record<string, { enrichment_config_sha256?: string; feature_names?: string[] }> = {};
  for (const [variant, byTag] of perVariant) {
    variants[variant] = {};
    for (const [tag, byValue] of byTag) {
      if (byValue.size > 1) {
        const detail = [...byValue].map(([val, vs]) => `version${vs.length > 1 ? "s" : ""} ${vs.join(", ")}: ${val}`).join("; ");
        errors.push(new InputError("mlflow_registry_conflict", `registered model "${model}": the versions of variant ${variant} disagree on tag ${tag} (${detail})`, { file: `models/${model}` }, "one value per variant"));
        continue;
      }
      const [val] = byValue.keys();
      if (tag === "feature_names") variants[variant].feature_names = JSON.parse(val) as string[];
      else variants[variant].enrichment_config_sha256 = val;
    }
  }
  return { used, variants };
}

/** Merge registry tags into the template's `registry`; the registry wins, with a warning. */
function mergeRegistry(template: unknown, fromTags: Record<string, { enrichment_config_sha256?: string; feature_names?: string[] }>, warnings: Warning[]): Record<string, unknown> {
  const base = template && typeof template === "object" && !Array.isArray(template) ? structuredClone(template as Record<string, unknown>) : {};
  const baseVariants = (base.variants && typeof base.variants === "object" ? base.variants : {}) as Record<string, Record<string, unknown>>;
  const shas = new Set(Object.values(fromTags).map((e) => e.enrichment_config_sha256).filter((s): s is string => Boolean(s)));
  const allHaveSha = Object.values(fromTags).every((e) => e.enrichment_config_sha256);
  const topSha = shas.size === 1 && allHaveSha ? [...shas][0] : null;
  const note = (what: string, was: unknown, now: unknown) => {
    if (was !== undefined && JSON.stringify(was) !== JSON.stringify(now)) warnings.push({ code: "mlflow_registry_override", message: `registry ${what}: the model registry's tag ${JSON.stringify(now)} replaces the template's ${JSON.stringify(was)}` });
  };
  if (topSha) {
    note("enrichment_config_sha256", base.enrichment_config_sha256, topSha);
    base.enrichment_config_sha256 = topSha;
  }
  for (const [variant, e] of Object.entries(fromTags)) {
    const entry = { ...(baseVariants[variant] ?? {}) };
    if (e.feature_names) note(`variants.${variant}.feature_names`, entry.feature_names, e.feature_names), (entry.feature_names = e.feature_names);
    if (e.enrichment_config_sha256 && !topSha) note(`variants.${variant}.enrichment_config_sha256`, entry.enrichment_config_sha256, e.enrichment_config_sha256), (entry.enrichment_config_sha256 = e.enrichment_config_sha256);
    baseVariants[variant] = entry;
  }
  if (Object.keys(baseVariants).length) base.variants = baseVariants;
  return base;
}

function literal(v: unknown, type: string): string {
  if (v === null || v === undefined) return `NULL::${type}`;
  if (type === "DOUBLE") return `${quoteLiteral(Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : String(v))}::DOUBLE`;
  if (type === "TIMESTAMP") return `${quoteLiteral(String(v).replace(/Z$/, ""))}::TIMESTAMP`;
  if (type === "BOOLEAN") return v ? "true" : "false";
  if (type === "INTEGER") return `${Number(v)}::INTEGER`;
  return quoteLiteral(String(v));
}

/**
 * `mlflow_runs.parquet`: the cell a run became (null for skipped runs), whether it was imported,
 * then the search_runs columns. DuckDB names are case-insensitive, so `metrics.F1` next to
 * `metrics.f1` gets a `~2` suffix.
 */
async function writeRunsParquet(duck: Duck, path: string, entries: ReadonlyArray<{ run: Run; cell: CellKey | null; skip: string | null; experiment: Experiment }>): Promise<number> {
  const runs = entries.map((e) => e.run);
  const cols = searchColumns(runs);
  // The catalogue (src/lib/tables.ts) lists the cell and import columns, then search_runs' fixed
  // columns; the metrics/params/tags columns depend on what the runs logged.
  const catalogue = siteTable("mlflow_runs").columns;
  const base = new Set<string>(BASE_COLUMNS);
  const lead = catalogue.filter((c) => !base.has(c.name));
  const baseType = new Map<string, ColumnType>(catalogue.filter((c) => base.has(c.name)).map((c) => [c.name, c.type]));
  const typeOf = (c: string): ColumnType => baseType.get(c) ?? (c.startsWith("metrics.") ? "DOUBLE" : "VARCHAR");
  const seen = new Map<string, number>();
  const unique = (n: string) => {
    const k = n.toLowerCase();
    const c = (seen.get(k) ?? 0) + 1;
    seen.set(k, c);
    return c === 1 ? n : `${n}~${c}`;
  };
  lead.forEach((c) => unique(c.name));
  const rest = cols.map((c) => ({ source: c, name: unique(c), type: typeOf(c) }));
  await duck.run(`CREATE OR REPLACE TABLE mlflow_runs (${[...lead, ...rest].map((c) => `${quoteIdent(c.name)} ${c.type}`).join(", ")})`);
  for (let i = 0; i < entries.length; i += 200) {
    const values = entries.slice(i, i + 200).map(({ run, cell, skip, experiment }) => {
      const row = searchRow(run, cols);
      const datasets = run.inputs.length ? run.inputs.map((d) => `${d.name ?? "?"}@${d.digest ?? "?"}${d.context ? ` (${d.context})` : ""}`).join("; ") : null;
      const leadValues: Record<string, unknown> = {
        crypto: cell?.crypto ?? null, fold: cell?.fold ?? null, variant: cell?.variant ?? null, imported: skip === null, skip_reason: skip,
        experiment_name: experiment.name, parent_run_id: run.parent_run_id, run_path: run.info.path, datasets,
      };
      const leadLiterals = lead.map((c) => {
        if (!(c.name in leadValues)) throw new TypeError(`mlflow_runs: the catalogue's column ${c.name} has no value in the import writer`);
        return literal(leadValues[c.name], c.type);
      });
      return `(${[...leadLiterals, ...rest.map((c) => literal(row[c.source], c.type))].join(", ")})`;
    });
    await duck.run(`INSERT INTO mlflow_runs VALUES ${values.join(",\n")}`);
  }
  await duck.run(`COPY (SELECT * FROM mlflow_runs) TO ${quoteLiteral(path)} (FORMAT parquet, COMPRESSION zstd)`);
  return entries.length;
}

export async function importMlflow(opts: ImportOptions): Promise<ImportSummary> {
  const store = MlflowStore.open(opts.store);
  const experiments: Experiment[] = [];
  for (const e of opts.experiments) {
    const exp = await store.experiment(e, { includeDeleted: opts.includeDeleted });
    if (!experiments.some((x) => x.experiment_id === exp.experiment_id)) experiments.push(exp);
  }
  const expById = new Map(experiments.map((e) => [e.experiment_id, e]));
  // Every run is read (whatever its status) so parent chains and containers are seen whole.
  const all: Run[] = [];
  for (const exp of experiments) for (const info of await store.runInfos(exp, { includeDeleted: opts.includeDeleted })) all.push(await store.run(info));
  const skipped: SourceJson["skipped"] = [];
  const skippedRuns: Array<{ run: Run; reason: string }> = [];
  const skip = (run: Run, reason: string) => (skipped.push({ run_id: run.info.run_id, run_name: run.info.run_name, reason }), skippedRuns.push({ run, reason }));

  let pool = all;
  if (opts.parent) {
    if (!all.some((r) => r.info.run_id === opts.parent)) throw new InputError("mlflow_no_parent", `no run ${opts.parent} in experiment${experiments.length > 1 ? "s" : ""} ${experiments.map((e) => e.experiment_id).join(", ")}`, { file: store.root }, "the run id of a parent run (mlflow.parentRunId of its children)");
    pool = descendants(all, opts.parent);
  }
  const selected: Run[] = [];
  for (const r of pool) {
    if (opts.statuses.includes(r.info.status)) selected.push(r);
    else skip(r, `status ${r.info.status} (importing ${opts.statuses.join(", ")})`);
  }
  const parents = new Map<string, number>();
  for (const r of selected) if (r.parent_run_id) parents.set(r.parent_run_id, (parents.get(r.parent_run_id) ?? 0) + 1);
  const cells: Run[] = [];
  for (const r of selected) {
    const n = parents.get(r.info.run_id);
    if (n) skip(r, `parent of ${n} selected run${n > 1 ? "s" : ""} (a container, not a cell)`);
    else cells.push(r);
  }
  if (!cells.length) {
    throw new ValidationError([new InputError("mlflow_no_runs", `no run to import: ${all.length} run${all.length === 1 ? "" : "s"} in experiment ${experiments.map((e) => `${e.experiment_id} "${e.name}"`).join(", ")}, none ${opts.statuses.join("/")}${opts.parent ? ` under parent ${opts.parent}` : ""}`, { file: store.root }, "at least one run per (crypto, fold, variant)")]);
  }

  const errors: InputError[] = [];
  const warnings: Warning[] = [...store.warnings.map((w) => ({ code: w.code, message: w.message, file: w.file }))];

  // The config first: the grid is judged against its variants (and cryptos, when it lists them).
  const template = await readTemplate(opts.configFile);
  if (template.sweep_id !== undefined && template.sweep_id !== opts.sweepId) warnings.push({ code: "mlflow_sweep_id_override", message: `--sweep-id ${opts.sweepId} replaces the template's sweep_id "${String(template.sweep_id)}"` });

  // Map every run; collect absent values per column so one error lists every run lacking it.
  const absent = new Map<string, Run[]>();
  const records: Array<{ run: Run; rec: Record<string, unknown> }> = [];
  for (const run of cells) {
    const rec: Record<string, unknown> = {};
    for (const m of opts.map) {
      const v = mappedValue(run, m);
      if (v === undefined) absent.set(m.column, [...(absent.get(m.column) ?? []), run]);
      else rec[m.column] = v;
    }
    records.push({ run, rec });
  }
  for (const m of opts.map) {
    const lacking = absent.get(m.column);
    if (lacking) errors.push(new InputError("mlflow_absent_value", `mapped column ${m.column} ← ${m.source} is absent from ${lacking.length} of ${cells.length} runs: ${listRuns(lacking)}`, { column: m.column }, `every imported run to have ${m.source}`));
  }

  const rows: Array<{ run: Run; row: ResultRow }> = [];
  const keys: Array<{ row: CellKey; line: number }> = [];
  const byCell = new Map<string, Run[]>();
  const cellKey = (k: CellKey) => `${k.crypto}\u0000${k.fold}\u0000${k.variant}`;
  records.forEach(({ run, rec }, i) => {
    const { row, key, issues } = coerceResultRecord(rec, i + 1, tryParseUtc);
    for (const is of issues) {
      if (is.code === "missing_value" && absent.get(is.column ?? "")?.includes(run)) continue; // reported once above
      const src = opts.map.find((m) => m.column === is.column)?.source;
      errors.push(new InputError(is.code, `${is.message}${src ? ` (from ${src})` : ""}`, { file: `run ${who(run)}`, column: is.column, value: is.value }, is.expected));
    }
    if (row) rows.push({ run, row });
    if (key) {
      keys.push({ row: key, line: i + 1 });
      byCell.set(cellKey(key), [...(byCell.get(cellKey(key)) ?? []), run]);
    }
  });
  for (const [k, runs] of byCell) {
    if (runs.length < 2) continue;
    const [crypto, fold, variant] = k.split("\u0000");
    errors.push(new InputError("mlflow_duplicate_cell", `duplicate (crypto, fold, variant) = (${crypto}, ${fold}, ${variant}) from ${runs.length} runs: ${listRuns(runs)}`, { column: "crypto/fold/variant" }, "one run per cell (narrow the selection with --status, --parent or another experiment)"));
  }

  // Registry: the versions whose run is a cell of this sweep supply the registry tags.
  let registry: SourceJson["registry"] = null;
  const raw: Record<string, unknown> = { ...template, sweep_id: opts.sweepId };
  if (opts.registryModel) {
    const model = await readRegisteredModel(store, opts.registryModel);
    const variantOfRun = new Map(rows.map(({ run, row }) => [run.info.run_id, row.variant]));
    const fromTags = registryFromVersions(model.name, model.versions, variantOfRun, errors);
    registry = { model: model.name, versions: fromTags.used };
    if (!fromTags.used.length) warnings.push({ code: "mlflow_registry_unused", message: `registered model "${model.name}": none of its ${model.versions.length} version${model.versions.length === 1 ? "" : "s"} comes from an imported run; sweep.json's registry is the template's` });
    else raw.registry = mergeRegistry(template.registry, fromTags.variants, warnings);
  }
  if (raw.description === undefined) raw.description = `imported from MLflow (${experiments.map((e) => `experiment ${e.experiment_id} "${e.name}"`).join(", ")}); see source.json`;
  const config = normalizeSweepConfig(raw, opts.configFile ?? "sweep.json (from --sweep-id)");

  // The grid against the config, each problem tied back to its runs.
  const runAt = (line: number | undefined) => (line ? records[line - 1]?.run : undefined);
  for (const is of checkResultsGrid(keys, config)) {
    if (is.code === "duplicate_cell" || is.code === "incomplete_grid") continue; // reported per cell, with runs
    const run = runAt(is.row);
    errors.push(new InputError(is.code, is.message, { file: run ? `run ${who(run)}` : undefined, column: is.column, value: is.value }, is.expected));
  }
  const present = new Set(keys.filter((k) => config.variants.includes(k.row.variant) && (!config.cryptos || config.cryptos.includes(k.row.crypto))).map((k) => cellKey(k.row)));
  const variantsWithRows = new Set(keys.map((k) => k.row.variant));
  const cryptos = config.cryptos ?? [...new Set(keys.map((k) => k.row.crypto))].sort();
  const folds = [...new Set(keys.map((k) => k.row.fold))].sort((a, b) => a - b);
  for (const crypto of cryptos) {
    for (const fold of folds) {
      for (const variant of config.variants) {
        if (!variantsWithRows.has(variant) || present.has(cellKey({ crypto, fold, variant }))) continue;
        const siblings = config.variants.flatMap((v) => byCell.get(cellKey({ crypto, fold, variant: v })) ?? []);
        const context = siblings.length ? `; the other variants of ${crypto} fold ${fold} come from runs ${listRuns(siblings)}` : `; ${crypto} fold ${fold} has no run at all`;
        errors.push(new InputError("mlflow_missing_cell", `missing cell (crypto, fold, variant) = (${crypto}, ${fold}, ${variant}): no selected run maps to it${context}`, { column: "crypto/fold/variant" }, `${cryptos.length} cryptos × ${folds.length} folds × ${config.variants.length} variants, one run each`));
      }
    }
  }
  if (errors.length) throw new ValidationError(errors);

  const ordered = [...rows].sort((a, b) => compareResults(config)(a.row, b.row));
  const source: SourceJson = {
    source_version: 1,
    kind: "mlflow",
    store: { path: store.root, uri: pathToFileURL(store.root).href },
    experiments: experiments.map(({ experiment_id, name, lifecycle_stage, path }) => ({ experiment_id, name, lifecycle_stage, path })),
    selection: { statuses: [...opts.statuses], include_deleted: Boolean(opts.includeDeleted), parent_run_id: opts.parent ?? null },
    map: Object.fromEntries(opts.map.map((m) => [m.column, m.source])),
    rows: ordered.map(({ run, row }) => ({ crypto: row.crypto, fold: row.fold, variant: row.variant, run_id: run.info.run_id, run_name: run.info.run_name, experiment_id: run.info.experiment_id, run_path: run.info.path })),
    skipped,
    registry,
    tool: { ...toolVersion(), git_commit: gitCommit() },
  };

  const outDir = resolve(opts.outDir);
  const validation = await writeDirAtomically(outDir, async (dir) => {
    const duck = await Duck.open({ threads: 1 }); // Parquet bytes must not depend on the core count
    try {
      await createResultsTable(duck, ordered.map((o) => o.row));
      await duck.run(`COPY (SELECT * FROM results) TO ${quoteLiteral(join(dir, "results.parquet"))} (FORMAT parquet, COMPRESSION zstd)`);
      const runEntries = [
        ...ordered.map(({ run, row }) => ({ run, cell: { crypto: row.crypto, fold: row.fold, variant: row.variant }, skip: null, experiment: expById.get(run.info.experiment_id)! })),
        ...skippedRuns.map(({ run, reason }) => ({ run, cell: null, skip: reason, experiment: expById.get(run.info.experiment_id)! })),
      ];
      await writeRunsParquet(duck, join(dir, "mlflow_runs.parquet"), runEntries);
    } finally {
      duck.close();
    }
    await fsp.writeFile(join(dir, "sweep.json"), JSON.stringify({ ...config, generator: "ftf import mlflow" }, null, 2) + "\n");
    await fsp.writeFile(join(dir, "source.json"), JSON.stringify(source, null, 2) + "\n");
    // Validated like any sweep; results.parquet row k is ordered[k - 1], so errors name the run.
    const report = await validateSweep(dir);
    const contract = await artefactContractErrors(dir);
    const problems = [...report.errors, ...contract].map((e) => {
      const r = e.location.file === "results.parquet" && e.location.row ? ordered[e.location.row - 1]?.run : undefined;
      return r ? new InputError(e.code, e.message.replace(/^results\.parquet, row \d+/, `run ${who(r)}`), { ...e.location, file: `run ${who(r)}`, row: undefined }, e.expected) : e;
    });
    if (problems.length) throw new ValidationError(problems);
    return report;
  });
  return { outDir, config, source, warnings: [...warnings, ...validation.warnings], runsRead: all.length };
}
