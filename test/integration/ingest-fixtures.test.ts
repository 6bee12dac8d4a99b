/**
 * The broken-input corpus (test/fixtures/ingest, made by make-fixtures.py): each fixture must
 * produce its exact error — file, line, column, value and expectation — and nothing else, and an
 * ingest of a broken sweep must leave no output behind.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ValidationError } from "../../loaders/errors.ts";
import { ingestSweep, loadOhlcvDir, validateSweep } from "../../loaders/ingest/index.ts";

const F = "test/fixtures/ingest";
const tmp = mkdtempSync(join(tmpdir(), "ftf-fixtures-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Case {
  fixture: string;
  /** Every listed substring must appear in one error message; the error count must match. */
  errors: string[];
  ohlcv?: string;
}

const SWEEPS: Case[] = [
  { fixture: "missing-column", errors: ['results.csv, column "f1_buy": missing required column; expected the columns crypto, fold, variant, f1_buy, n_buy_trades'] },
  { fixture: "wrong-type", errors: ['results.csv, line 3, column "n_buy_trades": wrong type (got "many"); expected an integer'] },
  { fixture: "f1-out-of-range", errors: ['results.csv, line 4, column "f1_buy": value outside [0, 1] (got "1.2"); expected a number in [0, 1]'] },
  { fixture: "f1-nan", errors: ['results.csv, line 5, column "f1_buy": value is NaN (got "NaN")'] },
  { fixture: "negative-count", errors: ['results.csv, line 6, column "n_buy_trades": negative count (got "-5"); expected an integer >= 0'] },
  { fixture: "duplicate-cell", errors: ['results.csv, line 26, column "variant": duplicate (crypto, fold, variant) = (ETHUSDC, 1, btc_full), first seen at line 4'] },
  { fixture: "unknown-variant", errors: ['results.csv, line 4, column "variant": unknown variant (did you mean "btc_full"?) (got "btc_ful")', "incomplete grid: 1 cell missing (crypto/fold/variant): ETHUSDC/fold 1/btc_full;"] },
  { fixture: "incomplete-grid", errors: ["incomplete grid: 1 cell missing (crypto/fold/variant): SOLUSDC/fold 2/btc_min; expected 2 cryptos × 2 folds × 6 variants = 24 rows"] },
  { fixture: "baseline-absent", errors: ['results.csv, column "variant": the baseline variant "none" has no rows'] },
  { fixture: "leakage-variant-absent", errors: ['the leakage-pair variant (leaky) "btc_full_purge0" has no rows'] },
  { fixture: "leakage-variant-undeclared", errors: ['sweep.json, column "leakage_pair.leaky": the leakage-pair variant "btc_full_purge0" is not among the sweep\'s variants'] },
  { fixture: "predictions-mismatch", errors: ['predictions.csv, column "f1_buy": cell (ETHUSDC, fold 1, none): f1_buy recomputed from 4 predictions (tp 0, fp 1, fn 2) is 0.000000 but results.csv line 2 says 0.5'] },
  { fixture: "predictions-bad-y", errors: ['predictions.csv, line 3, column "y_pred": y_pred is not 0 or 1 (got "2")'] },
  { fixture: "predictions-unknown-cell", errors: ['predictions for cell (ETHUSDC, fold 1, btc_fulll) that results.csv does not have (did you mean "btc_full"?)'] },
  { fixture: "invalid-sweep-id", errors: ['sweep.json, column "sweep_id": invalid sweep_id (got "demo clean!"); expected a string matching [A-Za-z0-9._-]{1,100}'] },
  { fixture: "sweep-json-invalid", errors: ["sweep.json, line 4: invalid JSON"] },
  { fixture: "bad-interval", errors: ['sweep.json, column "interval": invalid interval (got "1hour")'] },
  { fixture: "bad-threshold", errors: ['sweep.json, column "thresholds.min_uplfit": unknown threshold "min_uplfit"'] },
  { fixture: "results-jsonl-bad-json", errors: ["results.jsonl, line 6: invalid JSON", "incomplete grid: 1 cell missing (crypto/fold/variant): ETHUSDC/fold 1/btc_vol_only;"] },
  { fixture: "truncated-results", errors: ["results.csv, line 25: row has too few fields", "incomplete grid: 1 cell missing (crypto/fold/variant): SOLUSDC/fold 2/btc_vol_only;"] },
  { fixture: "empty-results", errors: ["results.csv: empty file"] },
  { fixture: "no-results", errors: ["no results file; expected results.csv or results.parquet or results.jsonl"] },
  { fixture: "two-results-files", errors: ["several results files: results.csv, results.jsonl"] },
  { fixture: "fold-window-reversed", errors: ['results.csv, line 2, column "fold_end": the fold\'s test window is empty or reversed (got "2024-12-30T00:00:00Z")'] },
  { fixture: "unknown-crypto", errors: ['results.csv, line 8, column "crypto": crypto not listed in sweep.json "cryptos" (did you mean "ETHUSDC"?) (got "ETHUSD")', "incomplete grid: 1 cell missing (crypto/fold/variant): ETHUSDC/fold 2/none;"] },
  { fixture: "missing-ohlcv-symbol", ohlcv: "no-sol", errors: ["no OHLCV bars for SOLUSDC"] },
];

const OHLCV: Case[] = [
  { fixture: "high-below-low", errors: ['BTCUSDC-1h-2024-12.csv, line 3, column "high": high < low (got "high=41990.00000000, low=42010.00000000")', "line 3, column \"high\": high < max(open, close)", "line 3, column \"low\": low > min(open, close)"] },
  { fixture: "high-below-open-close", errors: ['BTCUSDC-1h-2024-12.csv, line 4, column "high": high < max(open, close) (got "high=42010.00000000, open=42003.00000000, close=42045.00000000")'] },
  { fixture: "negative-volume", errors: ['BTCUSDC-1h-2024-12.csv, line 2, column "volume": negative volume (got "-3.00000000")'] },
  { fixture: "zero-price", errors: ['BTCUSDC-1h-2024-12.csv, line 3, column "low": price is zero or negative (got "0.00000000")'] },
  { fixture: "non-monotonic", errors: ['BTCUSDC-1h-2024-12.csv, line 4, column "open_time": bars out of time order: this bar opens 1h before the previous one (got "2024-12-30T02:00:00Z")'] },
  { fixture: "duplicate-ts", errors: ['BTCUSDC-1h-2024-12.csv, line 4, column "open_time": duplicated timestamp (same open time as the previous bar) (got "2024-12-30T02:00:00Z")'] },
  { fixture: "duplicate-across-files", errors: ["BTCUSDC-1h-2024-12-b.csv, line 1: duplicated timestamp: BTCUSDC bar 2024-12-30T04:00:00Z is also in BTCUSDC-1h-2024-12.csv line 5", "BTCUSDC-1h-2024-12-b.csv, line 2: duplicated timestamp"] },
  { fixture: "mixed-interval", errors: ['BTCUSDC-1h-2024-12.csv, line 4, column "open_time": mixed intervals: this bar opens 30m after the previous one, not a multiple of 1h', "line 5, column \"open_time\": mixed intervals"] },
  { fixture: "off-grid", errors: ['BTCUSDC-1h-2024-12.csv, line 1, column "open_time": bar open not on the 1h grid (got "2024-12-30T00:30:00Z")', "line 2,", "line 3,", "line 4,", "line 5,", "line 6,"] },
  { fixture: "unparseable-number", errors: ['BTCUSDC-1h-2024-12.csv, line 5, column "close": unparseable number (got "42.0.1"); expected a number'] },
  { fixture: "unparseable-timestamp", errors: ['BTCUSDC_1h.csv, line 4, column "timestamp": missing or unparseable open time (got "30/12/2024 02:00")'] },
  { fixture: "empty-file", errors: ["BTCUSDC-1h-2024-12.csv: empty file"] },
  { fixture: "header-only", errors: ["BTCUSDC_1h.csv: no data rows"] },
  { fixture: "truncated-file", errors: ["BTCUSDC-1h-2024-12.csv, line 6: file is truncated: the last line is cut off after 8 of 12 columns"] },
  { fixture: "truncated-gzip", errors: ["BTCUSDC-1h-2024-12.csv.gz, line 265: file is truncated", "BTCUSDC-1h-2024-12.csv.gz: gzip stream is truncated or corrupt"] },
  { fixture: "truncated-zip", errors: ["BTCUSDC-1h-2024-12.zip: not a zip archive or truncated"] },
  { fixture: "zip-no-csv", errors: ['BTCUSDC-1h-2024-12.zip: archive holds no CSV file (got "README.txt")'] },
  { fixture: "zip-path-escape", errors: ['BTCUSDC-1h-2024-12.zip: archive member path escapes the archive\'s folder (got "../BTCUSDC-1h-2024-12.csv")'] },
  { fixture: "header-missing-column", errors: ['BTCUSDC_1h.csv, line 1, column "volume": missing required column volume'] },
  { fixture: "wrong-columns", errors: ["BTCUSDC-1h-2024-12.csv, line 1: a header-less file must be Binance klines, but the first row has 4 columns"] },
  { fixture: "no-symbol", errors: ["klines-1h.csv: cannot tell which symbol this file holds"] },
];

function assertErrors(messages: string[], expected: string[], name: string): void {
  for (const e of expected) assert.ok(messages.some((m) => m.includes(e)), `${name}: no error contains\n  ${e}\ngot:\n  ${messages.join("\n  ")}`);
  assert.equal(messages.length, expected.length, `${name}: expected ${expected.length} error(s), got:\n  ${messages.join("\n  ")}`);
}

test("the corpus holds at least 30 broken inputs", () => {
  assert.ok(SWEEPS.length + OHLCV.length >= 30);
});

for (const c of SWEEPS) {
  test(`sweep fixture ${c.fixture}: ${c.errors[0].slice(0, 60)}…`, async () => {
    const dir = join(F, "sweeps", c.fixture);
    const ohlcvDir = c.ohlcv ? join(F, "ohlcv", c.ohlcv) : undefined;
    const report = await validateSweep(dir, { ohlcvDir });
    assertErrors(report.errors.map((e) => e.message), c.errors, c.fixture);
    const out = join(tmp, c.fixture);
    await assert.rejects(ingestSweep(dir, { ohlcvDir, outDir: out }), (e: unknown) => e instanceof ValidationError && e.problems.length === c.errors.length);
    assert.equal(existsSync(out), false, "no partial output");
  });
}

for (const c of OHLCV) {
  test(`OHLCV fixture ${c.fixture}: ${c.errors[0].slice(0, 60)}…`, async () => {
    const set = await loadOhlcvDir(join(F, "ohlcv", c.fixture), { interval: "1h" });
    try {
      assertErrors(set.errors.map((e) => e.message), c.errors, c.fixture);
      for (const e of set.errors) assert.ok(e.location.file, "every error names its file");
    } finally {
      set.close();
    }
  });
}

test("errors carry structured locations (file, line, column, value, expected)", async () => {
  const report = await validateSweep(join(F, "sweeps", "wrong-type"));
  const [e] = report.errors;
  assert.equal(e.code, "wrong_type");
  assert.deepEqual(e.location, { file: "results.csv", row: 3, unit: "line", column: "n_buy_trades", value: "many" });
  assert.equal(e.expected, "an integer");
});

test("the good sweep and OHLCV are valid", async () => {
  const report = await validateSweep(join(F, "sweeps", "good"), { ohlcvDir: join(F, "ohlcv", "good") });
  assert.deepEqual(report.errors.map((e) => e.message), []);
  assert.deepEqual(report.warnings, []);
});

test("outages, zero-volume bars and an unfinished last candle are warnings with counts, not errors", async () => {
  const set = await loadOhlcvDir(join(F, "ohlcv", "warnings"), { interval: "1h" });
  try {
    assert.deepEqual(set.errors, []);
    const byCode = Object.fromEntries(set.warnings.map((w) => [w.code, w]));
    assert.equal(byCode.missing_bars.count, 3);
    assert.match(byCode.missing_bars.message, /3 missing bars in 1 outage \(longest: 3 bars from 2024-12-30T10:00:00Z\)/);
    assert.equal(byCode.zero_volume.count, 1);
    assert.match(byCode.unfinished_candle.message, /last candle \(2024-12-31T05:00:00Z\) is unfinished/);
    assert.deepEqual(set.symbols.map((s) => [s.symbol, s.rows, s.missing_bars, s.zero_volume_bars]), [["BTCUSDC", 27, 3, 1]]);
  } finally {
    set.close();
  }
});
