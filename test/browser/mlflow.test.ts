/**
 * A sweep imported from an MLflow store, in the browser: `ftf import mlflow` on a small 2.x store
 * (2 cryptos × 3 folds × 3 variants under a sweep parent run, metrics named with `/`), then
 * `ftf snapshot` of the imported folder served from a static server. The Dossier's provenance
 * lists the store and every cell's run id; Explore's `mlflow_runs` table answers SQL (quoted
 * `"metrics.<name>"` columns included) with the numbers the store holds. One site build.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { inlineErrors, visit, useBuiltSite } from "../helpers/browser.ts";
import { runFinished, runSql, tableCells, tableValues } from "./explore-page.ts";
import { MlflowStoreBuilder } from "../helpers/mlflow-store.ts";

const ID = "mlflow-small";
let root = "";
let snapshot = "";
const f1 = new Map<string, number>(); // run_id → final f1
let parent = "";
let store = "";

function ftf(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "loaders/cli.ts", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), "ftf-mlflow-browser-"));
  store = join(root, "mlruns");
  const b = new MlflowStoreBuilder(store, "2.x");
  const exp = b.experiment({ name: "small wf" });
  parent = b.run(exp, { name: "sweep parent" });
  let k = 0;
  for (const crypto of ["ETHUSDC", "SOLUSDC"]) {
    for (const fold of [1, 2, 3]) {
      for (const variant of ["none", "btc_full", "btc_full_purge0"]) {
        const value = 0.3 + 0.01 * (k++ % 7) + (variant === "btc_full" ? 0.02 : 0);
        const id = b.run(exp, {
          name: `${crypto}/${fold}/${variant}`,
          parentRunId: parent,
          params: { crypto, fold: String(fold) },
          tags: { variant },
          metrics: { "test/f1": [[1, value / 3, 0], [2, value, 5]], n_buy: 120 + k },
        });
        f1.set(id, value);
      }
    }
  }
  const template = join(root, "template.json");
  writeFileSync(template, JSON.stringify({ variants: ["none", "btc_full", "btc_full_purge0"], track: "mlflow import check" }));
  const out = join(root, "sweeps", ID);
  const imp = ftf(["import", "mlflow", store, "--experiment", "small wf", "--map", "crypto=params.crypto,fold=params.fold,variant=tags.variant,f1_buy=metrics.test/f1,n_buy_trades=metrics.n_buy", "--config", template, "--sweep-id", ID, "--out", out]);
  assert.equal(imp.code, 0, imp.stdout + imp.stderr);
  snapshot = join(root, "snapshot");
  const snap = ftf(["snapshot", out, "--out", snapshot]);
  assert.equal(snap.code, 0, snap.stdout + snap.stderr);
});
// after the setup above (hooks run in the order they are registered), before the clean-up below
const site = useBuiltSite({ root: () => snapshot });

after(async () => {
  if (root) rmSync(root, { recursive: true, force: true });
});

test("the Dossier's provenance lists the MLflow store and the run id of every results row", async () => {
  const v = await visit(site.browser, `${site.server.url}/sweeps/${ID}/index.html`, site.server.url);
  try {
    assert.deepEqual(await inlineErrors(v.page), []);
    assert.deepEqual([...v.pageErrors, ...v.consoleErrors, ...v.failedRequests, ...v.outsideRequests], []);
    const prov = v.page.locator('[data-testid="mlflow-provenance"]');
    const text = (await prov.textContent()) ?? "";
    assert.ok(text.includes(store), "the store path");
    assert.match(text, /experiment \d+ "small wf"/);
    assert.match(text, /18 runs, one per results row, 1 not imported/);
    const src = JSON.parse(readFileSync(join(root, "sweeps", ID, "source.json"), "utf8")) as { rows: Array<{ run_id: string }> };
    for (const r of src.rows) assert.ok(text.includes(r.run_id), `run ${r.run_id} listed`);
  } finally {
    await v.page.close();
  }
});

test("Explore: the mlflow_runs table answers SQL with the store's values", async () => {
  const v = await visit(site.browser, `${site.server.url}/sweeps/${ID}/explore.html`, site.server.url, { timeoutMs: 120_000 });
  try {
    assert.deepEqual(await inlineErrors(v.page), []);
    assert.deepEqual([...v.pageErrors, ...v.consoleErrors, ...v.failedRequests, ...v.outsideRequests], []);
    const first = await runFinished(v.page, 0); // the page runs its first example on load
    assert.equal(first.state, "done", first.text);
    const s = await runSql(v.page, `SELECT count(*) AS n, count(*) FILTER (WHERE imported) AS cells, count(*) FILTER (WHERE run_id = '${parent}' AND NOT imported) AS parent FROM mlflow_runs`);
    assert.equal(s.state, "done", s.text);
    assert.deepEqual((await tableCells(v.page))[0], ["19", "18", "1"]);
    const t = await runSql(v.page, `SELECT run_id, "metrics.test/f1" AS f1 FROM mlflow_runs WHERE imported ORDER BY run_id`);
    assert.equal(t.state, "done", t.text);
    // Exact values (the table prints 6 significant digits and keeps the double in the title).
    const rows = await tableValues(v.page);
    assert.equal(rows.length, 18);
    for (const [id, value] of rows) assert.ok(Math.abs(Number(value) - f1.get(id)!) < 1e-9, `${id}: ${value} vs ${f1.get(id)}`);
  } finally {
    await v.page.close();
  }
});
