/**
 * First paint of a page as a reader on a cold cache sees it: the time from navigation until the
 * page's first chart or table is visible, and what the server sent before that moment (counted on
 * the server side, so the DuckDB worker's own downloads are included). Used by
 * test/browser/first-paint.test.ts and bench/site.
 *
 * The moment is taken in the page (the first animation frame after a chart or table is in the
 * layout with a size), not when Playwright's wait returns: on a loaded machine that answer comes
 * hundreds of milliseconds later, long enough for a page to start its after-first-paint downloads,
 * which would then be counted as before it. Server and page share the machine's clock.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import type { StaticServer } from "./static-server.ts";

/** A chart (Plot draws an <svg>) or a table in the page's main column, not in the navigation. */
export const FIRST_CONTENT = "main svg:not(nav svg):not(.ftf-nav svg), main table";

/**
 * Sets `window.__ftfFirstContent` (epoch ms) at the first animation frame after an element of
 * FIRST_CONTENT has a size in the layout. A string: tsx would wrap inner functions in a helper
 * that does not exist in the page.
 */
const MARK_FIRST_CONTENT = `(() => {
  const sel = ${JSON.stringify(FIRST_CONTENT)};
  let seen = false;
  const check = () => {
    if (seen) return;
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden") {
        seen = true;
        observer.disconnect();
        requestAnimationFrame(() => { window.__ftfFirstContent = performance.timeOrigin + performance.now(); });
        return;
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

/**
 * Issue 14's budget: < 1 MB sent before a page's first chart or table, counted raw (a plain static
 * server, python3 -m http.server or many static hosts, does not compress). Bytes are deterministic
 * for a given build, unlike time, so the browser test asserts them.
 */
export const FIRST_PAINT_MAX_BYTES = 1_000_000;

export interface FirstPaint {
  path: string;
  ms: number;
  /** Paths the server sent before the first chart or table appeared. */
  requests: string[];
  bytes: number;
  /** Each of `requests` with its raw size, largest first. */
  sizes: Array<{ path: string; bytes: number }>;
  /** The same files as a host sends them gzipped: the .gz sibling's size where the build wrote one. */
  gzipBytes: number;
  wasm: string[];
}

function size(dist: string, path: string, gzip = false): number {
  try {
    const st = statSync(join(dist, path));
    const file = st.isDirectory() ? join(dist, path, "index.html") : join(dist, path);
    if (gzip) {
      try {
        return statSync(`${file}.gz`).size;
      } catch {
        // no sibling: small or incompressible, sent as is
      }
    }
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export async function firstPaint(browser: Browser, server: StaticServer, dist: string, path: string, timeoutMs = 60_000): Promise<FirstPaint> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } }); // fresh = cold cache
  try {
    const page = await ctx.newPage();
    await page.addInitScript(MARK_FIRST_CONTENT);
    const from = server.requests.length;
    const t0 = Date.now();
    await page.goto(server.url + path, { waitUntil: "commit", timeout: timeoutMs });
    await page.waitForSelector(FIRST_CONTENT, { state: "visible", timeout: timeoutMs });
    await page.waitForFunction("window.__ftfFirstContent > 0", null, { timeout: timeoutMs });
    const at = (await page.evaluate("window.__ftfFirstContent")) as number;
    const ms = at - t0;
    const requests = server.requests.slice(from).filter((_, i) => server.times[from + i]! <= at);
    await page.close();
    const sizes = requests.map((p) => ({ path: p, bytes: size(dist, p) })).sort((a, b) => b.bytes - a.bytes);
    return { path, ms, requests, sizes, bytes: sizes.reduce((s, p) => s + p.bytes, 0), gzipBytes: requests.reduce((s, p) => s + size(dist, p, true), 0), wasm: requests.filter((p) => /\.wasm$/.test(p)) };
  } finally {
    await ctx.close();
  }
}
