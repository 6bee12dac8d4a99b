/**
 * `ftf import mlflow` and `ftf mlflow runs|experiments` as a user runs them. The demo sweep
 * (seed 7, clean) is written into MLflow stores of both layouts — one nested run per results row
 * under a sweep parent, metrics logged with a stale first step, a FAILED retry and a deleted
 * duplicate that must stay out, registry versions carrying the feature schema — then imported; the
 * imported sweep must give the same `ftf verdict --json` as the original results.csv. Then every
 * import error of the issue: a duplicate cell from two runs, a missing cell, a mapped column absent
 * from some runs, each naming the run ids; and the CLI's exit codes.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Duck } from "../../loaders/ingest/duck.ts";
import { quoteLiteral as sqlStr } from "../../src/lib/sql/quote.ts";
import { ftfInProcess } from "../helpers/cli.ts";
import { demoFixture } from "../helpers/demo-fixture.ts";
import { MlflowStoreBuilder, type Layout } from "../helpers/mlflow-store.ts";

const root = mkdtempSync(join(tmpdir(), "ftf-mlflow-import-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** `ftf ...args` as a user runs it, in this process (test/helpers/cli.ts: no second of start-up per call). */
const ftf = ftfInProcess;

let demo = "";
const demoDir = () => join(demo, "sweeps", "demo-clean");
type Row = Record<string, string>;
let demoRows: Row[] = [];
let demoConfig: Record<string, unknown> = {};

function readCsv(path: string): Row[] {
  const [head, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const cols = head.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
}

const MAP = [
  "crypto=params.crypto,fold=params.fold,variant=tags.ftf.variant",
  "f1_buy=metrics.test/f1 buy,n_buy_trades=metrics.n_buy_trades,precision_buy=metrics.precision_buy,recall_buy=metrics.recall_buy",
  "max_drawdown=metrics.max_drawdown,purge_bars=params.purge_bars,n_features=params.n_features,feature_set=params.feature_set",
  "fold_start=params.fold_start,fold_end=params.fold_end,enrichment_config_sha256=tags.enrichment_config_sha256",
  "n_samples=metrics.n_samples,n_true_buy=metrics.n_true_buy,feature_names=params.feature_names",
];

/** The demo's results as MLflow would hold them after a walk-forward sweep logged every cell. */
function writeDemoStore(layout: Layout): { store: string; parent: string; expName: string } {
  const store = join(root, `mlruns-${layout}`);
  const b = new MlflowStoreBuilder(store, layout);
  const exp = b.experiment({ name: "track1-btc-features" });
  b.experiment({ name: "Default" });
  const parent = b.run(exp, { name: "sweep demo-clean", params: { universe: "defi_top5" } });
  const runOfVariant = new Map<string, string>();
  demoRows.forEach((r, i) => {
    const t0 = Date.UTC(2025, 5, 1) + i * 3_600_000;
    const metric = (name: string) => Number(r[name]);
    const runId = b.run(exp, {
      runId: r.model_run_id,
      name: `${r.crypto}-f${r.fold}-${r.variant}`,
      startTime: t0,
      parentRunId: parent,
      params: { crypto: r.crypto, fold: r.fold, purge_bars: r.purge_bars, n_features: r.n_features, feature_set: r.feature_set, fold_start: r.fold_start, fold_end: r.fold_end, feature_names: r.feature_names },
      tags: { "ftf.variant": r.variant, enrichment_config_sha256: r.enrichment_config_sha256 },
      metrics: {
        // An epoch-0 evaluation first, then the final one: the import must take the final step.
        "test/f1 buy": [[t0 + 10, metric("f1_buy") / 2, 0], [t0 + 900, metric("f1_buy"), 10], [t0 + 500, 0.999, 9]],
        n_buy_trades: [[t0 + 900, metric("n_buy_trades"), 10]],
        precision_buy: metric("precision_buy"),
        recall_buy: metric("recall_buy"),
        max_drawdown: [[t0 + 20, 0.5, 0], [t0 + 910, metric("max_drawdown"), 10]],
        n_samples: metric("n_samples"),
        n_true_buy: metric("n_true_buy"),
      },
      datasets: [{ name: `${r.crypto}-1h`, digest: "5eed0007", context: "training" }],
    });
    if (r.crypto === "ETHUSDC" && r.fold === "1") runOfVariant.set(r.variant, runId);
  });
  // A failed retry and a deleted duplicate of one cell: neither may reach the sweep.
  const dup = { params: { crypto: "ETHUSDC", fold: "1" }, tags: { "ftf.variant": "none" }, metrics: { "test/f1 buy": 0.01, n_buy_trades: 1 }, parentRunId: parent };
  b.run(exp, { ...dup, name: "retry that crashed", status: "FAILED" });
  b.run(exp, { ...dup, name: "thrown away", deleted: true });
  b.run(exp, { ...dup, name: "still running", status: "RUNNING" });
  // The registry: one version per variant, from its ETHUSDC fold-1 run, with the schema tags.
  const reg = (demoConfig.registry as { enrichment_config_sha256: string; variants: Record<string, { feature_names: string[] }> });
  const variants = demoConfig.variants as string[];
  b.registeredModel(
    "track1-btc",
    variants.map((v, i) => ({
      runId: runOfVariant.get(v)!,
      tags: { enrichment_config_sha256: reg.enrichment_config_sha256, feature_names: i % 2 ? JSON.stringify(reg.variants[v].feature_names) : reg.variants[v].feature_names.join(";") },
    })),
    { champion: 1 },
  );
  return { store, parent, expName: "track1-btc-features" };
}

async function verdict(dir: string): Promise<Record<string, unknown>> {
  const r = await ftf("verdict", dir, "--json");
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

before(async () => {
  // the default demo (seed 7), shared read-only with other test files
  demo = await demoFixture();
  demoRows = readCsv(join(demoDir(), "results.csv"));
  demoConfig = JSON.parse(readFileSync(join(demoDir(), "sweep.json"), "utf8")) as Record<string, unknown>;
  // The original the import is compared with: the demo's sweep.json and results.csv alone.
  mkdirSync(join(root, "original", "demo-clean"), { recursive: true });
  copyFileSync(join(demoDir(), "sweep.json"), join(root, "original", "demo-clean", "sweep.json"));
  copyFileSync(join(demoDir(), "results.csv"), join(root, "original", "demo-clean", "results.csv"));
  // The template a researcher would keep beside the store: the sweep's config without the registry.
  const { registry: _r, ...template } = demoConfig;
  writeFileSync(join(root, "template.json"), JSON.stringify(template, null, 2));
});

for (const layout of ["2.x", "1.x"] as const) {
  describe(`an imported demo sweep (${layout} store)`, () => {
    let out = "";
    let store = "";
    let parent = "";
    before(async () => {
      ({ store, parent } = writeDemoStore(layout));
      out = join(root, `imported-${layout}`, "demo-clean");
      const r = await ftf("import", "mlflow", store, "--experiment", "track1-btc-features", ...MAP.flatMap((m) => ["--map", m]), "--sweep-id", "demo-clean", "--out", out, "--config", join(root, "template.json"), "--registry-model", "track1-btc");
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /150 results rows \(5 cryptos × 5 folds × 6 variants\) from 150 runs/);
      assert.match(r.stdout, /3 runs not imported/);
    });

    test("gives the same ftf verdict --json as the original results.csv", async () => {
      const a = await verdict(join(root, "original", "demo-clean"));
      const b = await verdict(out);
      // Only the provenance differs: the input files, and the MLflow source of the imported one.
      const strip = ({ inputs: _i, mlflow: _m, ...rest }: Record<string, unknown>) => rest;
      assert.deepEqual(strip(b), strip(a));
      assert.equal((b.variants as unknown[]).length, 6);
      assert.equal(a.mlflow, undefined);
      const m = b.mlflow as { store: { path: string }; rows: Array<{ run_id: string }>; sha256: string };
      assert.equal(m.store.path, store);
      assert.deepEqual(new Set(m.rows.map((r) => r.run_id)), new Set(demoRows.map((r) => r.model_run_id)));
      assert.match(m.sha256, /^[0-9a-f]{64}$/);
      const text = await ftf("verdict", out);
      assert.match(text.stdout, /MLFLOW 150 runs of experiment \d+ "track1-btc-features"/);
    });

    test("sweep.json: the template's config, the registry from the model versions' tags", async () => {
      const cfg = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8"));
      assert.deepEqual(cfg.registry, demoConfig.registry);
      assert.equal(cfg.sweep_id, "demo-clean");
      assert.deepEqual(cfg.variants, demoConfig.variants);
    });

    test("source.json maps every results row to its run, experiment and store; skipped runs say why", async () => {
      const src = JSON.parse(readFileSync(join(out, "source.json"), "utf8"));
      assert.equal(src.kind, "mlflow");
      assert.equal(src.store.path, store);
      assert.equal(src.rows.length, 150);
      const byRun = new Map(demoRows.map((r) => [r.model_run_id, r]));
      for (const row of src.rows) {
        const orig = byRun.get(row.run_id)!;
        assert.ok(orig, `run ${row.run_id} is a demo cell`);
        assert.deepEqual([row.crypto, row.fold, row.variant], [orig.crypto, Number(orig.fold), orig.variant]);
        assert.match(row.run_path, new RegExp(`/${row.run_id}$`));
      }
      const reasons = src.skipped.map((s: { reason: string }) => s.reason).sort();
      assert.deepEqual(reasons, ["parent of 150 selected runs (a container, not a cell)", "status FAILED (importing FINISHED)", "status RUNNING (importing FINISHED)"]);
      assert.ok(src.skipped.some((s: { run_id: string }) => s.run_id === parent));
      assert.equal(src.skipped.some((s: { run_name: string }) => s.run_name === "thrown away"), false, "deleted runs are not even considered");
      assert.equal(src.registry.model, "track1-btc");
      assert.equal(src.registry.versions.length, 6);
      assert.deepEqual(src.registry.versions[0].aliases, ["champion"]);
    });

    test("mlflow_runs.parquet: the runs as search_runs shows them, joined to their cell", async () => {
      const duck = await Duck.open();
      try {
        const p = sqlStr(join(out, "mlflow_runs.parquet"));
        const n = await duck.rows<{ imported: boolean; n: number }>(`SELECT imported, count(*) AS n FROM read_parquet(${p}) GROUP BY imported ORDER BY imported`);
        assert.deepEqual(n, [{ imported: false, n: 3 }, { imported: true, n: 150 }]);
        const [eth] = await duck.rows<Record<string, unknown>>(`SELECT * FROM read_parquet(${p}) WHERE crypto = 'ETHUSDC' AND fold = 1 AND variant = 'none'`);
        const orig = demoRows.find((r) => r.crypto === "ETHUSDC" && r.fold === "1" && r.variant === "none")!;
        assert.equal(eth.run_id, orig.model_run_id);
        assert.equal(eth["metrics.test/f1 buy"], Number(orig.f1_buy));
        assert.equal(eth["params.crypto"], "ETHUSDC");
        assert.equal(eth.status, "FINISHED");
        assert.ok(eth.start_time instanceof Date);
        if (layout === "2.x") assert.equal(eth.datasets, "ETHUSDC-1h@5eed0007 (training)");
      } finally {
        duck.close();
      }
    });

    test("the Explore loader emits mlflow_runs.parquet as imported, and an empty table for other sweeps", async () => {
      const env = { ...process.env, FTF_SWEEPS: join(root, `imported-${layout}`) };
      const loader = "src/sweeps/[sweep]/data/mlflow_runs.parquet.ts";
      const r = spawnSync(process.execPath, ["--import", "tsx", loader, "--sweep", "demo-clean"], { env });
      assert.equal(r.status, 0, String(r.stderr));
      assert.deepEqual(r.stdout, readFileSync(join(out, "mlflow_runs.parquet")));
      const empty = spawnSync(process.execPath, ["--import", "tsx", loader, "--sweep", "demo-clean"], { env: { ...process.env, FTF_SWEEPS: join(root, "original") } });
      assert.equal(empty.status, 0, String(empty.stderr));
      const file = join(root, `empty-${layout}.parquet`);
      writeFileSync(file, empty.stdout);
      const duck = await Duck.open();
      try {
        const cols = await duck.rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${sqlStr(file)}))`);
        const imported = await duck.rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${sqlStr(join(out, "mlflow_runs.parquet"))}))`);
        assert.deepEqual(cols.map((c) => c.column_name), imported.map((c) => c.column_name).slice(0, cols.length), "the empty table has the imported one's leading columns");
        assert.equal(await duck.value(`SELECT count(*) FROM read_parquet(${sqlStr(file)})`), 0);
      } finally {
        duck.close();
      }
    });

    test("ftf mlflow runs --json lists the runs with search_runs columns; experiments counts them", async () => {
      const r = await ftf("mlflow", "runs", store, "--experiment", "track1-btc-features", "--status", "FAILED,RUNNING", "--json");
      assert.equal(r.code, 0, r.stderr);
      const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
      assert.deepEqual(rows.map((x) => x.status).sort(), ["FAILED", "RUNNING"]);
      assert.equal(rows.find((x) => x.status === "RUNNING")!.end_time, null);
      assert.equal(rows[0]["tags.mlflow.parentRunId"], parent);
      const e = await ftf("mlflow", "experiments", store, "--json");
      assert.equal(e.code, 0, e.stderr);
      const exps = JSON.parse(e.stdout) as Array<{ name: string; runs: number; runs_by_status: Record<string, number> }>;
      const t1 = exps.find((x) => x.name === "track1-btc-features")!;
      assert.deepEqual(t1.runs_by_status, { RUNNING: 1, SCHEDULED: 0, FINISHED: 151, FAILED: 1, KILLED: 0 });
      assert.equal(t1.runs, 153);
      const all = JSON.parse((await ftf("mlflow", "experiments", store, "--json", "--all")).stdout) as Array<{ name: string; runs: number }>;
      assert.equal(all.find((x) => x.name === "track1-btc-features")!.runs, 154, "--all counts the deleted run");
    });
  });
}

describe("import errors name the run ids", () => {
  function smallStore(name: string, edit: (b: MlflowStoreBuilder, exp: ReturnType<MlflowStoreBuilder["experiment"]>) => void) {
    const store = join(root, name);
    const b = new MlflowStoreBuilder(store, "2.x");
    const exp = b.experiment({ name: "grid" });
    edit(b, exp);
    return store;
  }
  const cell = (crypto: string, fold: number, variant: string, f1 = 0.4) => ({
    name: `${crypto}-${fold}-${variant}`,
    params: { crypto, fold: String(fold) },
    tags: { variant },
    metrics: { f1, n: 120 },
  });
  const map = ["--map", "crypto=params.crypto,fold=params.fold,variant=tags.variant,f1_buy=metrics.f1,n_buy_trades=metrics.n"];
  const template = join(root, "two-variants.json");
  writeFileSync(template, JSON.stringify({ variants: ["none", "btc_full", "btc_full_purge0"], baseline_variant: "none" }));
  const importInto = (store: string, out: string, ...extra: string[]) => ftf("import", "mlflow", store, "--experiment", "grid", ...map, "--sweep-id", "small", "--out", out, "--config", template, ...extra);

  function fullGrid(b: MlflowStoreBuilder, exp: ReturnType<MlflowStoreBuilder["experiment"]>, skip?: string) {
    const ids: Record<string, string> = {};
    for (const c of ["ETHUSDC", "SOLUSDC"]) for (const f of [1, 2]) for (const v of ["none", "btc_full", "btc_full_purge0"]) {
      const k = `${c}-${f}-${v}`;
      if (k !== skip) ids[k] = b.run(exp, cell(c, f, v));
    }
    return ids;
  }

  test("a valid small grid imports (exit 0)", async () => {
    const store = smallStore("ok-store", (b, exp) => void fullGrid(b, exp));
    const out = join(root, "ok-out", "small");
    const r = await importInto(store, out);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const f of ["sweep.json", "results.parquet", "mlflow_runs.parquet", "source.json"]) assert.ok(existsSync(join(out, f)), f);
  });

  test("a duplicate (crypto, fold, variant) from two runs names both", async () => {
    let ids: Record<string, string> = {};
    let extra = "";
    const store = smallStore("dup-store", (b, exp) => {
      ids = fullGrid(b, exp);
      extra = b.run(exp, cell("SOLUSDC", 2, "btc_full", 0.41));
    });
    const out = join(root, "dup-out", "small");
    const r = await importInto(store, out);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`duplicate \\(crypto, fold, variant\\) = \\(SOLUSDC, 2, btc_full\\) from 2 runs: ${ids["SOLUSDC-2-btc_full"]} \\("SOLUSDC-2-btc_full"\\), ${extra}`));
    assert.equal(existsSync(out), false, "nothing is written");
  });

  test("a missing cell names the cell and the runs of its neighbours", async () => {
    let ids: Record<string, string> = {};
    const store = smallStore("missing-store", (b, exp) => {
      ids = fullGrid(b, exp, "ETHUSDC-2-btc_full_purge0");
    });
    const r = await importInto(store, join(root, "missing-out", "small"));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /missing cell \(crypto, fold, variant\) = \(ETHUSDC, 2, btc_full_purge0\): no selected run maps to it; the other variants of ETHUSDC fold 2 come from runs/);
    assert.ok(r.stderr.includes(ids["ETHUSDC-2-none"]) && r.stderr.includes(ids["ETHUSDC-2-btc_full"]));
  });

  test("a FAILED run does not fill a cell: the cell is reported missing", async () => {
    const store = smallStore("failed-store", (b, exp) => {
      fullGrid(b, exp, "SOLUSDC-1-none");
      b.run(exp, { ...cell("SOLUSDC", 1, "none"), status: "FAILED" });
    });
    const r = await importInto(store, join(root, "failed-out", "small"));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /missing cell \(crypto, fold, variant\) = \(SOLUSDC, 1, none\)/);
    const ok = await importInto(store, join(root, "failed-out2", "small"), "--status", "FINISHED,FAILED");
    assert.equal(ok.code, 0, ok.stderr);
  });

  test("a mapped column absent from some runs lists those runs", async () => {
    let lacking = "";
    const store = smallStore("absent-store", (b, exp) => {
      fullGrid(b, exp, "ETHUSDC-1-none");
      lacking = b.run(exp, { ...cell("ETHUSDC", 1, "none"), metrics: { f1: 0.3 } });
    });
    const r = await importInto(store, join(root, "absent-out", "small"));
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`mapped column n_buy_trades ← metrics\\.n is absent from 1 of 12 runs: ${lacking} \\("ETHUSDC-1-none"\\)`));
  });

  test("a bad value names its run and source; registry versions that disagree are an error", async () => {
    let bad = "";
    const store = smallStore("bad-store", (b, exp) => {
      const ids = fullGrid(b, exp, "ETHUSDC-1-none");
      bad = b.run(exp, cell("ETHUSDC", 1, "none", 1.7));
      b.registeredModel("m", [
        { runId: ids["SOLUSDC-1-btc_full"], tags: { feature_names: "a;b" } },
        { runId: ids["SOLUSDC-2-btc_full"], tags: { feature_names: "a;c" } },
      ]);
    });
    const r = await importInto(store, join(root, "bad-out", "small"), "--registry-model", "m");
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`run ${bad} \\("ETHUSDC-1-none"\\), column "f1_buy": value outside \\[0, 1\\] \\(from metrics\\.f1\\) \\(got 1\\.7\\)`));
    assert.match(r.stderr, /registered model "m": the versions of variant btc_full disagree on tag feature_names \(version 1: \["a","b"\]; version 2: \["a","c"\]\)/);
  });

  test("usage errors exit 2; --help exits 0; a missing store exits 1", async () => {
    assert.equal((await ftf("import", "mlflow", "--help")).code, 0);
    assert.equal((await ftf("mlflow", "--help")).code, 0);
    const noMap = await ftf("import", "mlflow", "x", "--experiment", "grid", "--sweep-id", "s", "--out", "o");
    assert.equal(noMap.code, 2);
    assert.match(noMap.stderr, /missing --map/);
    const badCol = await ftf("import", "mlflow", "x", "--experiment", "grid", "--map", "crypto=params.c,fold=params.f,variant=tags.v,f1=metrics.f1,n_buy_trades=metrics.n", "--sweep-id", "s", "--out", "o");
    assert.equal(badCol.code, 2);
    assert.match(badCol.stderr, /"f1" is not a results column/);
    const notRequired = await ftf("import", "mlflow", "x", "--experiment", "grid", "--map", "crypto=params.c,fold=params.f", "--sweep-id", "s", "--out", "o");
    assert.match(notRequired.stderr, /the required columns variant, f1_buy, n_buy_trades are not mapped/);
    assert.equal((await ftf("import", "wandb", "x")).code, 2);
    assert.equal((await ftf("mlflow", "list", "x")).code, 2);
    const missing = await ftf("import", "mlflow", join(root, "no-such-store"), "--experiment", "grid", ...map, "--sweep-id", "s", "--out", join(root, "o"));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /MLflow store not found/);
    const noExp = await ftf("mlflow", "runs", join(root, "ok-store"), "--experiment", "nope");
    assert.equal(noExp.code, 1);
    assert.match(noExp.stderr, /no experiment with id or name "nope"; expected one of: \d+ "grid"/);
  });
});
