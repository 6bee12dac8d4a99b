/**
 * The pure parts of ingestion: sweep.json defaults and checks, ISO-8601 parsing (no offset = UTC),
 * the typo suggestions, the results cell and grid checks, and the kline layout sniffer.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { checkResultsGrid, coerceResultRecord, compareResults } from "../../src/lib/results.ts";
import { checkSweepConfig, closestMatch, DEFAULT_VARIANTS, type SweepConfig } from "../../src/lib/sweep.ts";
import { formatUtc, tryParseUtc as parseUtcTimestamp } from "../../src/lib/time.ts";
import { nameInfo } from "../../loaders/ingest/ohlcv-files.ts";
import { sniffLayout } from "../../loaders/ingest/ohlcv-layout.ts";
import { normalizeSweepConfig } from "../../loaders/ingest/index.ts";
import { ValidationError } from "../../loaders/errors.ts";

test("sweep.json: a minimal config gets the DESIGN §3 defaults", () => {
  const { config, issues } = checkSweepConfig({ sweep_id: "s1" });
  assert.deepEqual(issues, []);
  assert.deepEqual(config, {
    sweep_id: "s1", created_at: null, track: null, universe: null, baseline_variant: "none", variants: [...DEFAULT_VARIANTS],
    leakage_pair: { leaky: "btc_full_purge0", reference: "btc_full" }, interval: "1h", train_start: null, train_end: null,
    registry: null, thresholds: {}, cryptos: null, btc_symbol: "BTCUSDC",
  });
});

test("sweep.json: every problem is reported, with the key path", () => {
  const { config, issues } = checkSweepConfig({
    sweep_id: "../x", variants: ["a", "a"], baseline_variant: "nonne", interval: "1 hour", train_start: "2024-13-01",
    cryptos: ["eth-usdc"], thresholds: { min_uplift: "big" }, registry: { enrichment_config_sha256: "abc" }, baseline: "none",
  });
  assert.equal(config, null);
  const byColumn = Object.fromEntries(issues.map((i) => [i.column, i]));
  assert.equal(byColumn.sweep_id.code, "invalid_sweep_id");
  assert.equal(byColumn.variants.code, "duplicate_variant");
  assert.match(byColumn.baseline_variant.message, /not among the sweep's variants/);
  assert.equal(byColumn.interval.code, "invalid_value");
  assert.equal(byColumn.train_start.code, "wrong_type");
  assert.equal(byColumn.cryptos.code, "wrong_type");
  assert.match(byColumn["thresholds.min_uplift"].message, /finite number/);
  assert.equal(byColumn["registry.enrichment_config_sha256"].code, "wrong_type");
  assert.equal(byColumn.baseline.severity, "warning");
  assert.match(byColumn.baseline.message, /did you mean "baseline_variant"/);
  assert.equal(byColumn["leakage_pair.leaky"].code, "missing_variant");
});

test("normalizeSweepConfig throws a ValidationError naming the file", () => {
  assert.throws(() => normalizeSweepConfig({ sweep_id: "x y" }, "custom.json"), (e: unknown) => e instanceof ValidationError && /custom\.json, column "sweep_id": invalid sweep_id/.test(e.message));
  assert.equal(normalizeSweepConfig({ sweep_id: "ok", train_start: "2024-01-01" }).train_start, "2024-01-01T00:00:00Z");
});

test("ISO-8601: offsets are converted, no offset means UTC, impossible dates are refused", () => {
  assert.equal(parseUtcTimestamp("2024-03-31T03:00:00+02:00"), Date.UTC(2024, 2, 31, 1));
  assert.equal(parseUtcTimestamp("2024-10-27T02:30:00-0530"), Date.UTC(2024, 9, 27, 8, 0));
  assert.equal(parseUtcTimestamp("2024-03-31 02:00:00"), Date.UTC(2024, 2, 31, 2));
  assert.equal(parseUtcTimestamp("2024-03-31"), Date.UTC(2024, 2, 31));
  assert.equal(parseUtcTimestamp("2024-03-31T02:00:00.250Z"), Date.UTC(2024, 2, 31, 2, 0, 0, 250));
  for (const bad of ["2024-02-30", "2024-13-01", "31/03/2024", "2024-03-31T25:00:00Z", "yesterday"]) assert.equal(parseUtcTimestamp(bad), null, bad);
});

test("ISO-8601 round trip and offset invariance (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), fc.integer({ min: -12 * 4, max: 14 * 4 }), (sec, quarter) => {
      const ms = sec * 1000;
      assert.equal(parseUtcTimestamp(formatUtc(ms)), ms);
      const off = quarter * 15; // minutes, as real zones use
      const local = new Date(ms + off * 60_000).toISOString().slice(0, 19);
      const sign = off < 0 ? "-" : "+";
      const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, "0");
      const mm = String(Math.abs(off) % 60).padStart(2, "0");
      assert.equal(parseUtcTimestamp(`${local}${sign}${hh}:${mm}`), ms);
    }),
  );
});

test("closest match: typos get a suggestion, unrelated words none", () => {
  assert.equal(closestMatch("btc_ful", DEFAULT_VARIANTS), "btc_full");
  assert.equal(closestMatch("BTC_MIN", DEFAULT_VARIANTS), "btc_min");
  assert.equal(closestMatch("btc_full_purge_0", DEFAULT_VARIANTS), "btc_full_purge0");
  assert.equal(closestMatch("momentum", DEFAULT_VARIANTS), null);
});

const ROW = { crypto: "ethusdc", fold: "1", variant: "none", f1_buy: "0.5", n_buy_trades: "60", max_drawdown: "0.1", feature_names: "a;b", fold_start: "2024-01-01", fold_end: "2024-02-01T00:00:00+01:00" };

test("a results record is coerced by the contract (types, ranges, ISO times, names list)", () => {
  const { row, issues } = coerceResultRecord(ROW, 2, parseUtcTimestamp);
  assert.deepEqual(issues, []);
  assert.equal(row!.crypto, "ETHUSDC");
  assert.equal(row!.fold, 1);
  assert.deepEqual(row!.feature_names, ["a", "b"]);
  assert.equal(row!.fold_end, "2024-01-31T23:00:00Z");
  assert.equal(row!.precision_buy, null);
});

test("a results record: each bad cell is one issue with its column and value", () => {
  const { row, key, issues } = coerceResultRecord({ ...ROW, f1_buy: "nan", n_buy_trades: "2.5", recall_buy: "-0.1", max_drawdown: 12, enrichment_config_sha256: "xyz" }, 7, parseUtcTimestamp);
  assert.equal(row, null);
  assert.deepEqual(key, { crypto: "ETHUSDC", fold: 1, variant: "none" });
  assert.deepEqual(issues.map((i) => [i.row, i.column, i.code]), [
    [7, "f1_buy", "out_of_range"], [7, "n_buy_trades", "wrong_type"], [7, "recall_buy", "out_of_range"], [7, "max_drawdown", "out_of_range"], [7, "enrichment_config_sha256", "wrong_type"],
  ]);
});

test("the grid check lists duplicates, unknown variants and missing cells", () => {
  const config = checkSweepConfig({ sweep_id: "g", variants: ["none", "btc_full", "btc_full_purge0"], cryptos: ["ETHUSDC", "SOLUSDC"] }).config!;
  const cell = (crypto: string, fold: number, variant: string, line: number) => ({ row: { crypto, fold, variant }, line });
  const rows = [cell("ETHUSDC", 1, "none", 2), cell("ETHUSDC", 1, "btc_full", 3), cell("ETHUSDC", 1, "btc_full_purge0", 4), cell("ETHUSDC", 1, "none", 5), cell("SOLUSDC", 1, "none", 6), cell("SOLUSDC", 1, "btc_fulll", 7)];
  const issues = checkResultsGrid(rows, config);
  assert.deepEqual(issues.map((i) => i.code), ["duplicate_cell", "unknown_variant", "incomplete_grid"]);
  assert.match(issues[0].message, /first seen at line 2/);
  assert.match(issues[1].message, /did you mean "btc_full"/);
  assert.match(issues[2].message, /2 cells missing \(crypto\/fold\/variant\): SOLUSDC\/fold 1\/btc_full, SOLUSDC\/fold 1\/btc_full_purge0/);
});

test("output order: crypto as in sweep.json, then fold, then variant as declared", () => {
  const config = { cryptos: ["SOLUSDC", "ETHUSDC"], variants: ["none", "btc_full"] } as SweepConfig;
  const r = (crypto: string, fold: number, variant: string) => ({ crypto, fold, variant }) as never;
  const sorted = [r("ETHUSDC", 1, "none"), r("SOLUSDC", 2, "none"), r("SOLUSDC", 1, "btc_full"), r("SOLUSDC", 1, "none")].sort(compareResults(config));
  assert.deepEqual(sorted.map((x: { crypto: string; fold: number; variant: string }) => `${x.crypto}/${x.fold}/${x.variant}`), ["SOLUSDC/1/none", "SOLUSDC/1/btc_full", "SOLUSDC/2/none", "ETHUSDC/1/none"]);
});

test("kline layouts: Binance header-less, Binance's own header, a plain header with ISO times", () => {
  const binance = sniffLayout("1704067200000,1,2,0.5,1.5,10,1704070799999,15,3,5,7,0\n");
  assert.ok("layout" in binance);
  assert.equal(binance.layout.header, false);
  assert.deepEqual(binance.layout.columns.map((c) => c.type), ["BIGINT", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "BIGINT", "DOUBLE", "BIGINT", "DOUBLE", "DOUBLE", "VARCHAR"]);
  const headed = sniffLayout("\uFEFFOpen Time;Open;High;Low;Close;Volume;Ticker\r\n2024-01-01T00:00:00Z;1;2;0.5;1.5;10;X\r\n");
  assert.ok("layout" in headed);
  assert.equal(headed.layout.delim, ";");
  assert.equal(headed.layout.newline, "\r\n");
  assert.deepEqual(headed.layout.columns.map((c) => [c.name, c.role, c.type]), [
    ["open_time", "time", "VARCHAR"], ["open", "open", "DOUBLE"], ["high", "high", "DOUBLE"], ["low", "low", "DOUBLE"], ["close", "close", "DOUBLE"], ["volume", "volume", "DOUBLE"], ["ticker", "ignore", "VARCHAR"],
  ]);
  const empty = sniffLayout("\n\n");
  assert.ok("problem" in empty && empty.problem.code === "empty_file");
});

test("symbol and interval from file and folder names", () => {
  assert.deepEqual(nameInfo("BTCUSDC-1h-2024-01.zip"), { symbol: "BTCUSDC", interval: "1h" });
  assert.deepEqual(nameInfo("spot/ethusdt_1m.csv.gz"), { symbol: "ETHUSDT", interval: "1m" });
  assert.deepEqual(nameInfo("SOLUSDC/1h/2024-01.csv"), { symbol: "SOLUSDC", interval: null });
  assert.deepEqual(nameInfo("klines/2024-01-01.csv"), { symbol: null, interval: null });
});

test("progress: drawn on a terminal only, one line rewritten in place", async () => {
  const { ttyProgress } = await import("../../loaders/ingest/progress.ts");
  const written: string[] = [];
  const fake = (isTTY: boolean) => ({ isTTY, columns: 80, write: (s: string) => written.push(s) }) as unknown as NodeJS.WriteStream;
  const quiet = ttyProgress(fake(false));
  assert.equal(quiet.progress, undefined);
  quiet.done();
  assert.deepEqual(written, []);
  const tty = ttyProgress(fake(true));
  tty.progress!({ phase: "read", files_done: 3, files_total: 10, rows: 120000, bytes: 5 << 20, detail: "BTCUSDC-1m-2024-01.csv" });
  tty.done();
  assert.match(written[0], /^\r\x1b\[2Kread\s+3\/10 files\s+120,000 rows\s+[\d,]+ rows\/s/);
  assert.equal(written.at(-1), "\r\x1b[2K");
});
