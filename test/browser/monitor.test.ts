/**
 * The Monitoring pages in Chromium, on the built demo deployments: each loads with no console
 * error, no failed request and no request outside its origin; its status board shows exactly the
 * triggers, statuses, values, thresholds and first-fired times of the monitor.json the build
 * served, and that JSON is what `ftf monitor --json` computes; the home page lists the
 * deployments with their status.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { visit, inlineErrors, useBuiltSite, DIST } from "../helpers/browser.ts";
import { monitorDeployment, type MonitorResult } from "../../loaders/monitor/index.ts";
import { deploymentsRoot, ohlcvRoot } from "../../loaders/site/paths.ts";
import { num } from "../../src/lib/format.ts";

const DEPLOYMENTS = ["demo-live-ok", "demo-live-regress", "demo-live-mismatch"];

function builtReport(id: string): MonitorResult & { available: boolean } {
  const dir = join(DIST, "_file", "deployments", id, "data");
  const file = readdirSync(dir).find((f) => /^monitor\.[0-9a-f]+\.json$/.test(f));
  assert.ok(file, `no monitor.json in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8"));
}

const shown = (x: number | null) => (x !== null && Number.isInteger(x) ? String(x) : num(x, 4));
const when = (iso: string | null) => (iso ? iso.replace("T", " ").replace(/:00Z$/, "Z") : "—");

describe("Monitoring pages", () => {

  const site = useBuiltSite({ expect: join("deployments", DEPLOYMENTS[0], "index.html") });

  for (const id of DEPLOYMENTS) {
    test(`${id}: loads cleanly and its board equals the JSON`, async () => {
      const r = builtReport(id);
      assert.equal(r.available, true);
      const v = await visit(site.browser, `${site.server.url}/deployments/${id}/index.html`, site.server.url);
      try {
        assert.deepEqual(v.outsideRequests, [], "no request outside the origin");
        assert.deepEqual(v.failedRequests, [], "no failed request");
        assert.deepEqual(v.pageErrors, [], "no page error");
        assert.deepEqual(v.consoleErrors, [], "no console error");
        assert.deepEqual(await inlineErrors(v.page), [], "no cell error");
        const rows = await v.page.$$eval('[data-testid="trigger-board"] tbody tr', (trs) =>
          trs.map((tr) => ({
            id: tr.getAttribute("data-trigger"),
            status: tr.getAttribute("data-status"),
            value: tr.querySelector('[data-field="value"]')?.textContent?.trim(),
            threshold: tr.querySelector('[data-field="threshold"]')?.textContent?.trim(),
            since: tr.querySelector('[data-field="fired_at"]')?.firstChild?.textContent?.trim(),
          })),
        );
        assert.deepEqual(
          rows,
          r.triggers.map((t) => ({ id: t.id, status: t.status, value: shown(t.value), threshold: shown(t.threshold), since: when(t.fired_at) })),
        );
        assert.equal(await v.page.getAttribute('[data-testid="monitor-status"]', "data-status"), r.status);
        const stages = await v.page.$$eval('[data-testid="stage-gates"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute("data-status")));
        assert.deepEqual(stages, r.stages.map((s) => s.status));
        const metrics = await v.page.$$eval('[data-testid="metrics-table"] tbody tr', (trs) => trs.map((tr) => `${tr.getAttribute("data-metric")}:${tr.getAttribute("data-status")}`));
        assert.deepEqual(metrics, r.metrics.map((m) => `${m.id}:${m.status}`));
        // the charts are drawn: the rolling f1 timeline, one chart per distribution, the events
        assert.ok((await v.page.$$("svg")).length >= 3 + r.series.distributions.length);
        assert.equal((await v.page.$$("[data-distribution]")).length, r.series.distributions.length);
      } finally {
        await v.page.close();
      }
    });
  }

  test("the served JSON is what `ftf monitor --json` computes", async () => {
    const id = "demo-live-mismatch";
    const { available: _a, deployment_folder: _f, ...built } = builtReport(id) as MonitorResult & { available: boolean; deployment_folder: string };
    const cli = await monitorDeployment(join(deploymentsRoot(), id), { ohlcvDir: ohlcvRoot() });
    assert.deepEqual(JSON.parse(JSON.stringify(built)), JSON.parse(JSON.stringify(cli)));
  });

  test("the home page lists the deployments with their status", async () => {
    const v = await visit(site.browser, `${site.server.url}/index.html`, site.server.url);
    try {
      const rows = await v.page.$$eval('[data-testid="deployments-table"] tbody tr', (trs) =>
        trs.map((tr) => [tr.getAttribute("data-deployment"), tr.querySelector('[data-testid="deployment-status"]')?.textContent?.trim()]),
      );
      assert.deepEqual(rows, DEPLOYMENTS.slice().sort().map((id) => [id, builtReport(id).status.toUpperCase()]));
      assert.deepEqual(v.consoleErrors, []);
    } finally {
      await v.page.close();
    }
  });
});
