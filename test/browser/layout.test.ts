/**
 * Tables that fit (issue 15): at 1024 × 800 and in print emulation at the width of an A4 page,
 * no table of the Dossier, Uplift, Leakage and Stability pages is wider than its container
 * unless its scroller shows the scroll cue; the printed Dossier keeps every column of the
 * verdict table on the page, opens every <details>, and keeps the provenance.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { settle, visit, useBuiltSite } from "../helpers/browser.ts";

const SWEEP = "demo-clean";
const PAGES = ["index", "uplift", "leakage", "stability"];
/** A4 minus the print stylesheet's margins, at 96 px per inch: 186 mm portrait, 277 mm landscape. */
const A4_PORTRAIT = Math.floor((186 / 25.4) * 96);
const A4_LANDSCAPE = Math.floor((277 / 25.4) * 96);

interface TableFit {
  id: string;
  tableWidth: number;
  boxWidth: number;
  boxRight: number;
  mainRight: number;
  cue: string | null;
  cueText: string;
}

/** Every table of the page's main column: its width, its scroller's, and whether the cue shows. */
async function tableFits(page: Page): Promise<TableFit[]> {
  return page.evaluate(`(() => {
    const main = document.querySelector("#observablehq-main");
    const mainRight = main.getBoundingClientRect().right;
    return [...main.querySelectorAll("table")].filter((t) => t.offsetParent !== null).map((t, i) => {
      let box = t;
      for (let e = t; e && e !== main; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden") { box = e; break; }
      }
      const scroller = box === t && !["auto", "scroll", "hidden"].includes(getComputedStyle(t).overflowX) ? main : box;
      return {
        id: t.getAttribute("data-testid") || (t.closest("[data-testid]")?.getAttribute("data-testid") ?? "") + "#" + i,
        tableWidth: Math.max(t.scrollWidth, t.getBoundingClientRect().width),
        boxWidth: scroller.clientWidth,
        boxRight: scroller.getBoundingClientRect().right,
        mainRight,
        cue: scroller.getAttribute("data-scroll-cue"),
        cueText: getComputedStyle(scroller, "::before").content,
      };
    });
  })()`);
}

function assertFits(fits: TableFit[], where: string): void {
  assert.ok(fits.length > 0, `${where}: no table found`);
  for (const f of fits) {
    assert.ok(f.boxRight <= f.mainRight + 1, `${where}: the scroller of table ${f.id} ends at ${f.boxRight}px, past the column (${f.mainRight}px)`);
    if (f.tableWidth > f.boxWidth + 1) {
      assert.equal(f.cue, "on", `${where}: table ${f.id} is ${Math.round(f.tableWidth)}px in a ${f.boxWidth}px box with no scroll cue`);
      assert.match(f.cueText, /scroll/, `${where}: table ${f.id}'s scroll cue is not visible`);
    }
  }
}

/**
 * assertFits once the page has settled: fit.ts sets the cue from a ResizeObserver, which runs
 * after the table that outgrew its box was laid out, so under load a measurement can fall between
 * the two. Re-measure for up to 10 s; the last failure is the one reported.
 */
async function eventuallyFits(page: Page, where: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      assertFits(await tableFits(page), where);
      return;
    } catch (e) {
      if (attempt >= 20) throw e;
      await page.waitForTimeout(500);
    }
  }
}

describe("tables that fit", () => {
  const site = useBuiltSite({ expect: join("sweeps", SWEEP, "index.html") });

  for (const p of PAGES) {
    test(`${p}: at 1024 × 800 every table fits its column or shows a scroll cue`, async () => {
      const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/${p}.html`, site.server.url, { viewport: { width: 1024, height: 800 }, timeoutMs: 120_000 });
      try {
        await eventuallyFits(v.page, `${p} @1024`);
      } finally {
        await v.page.close();
      }
    });

    test(`${p}: printed on A4 every table fits the page or shows a scroll cue`, async () => {
      const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/${p}.html`, site.server.url, { viewport: { width: 1024, height: 800 }, timeoutMs: 120_000 });
      try {
        await v.page.emulateMedia({ media: "print" });
        const landscape = await v.page.evaluate(`document.querySelector('#observablehq-main [data-print="landscape"]') !== null`);
        await v.page.setViewportSize({ width: landscape ? A4_LANDSCAPE : A4_PORTRAIT, height: 1000 });
        await settle(v.page, 30_000, 500);
        await eventuallyFits(v.page, `${p} printed`);
      } finally {
        await v.page.close();
      }
    });
  }

  test("the printed Dossier (A4 portrait) has every verdict-table column on the page, details open, provenance kept", async () => {
    const v = await visit(site.browser, `${site.server.url}/sweeps/${SWEEP}/index.html`, site.server.url, { viewport: { width: 1024, height: 800 } });
    try {
      const { page } = v;
      await page.emulateMedia({ media: "print" });
      await page.setViewportSize({ width: A4_PORTRAIT, height: 1100 });
      await settle(page, 30_000, 500);
      const cols = (await page.evaluate(`(() => {
        const t = document.querySelector('[data-testid="verdict-table"]');
        return [...t.querySelectorAll("thead th")].map((th) => { const r = th.getBoundingClientRect(); return { text: th.textContent, left: r.left, right: r.right }; });
      })()`)) as Array<{ text: string; left: number; right: number }>;
      assert.ok(cols.length >= 5, `verdict table has ${cols.length} columns`);
      for (const c of cols) assert.ok(c.left >= 0 && c.right <= A4_PORTRAIT + 0.5, `column "${c.text}" runs off the A4 page (${Math.round(c.left)}–${Math.round(c.right)}px of ${A4_PORTRAIT}px)`);
      assert.deepEqual(await page.$$eval("details", (ds) => ds.filter((d) => !(d as HTMLDetailsElement).open).length), 0, "every <details> prints open");
      assert.equal(await page.locator('[data-testid="provenance"]').isVisible(), true);
      assert.equal(await page.locator('[data-testid="methods"]').isVisible(), true);
      assert.equal(await page.locator("#observablehq-sidebar").isVisible(), false);
      const pdf = await page.pdf({ preferCSSPageSize: true });
      assert.ok(pdf.length > 20_000);
    } finally {
      await v.page.close();
    }
  });
});
