/**
 * The MLflow file-store reader on stores written by test/helpers/mlflow-store.ts in both layouts:
 * experiments by id and name, run status and lifecycle, latest-step metric values, names with `/`
 * and spaces, params with newlines, nested runs, a RUNNING run without end_time, deleted runs and
 * experiments, dataset inputs, the model registry, unknown files, and malformed files.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { InputError } from "../../loaders/errors.ts";
import { latestPoint, parseMetricFile } from "../../loaders/mlflow/metric-file.ts";
import { parseMetaYaml } from "../../loaders/mlflow/meta-yaml.ts";
import { readRegisteredModel, registeredModelNames } from "../../loaders/mlflow/registry.ts";
import { searchColumns, searchCsv, searchJson } from "../../loaders/mlflow/search-rows.ts";
import { MlflowStore, parseStatuses, selectRuns } from "../../loaders/mlflow/store.ts";
import { MlflowStoreBuilder, pyFloat, yamlDump, type Layout } from "../helpers/mlflow-store.ts";

const tmp = mkdtempSync(join(tmpdir(), "ftf-mlflow-store-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** One store with every case; returns the ids the assertions need. */
function buildStore(layout: Layout) {
  const root = join(tmp, `store-${layout}-${Math.random().toString(36).slice(2, 8)}`);
  const b = new MlflowStoreBuilder(root, layout);
  const exp = b.experiment({ name: "track1 wf", tags: { "mlflow.note.content": "walk-forward sweep" } });
  const other = b.experiment({ name: "scratch" });
  const gone = b.experiment({ name: "abandoned", deleted: true });
  const parent = b.run(exp, { name: "sweep-parent", params: { universe: "defi_top5" } });
  const child = b.run(exp, {
    name: "ETH fold 1",
    parentRunId: parent,
    params: { crypto: "ETHUSDC", fold: "1", "model/config": "depth: 4\nlr: 0.05\n" },
    tags: { variant: "btc_full", "team/owner": "quant desk" },
    metrics: {
      // Logged out of order, stale first step: the value is step 7's latest timestamp.
      f1_buy: [[1000, 0.31, 0], [4000, 0.35, 7], [3000, 0.99, 7], [2000, 0.5, 3]],
      "val/f1 buy": [[1000, 0.2, 1], [1500, 0.25, 1]],
      n_buy_trades: 806,
      loss: [[1000, NaN, 0]],
    },
    datasets: [{ name: "ETHUSDC-1h", digest: "d41d8cd9", context: "training" }],
  });
  const running = b.run(exp, { name: "still going", status: "RUNNING", parentRunId: parent, metrics: { f1_buy: 0.4 } });
  const failed = b.run(exp, { name: "crashed", status: "FAILED", parentRunId: parent });
  const killed = b.run(exp, { name: "killed", status: "KILLED" });
  const deleted = b.run(exp, { name: "thrown away", deleted: true, metrics: { f1_buy: 0.9 } });
  b.run(other, { name: "other run" });
  b.run(gone, { name: "in trash" });
  // Unknown files and folders the reader must ignore.
  b.raw(`${exp.id}/README.md`, "notes\n");
  b.raw(`${exp.id}/not-a-run/some.txt`, "x");
  b.raw(`${exp.id}/${child}/artifacts/model/MLmodel`, "flavors: {}\n");
  b.raw(`${exp.id}/${child}/metrics/.DS_Store`, "\u0000\u0001");
  b.raw(`${exp.id}/${child}/notes.txt`, "free text");
  b.raw("stray-file.txt", "hello");
  b.raw("mystery-folder/data.bin", "x");
  return { root, b, exp, other, gone, parent, child, running, failed, killed, deleted };
}

for (const layout of ["2.x", "1.x"] as const) {
  describe(`MLflow ${layout} store`, () => {
    const s = buildStore(layout);
    const store = MlflowStore.open(s.root);

    test("experiments: active only by default, .trash with includeDeleted; by id or by name", async () => {
      const active = await store.experiments();
      assert.deepEqual(active.map((e) => e.name), ["track1 wf", "scratch"]);
      const all = await store.experiments({ includeDeleted: true });
      assert.deepEqual(all.map((e) => [e.name, e.lifecycle_stage]), [["track1 wf", "active"], ["scratch", "active"], ["abandoned", "deleted"]]);
      assert.equal((await store.experiment(s.exp.id)).name, "track1 wf");
      assert.equal((await store.experiment("scratch")).experiment_id, s.other.id);
      assert.equal((await store.experiment("track1 wf")).tags["mlflow.note.content"], "walk-forward sweep");
      await assert.rejects(store.experiment("abandoned"), /experiment "abandoned" is deleted/);
      assert.equal((await store.experiment("abandoned", { includeDeleted: true })).path, `.trash/${s.gone.id}`);
      await assert.rejects(store.experiment("nope"), (e: unknown) => e instanceof InputError && /no experiment with id or name "nope"/.test(e.message) && /track1 wf/.test(e.message));
      if (layout === "2.x") assert.match(s.exp.id, /^\d{18}$/, "2.x ids are 18-digit integers, kept exact");
    });

    test("runs: status enum, lifecycle, deleted excluded unless asked, RUNNING without end_time", async () => {
      const exp = await store.experiment(s.exp.id);
      const infos = await store.runInfos(exp);
      const byId = new Map(infos.map((i) => [i.run_id, i]));
      assert.equal(infos.length, 5, "parent, child, running, failed, killed (deleted excluded)");
      assert.equal(byId.has(s.deleted), false);
      assert.equal(byId.get(s.child)!.status, "FINISHED");
      assert.equal(byId.get(s.failed)!.status, "FAILED");
      assert.equal(byId.get(s.killed)!.status, "KILLED");
      const running = byId.get(s.running)!;
      assert.equal(running.status, "RUNNING");
      assert.equal(running.end_time, null);
      assert.equal(typeof running.start_time, "number");
      const withDeleted = await store.runInfos(exp, { includeDeleted: true });
      assert.equal(withDeleted.find((i) => i.run_id === s.deleted)?.lifecycle_stage, "deleted");
      const finished = await selectRuns(store, [exp], { statuses: parseStatuses("finished") });
      assert.deepEqual(new Set(finished.map((r) => r.info.run_id)), new Set([s.parent, s.child]));
    });

    test("run data: latest-step metrics, names with / and spaces, params with newlines, nested runs, run name", async () => {
      const exp = await store.experiment(s.exp.id);
      const run = await store.run((await store.runInfos(exp)).find((i) => i.run_id === s.child)!);
      // 1.x writes no step: every point is step 0, so the latest timestamp wins.
      assert.equal(run.metrics.f1_buy, layout === "2.x" ? 0.35 : 0.35);
      assert.equal(run.metrics["val/f1 buy"], 0.25);
      assert.equal(run.metrics.n_buy_trades, 806);
      assert.ok(Number.isNaN(run.metrics.loss));
      assert.equal(run.metricHistory.f1_buy.length, 4);
      assert.equal(Object.keys(run.metrics).includes(".DS_Store"), false, "hidden files are not metrics");
      assert.equal(run.params["model/config"], "depth: 4\nlr: 0.05\n");
      assert.equal(run.params.fold, "1");
      assert.equal(run.tags["team/owner"], "quant desk");
      assert.equal(run.parent_run_id, s.parent);
      assert.equal(run.info.run_name, "ETH fold 1", layout === "1.x" ? "from the mlflow.runName tag" : "from meta.yaml");
      if (layout === "2.x") assert.deepEqual(run.inputs, [{ name: "ETHUSDC-1h", digest: "d41d8cd9", source_type: "local", context: "training" }]);
      else assert.deepEqual(run.inputs, []);
    });

    test("search_runs rows: base columns, then metrics., params., tags. in name order; JSON and CSV", async () => {
      const exp = await store.experiment(s.exp.id);
      const runs = await selectRuns(store, [exp], { statuses: ["FINISHED"] });
      const cols = searchColumns(runs);
      assert.deepEqual(cols.slice(0, 8), ["run_id", "experiment_id", "run_name", "status", "lifecycle_stage", "artifact_uri", "start_time", "end_time"]);
      assert.ok(cols.includes("metrics.val/f1 buy") && cols.includes("params.model/config") && cols.includes("tags.mlflow.parentRunId"));
      const json = searchJson(runs);
      const child = json.find((r) => r.run_id === s.child)!;
      assert.equal(child["metrics.f1_buy"], 0.35);
      assert.equal(child["metrics.loss"], "nan");
      assert.equal(child["params.universe"], null);
      assert.equal(child.experiment_id, s.exp.id);
      const csv = searchCsv(runs);
      assert.match(csv, /"depth: 4\nlr: 0\.05\n"/, "a param with newlines is quoted, not split");
      assert.equal(csv.split("\n")[0], cols.join(","));
    });
  });
}

test("the model registry: versions with run ids, tags, aliases; deleted versions skipped", async () => {
  const s = buildStore("2.x");
  s.b.registeredModel(
    "track1-btc",
    [
      { runId: s.child, tags: { feature_names: "ret_1h;btc_ret_1h", enrichment_config_sha256: "ab".repeat(32) } },
      { runId: s.parent, stage: "Deleted_Internal" },
      { runId: s.killed, stage: "Production", tags: { "note/why": "rollback target" } },
    ],
    { champion: 3, shadow: 1 },
  );
  const store = MlflowStore.open(s.root);
  assert.deepEqual(await registeredModelNames(store), ["track1-btc"]);
  const m = await readRegisteredModel(store, "track1-btc");
  assert.deepEqual(m.versions.map((v) => [v.version, v.run_id, v.current_stage, v.aliases]), [[1, s.child, "None", ["shadow"]], [3, s.killed, "Production", ["champion"]]]);
  assert.equal(m.versions[0].tags.feature_names, "ret_1h;btc_ret_1h");
  assert.equal(m.versions[1].tags["note/why"], "rollback target");
  assert.equal((await store.experiments()).some((e) => e.name === "track1-btc"), false, "models/ is not an experiment");
  await assert.rejects(readRegisteredModel(store, "nope"), /no registered model "nope".*one of track1-btc/);
});

describe("malformed stores: typed errors with file and line", () => {
  test("meta.yaml that is not YAML names the file and the line", async () => {
    const s = buildStore("2.x");
    s.b.raw(`${s.exp.id}/${s.child}/meta.yaml`, "run_id: abc\nstatus: 3\nstart_time: [1, 2\nexperiment_id: '1'\n");
    const store = MlflowStore.open(s.root);
    await assert.rejects(store.runInfos(await store.experiment(s.exp.id)), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.location.file, `${s.exp.id}/${s.child}/meta.yaml`);
      assert.ok(e.location.row! >= 3 && e.location.row! <= 4, `line ${e.location.row}`);
      assert.match(e.message, /not valid YAML/);
      return true;
    });
  });

  test("an unknown status or lifecycle_stage points at its line", async () => {
    const s = buildStore("2.x");
    s.b.raw(`${s.exp.id}/${s.child}/meta.yaml`, yamlDump({ experiment_id: s.exp.id, lifecycle_stage: "active", run_id: s.child, start_time: 1, status: 9 }));
    const store = MlflowStore.open(s.root);
    await assert.rejects(store.runInfos(await store.experiment(s.exp.id)), /meta\.yaml, line 5, column "status": unknown run status \(got 9\); expected MLflow's RunStatus/);
    s.b.raw(`${s.exp.id}/${s.child}/meta.yaml`, yamlDump({ experiment_id: s.exp.id, lifecycle_stage: "archived", run_id: s.child, status: 3 }));
    await assert.rejects(store.runInfos(await store.experiment(s.exp.id)), /line 2, column "lifecycle_stage": unknown lifecycle_stage/);
  });

  test("a run meta.yaml without run_id, and an experiment without a name", async () => {
    const s = buildStore("1.x");
    s.b.raw(`${s.exp.id}/${s.child}/meta.yaml`, "experiment_id: 0\nstatus: 3\n");
    const store = MlflowStore.open(s.root);
    await assert.rejects(store.runInfos(await store.experiment(s.exp.id)), /missing key "run_id" \(or 1\.x "run_uuid"\)/);
    s.b.raw(`${s.other.id}/meta.yaml`, `experiment_id: ${s.other.id}\nlifecycle_stage: active\n`);
    await assert.rejects(store.experiments(), /meta\.yaml.*missing key "name"/);
  });

  test("malformed metric lines name the file and the line", async () => {
    const s = buildStore("2.x");
    s.b.raw(`${s.exp.id}/${s.child}/metrics/val/f1 buy`, "1000 0.2 1\n1001 0.3\n1002 abc 2\n");
    const store = MlflowStore.open(s.root);
    const info = (await store.runInfos(await store.experiment(s.exp.id))).find((i) => i.run_id === s.child)!;
    await assert.rejects(store.run(info), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.message, `${s.exp.id}/${s.child}/metrics/val/f1 buy, line 3: value is not a number (got "1002 abc 2"); expected "<timestamp ms> <value> <step>" (or "<timestamp ms> <value>" from MLflow 1.x)`);
      return true;
    });
  });

  test("a store that does not exist", () => {
    assert.throws(() => MlflowStore.open(join(tmp, "missing")), /MLflow store not found/);
  });

  test("an experiment whose id differs from its folder is ignored with a warning, as MLflow does", async () => {
    const s = buildStore("2.x");
    s.b.raw("12345/meta.yaml", yamlDump({ experiment_id: "999", lifecycle_stage: "active", name: "misplaced" }));
    const store = MlflowStore.open(s.root);
    const names = (await store.experiments()).map((e) => e.name);
    assert.equal(names.includes("misplaced"), false);
    assert.match(store.warnings.map((w) => w.message).join("\n"), /12345\/meta\.yaml: experiment_id "999" differs from its folder "12345"/);
  });
});

describe("metric files", () => {
  test("latest point: highest step, then latest timestamp, then larger value", () => {
    const pts = parseMetricFile("5 0.1 0\n1 0.2 3\n9 0.3 3\n9 0.25 3\n2 0.9 1\n", "m");
    assert.deepEqual(latestPoint(pts), { timestamp: 9, value: 0.3, step: 3 });
    assert.deepEqual(latestPoint(parseMetricFile("5 0.1\n7 0.4\n6 0.9\n", "m")), { timestamp: 7, value: 0.4, step: 0 }, "1.x: no step");
    assert.equal(latestPoint(parseMetricFile("1 -inf 0\n2 inf 0\n", "m")).value, Infinity);
    assert.equal(latestPoint(parseMetricFile("1 1e-05 0\n", "m")).value, 1e-5);
  });

  test("errors: too many fields, a non-integer step, an empty file", () => {
    assert.throws(() => parseMetricFile("1 2 3 4\n", "metrics/x"), /metrics\/x, line 1: 4 fields on a metric line/);
    assert.throws(() => parseMetricFile("1 0.5 0\n2 0.5 1.5\n", "metrics/x"), /line 2: step is not an integer/);
    assert.throws(() => parseMetricFile("\n", "metrics/x"), /metric file has no data/);
  });

  test("the fixture writes values as Python's str(float)", () => {
    assert.deepEqual([0.1, 3, 1e-5, 123456789012345680000, NaN, -Infinity].map(pyFloat), ["0.1", "3.0", "1e-05", "1.2345678901234568e+20", "nan", "-inf"]);
  });
});

test("meta.yaml in YAML 1.1 as PyYAML writes it: quoted ids stay text, 18-digit integers stay exact", () => {
  const m = parseMetaYaml("experiment_id: '0'\nname: Default\nstart: 1736154000000\nbig: 431209876543210011\nflag: yes\n", "meta.yaml");
  assert.equal(m.data.experiment_id, "0");
  assert.equal(m.data.big, 431209876543210011n);
  assert.equal(m.data.flag, true, "YAML 1.1 booleans, as PyYAML reads them");
  assert.equal(m.lines.big, 4);
  assert.throws(() => parseMetaYaml("- a\n- b\n", "x/meta.yaml"), /x\/meta\.yaml, line 1: meta\.yaml is not a mapping/);
});
