/**
 * The table catalogue (src/lib/tables.ts) is the one list: the docs show it, Explore lists exactly
 * its files, every table has a data loader, and the results table has every contract column.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { RESULT_COLUMNS } from "../../src/lib/results.ts";
import { exploreTables, SITE_TABLES, siteTable, tableDdl, tablesMarkdown } from "../../src/lib/tables.ts";

const DATA = "src/sweeps/[sweep]/data";

test("data/README.md holds tablesMarkdown()", () => {
  assert.ok(
    readFileSync("data/README.md", "utf8").includes(tablesMarkdown()),
    "data/README.md: paste the output of tablesMarkdown() (npx tsx -e 'import(\"./src/lib/tables.ts\").then((m) => console.log(m.tablesMarkdown()))')",
  );
});

test("Explore attaches exactly the catalogue's files, and every table has its data loader", () => {
  const page = readFileSync("src/sweeps/[sweep]/explore.md", "utf8");
  // only `.href`/`.size` at the call: a bare attachment pulls Framework's Parquet reader from a CDN
  assert.equal([...page.matchAll(/FileAttachment\("data\/[^"]+\.parquet"\)(?!\.(href|size)\b)/g)].length, 0);
  const attached = [...page.matchAll(/"([^"]+\.parquet)": \{href: FileAttachment\("data\/([^"]+)"\)\.href, size: FileAttachment\("data\/\2"\)\.size\}/g)].map((m) => {
    assert.equal(m[1], m[2], "the map's key is the attached file");
    return m[1];
  });
  assert.deepEqual(attached.sort(), SITE_TABLES.map((t) => t.file).sort());
  for (const t of SITE_TABLES) assert.ok(existsSync(`${DATA}/${t.file}.ts`), `${t.file} has no data loader`);
  const parquetLoaders = readdirSync(DATA).filter((f) => f.endsWith(".parquet.ts")).map((f) => f.slice(0, -3));
  assert.deepEqual(parquetLoaders.sort(), SITE_TABLES.map((t) => t.file).sort(), "every Parquet data loader is in the catalogue");
});

test("names and files are unique; descriptions fill in the BTC symbol", () => {
  assert.equal(new Set(SITE_TABLES.map((t) => t.name)).size, SITE_TABLES.length);
  assert.equal(new Set(SITE_TABLES.map((t) => t.file)).size, SITE_TABLES.length);
  for (const t of SITE_TABLES) assert.equal(new Set(t.columns.map((c) => c.name)).size, t.columns.length, t.name);
  const btc = exploreTables({ btc_symbol: "BTCUSDC" }).find((t) => t.name === "btc_ohlcv")!;
  assert.match(btc.description, /^BTCUSDC closes only/);
});

test("results has every contract column in order; empty tables leave optional columns out", () => {
  assert.deepEqual(siteTable("results").columns.map((c) => c.name), RESULT_COLUMNS.map((c) => c.name));
  assert.equal(siteTable("results.parquet"), siteTable("results"));
  assert.equal(tableDdl(siteTable("ohlcv"), "required"), "symbol VARCHAR, ts TIMESTAMP, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE");
  assert.match(tableDdl(siteTable("ohlcv")), /, taker_buy_quote_volume DOUBLE$/);
  assert.throws(() => siteTable("nope"), TypeError);
});
