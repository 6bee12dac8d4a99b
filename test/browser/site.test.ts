/**
 * The built site in headless Chromium: every page loads with no console error, no failed request
 * and no request outside its origin; the pipeline (Parquet → parquet-wasm → DuckDB-WASM → chart)
 * works end to end on the demo sweep.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { visit, inlineErrors, settle, useBuiltSite, DIST } from "../helpers/browser.ts";


function htmlPages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name.startsWith("_") ? [] : htmlPages(p);
    return name.endsWith(".html") ? [p] : [];
  });
}

describe("built site in Chromium", () => {

  const site = useBuiltSite({ expect: "index.html" });

  test("every page loads cleanly: no console error, no failed or outside request", async (t) => {
    const pages = htmlPages(DIST).map((p) => "/" + relative(DIST, p).split("\\").join("/"));
    assert.ok(pages.length >= 4, `expected the home page and per-sweep pages, found ${pages.join(", ")}`);
    for (const path of pages) {
      await t.test(path, async () => {
        const v = await visit(site.browser, site.server.url + path, site.server.url);
        try {
          assert.deepEqual(v.outsideRequests, [], `${path} requested outside its origin`);
          assert.deepEqual(v.failedRequests, [], `${path} had failed requests`);
          assert.deepEqual(v.pageErrors, [], `${path} threw`);
          assert.deepEqual(v.consoleErrors, [], `${path} logged console errors`);
          assert.deepEqual(await inlineErrors(v.page), [], `${path} rendered a cell error`);
        } finally {
          await v.page.close();
        }
      });
    }
  });

  test("the results page of the demo sweep shows 150 result rows read through DuckDB-WASM", async () => {
    const v = await visit(site.browser, `${site.server.url}/sweeps/demo-clean/results.html`, site.server.url);
    try {
      const rows = await v.page.textContent('[data-testid="result-rows"] .value');
      assert.equal(rows?.trim(), "150");
      // The chart has one dot per result row.
      const dots = await v.page.$$eval("svg circle", (els) => els.length);
      assert.equal(dots, 150);
    } finally {
      await v.page.close();
    }
  });

  test("the market-data page re-queries when the symbol and range change", async () => {
    const v = await visit(site.browser, `${site.server.url}/sweeps/demo-clean/ohlcv.html`, site.server.url);
    try {
      const page = v.page;
      const before = await page.textContent('[data-testid="candle-count"] .value');
      assert.ok(Number(before) > 0, "some candles are drawn");
      assert.match((await page.textContent('[data-testid="candle-source"] .value')) ?? "", /build time/, "the opening range is precomputed");
      const firstClose = await page.$$eval("svg line", (els) => els.length);
      // A different symbol gives a different price scale: the y-axis label names the symbol.
      await page.selectOption("form select", "ETHUSDC");
      await settle(page);
      const label = await page.$$eval("svg text", (els) => els.map((e) => e.textContent).join(" "));
      assert.match(label, /ETHUSDC price/);
      // A one-week range shows hourly candles: 168 of them.
      const dates = await page.$$('form input[type="date"]');
      assert.equal(dates.length, 2);
      await dates[0].fill("2025-06-01");
      await dates[1].fill("2025-06-08");
      await dates[1].dispatchEvent("input");
      // another range than the precomputed opening one: queried in DuckDB-WASM, which loads now
      await page.waitForFunction(`document.querySelector('[data-testid="candle-source"] .value')?.textContent.includes("DuckDB-WASM")`, null, { timeout: 120_000 });
      await settle(page);
      const after = await page.textContent('[data-testid="candle-count"] .value');
      assert.equal(after?.trim(), "168");
      assert.ok(firstClose > 0);
      assert.deepEqual(v.consoleErrors, []);
    } finally {
      await v.page.close();
    }
  });
});
