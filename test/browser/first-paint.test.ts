/**
 * Issue 14: every page draws its first chart or table before it downloads any WebAssembly — the
 * SQL engine (DuckDB-WASM, 34 MB) and parquet-wasm (5 MB) come after first paint, or when a reader
 * asks for SQL. Explore is the exception: it is the SQL notebook. And it sends less than 1 MB before
 * that first chart, raw, as a static server that does not compress sends it (bytes are deterministic
 * for a build). The timing itself is measured by bench/site, not asserted here.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { SWEEP_PAGES, TOP_PAGES } from "../../src/lib/pages.ts";
import { useBuiltSite, DIST } from "../helpers/browser.ts";
import { FIRST_PAINT_MAX_BYTES, firstPaint } from "../helpers/first-paint.ts";

const SWEEP = "demo-clean";

describe("first paint before any wasm", () => {
  const site = useBuiltSite({ expect: "index.html" });

  const pages = [
    { path: "/index.html", file: "home" },
    ...TOP_PAGES.filter((p) => existsSync(join(DIST, `${p.file}.html`))).map((p) => ({ path: `/${p.file}.html`, file: p.file })),
    ...SWEEP_PAGES.filter((p) => p.file !== "explore").map((p) => ({ path: `/sweeps/${SWEEP}/${p.file}.html`, file: p.file })),
    // the Monitoring page of every deployment the build has
    ...(existsSync(join(DIST, "deployments")) ? readdirSync(join(DIST, "deployments")).filter((d) => existsSync(join(DIST, "deployments", d, "index.html"))).map((d) => ({ path: `/deployments/${d}/index.html`, file: `deployment ${d}` })) : []),
  ];
  test("every page but Explore is checked", () => {
    assert.ok(pages.length >= 2 + SWEEP_PAGES.length - 1, pages.map((p) => p.path).join(", "));
  });
  for (const p of pages) {
    test(`${p.path} shows a chart or table before requesting any .wasm, after < 1 MB`, async () => {
      const r = await firstPaint(site.browser, site.server, DIST, p.path);
      assert.deepEqual(r.wasm, [], `${p.path} fetched wasm before its first chart (${(r.bytes / 1e6).toFixed(2)} MB in ${r.requests.length} requests)`);
      const largest = r.sizes.slice(0, 8).map((s) => `${s.path} ${(s.bytes / 1e3).toFixed(0)} KB`).join(", ");
      assert.ok(r.bytes < FIRST_PAINT_MAX_BYTES, `${p.path} sent ${(r.bytes / 1e6).toFixed(3)} MB in ${r.requests.length} requests before its first chart (budget ${FIRST_PAINT_MAX_BYTES / 1e6} MB); largest: ${largest}`);
    });
  }

  test("a page that needs SQL still gets it after first paint (Stability recomputes per-regime f1)", async () => {
    const ctx = await site.browser.newContext();
    try {
      const page = await ctx.newPage();
      await page.goto(`${site.server.url}/sweeps/${SWEEP}/stability.html`);
      // the loading note names what it downloads, with sizes, while it waits
      await page.waitForFunction(() => /computed by DuckDB-WASM/.test(document.querySelector('[data-testid="regime-source"]')?.textContent ?? ""), null, { timeout: 120_000 });
      assert.ok(site.server.requests.some((q) => q.endsWith("duckdb-eh.wasm")), "DuckDB-WASM was loaded after first paint");
      assert.ok(!site.server.requests.some((q) => /duckdb-mvp/.test(q)), "the mvp build is never requested (it is not shipped)");
    } finally {
      await ctx.close();
    }
  });
});
