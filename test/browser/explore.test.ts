/**
 * The Explore page of the demo sweep in Chromium: queries show their rows (checked against native
 * DuckDB over the very Parquet files the site serves), errors show DuckDB's message, CSV and
 * Parquet downloads equal the result, `#sql=` pre-fills and runs, a slow query is cancelled while
 * the page stays responsive, paging and the chart follow the result, tables load lazily, every
 * example runs, and every "Show SQL" link of the sweep's other pages opens here and runs.
 * Set FTF_SCREENSHOTS=<dir> to keep a screenshot.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { visit, inlineErrors, type Visit, useBuiltSite, DIST } from "../helpers/browser.ts";
import { parseCsv } from "../../src/lib/csv.ts";
import { cellText } from "../../src/lib/explore/result-view.ts";
import { bytes as formatBytes } from "../../src/lib/format.ts";
import { STATUS, exploreStatus as state, runFinished as finished, runSql, tableCells } from "./explore-page.ts";

const SHOTS = process.env.FTF_SCREENSHOTS;
const SWEEP = "demo-clean";
const BASE = `/sweeps/${SWEEP}`;
const EXPLORE = `${BASE}/explore.html`;
const DATA = join(DIST, "_file", "sweeps", SWEEP, "data");
const LONG = { timeout: 600_000 };

/** The built Parquet file of table `name` (Framework adds a content hash to the name). */
function dataFile(name: string): string {
  const f = readdirSync(DATA).find((n) => n.startsWith(`${name}.`) && n.endsWith(".parquet"));
  assert.ok(f, `no ${name}.*.parquet under ${DATA}`);
  return join(DATA, f);
}

async function tableHeader(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="explore-table"] thead th', (ths) => ths.slice(1).map((th) => th.firstChild?.textContent ?? ""));
}

/** Resolve when the DOM has been still for `quietMs` (cells that await DuckDB render late). */
async function quietDom(page: Page, quietMs = 2000): Promise<void> {
  await page.evaluate(
    `new Promise((resolve) => { let t; const done = () => { o.disconnect(); resolve(); };
      const o = new MutationObserver(() => { clearTimeout(t); t = setTimeout(done, ${quietMs}); });
      o.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      t = setTimeout(done, ${quietMs}); })`,
  );
}

async function assertClean(v: Visit, what: string): Promise<void> {
  assert.deepEqual(v.outsideRequests, [], `${what} requested outside its origin`);
  assert.deepEqual(v.failedRequests, [], `${what} had failed requests`);
  assert.deepEqual(v.pageErrors, [], `${what} threw`);
  assert.deepEqual(v.consoleErrors, [], `${what} logged console errors`);
  assert.deepEqual(await inlineErrors(v.page), [], `${what} rendered a cell error`);
}

describe("Explore page", () => {
  let duck: DuckDBConnection;
  let tmp: string;

  const site = useBuiltSite({ expect: EXPLORE.slice(1) });
  before(async () => {
    duck = await (await DuckDBInstance.create(":memory:")).connect();
    tmp = mkdtempSync(join(tmpdir(), "ftf-explore-"));
  });
  after(async () => {
    duck?.closeSync();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Open Explore (with `hash`), wait for its first run to succeed, run `body`, check the page stayed clean. */
  async function onExplore(hash: string, body: (page: Page) => Promise<void>): Promise<void> {
    const v = await visit(site.browser, site.server.url + EXPLORE + hash, site.server.url, { timeoutMs: 120_000 });
    try {
      const first = await finished(v.page, 0);
      assert.equal(first.state, "done", first.text);
      await body(v.page);
      await assertClean(v, `${EXPLORE}${hash.slice(0, 40)}`);
    } finally {
      await v.page.close();
    }
  }

  test("runs the first example on load, then a typed query; rows equal native DuckDB's; tables load lazily", LONG, async () => {
    const seen = site.server.requests.length;
    await onExplore("", async (page) => {
      const nVariants = Number((await duck.runAndReadAll(`SELECT count(DISTINCT variant) FROM '${dataFile("results")}'`)).getRows()[0][0]);
      assert.equal((await tableCells(page)).length, nVariants, "f1 by variant: one row per variant");
      // Only the table the query names was downloaded.
      const fetched = site.server.requests.slice(seen).filter((p) => p.endsWith(".parquet"));
      assert.deepEqual(fetched.map((p) => p.split("/").pop()!.split(".")[0]), ["results"]);

      const sql = "SELECT crypto, fold, variant, f1_buy\nFROM results\nWHERE variant = 'btc_full'\nORDER BY crypto, fold";
      const s = await runSql(page, sql);
      assert.equal(s.state, "done", s.text);
      assert.match(s.text, /^25 rows in /);
      const expected = (await duck.runAndReadAll(sql.replace("FROM results", `FROM '${dataFile("results")}'`))).getRowObjectsJS();
      assert.deepEqual(await tableHeader(page), ["crypto", "fold", "variant", "f1_buy"]);
      // Numbers are printed by src/lib/format.ts (no 17-digit floats); the exact double is the cell's title.
      assert.deepEqual(
        await tableCells(page),
        expected.map((r) => [r.crypto, String(r.fold), r.variant, cellText(r.f1_buy)]),
      );
      const shownF1 = await page.$$eval('[data-testid="explore-table"] tbody tr td:nth-child(5)', (tds) => tds.map((td) => [td.textContent ?? "", td.getAttribute("title")] as [string, string | null]));
      for (const [i, [text, title]] of shownF1.entries()) {
        assert.ok(text.replace(/\D/g, "").length <= 7, `f1 cell "${text}" is not a 17-digit float`);
        assert.equal(Number(title ?? text), expected[i].f1_buy, "the title (or the text, when exact) is the exact double");
      }
      assert.ok(shownF1.some(([, title]) => title !== null), "at least one f1 is rounded for display");
      assert.equal(await page.textContent('[data-testid="explore-row-count"]'), "25 rows × 4 columns");
      // The URL now holds the query, so the page can be shared or reloaded.
      assert.equal(decodeURIComponent(new URL(page.url()).hash.slice("#sql=".length)), sql);

      // Opening a table in the schema browser loads it and shows its size and columns.
      assert.equal(await page.getAttribute('[data-testid="schema-predictions"]', "data-loaded"), "false");
      await page.click('[data-testid="schema-predictions"] summary');
      await page.waitForSelector('[data-testid="schema-predictions"][data-loaded="true"] .explore-columns', { timeout: 120_000 });
      const nPred = Number((await duck.runAndReadAll(`SELECT count(*) FROM '${dataFile("predictions")}'`)).getRows()[0][0]);
      assert.match((await page.textContent('[data-testid="schema-predictions"] summary')) ?? "", new RegExp(`${nPred.toLocaleString("en-US")} rows`));
      // The list shows the served files' real sizes (not the data loader scripts'), before and after loading.
      assert.ok(((await page.textContent('[data-testid="schema-predictions"] summary')) ?? "").includes(formatBytes(statSync(dataFile("predictions")).size)));
      for (const name of ["ohlcv", "features", "drift"]) {
        const bytes = statSync(dataFile(name)).size;
        assert.ok(bytes > 4096, `${name} is a real file, larger than its loader script`);
        assert.equal(await page.textContent(`[data-testid="schema-size-${name}"]`), `${formatBytes(bytes)} · not loaded`);
      }
      const cols = await page.$$eval('[data-testid="schema-predictions"] .explore-columns li', (lis) => lis.map((li) => li.textContent));
      assert.deepEqual(cols, ["crypto VARCHAR", "fold INTEGER", "variant VARCHAR", "ts TIMESTAMP", "y_true TINYINT", "y_pred TINYINT", "buy_proba DOUBLE"]);
      assert.equal(await page.getAttribute('[data-testid="schema-ohlcv"]', "data-loaded"), "false", "ohlcv is still not loaded");
      if (SHOTS) {
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: join(SHOTS, "explore.png"), fullPage: true });
      }
    });
  });

  test("SQL errors show DuckDB's message, with real line breaks and the editor's line numbers, in place of the previous result; the next query clears it", LONG, async () => {
    await onExplore("", async (page) => {
      assert.equal(await page.locator('[data-testid="explore-table"]').count(), 1, "the first example's result is shown");
      let s = await runSql(page, "SELECT no_such_column FROM results");
      assert.equal(s.state, "error");
      let err = (await page.textContent('[data-testid="explore-error"]')) ?? "";
      assert.match(err, /Binder Error: Referenced column "no_such_column" not found/);
      assert.match(err, /LINE 1: SELECT no_such_column FROM results/);
      // As the reader sees it (innerText follows CSS): DuckDB's LINE and caret each on a line of their own.
      const lines = (await page.innerText('[data-testid="explore-error"]')).split("\n");
      const at = lines.findIndex((l) => l.startsWith("LINE 1: SELECT no_such_column FROM results"));
      assert.ok(at > 0, `LINE 1 starts a line of its own: ${JSON.stringify(lines)}`);
      assert.match(lines[at + 1], /^ +\^$/, "the caret is on the next line");
      assert.ok(!lines.some((l) => l.includes("\\n") || l.includes("exception_message")), "no escaped newlines, no raw JSON");
      assert.equal(await page.locator('[data-testid="explore-table"]').count(), 0, "the previous result is gone");
      assert.equal(await page.textContent('[data-testid="explore-result"]'), "");

      s = await runSql(page, "SELECT 1;\n\nSELECT\n  1 +\nFROM results");
      assert.equal(s.state, "error");
      err = (await page.textContent('[data-testid="explore-error"]')) ?? "";
      assert.match(err, /Parser Error: syntax error at or near "FROM"/);
      assert.match(err, /LINE 5: FROM results/, "line 5 of the editor, not of the wrapped statement");
      // The caret is put where DuckDB points.
      const caret = await page.$eval('[data-testid="explore-sql"]', (t) => (t as HTMLTextAreaElement).selectionStart);
      assert.equal(caret, "SELECT 1;\n\nSELECT\n  1 +\n".length);

      s = await runSql(page, "SELECT 42 AS answer");
      assert.equal(s.state, "done");
      assert.equal(await page.textContent('[data-testid="explore-error"]'), "");
      assert.deepEqual(await tableCells(page), [["42"]]);
    });
  });

  test("CSV and Parquet downloads hold exactly the query result", LONG, async () => {
    await onExplore("", async (page) => {
      const sql = "SELECT * FROM results ORDER BY crypto, fold, variant";
      const s = await runSql(page, sql);
      assert.equal(s.state, "done", s.text);
      const src = dataFile("results");

      const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="explore-download-csv"]')]);
      assert.equal(csvDownload.suggestedFilename(), `${SWEEP}-query.csv`);
      const csvPath = join(tmp, "result.csv");
      await csvDownload.saveAs(csvPath);
      const [header, ...rows] = parseCsv(readFileSync(csvPath, "utf8"));
      const expected = (
        await duck.runAndReadAll(`SELECT *, epoch_ms(fold_start)::DOUBLE AS fold_start_ms FROM '${src}' ORDER BY crypto, fold, variant`)
      ).getRowObjectsJS() as Record<string, unknown>[];
      const names = (await duck.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM '${src}')`)).getRows().map((r) => r[0]);
      assert.deepEqual(header, names);
      assert.equal(rows.length, expected.length);
      const col = (name: string) => header.indexOf(name);
      rows.forEach((r, i) => {
        const e = expected[i];
        assert.equal(r[col("crypto")], e.crypto);
        assert.equal(r[col("variant")], e.variant);
        assert.equal(Number(r[col("fold")]), e.fold);
        assert.equal(Number(r[col("f1_buy")]), e.f1_buy, "doubles are written exactly");
        assert.equal(Number(r[col("n_buy_trades")]), Number(e.n_buy_trades));
        assert.equal(Date.parse(r[col("fold_start")]!), e.fold_start_ms, "times are UTC ISO-8601");
        assert.deepEqual(JSON.parse(r[col("feature_names")]!), e.feature_names);
      });
      // … and the CSV says what the page's table says.
      const shown = await tableCells(page);
      assert.deepEqual(
        rows.slice(0, shown.length).map((r) => [r[col("crypto")], r[col("fold")], r[col("variant")], cellText(Number(r[col("f1_buy")]))]),
        shown.map((c) => [c[0], c[1], c[2], c[3]]),
      );

      const [pqDownload] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="explore-download-parquet"]')]);
      assert.equal(pqDownload.suggestedFilename(), `${SWEEP}-query.parquet`);
      const pqPath = join(tmp, "result.parquet");
      await pqDownload.saveAs(pqPath);
      const diff = async (a: string, b: string) => Number((await duck.runAndReadAll(`SELECT count(*) FROM (SELECT * FROM '${a}' EXCEPT ALL SELECT * FROM '${b}')`)).getRows()[0][0]);
      assert.equal(Number((await duck.runAndReadAll(`SELECT count(*) FROM '${pqPath}'`)).getRows()[0][0]), expected.length);
      assert.equal(await diff(pqPath, src), 0, "no row in the download that is not in the table");
      assert.equal(await diff(src, pqPath), 0, "no row of the table missing from the download");
      const pqNames = (await duck.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM '${pqPath}')`)).getRows().map((r) => r[0]);
      assert.deepEqual(pqNames, names);

      // An empty result still downloads its columns.
      assert.equal((await runSql(page, "SELECT crypto, fold, f1_buy FROM results WHERE false")).state, "done");
      const [emptyCsv] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="explore-download-csv"]')]);
      await emptyCsv.saveAs(join(tmp, "empty.csv"));
      assert.equal(readFileSync(join(tmp, "empty.csv"), "utf8"), "crypto,fold,f1_buy\n");
      const [emptyPq] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="explore-download-parquet"]')]);
      await emptyPq.saveAs(join(tmp, "empty.parquet"));
      const emptyCols = (await duck.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '${join(tmp, "empty.parquet")}')`)).getRows();
      assert.deepEqual(emptyCols, [["crypto", "VARCHAR"], ["fold", "INTEGER"], ["f1_buy", "DOUBLE"]]);
      assert.equal(Number((await duck.runAndReadAll(`SELECT count(*) FROM '${join(tmp, "empty.parquet")}'`)).getRows()[0][0]), 0);
    });
  });

  test("#sql= pre-fills the editor and runs; a later hash change runs the new query", LONG, async () => {
    const sql = "SELECT 41 + 1 AS answer, 'a&b=c' AS text -- é";
    await onExplore(`#sql=${encodeURIComponent(sql)}`, async (page) => {
      assert.equal(await page.inputValue('[data-testid="explore-sql"]'), sql);
      assert.deepEqual(await tableCells(page), [["42", "a&b=c"]]);
      const { run } = await state(page);
      await page.evaluate((h) => (location.hash = h), `#sql=${encodeURIComponent("SELECT count(*) AS n FROM results")}`);
      const s2 = await finished(page, run);
      assert.equal(s2.state, "done", s2.text);
      assert.deepEqual(await tableCells(page), [["150"]]);
    });
  });

  test("a slow query can be cancelled while the page stays responsive; the next query runs", LONG, async () => {
    await onExplore("", async (page) => {
      const { run } = await state(page);
      // 1e8 × 1e5 rows: hours of work, unless cancelled.
      await page.fill('[data-testid="explore-sql"]', "SELECT sum(a.range * b.range) AS s FROM range(100000000) a CROSS JOIN range(100000) b");
      await page.click('[data-testid="explore-run"]');
      await page.waitForSelector(`${STATUS}[data-state="running"]`);
      // The main thread is free while DuckDB works in its worker: frames are painted, inputs respond.
      assert.equal(await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve("painted"))))), "painted");
      await page.fill('[data-testid="explore-sql"]', "SELECT 'typed while running' AS still_responsive");
      assert.equal(await page.isDisabled('[data-testid="explore-run"]'), true);
      assert.equal((await state(page)).state, "running", "the slow query is still running");
      await page.click('[data-testid="explore-cancel"]');
      const s = await finished(page, run);
      assert.equal(s.state, "cancelled", s.text);
      assert.match(s.text, /^Cancelled after /);
      assert.equal(await page.textContent('[data-testid="explore-error"]'), "");
      const next = await runSql(page, "SELECT 'after cancel' AS ok");
      assert.equal(next.state, "done", next.text);
      assert.deepEqual(await tableCells(page), [["after cancel"]]);
    });
  });

  test("paging walks a large result; the chart follows the columns chosen", LONG, async () => {
    await onExplore("", async (page) => {
      const n = Number((await duck.runAndReadAll(`SELECT count(*) FROM '${dataFile("predictions")}'`)).getRows()[0][0]);
      const s = await runSql(page, "SELECT crypto, variant, fold, ts, y_true, y_pred FROM predictions ORDER BY crypto, variant, fold, ts");
      assert.equal(s.state, "done", s.text);
      const fmt = (x: number) => x.toLocaleString("en-US");
      const info = () => page.textContent('[data-testid="page-info"]');
      const firstRowNumber = () => page.$eval('[data-testid="explore-table"] tbody tr td', (td) => td.textContent);
      assert.match((await info()) ?? "", new RegExp(`^rows 1–100 of ${fmt(n)}`));
      assert.equal((await tableCells(page)).length, 100);
      await page.click('[data-testid="page-next"]');
      await page.waitForFunction(() => document.querySelector('[data-testid="page-info"]')?.textContent?.startsWith("rows 101–200"));
      assert.equal(await firstRowNumber(), "101");
      const expected101 = (await duck.runAndReadAll(`SELECT crypto, variant, fold FROM '${dataFile("predictions")}' ORDER BY crypto, variant, fold, ts LIMIT 1 OFFSET 100`)).getRows()[0];
      assert.deepEqual((await tableCells(page))[0].slice(0, 3), [expected101[0], expected101[1], String(expected101[2])]);
      await page.click('[data-testid="page-last"]');
      const lastFrom = Math.floor((n - 1) / 100) * 100 + 1;
      await page.waitForFunction((t) => document.querySelector('[data-testid="page-info"]')?.textContent?.startsWith(t), `rows ${fmt(lastFrom)}–${fmt(n)}`);
      await page.selectOption('[data-testid="page-size"]', "500");
      await page.waitForFunction(() => document.querySelector('[data-testid="page-info"]')?.textContent?.startsWith("rows 1–500"));
      assert.equal((await tableCells(page)).length, 500);
      assert.match((await page.textContent('[data-testid="explore-chart"]')) ?? "", /first 10,000 of/);

      // Chart: one dot per variant, then bars, then a different y.
      const c = await runSql(page, "SELECT variant, avg(f1_buy) AS mean_f1, max(f1_buy) AS max_f1 FROM results GROUP BY variant ORDER BY variant");
      assert.equal(c.state, "done", c.text);
      const nVariants = (await tableCells(page)).length;
      assert.equal(await page.inputValue('[data-testid="chart-x"]'), "variant");
      assert.equal(await page.inputValue('[data-testid="chart-y"]'), "mean_f1");
      assert.equal(await page.$$eval('[data-testid="explore-plot"] svg circle', (e) => e.length), nVariants);
      await page.selectOption('[data-testid="chart-mark"]', "bar");
      await page.waitForFunction((k) => document.querySelectorAll('[data-testid="explore-plot"] svg rect').length >= k, nVariants);
      await page.selectOption('[data-testid="chart-y"]', "max_f1");
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="explore-plot"] svg text')].some((t) => t.textContent?.includes("max_f1")));
    });
  });

  test("BIGINT and HUGEINT columns chart as numbers; extreme points and their tick labels are not clipped", LONG, async () => {
    await onExplore("", async (page) => {
      const sql = "SELECT variant, count(*) AS cells, sum(n_buy_trades) AS trades, sum(n_buy_trades)::HUGEINT * 1000000000000 AS huge FROM results GROUP BY variant ORDER BY variant";
      const types = (await duck.runAndReadAll(`SELECT column_type FROM (DESCRIBE ${sql.replace("FROM results", `FROM '${dataFile("results")}'`)})`)).getRows().map((r) => r[0]);
      assert.deepEqual(types, ["VARCHAR", "BIGINT", "HUGEINT", "HUGEINT"]);
      const s = await runSql(page, sql);
      assert.equal(s.state, "done", s.text);
      const cells = await tableCells(page);
      const expected = (await duck.runAndReadAll(sql.replace("FROM results", `FROM '${dataFile("results")}'`))).getRows();
      assert.deepEqual(cells.map((r) => r[3]), expected.map((r) => String(r[3])), "HUGEINT is shown exactly");
      assert.equal(await page.inputValue('[data-testid="chart-y"]'), "cells", "a BIGINT count is a y");
      const circles = () => page.$$eval('[data-testid="explore-plot"] svg circle', (cs) => cs.map((c) => Number(c.getAttribute("cy"))));
      assert.equal((await circles()).length, cells.length);
      for (const y of ["trades", "huge"]) {
        await page.selectOption('[data-testid="chart-y"]', y);
        await page.waitForFunction((label) => [...document.querySelectorAll('[data-testid="explore-plot"] svg text')].some((t) => t.textContent?.includes(label)), y);
        const cy = await circles();
        assert.equal(cy.length, cells.length, `${y}: one dot per variant`);
        assert.ok(cy.every(Number.isFinite) && new Set(cy).size > 1, `${y}: dots at their values, not all at one place`);
      }

      // A wide range: every dot and every tick label lies inside the chart.
      assert.equal((await runSql(page, "SELECT range::DOUBLE AS x, (range * range * 1e9)::DOUBLE AS y FROM range(50)")).state, "done");
      const outside = await page.$eval('[data-testid="explore-plot"] svg', (svg) => {
        const box = svg.getBoundingClientRect();
        const out: string[] = [];
        for (const e of svg.querySelectorAll("circle, g[aria-label$='tick label'] text")) {
          const r = e.getBoundingClientRect();
          if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) out.push(`${e.tagName} ${e.textContent ?? ""} ${r.left.toFixed(1)}..${r.right.toFixed(1)} in ${box.left.toFixed(1)}..${box.right.toFixed(1)}`);
        }
        return out;
      });
      assert.deepEqual(outside, []);
      assert.equal(await page.$$eval('[data-testid="explore-plot"] svg circle', (cs) => cs.length), 50);
    });
  });

  test("every example query runs and returns rows", LONG, async () => {
    await onExplore("", async (page) => {
      const titles = await page.$$eval('[data-testid="explore-examples"] button', (bs) => bs.map((b) => b.textContent ?? ""));
      assert.ok(titles.length >= 6, `examples: ${titles.join(", ")}`);
      assert.ok(titles.some((t) => t.startsWith("per-regime f1")));
      for (let i = 0; i < titles.length; i++) {
        const { run } = await state(page);
        await page.click(`[data-testid="example-${i}"]`);
        const s = await finished(page, run);
        assert.equal(s.state, "done", `${titles[i]}: ${s.text} ${await page.textContent('[data-testid="explore-error"]')}`);
        assert.ok((await tableCells(page)).length > 0, `${titles[i]} returned rows`);
      }
    });
  });

  test("every Show SQL link on the sweep's pages opens in Explore and runs there", LONG, async () => {
    // Pages whose source calls showSql must show at least one link once their queries are done
    // (DuckDB-backed cells render late, so wait for the first link, then for a quiet DOM).
    const srcDir = join("src", "sweeps", "[sweep]");
    const withSql = new Set(readdirSync(srcDir).filter((f) => f.endsWith(".md") && f !== "explore.md" && readFileSync(join(srcDir, f), "utf8").includes("showSql(")).map((f) => f.replace(/\.md$/, ".html")));
    const pages = readdirSync(join(DIST, BASE.slice(1))).filter((f) => withSql.has(f));
    assert.ok(pages.length >= 3, `pages with Show SQL: ${pages.join(", ")}`);
    for (const p of ["index.html", "leakage.html", "uplift.html"]) assert.ok(pages.includes(p), `${p} has Show SQL`);
    const links: { from: string; href: string }[] = [];
    for (const p of pages) {
      const v = await visit(site.browser, `${site.server.url}${BASE}/${p}`, site.server.url, { timeoutMs: 120_000 });
      try {
        await v.page.waitForSelector("details.ftf-sql a", { state: "attached", timeout: 180_000 });
        await quietDom(v.page, 3000);
        for (const href of await v.page.$$eval("details.ftf-sql a", (as) => as.map((a) => (a as HTMLAnchorElement).href))) links.push({ from: p, href });
      } finally {
        await v.page.close();
      }
    }
    for (const { from, href } of links) {
      assert.ok(href.startsWith(`${site.server.url}${EXPLORE}#sql=`), `${from}: ${href}`);
      const v = await visit(site.browser, href, site.server.url, { timeoutMs: 120_000 });
      try {
        const s = await finished(v.page, 0);
        assert.equal(s.state, "done", `${from}: ${s.text} ${await v.page.textContent('[data-testid="explore-error"]')}`);
        assert.equal(await v.page.inputValue('[data-testid="explore-sql"]'), decodeURIComponent(href.split("#sql=")[1]));
        await assertClean(v, `Show SQL from ${from}`);
      } finally {
        await v.page.close();
      }
    }
  });
});
