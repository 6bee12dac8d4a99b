/**
 * The committee pages in Chromium, on the built demo sweeps: the Dossier shows the track verdict
 * in the first screen and the same numbers as `ftf verdict --json --ohlcv`; the Leakage page
 * re-decides live when α moves across the deciding adjusted p; Uplift and Stability re-run the
 * gate engine when a threshold moves; the Dossier prints.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { visit, inlineErrors, useBuiltSite, DIST } from "../helpers/browser.ts";
import { ohlcvRoot, sweepsRoot } from "../../loaders/site/paths.ts";
import { computeDossier, type Dossier } from "../../loaders/verdict.ts";

const SWEEP = "demo-clean";

/** The dossier.json the build served to the pages of a sweep. */
function builtDossier(sweep: string): Dossier & { build: { built_at: string } } {
  const dir = join(DIST, "_file", "sweeps", sweep, "data");
  const file = readdirSync(dir).find((f) => /^dossier\.[0-9a-f]+\.json$/.test(f));
  assert.ok(file, `no dossier.json in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8"));
}

async function setNumber(page: Page, selector: string, value: number | string): Promise<void> {
  const input = page.locator(selector).first();
  await input.fill(String(value));
  await input.press("Enter");
}

const sig = (x: number) => (x >= 0 ? "+" : "−") + Math.abs(x).toFixed(4);
const pfmt = (p: number) => (p === 0 ? "0" : p < 1e-4 ? p.toExponential(2) : p.toFixed(4));

describe("committee pages", () => {

  const site = useBuiltSite({ expect: join("sweeps", SWEEP, "index.html") });

  test("the built dossier.json is exactly the CLI's `ftf verdict --json --ohlcv` (plus the build time)", async () => {
    const cli = await computeDossier(join(sweepsRoot(), SWEEP), { ohlcvDir: existsSync(ohlcvRoot()) ? ohlcvRoot() : null });
    const { build, ...built } = builtDossier(SWEEP);
    assert.match(build.built_at, /^\d{4}-\d\d-\d\dT/);
    // The commit is read when each side runs; on a developer's machine a commit may land between
    // the build and this test. Everything else must be identical.
    const noCommit = (x: Dossier) => ({ ...x, tool: { ...x.tool, git_commit: null } });
    assert.deepEqual(noCommit(built as Dossier), noCommit(JSON.parse(JSON.stringify(cli))));
  });

  test("Dossier: the track verdict is in the first screen and the page's numbers are the JSON's", async () => {
    const d = builtDossier(SWEEP);
    const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/index.html`, site.server.url);
    try {
      const { page } = v;
      assert.deepEqual(await inlineErrors(page), []);
      assert.deepEqual(v.pageErrors, []);
      const banner = await page.locator('[data-testid="track-banner"]').boundingBox();
      assert.ok(banner && banner.y + banner.height <= 900, `the track verdict must be visible without scrolling (banner ends at ${banner && banner.y + banner.height}px)`);
      assert.equal(await page.textContent('[data-testid="track-verdict"]'), d.track_verdict);
      assert.equal(await page.textContent('[data-testid="leakage-outcome"]'), d.leakage.suspected ? "LEAKAGE SUSPECTED" : "no leakage detected");
      const deciding = d.leakage.tests.find((t) => t.scope === d.leakage.deciding_scope)!;
      assert.equal(await page.textContent('[data-testid="leakage-min-padj"]'), pfmt(deciding.pvalue_adj!));
      for (const variant of d.variants) {
        assert.equal(await page.textContent(`[data-testid="verdict-${variant.variant}"]`), variant.verdict, variant.variant);
        if (variant.uplift) {
          assert.equal(await page.textContent(`[data-testid="uplift-${variant.variant}"]`), sig(variant.uplift.mean_uplift));
          assert.equal(await page.textContent(`[data-testid="g4-padj-${variant.variant}"]`), pfmt(variant.gates.G4.pvalue_adj!));
        }
      }
      assert.equal(Number(await page.textContent('[data-testid="n-lock"] .value')), d.variants.filter((x) => x.verdict === "LOCK CANDIDATE").length);
      // provenance: every sweep input's SHA-256 is printed
      const prov = (await page.textContent('[data-testid="provenance"]')) ?? "";
      for (const f of d.inputs.filter((x) => x.root === "sweep")) assert.ok(prov.includes(f.sha256), `${f.path} hash missing`);
      // the sign-off item the sweep decides is ticked from the JSON
      const leakItem = page.locator('[data-testid="signoff"] li', { hasText: "Mandatory leakage check" });
      assert.equal(await leakItem.getAttribute("data-state"), d.leakage.suspected ? "no" : "yes");
    } finally {
      await v.page.close();
    }
  });

  test("Dossier prints: navigation hidden, verdict table kept, a PDF comes out", async () => {
    const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/index.html`, site.server.url);
    try {
      await v.page.emulateMedia({ media: "print" });
      assert.equal(await v.page.locator(".ftf-sweep-nav").isVisible(), false);
      assert.equal(await v.page.locator('[data-testid="verdict-table"]').isVisible(), true);
      assert.equal(await v.page.locator('[data-testid="track-banner"]').isVisible(), true);
      const pdf = await v.page.pdf({ format: "A4" });
      assert.ok(pdf.length > 20_000, `PDF of ${pdf.length} bytes`);
    } finally {
      await v.page.close();
    }
  });

  test("Leakage: moving α across the deciding adjusted p flips the decision", async () => {
    const d = builtDossier(SWEEP);
    const deciding = Math.min(...d.leakage.tests.map((t) => t.pvalue_adj ?? 1));
    // The demo's clean sweep sits between two α values: not suspected at 0.05, suspected above its smallest adjusted p.
    assert.ok(deciding > 0.05 && deciding < 0.49, `the case must sit between α = 0.05 and 0.5 (smallest adjusted p ${deciding})`);
    const above = Math.ceil((deciding + 0.002) * 1000) / 1000;
    const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/leakage.html`, site.server.url);
    try {
      const { page } = v;
      const decision = () => page.textContent('[data-testid="leakage-decision"]');
      assert.match((await decision()) ?? "", /^No leakage detected/);
      await setNumber(page, '[data-testid="alpha-input"] input[type=number]', above);
      await page.waitForFunction(() => /^LEAKAGE SUSPECTED/.test(document.querySelector('[data-testid="leakage-decision"]')?.textContent ?? ""), null, { timeout: 10_000 });
      assert.match((await page.textContent(`[data-testid="padj-${d.leakage.deciding_scope}"]`)) ?? "", /^0\.\d{4}$/);
      await setNumber(page, '[data-testid="alpha-input"] input[type=number]', 0.05);
      await page.waitForFunction(() => /^No leakage detected/.test(document.querySelector('[data-testid="leakage-decision"]')?.textContent ?? ""), null, { timeout: 10_000 });
      assert.deepEqual(v.pageErrors, []);
    } finally {
      await v.page.close();
    }
  });

  test("Uplift: raising the G2 threshold above a variant's uplift turns LOCK CANDIDATE into KEEP AVAILABLE", async () => {
    const d = builtDossier(SWEEP);
    const lock = d.variants.find((v) => v.verdict === "LOCK CANDIDATE");
    assert.ok(lock?.uplift, "the clean demo has a LOCK CANDIDATE");
    const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/uplift.html`, site.server.url);
    try {
      const { page } = v;
      const sel = `[data-testid="live-verdict-${lock.variant}"]`;
      assert.equal(await page.textContent(sel), "LOCK CANDIDATE");
      const t = Math.ceil((lock.uplift.mean_uplift + 0.001) * 1000) / 1000;
      await setNumber(page, '[data-testid="uplift-thresholds"] input[type=number]', t);
      await page.waitForFunction((s) => document.querySelector(s)?.textContent === "KEEP AVAILABLE", sel, { timeout: 20_000 });
      assert.deepEqual(v.pageErrors, []);
    } finally {
      await v.page.close();
    }
  });

  test("Stability: DuckDB-WASM per-regime f1 equals the dossier's; a tighter limit fails gate 3 live", async () => {
    const d = builtDossier(SWEEP);
    const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/stability.html`, site.server.url, { timeoutMs: 120_000 });
    try {
      const { page } = v;
      const source = () => page.textContent('[data-testid="regime-source"]');
      await page.waitForFunction(() => /computed by DuckDB-WASM/.test(document.querySelector('[data-testid="regime-source"]')?.textContent ?? ""), null, { timeout: 120_000 });
      if (d.regimes.assessed) assert.match((await source()) ?? "", /identical to the dossier's/);
      // every variant passes gate 3 on the clean demo; a limit below the largest fold variance fails it
      const worst = d.variants.reduce((w, x) => ((x.gates.G3.statistic ?? 0) > (w.gates.G3.statistic ?? 0) ? x : w));
      assert.match((await page.textContent(`[data-testid="g3-${worst.variant}"]`)) ?? "", /pass/);
      await setNumber(page, '[data-testid="stability-thresholds"] input[type=number]', 0.001);
      await page.waitForFunction((s) => /FAIL/.test(document.querySelector(s)?.textContent ?? ""), `[data-testid="g3-${worst.variant}"]`, { timeout: 20_000 });
      if (worst.variant !== d.baseline_variant) assert.equal(await page.textContent(`[data-testid="stability-verdict-${worst.variant}"]`), "ABANDON");
      assert.deepEqual(v.pageErrors, []);
    } finally {
      await v.page.close();
    }
  });
});
