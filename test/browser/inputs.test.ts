/**
 * Inputs that do not lie (issue 15): a typed out-of-range value is clamped or refused with a
 * visible message; variance and significance inputs run on a log scale covering the observed
 * values; "reset to dossier" restores every input; a what-if that changes a verdict says so.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { visit, useBuiltSite, DIST } from "../helpers/browser.ts";
import type { Dossier } from "../../loaders/verdict.ts";

const SWEEP = "demo-clean";

function builtDossier(): Dossier {
  const dir = join(DIST, "_file", "sweeps", SWEEP, "data");
  const file = readdirSync(dir).find((f) => /^dossier\.[0-9a-f]+\.json$/.test(f))!;
  return JSON.parse(readFileSync(join(dir, file), "utf8"));
}

async function typeInto(page: Page, threshold: string, value: string): Promise<void> {
  const box = page.locator(`[data-threshold="${threshold}"] input[type=number]`);
  await box.fill(value);
  await box.press("Enter");
}

const boxValue = (page: Page, threshold: string) => page.locator(`[data-threshold="${threshold}"] input[type=number]`).inputValue();

describe("what-if inputs", () => {
  const site = useBuiltSite({ expect: join("sweeps", SWEEP, "uplift.html") });

  test("Uplift: an out-of-range value is clamped with a message, an impossible one refused; reset restores every input", async () => {
    const d = builtDossier();
    const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/uplift.html`, site.server.url, { viewport: { width: 1024, height: 800 } });
    try {
      const { page } = v;
      const initial = { min_uplift: await boxValue(page, "min_uplift"), alpha_significance: await boxValue(page, "alpha_significance"), drawdown_tolerance: await boxValue(page, "drawdown_tolerance") };
      assert.equal(Number(initial.min_uplift), d.thresholds.min_uplift);
      // G2's slider ends at 0.1: typing 0.5 clamps, and says so
      await typeInto(page, "min_uplift", "0.5");
      await page.waitForFunction(() => /outside this input's range/.test(document.querySelector('[data-testid="msg-min_uplift"]')?.textContent ?? ""), null, { timeout: 10_000 });
      assert.equal(Number(await boxValue(page, "min_uplift")), 0.1);
      // every candidate now fails G2: the page says the verdicts differ from the dossier
      await page.waitForSelector('[data-testid="differs-from-dossier"][data-differs="yes"]', { timeout: 20_000 });
      // a significance level of 5 is impossible: refused, value kept
      await typeInto(page, "alpha_significance", "5");
      await page.waitForFunction(() => /not a possible/.test(document.querySelector('[data-testid="msg-alpha_significance"]')?.textContent ?? ""), null, { timeout: 10_000 });
      assert.equal(await boxValue(page, "alpha_significance"), initial.alpha_significance);
      assert.equal(await page.getAttribute('[data-threshold="alpha_significance"]', "data-scale"), "log");
      await typeInto(page, "drawdown_tolerance", "0.03");
      assert.equal(Number(await boxValue(page, "drawdown_tolerance")), 0.03);
      await page.click('[data-testid="uplift-thresholds"] [data-testid="reset-to-dossier"]');
      await page.waitForSelector('[data-testid="differs-from-dossier"][data-differs="no"]', { timeout: 20_000 });
      assert.deepEqual(
        { min_uplift: await boxValue(page, "min_uplift"), alpha_significance: await boxValue(page, "alpha_significance"), drawdown_tolerance: await boxValue(page, "drawdown_tolerance") },
        initial,
      );
      for (const x of d.variants.filter((x) => x.uplift)) assert.equal(await page.textContent(`[data-testid="live-verdict-${x.variant}"]`), x.verdict);
      assert.deepEqual(v.pageErrors, []);
    } finally {
      await v.page.close();
    }
  });

  test("Stability: the variance slider is logarithmic and reaches the observed fold variances; reset restores the regime inputs too", async () => {
    const d = builtDossier();
    const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/stability.html`, site.server.url, { viewport: { width: 1024, height: 800 }, timeoutMs: 120_000 });
    try {
      const { page } = v;
      const row = page.locator('[data-threshold="max_fold_variance"]');
      assert.equal(await row.getAttribute("data-scale"), "log");
      const lowest = Math.min(...d.variants.map((x) => x.gates.G3.statistic).filter((x): x is number => typeof x === "number" && x > 0));
      const scaleMin = Number(await row.locator(".scale span").first().textContent());
      assert.ok(scaleMin <= lowest, `slider starts at ${scaleMin}, above the smallest observed fold variance ${lowest}`);
      await typeInto(page, "max_fold_variance", String(lowest / 2));
      await page.waitForSelector('[data-testid="differs-from-dossier"][data-differs="yes"]', { timeout: 20_000 });
      const trend = page.locator('[data-testid="regime-inputs"] input[type=number]').nth(2);
      const trendBefore = await trend.inputValue();
      await trend.fill("48");
      await trend.press("Enter");
      await page.click('[data-testid="stability-thresholds"] [data-testid="reset-to-dossier"]');
      await page.waitForSelector('[data-testid="differs-from-dossier"][data-differs="no"]', { timeout: 30_000 });
      assert.equal(Number(await boxValue(page, "max_fold_variance")), d.thresholds.max_fold_variance);
      assert.equal(await trend.inputValue(), trendBefore);
      assert.deepEqual(v.pageErrors, []);
    } finally {
      await v.page.close();
    }
  });

  test("Correlation drift: a σ past the slider is clamped with a message; reset restores the report's k", async () => {
    const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/correlation-drift.html`, site.server.url, { viewport: { width: 1024, height: 800 }, timeoutMs: 120_000 });
    try {
      const { page } = v;
      const initial = await boxValue(page, "corr_control_sigma");
      await typeInto(page, "corr_control_sigma", "10");
      await page.waitForFunction(() => /outside this input's range/.test(document.querySelector('[data-testid="msg-corr_control_sigma"]')?.textContent ?? ""), null, { timeout: 10_000 });
      assert.equal(Number(await boxValue(page, "corr_control_sigma")), 6);
      await typeInto(page, "corr_control_sigma", "0");
      await page.waitForFunction(() => /not a possible/.test(document.querySelector('[data-testid="msg-corr_control_sigma"]')?.textContent ?? ""), null, { timeout: 10_000 });
      await page.click('[data-testid="correlation-thresholds"] [data-testid="reset-to-dossier"]');
      assert.equal(await boxValue(page, "corr_control_sigma"), initial);
      assert.deepEqual(v.pageErrors, []);
    } finally {
      await v.page.close();
    }
  });

  test("Feature drift and OHLCV quality: a typed value past a slider is clamped with a message; reset restores every input", async () => {
    for (const [page0, name, typed, clampedTo, testid] of [
      ["feature-drift", "control_sigma", "9", 6, "drift-thresholds"],
      ["ohlcv-quality", "outlier_return_sigma", "15", 10, "quality-thresholds"],
    ] as const) {
      const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/${page0}.html`, site.server.url, { viewport: { width: 1024, height: 800 }, timeoutMs: 120_000 });
      try {
        const { page } = v;
        const initial = await boxValue(page, name);
        const form = page.locator(`[data-testid="${testid}"]`);
        const selects = form.locator("select");
        const selectsBefore = await Promise.all((await selects.all()).map((s) => s.inputValue()));
        await typeInto(page, name, typed);
        await page.waitForFunction((n) => /outside this input's range/.test(document.querySelector(`[data-testid="msg-${n}"]`)?.textContent ?? ""), name, { timeout: 10_000 });
        assert.equal(Number(await boxValue(page, name)), clampedTo, page0);
        if (selectsBefore.length > 1) await selects.nth(1).selectOption({ index: 0 });
        await form.locator('[data-testid="reset-to-dossier"]').click();
        assert.equal(await boxValue(page, name), initial, page0);
        assert.deepEqual(await Promise.all((await selects.all()).map((s) => s.inputValue())), selectsBefore, page0);
        assert.equal(await page.locator(`[data-testid="msg-${name}"]`).textContent(), "");
        assert.deepEqual(v.pageErrors, [], page0);
      } finally {
        await v.page.close();
      }
    }
  });

  test("Uplift's interval chart: nothing cut on the clean demo; the unstable demo's wide intervals cut with arrowheads", async () => {
    for (const [sweep, cut] of [["demo-clean", false], ["demo-unstable", true]] as const) {
      const v = await visit(site.browser, `${site.server.url}/sweeps/${sweep}/uplift.html`, site.server.url, { viewport: { width: 1024, height: 800 } });
      try {
        const chart = v.page.locator('[data-testid="uplift-forest"]');
        const n = Number(await chart.getAttribute("data-cut-intervals"));
        const arrows = await chart.locator("text").evaluateAll((ts) => ts.filter((t) => /[◀▶]/.test(t.textContent ?? "")).length);
        if (cut) assert.ok(n > 0 && arrows >= n, `${sweep}: ${n} cut intervals, ${arrows} arrowheads`);
        else assert.deepEqual([n, arrows], [0, 0], sweep);
      } finally {
        await v.page.close();
      }
    }
  });

  test("Market data: a From after the To says so and draws no candles; a valid range draws them again", async () => {
    const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/ohlcv.html`, site.server.url, { viewport: { width: 1024, height: 800 }, timeoutMs: 120_000 });
    try {
      const { page } = v;
      const [from, to] = [page.locator("input[type=date]").nth(0), page.locator("input[type=date]").nth(1)];
      await page.waitForSelector('[data-testid="candle-count"]', { timeout: 60_000 });
      const fromValue = await from.inputValue();
      const toValue = await to.inputValue();
      assert.ok(fromValue < toValue, `the page opens on ${fromValue} → ${toValue}`);
      await to.fill(fromValue.replace(/^(\d{4})/, (y) => String(Number(y) - 1)));
      await page.waitForFunction(() => /end date must be after the start date/.test(document.querySelector("#observablehq-main")?.textContent ?? ""), null, { timeout: 20_000 });
      assert.equal(await page.locator('[data-testid="candle-count"]').count(), 0);
      await to.fill(toValue);
      await page.waitForSelector('[data-testid="candle-count"]', { timeout: 30_000 });
      assert.deepEqual(v.pageErrors, []);
    } finally {
      await v.page.close();
    }
  });

  /** Plot's swatch legends of a page: per chart, label → swatch fill. */
  const SWATCHES = `[...document.querySelectorAll("#observablehq-main div[class*='-swatches']")].map((l) =>
    [...l.querySelectorAll("[class*='-swatch']:not([class*='-swatches'])")].map((s) => { const svg = s.querySelector("svg"); return [s.textContent.trim(), svg?.getAttribute("fill") ?? svg?.querySelector("[fill]")?.getAttribute("fill")]; }))`;

  test("one crypto has the same colour on every chart of a page, and one fold on every page", async () => {
    const d = builtDossier();
    const colours = { crypto: new Map<string, Set<string>>(), fold: new Map<string, Set<string>>() };
    const cryptoLegends = new Map<string, number>();
    for (const p of ["uplift", "stability", "leakage", "results"]) {
      const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/${p}.html`, site.server.url, { viewport: { width: 1024, height: 800 }, timeoutMs: 120_000 });
      try {
        const legends = (await v.page.evaluate(SWATCHES)) as Array<Array<[string, string]>>;
        cryptoLegends.set(p, legends.filter((l) => l.some(([label]) => d.cryptos.includes(label))).length);
        for (const l of legends) {
          for (const [label, fill] of l) {
            const fold = /^(?:fold )?(\d+)$/.exec(label)?.[1];
            const [kind, key] = d.cryptos.includes(label) ? (["crypto", label] as const) : fold !== undefined && l.length <= d.folds.length ? (["fold", fold] as const) : [null, ""];
            if (!kind) continue;
            if (!colours[kind].has(key)) colours[kind].set(key, new Set());
            colours[kind].get(key)!.add(`${fill} (${p})`);
          }
        }
      } finally {
        await v.page.close();
      }
    }
    assert.ok(cryptoLegends.get("uplift")! >= 2, `expected two crypto legends on Uplift, found ${cryptoLegends.get("uplift")}`);
    assert.equal(colours.crypto.size, d.cryptos.length);
    assert.ok(colours.fold.size >= 2, "fold legends on Leakage and Results");
    for (const kind of ["crypto", "fold"] as const) {
      for (const [key, seen] of colours[kind]) {
        const fills = new Set([...seen].map((s) => s.split(" ")[0]));
        assert.equal(fills.size, 1, `${kind} ${key} has colours ${[...seen].join(", ")}`);
      }
    }
  });
});
