/**
 * One timestamp format per page (issue 15): a page prints instants either as ISO text
 * ("2024-01-01T00:00Z") or as the tables' "2024-01-01 00:00" (src/lib/time.ts formatUtcMinutes),
 * never both, and never in a locale's form ("1/1/2024"). Dates alone ("2024-01-01") go with either.
 * Read from the rendered text of every page (chart axes aside: their ticks are Plot's own),
 * so a table's own date formatter counts as much as a hand-written label.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { visit, useBuiltSite, DIST } from "../helpers/browser.ts";
import { SWEEP_PAGES, TOP_PAGES } from "../../src/lib/pages.ts";

const SWEEP = "demo-clean";

/** The formats told apart, each with the pattern of one printed instant. */
const FORMATS: Record<string, RegExp> = {
  iso: /\b\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z?/g,
  minutes: /\b\d{4}-\d\d-\d\d \d\d:\d\d\b/g,
  locale: /\b\d{1,2}\/\d{1,2}\/\d{4}(?:,? \d{1,2}:\d\d)?/g,
};

/** Visible text of the page's main column outside charts, SQL and code. */
const VISIBLE_TEXT = `(() => {
  const main = document.querySelector("#observablehq-main");
  // What prints: collapsed sections too (the print stylesheet opens them).
  for (const d of main.querySelectorAll("details")) d.open = true;
  const out = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!p || p.closest("svg, code, pre, textarea, script, style, .cm-editor")) continue;
    if (p.offsetParent === null && getComputedStyle(p).position !== "fixed") continue;
    out.push(n.textContent);
  }
  return out.join("\\n");
})()`;

function formatsIn(text: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [name, re] of Object.entries(FORMATS)) {
    const hits = [...text.matchAll(re)].map((m) => m[0]);
    if (hits.length) found.set(name, [...new Set(hits)].slice(0, 3));
  }
  return found;
}

describe("one timestamp format per page", () => {
  const site = useBuiltSite({ expect: join("sweeps", SWEEP, "index.html") });

  const deployments = existsSync(join(DIST, "deployments")) ? readdirSync(join(DIST, "deployments")).filter((d) => existsSync(join(DIST, "deployments", d, "index.html"))) : [];
  const paths = [
    "/index.html",
    ...TOP_PAGES.map((p) => `/${p.file}.html`),
    // Explore prints whatever the reader's SQL returns; its result grid is its own (one formatter).
    ...SWEEP_PAGES.filter((p) => p.file !== "explore").map((p) => `/sweeps/${SWEEP}/${p.file}.html`),
    ...deployments.slice(0, 1).map((d) => `/deployments/${d}/index.html`),
  ];
  for (const path of paths) {
    test(`${path}: one timestamp format`, async () => {
      const v = await visit(site.browser, site.server.url + path, site.server.url, { viewport: { width: 1280, height: 900 }, timeoutMs: 120_000 });
      try {
        const found = formatsIn((await v.page.evaluate(VISIBLE_TEXT)) as string);
        assert.ok(!found.has("locale"), `${path} prints a locale's date: ${found.get("locale")?.join(", ")}`);
        assert.ok(found.size <= 1, `${path} prints ${[...found].map(([k, xs]) => `${k} (${xs.join(", ")})`).join(" and ")}`);
      } finally {
        await v.page.close();
      }
    });
  }
});
