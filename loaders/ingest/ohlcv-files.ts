/**
 * Finding kline files under an OHLCV folder and turning each into CSV "sources" DuckDB can read:
 * a plain or gzipped CSV is its own source; each CSV member of a zip archive is extracted to a
 * temporary file. The symbol and interval come from the file name (`BTCUSDC-1h-2024-01.zip`,
 * `ETHUSDT_1h.csv`), else from the enclosing folder, else from a `symbol` column.
 */
import { closeSync, createReadStream, openSync, promises as fsp, readSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { createGunzip } from "node:zlib";
import { SYMBOL_PATTERN } from "../../src/lib/sweep.ts";
import { InputError } from "../errors.ts";
import { sha256Bytes, sha256FilesInWorker } from "./hash.ts";
import { firstNonBlankLine, sniffLayout, type Layout } from "./ohlcv-layout.ts";
import { isCsvEntry, isEscapingPath, listZipEntries, readZipEntry, ZipFormatError } from "./zip.ts";
import { tryParseUtc } from "../../src/lib/time.ts";
import { epochToMs } from "../../src/lib/epoch.ts";

export type OhlcvFormat = "csv" | "csv.gz" | "zip";

export interface OhlcvInputFile {
  id: number;
  abs: string;
  /** Relative to the OHLCV root, with "/". */
  rel: string;
  size: number;
  format: OhlcvFormat;
  /** From the file (or folder) name; null when the rows carry a `symbol` column. */
  symbol: string | null;
  /** Interval written in the name ("1h"), if any. */
  interval: string | null;
  sha256?: string;
}

export interface CsvSource {
  id: number;
  file: OhlcvInputFile;
  /** How messages name it: the relative path, or "archive.zip!member.csv". */
  label: string;
  /** The CSV on disk that DuckDB reads. */
  path: string;
  gz: boolean;
  symbol: string | null;
  layout: Layout;
  /** 1-based line of the first data row (after the header). */
  firstDataLine: number;
  /** Open time of the first row in epoch ms (from the sniffed head), to read files in time order. */
  firstTs: number | null;
  /** Bytes of CSV text (for progress and batching). */
  bytes: number;
  hasSymbolColumn: boolean;
  /** Set when DuckDB could not read the file at all (the error is already reported). */
  unreadable?: boolean;
}

const INTERVAL_TOKEN = /^\d+(s|m|h|d|w|M)$/;
/** A symbol ending in a common quote asset (BTCUSDC, ETHBTC): certainly a pair, not a word. */
const QUOTED_PAIR = /^[A-Z0-9]{2,}(USDT|USDC|FDUSD|TUSD|BUSD|USD|EUR|TRY|BTC|ETH|BNB|DAI)$/;
const HEAD_BYTES = 64 * 1024;

export function formatOf(name: string): OhlcvFormat | null {
  const n = name.toLowerCase();
  if (n.endsWith(".csv")) return "csv";
  if (n.endsWith(".csv.gz")) return "csv.gz";
  if (n.endsWith(".zip")) return "zip";
  return null;
}

/** Symbol and interval read from a file name, falling back to the parent folder for the symbol. */
export function nameInfo(rel: string): { symbol: string | null; interval: string | null } {
  const stem = basename(rel).replace(/\.(csv\.gz|csv|zip)$/i, "");
  const tokens = stem.split(/[-_.\s]+/).filter(Boolean);
  const interval = tokens.find((t) => INTERVAL_TOKEN.test(t)) ?? null;
  const isSymbol = (t: string) => SYMBOL_PATTERN.test(t) && /[A-Za-z]{3}/.test(t) && !/^(klines?|ohlcv|candles?|data|spot|futures|um|cm|daily|monthly)$/i.test(t);
  let symbol = tokens.find(isSymbol) ?? null;
  if (!symbol) {
    for (const part of dirname(rel).split("/").reverse()) if (isSymbol(part)) { symbol = part; break; }
  }
  return { symbol: symbol ? symbol.toUpperCase() : null, interval };
}

async function walk(root: string, dir: string, out: string[]): Promise<void> {
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(root, p, out);
    else if (e.isFile() && formatOf(e.name)) out.push(p);
  }
}

export interface Discovery {
  files: OhlcvInputFile[];
  /** Files left out because their name says another interval. */
  skippedOtherInterval: { interval: string; count: number }[];
}

/**
 * Every kline file under `root`, optionally only for `symbols` and `interval` (a file whose name
 * says another interval is skipped, so one folder may hold 1h and 1m files side by side).
 */
export async function discoverOhlcvFiles(root: string, opts: { symbols?: readonly string[]; interval?: string }): Promise<Discovery> {
  const paths: string[] = [];
  await walk(root, root, paths);
  const wanted = opts.symbols ? new Set(opts.symbols.map((s) => s.toUpperCase())) : null;
  const skipped = new Map<string, number>();
  const files: OhlcvInputFile[] = [];
  for (const abs of paths) {
    const rel = relative(root, abs).split(sep).join("/");
    const { symbol, interval } = nameInfo(rel);
    // Skip other symbols' files unread only when the name clearly is Binance-style (a pair or an
    // interval in it): "mixed.csv" may hold a symbol column and is decided after sniffing.
    if (wanted && symbol && !wanted.has(symbol) && (interval || QUOTED_PAIR.test(symbol))) continue;
    if (opts.interval && interval && interval !== opts.interval) {
      skipped.set(interval, (skipped.get(interval) ?? 0) + 1);
      continue;
    }
    const st = await fsp.stat(abs);
    files.push({ id: files.length, abs, rel, size: st.size, format: formatOf(abs)!, symbol, interval });
  }
  return { files, skippedOtherInterval: [...skipped].map(([interval, count]) => ({ interval, count })) };
}

/** One buffer for every plain file's head: they are read one at a time, with blocking reads. */
let headScratch: Buffer | null = null;

async function readHead(path: string, gz: boolean): Promise<string> {
  if (!gz) {
    // Blocking reads: nothing else waits on this thread meanwhile, and three round trips through
    // libuv's pool per file (open, read, close) cost more than the reads.
    const buf = (headScratch ??= Buffer.allocUnsafe(HEAD_BYTES));
    const fd = openSync(path, "r");
    try {
      return wholeLines(buf.subarray(0, readSync(fd, buf, 0, HEAD_BYTES, 0)));
    } finally {
      closeSync(fd);
    }
  }
  const chunks: Buffer[] = [];
  let n = 0;
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const c of stream) {
      chunks.push(c as Buffer);
      n += (c as Buffer).length;
      if (n >= HEAD_BYTES) break;
    }
  } catch (e) {
    // A truncated gzip still yields its first bytes; its damage is reported by checkGzip.
    if (!chunks.length) throw e;
  } finally {
    stream.destroy();
  }
  return wholeLines(Buffer.concat(chunks));
}

/** Lines with text kept of each head: the sniff reads the header and the first bar. */
const HEAD_LINES = 32;

/**
 * The text of a file's first lines: up to HEAD_LINES lines with text (and the blank lines among
 * them) within its first HEAD_BYTES, without a last line that the byte limit cut. Decoding and
 * keeping all 64 KB of each of 288 files cost a 1-hour ingest ≈ 0.1 s, most of it in the garbage
 * collector.
 */
function wholeLines(buf: Buffer): string {
  const limit = Math.min(buf.length, HEAD_BYTES);
  let kept = 0;
  for (let start = 0; start < limit; ) {
    const nl = buf.indexOf(10, start);
    if (nl < 0 || nl >= limit) break;
    if (!isBlank(buf, start, nl) && ++kept === HEAD_LINES) return buf.toString("utf8", 0, nl > 0 && buf[nl - 1] === 13 ? nl - 1 : nl);
    start = nl + 1;
  }
  const text = buf.toString("utf8", 0, limit);
  const cut = buf.length >= HEAD_BYTES ? text.lastIndexOf("\n") : -1;
  return cut > 0 ? text.slice(0, cut) : text;
}

/** Whether bytes [from, to) are only ASCII white space. */
function isBlank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b !== 32 && b !== 9 && b !== 13 && b !== 11 && b !== 12) return false;
  }
  return true;
}

/** `f` over `items` with at most `limit` running at once; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Epoch number (s, ms, µs or ns, told apart by magnitude) or ISO text → epoch ms. */
export function epochOrIsoToMs(v: string): number | null {
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) {
    return epochToMs(Number(s));
  }
  return tryParseUtc(s);
}

function firstTimeOf(head: string, layout: Layout, firstDataLine: number): number | null {
  const line = firstNonBlankLine(head.replace(/^\uFEFF/, ""), firstDataLine - 1)?.[1];
  if (!line) return null;
  const idx = layout.columns.findIndex((c) => c.role === "time");
  const field = line.split(layout.delim)[idx]?.replace(/^"|"$/g, "");
  return field === undefined ? null : epochOrIsoToMs(field);
}

export interface PreparedSources {
  sources: CsvSource[];
  errors: InputError[];
  /** The CSV members read from each zip (file id → members). */
  members: Map<number, { name: string; sourceId: number }[]>;
  /** Resolves, once every file's SHA-256 is known, to the errors of damaged gzip files. */
  finished: Promise<InputError[]>;
}

/**
 * Hash every file, open archives (refusing escaping member paths and archives without a CSV),
 * extract their CSV members into `tempDir`, and sniff each source's layout.
 */
export async function prepareSources(files: OhlcvInputFile[], tempDir: string): Promise<PreparedSources> {
  const sources: CsvSource[] = [];
  const errors: InputError[] = [];
  const members = new Map<number, { name: string; sourceId: number }[]>();
  const addSource = (file: OhlcvInputFile, label: string, path: string, gz: boolean, head: string, bytes: number, symbolHint: string | null) => {
    if (bytes === 0 || head.trim() === "") {
      errors.push(new InputError("empty_file", "empty file", { file: label }, "Binance kline rows or a CSV header and rows"));
      return null;
    }
    const sniffed = sniffLayout(head);
    if ("problem" in sniffed) {
      const p = sniffed.problem;
      errors.push(new InputError(p.code, p.message, { file: label, row: p.line, unit: p.line ? "line" : undefined, column: p.column, value: p.value }, p.expected));
      return null;
    }
    const hasSymbolColumn = sniffed.layout.columns.some((c) => c.role === "symbol");
    const symbol = hasSymbolColumn ? null : file.symbol ?? symbolHint;
    if (!symbol && !hasSymbolColumn) {
      errors.push(new InputError("no_symbol", "cannot tell which symbol this file holds", { file: label }, "a file name starting with the symbol (BTCUSDC-1h-2024-01.csv), a folder named after it, or a \"symbol\" column"));
      return null;
    }
    const src: CsvSource = { id: sources.length, file, label, path, gz, symbol, layout: sniffed.layout, firstDataLine: sniffed.firstDataLine, firstTs: firstTimeOf(head, sniffed.layout, sniffed.firstDataLine), bytes, hasSymbolColumn };
    sources.push(src);
    return src;
  };

  // Hashing runs in a worker thread while the files are sniffed and DuckDB parses them, and gzip
  // streams are inflated to their end on libuv's pool meanwhile; the caller awaits `finished`.
  const plain = files.filter((f) => f.format !== "zip");
  const hashed = sha256FilesInWorker(plain.map((f) => f.abs)).then((hashes) => plain.forEach((f, i) => (f.sha256 = hashes[i])));
  const gzipChecks = mapLimit(
    plain.filter((f) => f.format === "csv.gz" && f.size),
    4,
    checkGzip,
  );
  const finished = Promise.all([hashed, gzipChecks]).then(([, errs]) => errs.filter((e): e is InputError => e !== null));
  // A read that fails first (the caller then throws) must not leave this rejection unhandled.
  finished.catch(() => {});

  // Files are opened in parallel; sources get their ids afterwards, in file order.
  type Opened = { errors: InputError[]; heads: { label: string; path: string; gz: boolean; head: string; bytes: number; symbolHint: string | null; member?: string }[] };
  const opened = await mapLimit(files, 8, async (file): Promise<Opened> => {
    const res: Opened = { errors: [], heads: [] };
    if (file.format !== "zip") {
      const gz = file.format === "csv.gz";
      try {
        const head = file.size ? await readHead(file.abs, gz) : "";
        res.heads.push({ label: file.rel, path: file.abs, gz, head, bytes: file.size, symbolHint: null });
      } catch (e) {
        res.errors.push(new InputError("unreadable", `cannot read: ${(e as Error).message}`, { file: file.rel }, gz ? "a complete gzip file" : "a readable file"));
      }
      return res;
    }
    const buf = await fsp.readFile(file.abs);
    file.sha256 = sha256Bytes(buf);
    try {
      const entries = listZipEntries(buf);
      const escaping = entries.filter((e) => isEscapingPath(e.name));
      for (const e of escaping) res.errors.push(new InputError("zip_path_escape", "archive member path escapes the archive's folder", { file: file.rel, value: e.name }, "member names without \"..\" or a leading \"/\""));
      if (escaping.length) return res;
      const csvs = entries.filter(isCsvEntry);
      if (!csvs.length) {
        res.errors.push(new InputError("zip_no_csv", "archive holds no CSV file", { file: file.rel, value: entries.map((e) => e.name).join(", ") || "(no members)" }, "a .csv member (Binance monthly archives hold one)"));
        return res;
      }
      for (const [k, e] of csvs.entries()) {
        const data = await readZipEntry(buf, e);
        const path = join(tempDir, `zip-${file.id}-${k}.csv`);
        await fsp.writeFile(path, data);
        res.heads.push({ label: `${file.rel}!${e.name}`, path, gz: false, head: wholeLines(data), bytes: data.length, symbolHint: nameInfo(e.name).symbol, member: e.name });
      }
    } catch (e) {
      if (!(e instanceof ZipFormatError)) throw e;
      res.errors.push(new InputError(/truncat/.test(e.message) ? "truncated_file" : "bad_archive", e.message, { file: file.rel }, "a complete zip archive"));
    }
    return res;
  });
  for (const [i, file] of files.entries()) {
    errors.push(...opened[i].errors);
    const list: { name: string; sourceId: number }[] = [];
    for (const h of opened[i].heads) {
      const src = addSource(file, h.label, h.path, h.gz, h.head, h.bytes, h.symbolHint);
      if (src && h.member) list.push({ name: h.member, sourceId: src.id });
    }
    if (file.format === "zip" && !opened[i].errors.length) members.set(file.id, list);
  }
  return { sources, errors, members, finished };
}

/**
 * DuckDB stops quietly at the end of a gzip member, so a file cut at a line boundary would lose
 * rows without a word: inflate it to the end here, where a truncated stream is an error.
 */
async function checkGzip(f: OhlcvInputFile): Promise<InputError | null> {
  try {
    for await (const _ of createReadStream(f.abs).pipe(createGunzip())) void _;
    return null;
  } catch (e) {
    return new InputError("truncated_file", `gzip stream is truncated or corrupt (${(e as Error).message})`, { file: f.rel }, "a complete .csv.gz file");
  }
}
