/**
 * The home page's Sweeps table in Chromium, against the built site (FTF_DIST, default dist/):
 * one row per sweep of the build's sweeps-summary.json with its track verdict, the verdict of
 * each variant and the artefact status; links into each sweep are relative and work on a plain
 * static server; the filter visibly narrows the table.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SweepSummary } from "../../src/lib/compare.ts";
import { settle, visit, useBuiltSite, DIST } from "../helpers/browser.ts";


/** The summary the build shipped (content-hashed name under _file/data/). */
function builtSummary(dist = DIST): SweepSummary[] {
  const dir = join(dist, "_file", "data");
  const f = existsSync(dir) ? readdirSync(dir).find((n) => /^sweeps-summary\.[0-9a-f]+\.json$/.test(n)) : undefined;
  assert.ok(f, `no sweeps-summary.json in ${dir}: build the site first (npm test does)`);
  return JSON.parse(readFileSync(join(dir, f), "utf8"));
}

describe("home page: the Sweeps table", () => {
  let summary: SweepSummary[];
  const site = useBuiltSite();
  before(async () => {
    summary = builtSummary();
  });

  test("a row per sweep, newest first, with track verdict, variant verdicts and artefact status", async () => {
    assert.ok(summary.length >= 1);
    const v = await visit(site.browser, `${site.server.url}/index.html`, site.server.url);
    try {
      assert.deepEqual([v.consoleErrors, v.pageErrors, v.outsideRequests, v.failedRequests], [[], [], [], []]);
      const ids = await v.page.$$eval('[data-testid="sweeps-table"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute("data-sweep")));
      assert.deepEqual(ids, summary.map((s) => s.sweep_id));
      for (const s of summary) {
        const row = v.page.locator(`tr[data-sweep="${s.sweep_id}"]`);
        if (s.status === "error") {
          assert.match((await row.locator('[data-testid="sweep-error"]').textContent()) ?? "", /\S/);
          continue;
        }
        assert.equal(await row.locator('[data-testid="track-verdict"]').textContent(), s.track_verdict);
        const shown = await row.locator("[data-variant]").evaluateAll((els) => els.map((e) => [e.getAttribute("data-variant"), e.querySelector(".ftf-verdict")?.textContent]));
        assert.deepEqual(shown, s.variants.filter((x) => x.verdict !== "BASELINE").map((x) => [x.variant, x.verdict]));
        assert.equal(await row.locator('[data-testid="artefact-mismatch"]').count(), s.artefacts?.status === "mismatch" ? 1 : 0);
        assert.equal(await row.locator(`a[href="./sweeps/${s.sweep_id}/index.html"]`).count() >= 1, true);
      }
      if (summary.some((s) => s.sweep_id === "demo-leaky")) {
        assert.equal(await v.page.locator('tr[data-sweep="demo-leaky"] [data-testid="track-verdict"]').textContent(), "ABANDON");
      }
    } finally {
      await v.page.close();
    }
  });

  test("the filter narrows the table", async () => {
    const v = await visit(site.browser, `${site.server.url}/index.html`, site.server.url);
    try {
      const target = summary[summary.length - 1].sweep_id;
      await v.page.fill('input[type="search"]', target);
      await settle(v.page);
      const ids = await v.page.$$eval('[data-testid="sweeps-table"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute("data-sweep")));
      assert.ok(ids.includes(target), `${target} is among ${ids}`);
      assert.ok(ids.every((id) => summary.some((s) => s.sweep_id === id)));
      await v.page.fill('input[type="search"]', "no-such-sweep-zzz");
      await settle(v.page);
      assert.equal(await v.page.locator('[data-testid="sweeps-table"] tbody tr').count(), 0);
    } finally {
      await v.page.close();
    }
  });

  test("the filter matches variant verdicts: typing a verdict keeps exactly the sweeps with a variant (or track) of that verdict", async () => {
    const ok = summary.filter((s) => s.status === "ok");
    const verdicts = [...new Set(ok.flatMap((s) => s.variants.filter((x) => x.verdict !== "BASELINE").map((x) => x.verdict)))];
    assert.ok(verdicts.includes("LOCK CANDIDATE"), `variant verdicts in the build: ${verdicts.join(", ")}`);
    const v = await visit(site.browser, `${site.server.url}/index.html`, site.server.url);
    try {
      for (const verdict of verdicts) {
        await v.page.fill('input[type="search"]', verdict.toLowerCase());
        await settle(v.page);
        const ids = await v.page.$$eval('[data-testid="sweeps-table"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute("data-sweep")));
        const expected = ok.filter((s) => s.track_verdict === verdict || s.variants.some((x) => x.verdict === verdict)).map((s) => s.sweep_id);
        assert.ok(expected.length >= 1);
        // (a sweep that failed to read is searched by its error text, which may mention anything)
        assert.deepEqual(ids.filter((id) => ok.some((s) => s.sweep_id === id)), expected, `filter "${verdict.toLowerCase()}"`);
      }
      assert.deepEqual(v.pageErrors, []);
      assert.deepEqual(v.consoleErrors, []);
    } finally {
      await v.page.close();
    }
  });

  test("a sweep's link opens its Dossier on a plain static server", async () => {
    const s = summary.find((x) => x.status === "ok")!;
    const v = await visit(site.browser, `${site.server.url}/index.html`, site.server.url);
    try {
      await v.page.locator(`tr[data-sweep="${s.sweep_id}"] a[href="./sweeps/${s.sweep_id}/index.html"]`).first().click();
      await v.page.waitForURL(`**/sweeps/${s.sweep_id}/index.html`);
      await settle(v.page);
      assert.equal(await v.page.textContent('[data-testid="track-verdict"]'), s.track_verdict);
      assert.deepEqual(v.pageErrors, []);
    } finally {
      await v.page.close();
    }
  });
});
