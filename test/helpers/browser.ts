/**
 * Headless Debian Chromium driven by playwright-core (DESIGN §1 fact 10), plus a page visit that
 * records everything a committee member's browser would complain about: console errors, page
 * errors, failed requests, and any request leaving the site's origin.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { serveStatic, type StaticServer } from "./static-server.ts";

/** The built site the browser tests visit: FTF_DIST when test/run.mjs (or you) built elsewhere. */
export const DIST = process.env.FTF_DIST ?? "dist";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function chromiumMissingMessage(): string {
  return `Browser tests need Chromium at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium (Debian/Ubuntu), or set CHROMIUM_PATH.`;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(chromiumMissingMessage());
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

export interface BuiltSite {
  /** Set once the suite's `before` hooks ran; reading them earlier is a test bug and throws. */
  readonly server: StaticServer;
  readonly browser: Browser;
}

/**
 * The before/after pair of a browser test suite, held once: before the tests, check the site is
 * built (`expect`, a file under the root, names what a missing build lacks), serve `root` (default
 * DIST; a function when the root is made by an earlier hook) and launch Chromium; after them, close
 * both. Call it in a describe callback (or at the top of a file): the hooks join that suite.
 */
export function useBuiltSite(opts: { root?: string | (() => string); expect?: string } = {}): BuiltSite {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    const root = typeof opts.root === "function" ? opts.root() : (opts.root ?? DIST);
    if (opts.expect && !existsSync(join(root, opts.expect))) throw new Error(`no built site at ${root}/ (${opts.expect} is missing): run \`npm run build\` first (npm test does)`);
    server = await serveStatic(root);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`useBuiltSite: the ${what} is read before the suite's before hook ran`);
    return v;
  };
  return {
    get server() {
      return ready(server, "server");
    },
    get browser() {
      return ready(browser, "browser");
    },
  };
}

export interface Visit {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  outsideRequests: string[];
  failedRequests: string[];
}

/** Open `url`, wait until Framework has rendered every cell, and report what went wrong. */
export async function visit(browser: Browser, url: string, origin: string, opts: { timeoutMs?: number; viewport?: { width: number; height: number } } = {}): Promise<Visit> {
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1280, height: 900 }, acceptDownloads: true });
  const v: Visit = { page, consoleErrors: [], pageErrors: [], outsideRequests: [], failedRequests: [] };
  page.on("console", (m) => {
    if (m.type() === "error") v.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => v.pageErrors.push(e.message));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) v.outsideRequests.push(u);
  });
  page.on("requestfailed", (r) => v.failedRequests.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => {
    if (r.status() >= 400) v.failedRequests.push(`${r.url()} (HTTP ${r.status()})`);
  });
  await page.goto(url, { waitUntil: "load", timeout: opts.timeoutMs ?? 60_000 });
  await settle(page, opts.timeoutMs ?? 60_000);
  return v;
}

/**
 * Wait until the page is done: network quiet, no Framework loading indicator, and the DOM unchanged
 * for `quietMs` (cells awaiting DuckDB-WASM show no indicator, so DOM quiet is the real signal).
 */
export async function settle(page: Page, timeoutMs = 60_000, quietMs = 1000): Promise<void> {
  await page.waitForLoadState("networkidle", { timeout: timeoutMs });
  // A string, not a closure: tsx's transpiler would wrap inner functions in a `__name` helper
  // that does not exist in the page.
  await page.waitForFunction(
    `new Promise((resolve) => {
      const done = () => { observer.disconnect(); resolve(document.querySelectorAll("observablehq-loading").length === 0); };
      let timer = setTimeout(done, ${quietMs});
      const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, ${quietMs}); });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    })`,
    null,
    { timeout: timeoutMs, polling: 100 },
  );
  await page.waitForLoadState("networkidle", { timeout: timeoutMs });
}

/** Errors Framework rendered inline in place of a cell's output. */
export async function inlineErrors(page: Page): Promise<string[]> {
  return page.$$eval(".observablehq--error", (els) => els.map((e) => e.textContent ?? ""));
}
