/**
 * `readOhlcvDir`: every kline file of a folder → one normalised, checked table `ohlcv` in a
 * DuckDB session (symbol, ts as UTC bar open, open, high, low, close, volume, and the Binance
 * extras when present), with the files' hashes and row counts, errors (bad input) and warnings
 * (outages, zero-volume bars, an unfinished last candle).
 *
 * Files are read in (symbol, first timestamp) order and batched per layout so DuckDB reads many
 * files in one parallel scan; when the checks prove that insertion order is already (symbol, ts)
 * order, the output needs no sort.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { intervalMs } from "../../src/lib/sweep.ts";
import { InputError, ValidationError } from "../errors.ts";
import { Duck, ingestMemoryLimit } from "./duck.ts";
import { quoteIdent, quoteList, quoteLiteral } from "../../src/lib/sql/quote.ts";
import { LineLocator } from "./lines.ts";
import { checkOhlcvTable } from "./ohlcv-checks.ts";
import { discoverOhlcvFiles, prepareSources, type CsvSource, type OhlcvInputFile } from "./ohlcv-files.ts";
import { columnsSpec, EXTRA_ROLES, type ExtraRole } from "./ohlcv-layout.ts";
import { RAW_TABLE_DDL, RawParts, layoutExtras, normalisedSelectList, rawTagSql, rawViewSql } from "./ohlcv-sql.ts";
import type { InputFileInfo, OhlcvSymbolSummary, ProgressFn, Warning } from "./types.ts";

export interface ReadOhlcvOptions {
  /** Only these symbols (e.g. the sweep's cryptos and its BTC symbol); each must be found. */
  symbols?: readonly string[];
  /** Expected bar interval ("1h"); inferred per symbol from the data when absent. */
  interval?: string;
  /** Load into this session (the caller closes it); otherwise one is opened and owned. */
  duck?: Duck;
  /** Parent of the temporary folder (extracted archive members, DuckDB spill). */
  tempDir?: string;
  progress?: ProgressFn;
}

/** One normalised bar, for callers that want rows in JS (tests, small extracts). */
export interface OhlcvBar {
  symbol: string;
  /** Bar open, epoch ms UTC. */
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  close_time?: number | null;
  quote_volume?: number | null;
  n_trades?: number | null;
  taker_buy_base_volume?: number | null;
  taker_buy_quote_volume?: number | null;
}

export interface OhlcvSet {
  duck: Duck;
  files: InputFileInfo[];
  symbols: OhlcvSymbolSummary[];
  /** The common interval of all symbols, or null when there is no data. */
  interval: string | null;
  extras: ExtraRole[];
  errors: InputError[];
  warnings: Warning[];
  /** SELECT of the normalised rows in (symbol, ts) order; also available as view `ohlcv`. */
  selectSql: string;
  bars(symbol?: string): Promise<OhlcvBar[]>;
  /** Bars present in each half-open window [start, end) (epoch ms) of a symbol. */
  countBars(windows: readonly { symbol: string; start: number; end: number }[]): Promise<number[]>;
  /** Write `ohlcv.parquet` (ZSTD, deterministic); resolves to the row count. */
  writeParquet(path: string): Promise<number>;
  close(): void;
}

/** Read, normalise and check a folder of kline files; throws ValidationError listing every problem. */
export async function readOhlcvDir(dir: string, opts: ReadOhlcvOptions = {}): Promise<OhlcvSet> {
  const set = await loadOhlcvDir(dir, opts);
  if (set.errors.length) {
    const errors = set.errors;
    set.close();
    throw new ValidationError(errors);
  }
  return set;
}

/** Like readOhlcvDir but returns the errors instead of throwing (for `ftf validate`). */
export async function loadOhlcvDir(dir: string, opts: ReadOhlcvOptions = {}): Promise<OhlcvSet> {
  const work = mkdtempSync(join(opts.tempDir ?? tmpdir(), "ftf-ohlcv-"));
  const ownDuck = !opts.duck;
  let duck: Duck | null = opts.duck ?? null;
  // DuckDB starts (≈ 60 ms) while the files are found and sniffed.
  const opening = opts.duck ? Promise.resolve(opts.duck) : Duck.open({ tempDir: join(work, "spill"), memoryLimit: ingestMemoryLimit() }).then((d) => (duck = d));
  const cleanup = () => {
    if (ownDuck) duck?.close();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    return await load(dir, opts, opening, work, cleanup);
  } catch (e) {
    await opening.catch(() => {});
    cleanup();
    throw e;
  }
}

async function load(dir: string, opts: ReadOhlcvOptions, opening: Promise<Duck>, work: string, cleanup: () => void): Promise<OhlcvSet> {
  const errors: InputError[] = [];
  const warnings: Warning[] = [];
  if (opts.interval) intervalMs(opts.interval);
  let discovered;
  try {
    discovered = await discoverOhlcvFiles(dir, opts);
  } catch (e) {
    throw new ValidationError([new InputError("missing_folder", `cannot read the OHLCV folder: ${(e as Error).message}`, { file: dir }, "a folder of kline files")]);
  }
  for (const s of discovered.skippedOtherInterval) {
    warnings.push({ code: "skipped_files", message: `${s.count} file${s.count === 1 ? "" : "s"} skipped: the name says interval ${s.interval}, the sweep uses ${opts.interval}`, count: s.count });
  }
  const lap = profiler();
  const prepared = await prepareSources(discovered.files, work);
  lap("discover + sniff");
  errors.push(...prepared.errors);
  const wanted = opts.symbols ? new Set(opts.symbols.map((s) => s.toUpperCase())) : null;
  // Files whose symbol (known only after sniffing) is not wanted are dropped, and so is a file
  // left without any source; files that failed to open stay, their errors reported.
  const sources = prepared.sources.filter((s) => !wanted || s.hasSymbolColumn || wanted.has(s.symbol!));
  const inputFiles = discovered.files.filter((f) => sources.some((s) => s.file.id === f.id) || !prepared.sources.some((s) => s.file.id === f.id));

  // Symbol ids: file-name symbols first (sorted), symbols found in `symbol` columns appended.
  const symbolNames = [...new Set(sources.map((s) => s.symbol).filter((s): s is string => !!s))].sort();
  const symId = (name: string) => {
    let i = symbolNames.indexOf(name);
    if (i < 0) i = symbolNames.push(name) - 1;
    return i + 1;
  };
  const duck = await opening;
  await duck.run(RAW_TABLE_DDL);
  const parts = new RawParts();
  const part = (src: CsvSource) => parts.id(src.id, symId(src.symbol!));

  const rejectedLines = new Map<number, Set<number>>();
  const progress = { files: 0, rows: 0, bytes: 0 };
  const emit = (detail?: string) =>
    opts.progress?.({ phase: "read", files_done: progress.files, files_total: sources.length, rows: progress.rows, bytes: progress.bytes, detail });

  // Code-point order (as DuckDB sorts VARCHAR), never the locale's: the output must not depend on it.
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const ordered = [...sources].sort((a, b) => cmp(a.symbol ?? "\uffff", b.symbol ?? "\uffff") || (a.firstTs ?? Infinity) - (b.firstTs ?? Infinity) || cmp(a.label, b.label));
  for (const batch of batches(ordered.filter((s) => !s.hasSymbolColumn))) {
    if (!(await insertInLanes(duck, batch, part, errors, rejectedLines))) await insertBatch(duck, batch, part, errors, rejectedLines);
    progress.files += batch.length;
    progress.bytes += batch.reduce((n, s) => n + s.bytes, 0);
    progress.rows = await duck.value<number>("SELECT count(*) FROM ohlcv_rows");
    emit(batch[batch.length - 1].label);
  }
  const withSymbolColumn = ordered.filter((s) => s.hasSymbolColumn);
  // Only these rows are stored out of file order, so only they need their row in the file.
  if (withSymbolColumn.length) await duck.run("ALTER TABLE ohlcv_rows ADD COLUMN rn INTEGER");
  for (const src of withSymbolColumn) {
    await insertWithSymbolColumn(duck, src, wanted, (sym) => parts.id(src.id, symId(sym)), errors, rejectedLines);
    progress.files += 1;
    progress.bytes += src.bytes;
    emit(src.label);
  }

  const locators = new Map<number, LineLocator>();
  const locate = (src: CsvSource) => {
    let l = locators.get(src.id);
    if (!l) locators.set(src.id, (l = new LineLocator(src.path, src.gz, src.firstDataLine, rejectedLines.get(src.id) ?? new Set())));
    return l;
  };
  opts.progress?.({ phase: "check", files_done: progress.files, files_total: sources.length, rows: progress.rows, bytes: progress.bytes });
  await duck.run(rawViewSql(parts, withSymbolColumn.length > 0));
  lap("read (DuckDB)");
  const checked = await checkOhlcvTable(duck, { sources, symbolNames, parts: parts.parts, interval: opts.interval ?? null, locate });
  lap("checks");
  errors.push(...checked.errors);
  warnings.push(...checked.warnings);

  for (const s of opts.symbols ?? []) {
    if (!checked.summaries.some((x) => x.symbol === s.toUpperCase())) {
      errors.push(new InputError("missing_symbol", `no OHLCV bars for ${s.toUpperCase()}`, { file: dir }, `files named ${s.toUpperCase()}-${opts.interval ?? "<interval>"}-YYYY-MM.csv|.zip (or rows with symbol = ${s.toUpperCase()})`));
    }
  }
  if (!sources.length && !opts.symbols?.length && !errors.length) {
    errors.push(new InputError("no_files", "no kline files found (.csv, .csv.gz or .zip)", { file: dir }, "Binance kline files or CSVs with a time column"));
  }

  errors.push(...(await prepared.finished));
  lap("wait for hashes");
  const files = inputFileInfos(inputFiles, sources, prepared.members, checked.rowsPerSource);
  const extras = EXTRA_ROLES.filter((r) => sources.some((s) => layoutExtras(s.layout).includes(r)));
  const nameList = quoteList(symbolNames);
  const cols = ["open", "high", "low", "close", "volume", ...extras];
  const selectSql = `SELECT ${nameList}[sym] AS symbol, ts, ${cols.join(", ")} FROM ohlcv_raw${checked.insertionOrderIsSorted ? "" : " ORDER BY symbol, ts"}`;
  await duck.run(`CREATE OR REPLACE VIEW ohlcv AS ${selectSql}`);
  const intervals = [...new Set(checked.summaries.map((s) => s.interval))];

  return {
    duck,
    files,
    symbols: checked.summaries,
    interval: intervals.length === 1 ? intervals[0] : null,
    extras,
    errors,
    warnings,
    selectSql,
    async bars(symbol?: string) {
      const where = symbol ? ` WHERE symbol = ${quoteLiteral(symbol.toUpperCase())}` : "";
      const extraCols = extras.map((c) => (c === "close_time" ? ", epoch_ms(close_time)::DOUBLE AS close_time" : `, ${c}`)).join("");
      return duck.rows<OhlcvBar>(`SELECT symbol, epoch_ms(ts)::DOUBLE AS ts, open, high, low, close, volume${extraCols} FROM ohlcv${where} ORDER BY symbol, ts`);
    },
    async countBars(windows) {
      if (!windows.length) return [];
      const ts = (ms: number) => `make_timestamp(${Math.round(ms * 1000)})`;
      const values = windows.map((w, i) => `(${i}, ${symbolNames.indexOf(w.symbol.toUpperCase()) + 1}, ${ts(w.start)}, ${ts(w.end)})`).join(", ");
      const rows = await duck.rows<{ i: number; n: number }>(`WITH w(i, sym, s, e) AS (VALUES ${values})
        SELECT w.i, count(r.ts) AS n FROM w LEFT JOIN ohlcv_raw r ON r.sym = w.sym AND r.ts >= w.s AND r.ts < w.e GROUP BY w.i ORDER BY w.i`);
      return rows.map((r) => r.n);
    },
    async writeParquet(path: string) {
      // One thread: the file's bytes must not depend on how work was split between cores.
      await duck.withThreads(1, () => duck.run(`COPY (${selectSql}) TO ${quoteLiteral(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`));
      return duck.value<number>("SELECT count(*) FROM ohlcv_rows");
    },
    close: cleanup,
  };
}

/** FTF_INGEST_PROFILE=1 prints phase timings on stderr (for bench/ingest). */
function profiler(): (phase: string) => void {
  if (!process.env.FTF_INGEST_PROFILE) return () => {};
  let t = performance.now();
  let cpu = process.cpuUsage();
  return (phase) => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    console.error(`[ingest] ${phase}: ${((now - t) / 1000).toFixed(3)} s wall, ${((used.user + used.system) / 1e6).toFixed(3)} s CPU (all threads)`);
    t = now;
    cpu = process.cpuUsage();
  };
}

/**
 * Consecutive sources with the same layout, up to 4 GiB of text per DuckDB scan: one scan keeps
 * every core busy to its end (each scan's last file is parsed by one thread while the others
 * idle), and 4 years of minute bars of six symbols (1.7 GB) are one scan.
 */
function* batches(sources: CsvSource[]): Generator<CsvSource[]> {
  let cur: CsvSource[] = [];
  let key = "";
  let bytes = 0;
  for (const s of sources) {
    const k = JSON.stringify([s.layout, s.gz]);
    if (cur.length && (k !== key || bytes + s.bytes > 4 * 2 ** 30)) {
      yield cur;
      cur = [];
      bytes = 0;
    }
    cur.push(s);
    key = k;
    bytes += s.bytes;
  }
  if (cur.length) yield cur;
}

let scanCounter = 0;

function readCsvSql(batch: CsvSource[], rejects: { table: string; scan: string }): string {
  const { layout } = batch[0];
  return `read_csv(${quoteList(batch.map((s) => s.path))}, header = ${layout.header}, delim = ${quoteLiteral(layout.delim)}, new_line = ${quoteLiteral(layout.newline === "\r\n" ? "\\r\\n" : "\\n")}, quote = '"', escape = '"',
    columns = ${columnsSpec(layout)}, auto_detect = false, compression = 'auto',
    store_rejects = true, rejects_table = ${quoteLiteral(rejects.table)}, rejects_scan = ${quoteLiteral(rejects.scan)}, rejects_limit = 100)`;
}

function newRejects(): { table: string; scan: string } {
  const n = scanCounter++;
  return { table: `ohlcv_rejects_${n}`, scan: `ohlcv_reject_scans_${n}` };
}

function insertSql(batch: CsvSource[], part: (s: CsvSource) => number, rejects: { table: string; scan: string }): string {
  const partIds = `[${batch.map(part).join(", ")}]`;
  return `INSERT INTO ohlcv_rows BY NAME
SELECT ${rawTagSql("part", "tu")} AS tag, * EXCLUDE (part, tu) FROM (SELECT ${partIds}[file_index::BIGINT + 1] AS part,
  ${normalisedSelectList(batch[0].layout)}
FROM ${readCsvSql(batch, rejects)})`;
}

/** Below this much CSV a batch is read the ordinary way: lanes would save little. */
const LANE_MIN_BYTES = 16 * 2 ** 20;

/**
 * A batch read by one connection per DuckDB thread at once, each a single-threaded INSERT of a
 * contiguous share of the files in its own transaction, the transactions committed in file order.
 * Why: DuckDB's multi-threaded INSERT that keeps insertion order copies every file's rows once
 * more when it merges its threads' pieces (about 3 of the 11 CPU-s of 12.6 M minute bars); one
 * thread appends in order with no merge, and committing the lanes in order keeps rowid order =
 * file order, which the checks (line numbers, consecutive bars) and the unsorted output rely on.
 * Returns false, having inserted nothing, when there is one thread, a small batch or a lane fails:
 * the caller then reads the batch the ordinary way (which also tells which file is unreadable).
 */
async function insertInLanes(duck: Duck, batch: CsvSource[], part: (s: CsvSource) => number, errors: InputError[], rejectedLines: Map<number, Set<number>>): Promise<boolean> {
  const total = batch.reduce((n, s) => n + s.bytes, 0);
  const threads = await duck.value<number>("SELECT current_setting('threads')");
  if (threads < 2 || batch.length < 2 || total < LANE_MIN_BYTES) return false;
  const shares: CsvSource[][] = [];
  let done = 0;
  for (const s of batch) {
    const k = Math.min(threads - 1, Math.floor((done / total) * threads));
    (shares[k] ??= []).push(s);
    done += s.bytes;
  }
  const lanes = shares.filter((p) => p?.length);
  const conns: Duck[] = [];
  return duck.withThreads(1, async () => {
    try {
      for (const _ of lanes) conns.push(await duck.connect());
      const rejects = lanes.map(() => newRejects());
      for (const c of conns) await c.run("BEGIN TRANSACTION");
      const ran = await Promise.allSettled(lanes.map((lane, i) => conns[i].run(insertSql(lane, part, rejects[i]))));
      if (ran.some((r) => r.status === "rejected")) {
        for (const c of conns) await c.run("ROLLBACK");
        return false;
      }
      // Rejects live in each lane's own TEMP tables.
      for (const [i, c] of conns.entries()) await collectRejects(c, lanes[i], rejects[i], errors, rejectedLines);
      for (const c of conns) await c.run("COMMIT");
      return true;
    } finally {
      for (const c of conns) c.close();
    }
  });
}

async function insertBatch(duck: Duck, batch: CsvSource[], part: (s: CsvSource) => number, errors: InputError[], rejectedLines: Map<number, Set<number>>): Promise<void> {
  const rejects = newRejects();
  try {
    await duck.run(insertSql(batch, part, rejects));
  } catch (e) {
    if (batch.length > 1) {
      // One unreadable file must not hide which one it is: retry them one by one.
      for (const s of batch) await insertBatch(duck, [s], part, errors, rejectedLines);
      return;
    }
    const msg = (e as Error).message.split("\n")[0];
    batch[0].unreadable = true;
    const truncated = /gzip|inflate|zlib|unexpected end|truncat/i.test(msg);
    errors.push(new InputError(truncated ? "truncated_file" : "unreadable", `cannot read the file: ${msg}`, { file: batch[0].label }, truncated ? "a complete file" : "a kline CSV"));
    return;
  }
  await collectRejects(duck, batch, rejects, errors, rejectedLines);
}

async function insertWithSymbolColumn(duck: Duck, src: CsvSource, wanted: Set<string> | null, part: (symbol: string) => number, errors: InputError[], rejectedLines: Map<number, Set<number>>): Promise<void> {
  const rejects = newRejects();
  const symCol = src.layout.columns.find((c) => c.role === "symbol")!;
  const tmp = `ohlcv_src_${src.id}`;
  try {
    await duck.run(`CREATE OR REPLACE TEMP TABLE ${tmp} AS SELECT upper(trim(${quoteIdent(symCol.name)})) AS symname, ${normalisedSelectList(src.layout)} FROM ${readCsvSql([src], rejects)}`);
  } catch (e) {
    src.unreadable = true;
    errors.push(new InputError("unreadable", `cannot read the file: ${(e as Error).message.split("\n")[0]}`, { file: src.label }, "a kline CSV"));
    return;
  }
  await collectRejects(duck, [src], rejects, errors, rejectedLines);
  const blanks = await duck.rows<{ rid: number }>(`SELECT rowid AS rid FROM ${tmp} WHERE symname IS NULL OR symname = '' ORDER BY rowid LIMIT 20`);
  if (blanks.length) {
    const loc = new LineLocator(src.path, src.gz, src.firstDataLine, rejectedLines.get(src.id) ?? new Set());
    for (const b of blanks) errors.push(new InputError("missing_value", "missing symbol", { file: src.label, row: loc.locate(b.rid).line, unit: "line", column: symCol.name, value: "" }, "a symbol such as BTCUSDC"));
  }
  const names = (await duck.rows<{ s: string }>(`SELECT DISTINCT symname AS s FROM ${tmp} WHERE symname <> '' ORDER BY 1`)).map((r) => r.s).filter((s) => !wanted || wanted.has(s));
  if (names.length) {
    const ids = `MAP {${names.map((s) => `${quoteLiteral(s)}: ${part(s)}`).join(", ")}}`;
    await duck.run(`INSERT INTO ohlcv_rows BY NAME SELECT ${rawTagSql(`${ids}[symname]`, "tu")} AS tag, rowid AS rn, * EXCLUDE (symname, tu) FROM ${tmp}
      WHERE symname IN (${names.map(quoteLiteral).join(", ")}) ORDER BY symname, rowid`);
  }
  await duck.run(`DROP TABLE ${tmp}`);
}

const REJECT_TEXT: Record<string, { code: string; message: string; expected: string }> = {
  "MISSING COLUMNS": { code: "truncated_row", message: "truncated row", expected: "every column of the header (12 for Binance klines)" },
  "TOO MANY COLUMNS": { code: "wrong_columns", message: "too many columns", expected: "as many columns as the header (12 for Binance klines)" },
  "UNQUOTED VALUE": { code: "malformed_row", message: "malformed row (stray quote)", expected: "plain CSV fields" },
  "INVALID ENCODING": { code: "malformed_row", message: "invalid text encoding", expected: "UTF-8 text" },
  "INVALID UNICODE": { code: "malformed_row", message: "invalid text encoding", expected: "UTF-8 text" },
  "LINE SIZE OVER MAXIMUM": { code: "malformed_row", message: "line too long", expected: "one bar per line" },
};

async function collectRejects(duck: Duck, batch: CsvSource[], rejects: { table: string; scan: string }, errors: InputError[], rejectedLines: Map<number, Set<number>>): Promise<void> {
  type Reject = { path: string; line: number; column_name: string | null; column_idx: number | null; error_type: string; csv_line: string | null; error_message: string };
  let rows: Reject[] = [];
  try {
    rows = await duck.rows<Reject>(`SELECT s.file_path AS path, e.line, e.column_name, e.column_idx, e.error_type::VARCHAR AS error_type, e.csv_line, e.error_message
      FROM ${rejects.table} e JOIN ${rejects.scan} s USING (scan_id, file_id) ORDER BY s.file_path, e.line, e.column_idx`);
  } catch {
    return; // no rejects table: DuckDB creates it only when a scan had rejects
  } finally {
    await duck.run(`DROP TABLE IF EXISTS ${rejects.table}; DROP TABLE IF EXISTS ${rejects.scan};`);
  }
  const byPath = new Map(batch.map((s) => [s.path, s]));
  const seen = new Set<string>();
  for (const r of rows) {
    const src = byPath.get(r.path);
    if (!src) continue;
    const lines = rejectedLines.get(src.id) ?? new Set<number>();
    rejectedLines.set(src.id, lines);
    lines.add(r.line);
    const key = `${src.id}:${r.line}`;
    if (seen.has(key)) continue; // a short row yields one reject per missing column
    seen.add(key);
    const col = r.column_idx ? src.layout.columns[r.column_idx - 1] : undefined;
    const colName = col?.name ?? r.column_name ?? undefined;
    const text = (r.csv_line ?? "").replace(/^\r?\n/, "");
    if (r.error_type === "CAST") {
      const isTime = col?.role === "time" || col?.role === "close_time";
      const value = r.column_idx ? LineLocator.field(text, src.layout.delim, r.column_idx - 1) : undefined;
      errors.push(new InputError(isTime ? "unparseable_timestamp" : "unparseable_number", isTime ? "unparseable timestamp" : "unparseable number", { file: src.label, row: r.line, unit: "line", column: colName, value }, isTime ? "an epoch time in s, ms or µs, or ISO-8601 text" : "a number"));
      continue;
    }
    const t = REJECT_TEXT[r.error_type] ?? { code: "malformed_row", message: r.error_message, expected: "a kline row" };
    let { code, message } = t;
    if (r.error_type === "MISSING COLUMNS") {
      const found = /Found: (\d+)/.exec(r.error_message)?.[1];
      const tail = new LineLocator(src.path, src.gz, src.firstDataLine, new Set()).tail();
      if (r.line === tail.lineCount && !tail.endsWithNewline) [code, message] = ["truncated_file", `file is truncated: the last line is cut off after ${found ?? "a few"} of ${src.layout.columns.length} columns`];
      else message = `truncated row: ${found ?? "too few"} of ${src.layout.columns.length} columns`;
    }
    errors.push(new InputError(code, message, { file: src.label, row: r.line, unit: "line", value: text.length > 120 ? text.slice(0, 117) + "..." : text }, t.expected));
  }
  const perFile = new Map<number, number>();
  for (const r of rows) {
    const src = byPath.get(r.path);
    if (src) perFile.set(src.id, (perFile.get(src.id) ?? 0) + 1);
  }
  for (const [id, count] of perFile) {
    if (count >= 100) errors.push(new InputError("too_many_bad_rows", "at least 100 bad rows; reading stopped listing them", { file: batch.find((s) => s.id === id)!.label }, "a kline CSV"));
  }
}

function inputFileInfos(files: OhlcvInputFile[], sources: CsvSource[], members: Map<number, { name: string; sourceId: number }[]>, rowsPerSource: Map<number, number>): InputFileInfo[] {
  return files.map((f) => {
    const own = sources.filter((s) => s.file.id === f.id);
    const rows = own.reduce((n, s) => n + (rowsPerSource.get(s.id) ?? 0), 0);
    const info: InputFileInfo = { root: "ohlcv", path: f.rel, kind: "ohlcv", size: f.size, sha256: f.sha256 ?? "", rows, symbol: own.length ? own[0].symbol : f.symbol };
    const m = members.get(f.id);
    if (m) info.entries = m.map((e) => ({ name: e.name, rows: rowsPerSource.get(e.sourceId) ?? 0 }));
    return info;
  });
}

