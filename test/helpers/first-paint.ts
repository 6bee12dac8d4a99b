/**
 * First paint of a page as a reader on a cold cache sees it: the time from navigation until the
 * page's first chart or table is visible, and what the server sent before that moment (counted on
 * the server side, so the DuckDB worker's own downloads are included). Used by
 * test/browser/first-paint.test.ts and bench/site.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import type { StaticServer } from "./static-server.ts";

/** A chart (Plot draws an <svg>) or a table in the page's main column, not in the navigation. */
export const FIRST_CONTENT = "main svg:not(nav svg):not(.ftf-nav svg), main table";

export interface FirstPaint {
  path: string;
  ms: number;
  /** Paths the server sent before the first chart or table appeared. */
  requests: string[];
  bytes: number;
  wasm: string[];
}

function size(dist: string, path: string): number {
  try {
    const st = statSync(join(dist, path));
    return st.isDirectory() ? statSync(join(dist, path, "index.html")).size : st.size;
  } catch {
    return 0;
  }
}

export async function firstPaint(browser: Browser, server: StaticServer, dist: string, path: string, timeoutMs = 60_000): Promise<FirstPaint> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } }); // fresh = cold cache
  try {
    const page = await ctx.newPage();
    const from = server.requests.length;
    const t0 = performance.now();
    await page.goto(server.url + path, { waitUntil: "commit", timeout: timeoutMs });
    await page.waitForSelector(FIRST_CONTENT, { state: "visible", timeout: timeoutMs });
    const ms = performance.now() - t0;
    const requests = server.requests.slice(from);
    await page.close();
    return { path, ms, requests, bytes: requests.reduce((s, p) => s + size(dist, p), 0), wasm: requests.filter((p) => /\.wasm$/.test(p)) };
  } finally {
    await ctx.close();
  }
}
