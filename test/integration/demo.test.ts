/**
 * The demo generator's contract, checked on the files it writes (not on its internals):
 * results.csv is derived from predictions.parquet (+ the kline closes for drawdowns), the kline
 * files obey OHLCV invariants and Binance's ms→µs switch, the injected defects are where
 * loaders/demo/defects.ts says, and the same seed gives the same bytes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { DEFAULT_VARIANTS } from "../../src/lib/sweep.ts";
import { run as runDemoCommand } from "../../loaders/commands/demo.ts";
import { DEFAULT_SPAN, type DemoSpan } from "../../loaders/demo/calendar.ts";
import { DEMO_DEFECTS, defectBarTimes } from "../../loaders/demo/defects.ts";
import { ensureDemo, STAMP_FILE } from "../../loaders/demo/ensure-demo.ts";
import { generateDemo } from "../../loaders/demo/generate.ts";
import { demoFileList } from "../../loaders/demo/layout.ts";
import { computeLabels, LABEL_HORIZON } from "../../loaders/demo/labels.ts";
import { SCENARIOS } from "../../loaders/demo/scenarios.ts";
import { ALL_SYMBOLS, TARGET_SYMBOLS } from "../../loaders/demo/symbols.ts";

const HOUR = 3_600_000;
/** Ten months: the AAVE gap, the ETH outlier, the µs switch and the UNI volume collapse. */
const SHORT: DemoSpan = { start: Date.UTC(2024, 4, 1), trainEnd: Date.UTC(2024, 6, 1), end: Date.UTC(2025, 2, 1) };
/** Seven weeks across the µs switch, for tests that only compare files and stamps. */
const TINY: DemoSpan = { start: Date.UTC(2024, 10, 15), trainEnd: Date.UTC(2024, 11, 16), end: Date.UTC(2025, 0, 5) };
const TOL = 1e-12;

const tmp = (label: string) => mkdtempSync(join(tmpdir(), `ftf-demo-${label}-`));
const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

interface Kline {
  openMs: number;
  rawOpen: number;
  rawClose: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  takerBase: number;
  fields: string[];
}

/** Read every kline file of `symbol` in time order (file names sort chronologically). */
function readKlines(dir: string, symbol: string): Kline[] {
  const files = readdirSync(join(dir, "ohlcv")).filter((f) => f.startsWith(`${symbol}-1h-`)).sort();
  const out: Kline[] = [];
  for (const f of files) {
    const micro = f >= `${symbol}-1h-2025-01.csv`;
    const text = readFileSync(join(dir, "ohlcv", f), "utf8");
    assert.ok(text.endsWith("\n"), `${f} ends with a newline`);
    for (const [n, line] of text.slice(0, -1).split("\n").entries()) {
      const fields = line.split(",");
      if (fields.length !== 12) assert.fail(`${f} line ${n + 1}: expected 12 columns, got ${fields.length}`);
      if (/[eE]/.test(line)) assert.fail(`${f} line ${n + 1}: exponent notation in "${line}"`);
      const rawOpen = Number(fields[0]);
      const rawClose = Number(fields[6]);
      out.push({
        openMs: micro ? rawOpen / 1000 : rawOpen,
        rawOpen,
        rawClose,
        o: Number(fields[1]),
        h: Number(fields[2]),
        l: Number(fields[3]),
        c: Number(fields[4]),
        v: Number(fields[5]),
        takerBase: Number(fields[9]),
        fields,
      });
    }
  }
  return out;
}

function gridCloses(rows: Kline[], span: DemoSpan): Float64Array {
  const n = (span.end - span.start) / HOUR;
  const closes = new Float64Array(n).fill(NaN);
  for (const r of rows) closes[(r.openMs - span.start) / HOUR] = r.c;
  return closes;
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(":memory:", { threads: "1" });
  const conn = await inst.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split("\n");
  const cols = header.split(",");
  return lines.map((l) => {
    const f = l.split(",");
    assert.equal(f.length, cols.length);
    return Object.fromEntries(cols.map((c, i) => [c, f[i]]));
  });
}

function allFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? allFiles(dir, join(prefix, e.name)) : [join(prefix, e.name)]))
    .sort();
}

/** Every check of the files of one generated demo folder. */
async function checkDemoFolder(dir: string, span: DemoSpan) {
  const missing = new Map<string, Set<number>>();
  for (const d of DEMO_DEFECTS) {
    if (d.kind !== "missing_bars") continue;
    const set = missing.get(d.symbol) ?? new Set<number>();
    for (const t of defectBarTimes(d)) if (t >= span.start && t < span.end) set.add(t);
    missing.set(d.symbol, set);
  }
  const closesBySymbol = new Map<string, Float64Array>();
  for (const { symbol } of ALL_SYMBOLS) {
    const rows = readKlines(dir, symbol);
    const gaps = missing.get(symbol) ?? new Set<number>();
    const expected = (span.end - span.start) / HOUR - gaps.size;
    assert.equal(rows.length, expected, `${symbol}: one row per hour except the injected gap`);
    let expectTime = span.start;
    for (const [i, r] of rows.entries()) {
      while (gaps.has(expectTime)) expectTime += HOUR;
      const where = () => `${symbol} row ${i} (${r.fields.join(",")})`;
      if (r.openMs !== expectTime) assert.fail(`${where()}: expected open time ${new Date(expectTime).toISOString()} (hourly grid, strictly increasing)`);
      expectTime += HOUR;
      const micro = r.openMs >= Date.UTC(2025, 0, 1);
      if (micro ? !(r.rawOpen > 1e15 && r.rawClose === r.rawOpen + HOUR * 1000 - 1) : !(r.rawOpen < 1e13 && r.rawClose === r.rawOpen + HOUR - 1)) {
        assert.fail(`${where()}: expected ${micro ? "microseconds from 2025" : "milliseconds before 2025"} and close_time = open_time + 1 h − 1 unit`);
      }
      if (!(r.h >= Math.max(r.o, r.c) && r.l <= Math.min(r.o, r.c))) assert.fail(`${where()}: high/low must bracket open/close`);
      if (!(r.l > 0 && r.v >= 0 && r.takerBase >= 0 && r.takerBase <= r.v)) assert.fail(`${where()}: expected prices > 0 and 0 <= taker <= volume`);
      if (i > 0 && rows[i - 1].openMs === r.openMs - HOUR && r.o !== rows[i - 1].c) assert.fail(`${where()}: open must equal the previous close`);
    }
    closesBySymbol.set(symbol, gridCloses(rows, span));
  }

  for (const scenario of SCENARIOS) {
    const sdir = join(dir, "sweeps", `demo-${scenario}`);
    const sweep = JSON.parse(readFileSync(join(sdir, "sweep.json"), "utf8"));
    const enrichmentSha = sha256(readFileSync(join(sdir, "enrichment_config.json")));
    assert.equal(sweep.sweep_id, `demo-${scenario}`);
    assert.equal(sweep.registry.enrichment_config_sha256, enrichmentSha, "registry tag = SHA-256 of enrichment_config.json");
    assert.deepEqual(sweep.variants, [...DEFAULT_VARIANTS]);
    assert.deepEqual(sweep.cryptos, TARGET_SYMBOLS);
    assert.equal(sweep.baseline_variant, "none");
    assert.deepEqual(sweep.leakage_pair, { leaky: "btc_full_purge0", reference: "btc_full" });
    assert.equal(sweep.interval, "1h");
    assert.equal(Date.parse(sweep.train_end), span.trainEnd);
    assert.match(sweep.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    const results = parseCsv(readFileSync(join(sdir, "results.csv"), "utf8"));
    assert.equal(results.length, 150, "5 cryptos × 5 folds × 6 variants");
    const order = TARGET_SYMBOLS.flatMap((c) => [1, 2, 3, 4, 5].flatMap((f) => DEFAULT_VARIANTS.map((v) => `${c}/${f}/${v}`)));
    assert.deepEqual(results.map((r) => `${r.crypto}/${r.fold}/${r.variant}`), order, "full grid in a stable order");

    const pq = join(sdir, "predictions.parquet").replace(/'/g, "''");
    const schema = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '${pq}')`);
    assert.deepEqual(
      schema.map((r) => `${r.column_name} ${r.column_type}`),
      ["crypto VARCHAR", "fold INTEGER", "variant VARCHAR", "ts TIMESTAMP", "y_true TINYINT", "y_pred TINYINT", "buy_proba DOUBLE"],
    );
    const agg = await query(`
      SELECT crypto, fold, variant, count(*)::INTEGER AS n, sum(y_pred)::INTEGER AS nb, sum(y_true)::INTEGER AS nt,
             sum(y_pred * y_true)::INTEGER AS tp, min(ts) AS first_ts, max(ts) AS last_ts,
             count(*) FILTER (WHERE (buy_proba > 0.5) <> (y_pred = 1))::INTEGER AS inconsistent
      FROM '${pq}' GROUP BY ALL`);
    const trades = await query(`SELECT crypto, fold, variant, epoch_ms(ts)::DOUBLE AS t, y_true FROM '${pq}' WHERE y_pred = 1 ORDER BY crypto, fold, variant, ts`);
    const labelRows = await query(`SELECT crypto, epoch_ms(ts)::DOUBLE AS t, any_value(y_true) AS y FROM '${pq}' GROUP BY ALL`);
    const aggBy = new Map(agg.map((a) => [`${a.crypto}/${a.fold}/${a.variant}`, a]));
    const tradesBy = new Map<string, number[]>();
    for (const t of trades) {
      const k = `${t.crypto}/${t.fold}/${t.variant}`;
      if (!tradesBy.has(k)) tradesBy.set(k, []);
      tradesBy.get(k)!.push(t.t as number);
    }

    // y_true follows from the printed closes.
    const labels = new Map(TARGET_SYMBOLS.map((s) => [s, computeLabels(closesBySymbol.get(s)!)]));
    for (const r of labelRows) {
      const i = ((r.t as number) - span.start) / HOUR;
      if (r.y !== labels.get(r.crypto as string)!.y[i]) assert.fail(`${r.crypto} ${new Date(r.t as number).toISOString()}: y_true ${r.y} disagrees with the closes`);
    }

    for (const r of results) {
      const key = `${r.crypto}/${r.fold}/${r.variant}`;
      const a = aggBy.get(key);
      assert.ok(a, `${scenario} ${key}: has predictions`);
      const { n, nb, nt, tp } = a as Record<string, number>;
      assert.equal(a.inconsistent, 0, `${key}: y_pred = buy_proba > 0.5`);
      assert.equal(Number(r.n_samples), n, `${key} n_samples`);
      assert.equal(Number(r.n_buy_trades), nb, `${key} n_buy_trades`);
      assert.equal(Number(r.n_true_buy), nt, `${key} n_true_buy`);
      assert.ok(Math.abs(Number(r.f1_buy) - (2 * tp) / (nb + nt)) <= TOL, `${key} f1_buy`);
      assert.ok(Math.abs(Number(r.precision_buy) - tp / nb) <= TOL, `${key} precision_buy`);
      assert.ok(Math.abs(Number(r.recall_buy) - tp / nt) <= TOL, `${key} recall_buy`);
      assert.ok(nb >= 50, `${scenario} ${key}: G1 needs >= 50 BUY trades (got ${nb})`);
      const fs = Date.parse(r.fold_start);
      const fe = Date.parse(r.fold_end);
      assert.ok((a.first_ts as Date).getTime() >= fs && (a.last_ts as Date).getTime() < fe, `${key}: predictions inside [fold_start, fold_end)`);
      assert.equal(r.enrichment_config_sha256, enrichmentSha);
      assert.deepEqual(r.feature_names.split(";"), sweep.registry.variants[r.variant].feature_names);
      assert.equal(Number(r.n_features), sweep.registry.variants[r.variant].feature_names.length);
      // Drawdown of the 1/h-sleeve equity over the BUY trades, from the kline closes.
      const closes = closesBySymbol.get(r.crypto)!;
      let equity = 1;
      let peak = 1;
      let mdd = 0;
      for (const t of tradesBy.get(key) ?? []) {
        const i = (t - span.start) / HOUR;
        equity *= 1 + (closes[i + LABEL_HORIZON] / closes[i] - 1) / LABEL_HORIZON;
        peak = Math.max(peak, equity);
        mdd = Math.max(mdd, 1 - equity / peak);
      }
      assert.ok(Math.abs(Number(r.max_drawdown) - mdd) <= 1e-12, `${key} max_drawdown ${r.max_drawdown} vs ${mdd}`);
    }
    const purge = Object.fromEntries(results.map((r) => [r.variant, Number(r.purge_bars)]));
    assert.deepEqual(purge, { none: 24, btc_min: 24, btc_full: 24, btc_full_purge0: 0, btc_full_purge10: 10, btc_vol_only: 24 });
  }
  return closesBySymbol;
}

/** The quality checks of DESIGN §4, applied to the injected defect bars. */
function assertDefectsDetectable(dir: string, span: DemoSpan) {
  for (const d of DEMO_DEFECTS) {
    const times = defectBarTimes(d).filter((t) => t >= span.start && t < span.end);
    if (!times.length || d.kind === "missing_bars") continue;
    const rows = readKlines(dir, d.symbol);
    const at = new Map(rows.map((r, i) => [r.openMs, i]));
    for (const t of times) {
      const i = at.get(t)!;
      const r = rows[i];
      const what = `${d.symbol} ${d.kind} at ${new Date(t).toISOString()}`;
      if (d.kind === "return_outlier") {
        const rets = rows.slice(i - 720, i + 1).map((x, k, a) => (k ? Math.log(x.c / a[k - 1].c) : NaN)).slice(1);
        const prev = rets.slice(0, -1);
        const mean = prev.reduce((s, x) => s + x, 0) / prev.length;
        const sd = Math.sqrt(prev.reduce((s, x) => s + (x - mean) ** 2, 0) / (prev.length - 1));
        assert.ok(Math.abs(rets[rets.length - 1]) > 6 * sd, `${what}: |r| > 6σ`);
      } else if (d.kind === "volume_collapse" || d.kind === "halt") {
        const prev = rows.slice(i - 24, i).map((x) => x.v).sort((a, b) => a - b);
        const med = (prev[11] + prev[12]) / 2;
        const firstOfRun = t === Date.parse(d.start);
        if (firstOfRun) assert.ok(r.v < 0.2 * med, `${what}: volume < 20% of the previous 24-bar median`);
        if (d.kind === "halt") assert.ok(r.v === 0 && r.fields[8] === "0" && r.o === r.h && r.h === r.l && r.l === r.c, `${what}: zero volume, flat bar`);
      } else if (d.kind === "long_wick") {
        const body = Math.abs(r.c - r.o);
        const wicks = r.h - Math.max(r.o, r.c) + (Math.min(r.o, r.c) - r.l);
        assert.ok(body > 0 && wicks > 5 * body, `${what}: wicks > 5 × body`);
      }
    }
  }
}

test("short span: files derive from each other, OHLCV invariants, detectable defects", async () => {
  const dir = tmp("short");
  try {
    const out = await generateDemo({ seed: 11, scenarios: SCENARIOS, outDir: dir, span: SHORT });
    assert.deepEqual(out.files, demoFileList(SHORT, SCENARIOS), "demoFileList predicts the files written");
    assert.deepEqual(allFiles(dir), [...out.files].sort());
    await checkDemoFolder(dir, SHORT);
    assertDefectsDetectable(dir, SHORT);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("same seed → identical bytes; different seeds → different files", async () => {
  const a = tmp("s1");
  const b = tmp("s2");
  try {
    await generateDemo({ seed: 1, scenarios: SCENARIOS, outDir: a, span: TINY });
    await generateDemo({ seed: 1, scenarios: SCENARIOS, outDir: b, span: TINY });
    const files = allFiles(a);
    assert.deepEqual(files, allFiles(b));
    for (const f of files) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f}: identical bytes`);
    await generateDemo({ seed: 2, scenarios: SCENARIOS, outDir: b, span: TINY });
    for (const f of ["ohlcv/ETHUSDC-1h-2025-01.csv", "sweeps/demo-clean/results.csv", "sweeps/demo-leaky/predictions.parquet"]) {
      assert.ok(!readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs between seeds`);
    }
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test("ensure-demo: generates once, then is a no-op; never overwrites foreign files", async () => {
  const dir = tmp("ensure");
  try {
    const first = await ensureDemo({ outDir: dir, seed: 3, span: TINY });
    assert.equal(first.action, "generated");
    const stamp = JSON.parse(readFileSync(join(dir, STAMP_FILE), "utf8"));
    assert.equal(Object.keys(stamp.files).length, demoFileList(TINY, SCENARIOS).length);
    assert.ok(!readdirSync(dir).some((f) => f.startsWith(".demo-staging")), "staging folder removed");
    const second = await ensureDemo({ outDir: dir, seed: 3, span: TINY });
    assert.equal(second.action, "up-to-date");
    // A different seed is stale; a user's own file at a demo path blocks the rewrite.
    const foreign = join(dir, "ohlcv", "ETHUSDC-1h-2024-12.csv");
    const userBytes = "1733011200000,1,1,1,1,1,1733014799999,1,1,1,1,0\n";
    writeFileSync(foreign, userBytes);
    const third = await ensureDemo({ outDir: dir, seed: 4, span: TINY });
    assert.equal(third.action, "refused");
    assert.equal(readFileSync(foreign, "utf8"), userBytes, "the user's file is untouched");
    // Regenerating the demo's own files (stale seed, unmodified) is allowed.
    rmSync(foreign);
    const fourth = await ensureDemo({ outDir: dir, seed: 4, span: TINY });
    assert.equal(fourth.action, "generated");
    assert.equal(JSON.parse(readFileSync(join(dir, STAMP_FILE), "utf8")).seed, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("default demo (seed 7): `ftf demo --scenario leaky --seed 7` gives the same bytes; full checks; scenario outcomes", async () => {
  const dir = tmp("default");
  const again = tmp("default-cli");
  try {
    await generateDemo({ seed: 7, scenarios: SCENARIOS, outDir: dir });
    assert.equal(await runDemoCommand(["--scenario", "leaky", "--seed", "7", "--out", again]), 0);
    const files = allFiles(again);
    assert.equal(files.length, 252 + 4);
    for (const f of files) assert.ok(readFileSync(join(dir, f)).equals(readFileSync(join(again, f))), `${f}: identical bytes`);
    await checkDemoFolder(dir, DEFAULT_SPAN);
    assertDefectsDetectable(dir, DEFAULT_SPAN);
    const f1 = (scenario: string) => {
      const rows = parseCsv(readFileSync(join(dir, "sweeps", `demo-${scenario}`, "results.csv"), "utf8"));
      const by = new Map(rows.map((r) => [`${r.crypto}/${r.fold}/${r.variant}`, Number(r.f1_buy)]));
      return (c: string, f: number, v: string) => by.get(`${c}/${f}/${v}`)!;
    };
    const folds = [1, 2, 3, 4, 5];
    const pairs = TARGET_SYMBOLS.flatMap((c) => folds.map((f) => [c, f] as const));
    const meanUplift = (get: ReturnType<typeof f1>, v: string, base: string) => pairs.reduce((s, [c, f]) => s + get(c, f, v) - get(c, f, base), 0) / pairs.length;
    const foldVariance = (get: ReturnType<typeof f1>, c: string, v: string) => {
      const xs = folds.map((f) => get(c, f, v));
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
    };
    const clean = f1("clean");
    assert.ok(meanUplift(clean, "btc_full", "none") >= 0.025, "clean: btc_full's mean uplift clears G2's +0.020 with room");
    assert.ok(Math.abs(meanUplift(clean, "btc_full_purge0", "btc_full")) < 0.01, "clean: purge0 ≈ btc_full");
    const leaky = f1("leaky");
    assert.ok(pairs.filter(([c, f]) => leaky(c, f, "btc_full_purge0") > leaky(c, f, "btc_full")).length >= 23, "leaky: purge0 beats btc_full nearly everywhere");
    const unstable = f1("unstable");
    assert.ok(TARGET_SYMBOLS.some((c) => foldVariance(unstable, c, "btc_vol_only") > 0.05), "unstable: btc_vol_only fails gate 3");
    for (const v of DEFAULT_VARIANTS.filter((x) => x !== "btc_vol_only")) {
      for (const c of TARGET_SYMBOLS) assert.ok(foldVariance(unstable, c, v) < 0.02, `unstable: ${v} on ${c} stays stable`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(again, { recursive: true, force: true });
  }
});
