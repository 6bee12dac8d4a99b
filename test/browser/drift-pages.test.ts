/**
 * The drift pages of the demo sweep in Chromium: each loads cleanly and answers its question
 * (alerts counted, the ECDF's KS distance equals the table's, the injected defects on the quality
 * page, the correlation limits), and their inputs visibly change the result.
 * Set FTF_SCREENSHOTS=<dir> to keep full-page screenshots.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { visit, inlineErrors, settle, type Visit, useBuiltSite } from "../helpers/browser.ts";

const SHOTS = process.env.FTF_SCREENSHOTS;
const BASE = "/sweeps/demo-clean";

async function value(page: Page, testid: string): Promise<string> {
  return ((await page.textContent(`[data-testid="${testid}"] .value`)) ?? "").trim();
}

/** Wait until a KPI shows something other than `old` (cells re-run asynchronously after an input). */
async function changed(page: Page, testid: string, old: string): Promise<string> {
  await page.waitForFunction(
    ([id, before]) => {
      const el = document.querySelector(`[data-testid="${id}"] .value`);
      return el !== null && (el.textContent ?? "").trim() !== before;
    },
    [testid, old] as const,
    { timeout: 120_000 },
  );
  return value(page, testid);
}

/** Wait for the SQL-driven cells (they render after DuckDB-WASM answers), then check the visit. */
async function clean(v: Visit, path: string, ready: string[]): Promise<void> {
  for (const id of ready) await v.page.waitForSelector(`[data-testid="${id}"]`, { timeout: 120_000 });
  await settle(v.page, 120_000);
  assert.deepEqual(v.outsideRequests, [], `${path} requested outside its origin`);
  assert.deepEqual(v.failedRequests, [], `${path} had failed requests`);
  assert.deepEqual(v.pageErrors, [], `${path} threw`);
  // the static test server has no favicon.ico; Chromium asks for it on every page
  assert.deepEqual(v.consoleErrors.filter((m) => !/status of 404/.test(m) || v.failedRequests.length), [], `${path} logged console errors`);
  assert.deepEqual(await inlineErrors(v.page), [], `${path} rendered a cell error`);
  // last: a full-page screenshot resizes the viewport, and Plot logs warnings while charts re-render
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await v.page.screenshot({ path: join(SHOTS, path.split("/").pop()!.replace(".html", ".png")), fullPage: true });
  }
}

describe("drift pages", () => {
  const site = useBuiltSite({ expect: join(BASE.slice(1), "feature-drift.html") });

  test("Feature drift: alerts counted, ECDF distance = table distance, rules change the counts", async () => {
    const path = `${BASE}/feature-drift.html`;
    const from = site.server.requests.length;
    const v = await visit(site.browser, site.server.url + path, site.server.url, { timeoutMs: 120_000 });
    try {
      await clean(v, path, ["warn-count", "ecdf-ask"]);
      // the week's values (features.parquet, DuckDB-WASM) wait for the reader to ask
      assert.deepEqual(site.server.requests.slice(from).filter((q) => /features\.parquet$|\.wasm$/.test(q)), [], "nothing for the ECDF is fetched before the reader asks");
      const warn = Number(await value(v.page, "warn-count"));
      const crit = Number(await value(v.page, "critical-count"));
      assert.ok(warn + crit > 0, "the demo's drifting features raise alerts");
      // the calibrated rule leads, explained; the dossier's rule fires on far more feature-weeks
      assert.match((await v.page.textContent('[data-testid="why-calibrated"]')) ?? "", /independent/);
      await v.page.getByRole("radio", { name: "the dossier's" }).check();
      const specWarn = Number(await changed(v.page, "warn-count", String(warn)));
      assert.ok(specWarn > 5 * Math.max(1, warn), `dossier's rule: ${specWarn} warn feature-weeks vs ${warn} calibrated`);
      await v.page.getByRole("radio", { name: "calibrated" }).check();
      await changed(v.page, "warn-count", String(specWarn));
      // a click on a heat-strip cell opens that week's ECDF
      const weekSelect = v.page.locator("form select").nth(3);
      const before = await weekSelect.inputValue();
      // the figure holds the colour legend's svg first: aim at the chart's own (the widest) svg
      const svgs = v.page.locator('[data-testid="heat-strip"] svg');
      const widths = await svgs.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
      const chart = svgs.nth(widths.indexOf(Math.max(...widths)));
      await chart.scrollIntoViewIfNeeded(); // mouse coordinates are the viewport's
      const box = await chart.boundingBox();
      assert.ok(box);
      await v.page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5);
      await v.page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.5);
      await v.page.waitForFunction(([b]) => (document.querySelectorAll("form select")[3] as HTMLSelectElement)?.value !== b, [before] as const, { timeout: 60_000 });
      await v.page.waitForSelector('[data-testid="ecdf-pcal"]', { timeout: 120_000 });
      await settle(v.page, 120_000);
      const dChart = await value(v.page, "ecdf-d");
      assert.match(dChart, /^0\.\d{4}$/);
      assert.equal(dChart, await value(v.page, "table-d"), "KS distance drawn = KS distance in the table");
      // a stricter α can only lower the warn count
      await v.page.selectOption("form select >> nth=1", "0.001");
      assert.ok(Number(await changed(v.page, "warn-count", String(warn))) < warn, "α = 0.001 lowers the warn count");
      assert.ok(Number(await value(v.page, "class-flags")) >= 0);
    } finally {
      await v.page.close();
    }
  });

  test("Correlation drift: limits and episodes; wider limits give fewer bars outside", async () => {
    const path = `${BASE}/correlation-drift.html`;
    const v = await visit(site.browser, site.server.url + path, site.server.url, { timeoutMs: 120_000 });
    try {
      await clean(v, path, ["corr-bars-outside"]);
      const outside = Number(await value(v.page, "corr-bars-outside"));
      assert.ok(outside > 0, "the demo's time-varying beta leaves the 3σ band somewhere");
      const slider = v.page.locator('[data-threshold="corr_control_sigma"] input[type="number"]');
      await slider.fill("6");
      await slider.press("Enter");
      assert.ok(Number(await changed(v.page, "corr-bars-outside", String(outside))) < outside, "±6σ: fewer bars outside");
    } finally {
      await v.page.close();
    }
  });

  test("OHLCV quality: injected gaps listed, hourly rule explained, thresholds recompute the flags", async () => {
    const path = `${BASE}/ohlcv-quality.html`;
    const v = await visit(site.browser, site.server.url + path, site.server.url, { timeoutMs: 120_000 });
    try {
      await clean(v, path, ["gap-count", "flagged-bars"]);
      assert.equal(await value(v.page, "gap-count"), "2", "the BTC outage and the AAVE gap");
      assert.equal(await value(v.page, "revert-count"), "0");
      assert.match((await v.page.textContent('[data-testid="hourly-rule"]')) ?? "", /cannot fire/);
      // The training window's base rate of the spec's wick/body rule: a large share of ordinary bars.
      const wickRate = await value(v.page, "base-rate-wick_to_body");
      const low = Number(/([\d.]+)\s*%/.exec(wickRate)?.[1]);
      assert.ok(low >= 5 && low <= 25, `wick_to_body base rate ${wickRate}: 5–25 % of training bars on the demo`);
      const wick = Number(await value(v.page, "flags-wick_to_body"));
      assert.ok(wick > 100, "the spec's wick/body rule alone flags many ordinary bars");
      // wick size ≥ 3σ: recomputed in DuckDB-WASM, down to the long wicks
      const sizeInput = v.page.locator('[data-threshold="wick_min_sigma"] input[type="number"]');
      await sizeInput.fill("3");
      await sizeInput.press("Enter");
      const after = Number(await changed(v.page, "flags-wick_to_body", String(wick)));
      assert.ok(after >= 1 && after < wick / 10, `size condition: ${after} wick flags (was ${wick})`);
    } finally {
      await v.page.close();
    }
  });
});
