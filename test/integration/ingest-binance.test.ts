/**
 * Real-shaped Binance kline rows — the archive's millisecond era and its 2025 microsecond era,
 * with and without the header newer files carry — and the other accepted shapes (zip, gzip,
 * headed CSV with ISO-8601 times and offsets, a `symbol` column), all normalised to one table.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { after, test } from "node:test";
import { loadOhlcvDir, readOhlcvDir } from "../../loaders/ingest/index.ts";
import type { ValidationError } from "../../loaders/errors.ts";

const tmp = mkdtempSync(join(tmpdir(), "ftf-binance-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, content] of Object.entries(files)) writeFileSync(join(dir, f), content);
  return dir;
}

// Spot BTCUSDT 1h klines as data.binance.vision publishes them (values as printed there).
const MS_ROWS = [
  "1704067200000,42283.58000000,42554.57000000,42261.02000000,42475.23000000,1271.68108000,1704070799999,53957248.97378940,47134,682.57581000,28957416.81964210,0",
  "1704070800000,42475.23000000,42775.00000000,42431.65000000,42613.56000000,1196.37856000,1704074399999,50984893.58329630,45166,618.45462000,26357071.35919040,0",
];
const US_ROWS = [
  "1735689600000000,93576.00000000,94509.42000000,93489.03000000,94401.14000000,755.99010000,1735693199999999,71215171.41618810,160135,399.94949000,37660069.53530120,0",
  "1735693200000000,94401.13000000,94779.98000000,94248.60000000,94665.71000000,563.05186000,1735696799999999,53160829.94402480,116919,299.18004000,28249282.00738040,0",
];
const HEADER = "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore";

test("Binance rows in ms (2024) and µs (2025) normalise to the same UTC bar opens and extras", async () => {
  const dir = folder("ms-us", { "BTCUSDT-1h-2024-01.csv": MS_ROWS.join("\n") + "\n", "BTCUSDT-1h-2025-01.csv": `${HEADER}\r\n${US_ROWS.join("\r\n")}\r\n` });
  const set = await readOhlcvDir(dir);
  try {
    const bars = await set.bars("BTCUSDT");
    assert.equal(bars.length, 4);
    assert.deepEqual(bars.map((b) => new Date(b.ts).toISOString()), ["2024-01-01T00:00:00.000Z", "2024-01-01T01:00:00.000Z", "2025-01-01T00:00:00.000Z", "2025-01-01T01:00:00.000Z"]);
    assert.deepEqual(bars[0], {
      symbol: "BTCUSDT", ts: Date.UTC(2024, 0, 1), open: 42283.58, high: 42554.57, low: 42261.02, close: 42475.23, volume: 1271.68108,
      close_time: 1704070799999, quote_volume: 53957248.9737894, n_trades: 47134, taker_buy_base_volume: 682.57581, taker_buy_quote_volume: 28957416.8196421,
    });
    // µs close_time 1735693199999999 is one microsecond before the next open.
    assert.equal(bars[2].close_time, 1735693199999);
    assert.equal(bars[2].n_trades, 160135);
    assert.deepEqual(set.extras, ["close_time", "quote_volume", "n_trades", "taker_buy_base_volume", "taker_buy_quote_volume"]);
    // The year between the two files is an outage as far as the data can tell: a warning.
    assert.deepEqual(set.errors, []);
    assert.equal(set.symbols[0].interval, "1h");
    assert.equal(set.warnings.find((w) => w.code === "missing_bars")?.count, 8782);
  } finally {
    set.close();
  }
});

test("zip archives and gzip files are read; the manifest lists members and hashes", async () => {
  const { execFileSync } = await import("node:child_process");
  const dir = folder("archives", { "ETHUSDT-1h-2025-01.csv.gz": gzipSync(US_ROWS.join("\n") + "\n") });
  // A monthly archive as Binance ships it (made with Python's zipfile, as a third-party producer).
  execFileSync("/usr/bin/python3", ["-c", `import zipfile,sys\nwith zipfile.ZipFile(sys.argv[1],"w",zipfile.ZIP_DEFLATED) as z: z.writestr("ETHUSDT-1h-2024-01.csv", sys.argv[2])`, join(dir, "ETHUSDT-1h-2024-01.zip"), MS_ROWS.join("\n") + "\n"]);
  const set = await readOhlcvDir(dir, { symbols: ["ETHUSDT"], interval: "1h" });
  try {
    assert.equal((await set.bars()).length, 4);
    const zip = set.files.find((f) => f.path.endsWith(".zip"))!;
    assert.deepEqual(zip.entries, [{ name: "ETHUSDT-1h-2024-01.csv", rows: 2 }]);
    assert.equal(zip.rows, 2);
    assert.match(zip.sha256, /^[0-9a-f]{64}$/);
    assert.equal(set.files.find((f) => f.path.endsWith(".gz"))!.rows, 2);
  } finally {
    set.close();
  }
});

test("a headed CSV with ISO-8601 times: offsets (incl. daylight-saving ones) converted, no offset = UTC, extras kept or ignored", async () => {
  const csv = [
    "Date,Open,High,Low,Close,Volume,ticker,Number of trades",
    "2024-03-31T01:00:00+01:00,10,11,9,10.5,100,SOL,7", // CET: 00:00Z
    "2024-03-31T03:00:00+02:00,10.5,11,10,10.7,90,SOL,8", // CEST after the switch: 01:00Z
    "2024-03-31 02:00:00,10.7,11,10.2,10.9,80,SOL,9", // no offset: UTC
    "2024-03-31T03:00:00Z,10.9,11.2,10.8,11,70,SOL,10",
  ].join("\n");
  const set = await readOhlcvDir(folder("iso", { "SOLUSDC.csv": csv }));
  try {
    const bars = await set.bars();
    assert.deepEqual(bars.map((b) => new Date(b.ts).toISOString().slice(11, 16)), ["00:00", "01:00", "02:00", "03:00"]);
    assert.deepEqual(set.extras, ["n_trades"]);
    assert.equal(bars[3].n_trades, 10);
  } finally {
    set.close();
  }
});

test("epoch seconds and a symbol column: many symbols in one file, rows split per symbol", async () => {
  const csv = ["symbol,timestamp,open,high,low,close,volume", "btcusdc,1704067200,1,2,0.5,1.5,10", "ETHUSDC,1704067200,3,4,2.5,3.5,20", "BTCUSDC,1704070800,1.5,2,1,1.8,11", "ETHUSDC,1704070800,3.5,4,3,3.9,21"].join("\n");
  const set = await readOhlcvDir(folder("symcol", { "mixed.csv": csv }), { symbols: ["BTCUSDC", "ETHUSDC"] });
  try {
    const bars = await set.bars();
    assert.deepEqual(bars.map((b) => [b.symbol, b.ts, b.close]), [["BTCUSDC", 1704067200000, 1.5], ["BTCUSDC", 1704070800000, 1.8], ["ETHUSDC", 1704067200000, 3.5], ["ETHUSDC", 1704070800000, 3.9]]);
    assert.deepEqual(set.files.map((f) => [f.path, f.rows, f.symbol]), [["mixed.csv", 4, null]]);
  } finally {
    set.close();
  }
});

test("errors in a symbol-column file point at the file's own lines", async () => {
  const csv = ["symbol,timestamp,open,high,low,close,volume", "BTCUSDC,1704067200,1,2,0.5,1.5,10", "ETHUSDC,1704067200,3,4,2.5,3.5,20", "BTCUSDC,1704070800,1.5,2,1,1.8,11", "ETHUSDC,1704070800,3.5,3,3.6,3.9,21"].join("\n");
  await assert.rejects(readOhlcvDir(folder("symcol-bad", { "mixed.csv": csv })), /mixed\.csv, line 5, column "high": high < low/);
});

test("files of one symbol are concatenated in time order whatever their names", async () => {
  const dir = folder("order", { "b-BTCUSDT-1h.csv": US_ROWS.join("\n") + "\n", "a-BTCUSDT-1h.csv": MS_ROWS.join("\n") + "\n" });
  const { symbols } = await (async () => {
    const set = await readOhlcvDir(dir, { symbols: ["BTCUSDT"] });
    set.close();
    return set;
  })();
  assert.deepEqual(symbols.map((s) => [s.first_ts, s.last_ts, s.rows]), [["2024-01-01T00:00:00Z", "2025-01-01T01:00:00Z", 4]]);
});

test("a symbol-column file beside per-symbol files: each file's errors at its own lines", async () => {
  // The per-symbol file is stored in file order and the symbol-column file re-ordered by symbol,
  // so the table holds both kinds of rows; a bad bar in each must still name its file's line.
  const longCsv = ["symbol,timestamp,open,high,low,close,volume", "ETHUSDC,1704067200,3,4,2.5,3.5,20", "SOLUSDC,1704067200,1,2,0.5,1.5,10", "ETHUSDC,1704070800,3.5,3,3.6,3.9,21", "SOLUSDC,1704070800,1.5,2,1,1.8,11"].join("\n");
  const badMs = [MS_ROWS[0], MS_ROWS[1].replace("42775.00000000", "42000.00000000")];
  const dir = folder("symcol-mixed", { "BTCUSDT-1h-2024-01.csv": badMs.join("\n") + "\n", "long.csv": longCsv });
  await assert.rejects(readOhlcvDir(dir), (e: ValidationError) => {
    const at = e.problems.map((x) => `${x.location.file}:${x.location.row}:${x.code}`);
    assert.ok(at.includes("BTCUSDT-1h-2024-01.csv:2:high_below_open_close"), at.join("\n"));
    assert.ok(at.includes("long.csv:4:high_below_low"), at.join("\n"));
    return true;
  });
});

test("symbols at different intervals: one error naming both, and each symbol checked at its own", async () => {
  const hourly = [0, 1, 2, 4].map((h) => `${1704067200000 + h * 3_600_000},1,2,0.5,1.5,10,${1704067200000 + (h + 1) * 3_600_000 - 1},0,1,0,0,0`);
  const daily = [0, 1, 2].map((d) => `${1704067200000 + d * 86_400_000},1,2,0.5,1.5,10,${1704067200000 + (d + 1) * 86_400_000 - 1},0,1,0,0,0`);
  const dir = folder("two-intervals", { "BTCUSDT-2024-01.csv": hourly.join("\n") + "\n", "ETHUSDT-2024-01.csv": daily.join("\n") + "\n" });
  const set = await loadOhlcvDir(dir);
  try {
    assert.deepEqual(set.errors.map((x) => [x.code, x.message.split(";")[0]]), [["mixed_interval", "symbols have different bar intervals: BTCUSDT 1h, ETHUSDT 1d"]]);
    // BTCUSDT misses its 03:00 bar; ETHUSDT's bars are one day apart, which is no gap at 1d.
    assert.deepEqual(set.warnings.filter((w) => w.code === "missing_bars").map((w) => [w.symbol, w.count]), [["BTCUSDT", 1]]);
    assert.deepEqual(set.symbols.map((x) => [x.symbol, x.interval, x.missing_bars]), [["BTCUSDT", "1h", 1], ["ETHUSDT", "1d", 0]]);
  } finally {
    set.close();
  }
});
