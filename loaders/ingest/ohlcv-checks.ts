/**
 * The checks on `ohlcv_raw` once every file is loaded. Bad bars (high < low, negative volume,
 * unparseable or off-grid times), bars out of order, duplicated and mixed-interval timestamps are
 * errors; outages (missing bars), zero-volume bars and an unfinished last candle are warnings.
 *
 * Consecutive-bar checks use `lag(...) OVER ()`, which DuckDB evaluates as a streaming window in
 * table order (insertion order = file order), so 12 million bars cost one scan, not a sort.
 */
import { intervalMs } from "../../src/lib/sweep.ts";
import { InputError } from "../errors.ts";
import type { Duck } from "./duck.ts";
import { LineLocator } from "./lines.ts";
import type { CsvSource } from "./ohlcv-files.ts";
import type { Role } from "./ohlcv-layout.ts";
import { TIME_UNITS, partLookupSql } from "./ohlcv-sql.ts";
import type { OhlcvSymbolSummary, Warning } from "./types.ts";
import { DAY_MS, formatUtc, HOUR_MS, MINUTE_MS, WEEK_MS } from "../../src/lib/time.ts";

/** Rows listed per file and problem; the rest are counted. */
const LIST_LIMIT = 20;

interface GroupStat {
  part: number;
  src: number;
  sym: number;
  n: number;
  first_rowid: number;
  min_us: number | null;
  max_us: number | null;
  tu_min: number | null;
  tu_max: number | null;
  zero_vol: number;
  first_zero_vol_us: number | null;
  /** close_time of the group's last bar (for the unfinished-candle warning). */
  last_close_us: number | null;
}

export interface CheckInput {
  sources: CsvSource[];
  /** Symbol names; the id stored in `sym` is the 1-based index. */
  symbolNames: string[];
  /** The (source, symbol) of each part id of `ohlcv_raw`. */
  parts: readonly { src: number; sym: number }[];
  interval: string | null;
  locate: (src: CsvSource) => LineLocator;
}

export interface CheckResult {
  errors: InputError[];
  warnings: Warning[];
  summaries: OhlcvSymbolSummary[];
  rowsPerSource: Map<number, number>;
  /** True when the table's insertion order is already (symbol, ts) order. */
  insertionOrderIsSorted: boolean;
}

/** µs → "1h", "15m", "1d" (the sweep.json spelling). */
export function intervalName(us: number): string {
  const ms = us / 1000;
  for (const [unit, size] of [["w", WEEK_MS], ["d", DAY_MS], ["h", HOUR_MS], ["m", MINUTE_MS]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms / 1000}s`;
}

export const VALUE_CHECKS: ReadonlyArray<{ code: string; cond: string }> = [
  { code: "bad_time", cond: "ts IS NULL" },
  { code: "missing_value", cond: "(open IS NULL OR high IS NULL OR low IS NULL OR close IS NULL OR volume IS NULL)" },
  { code: "not_finite", cond: "NOT (isfinite(open) AND isfinite(high) AND isfinite(low) AND isfinite(close) AND isfinite(volume))" },
  { code: "non_positive_price", cond: "least(open, high, low, close) <= 0" },
  { code: "high_below_low", cond: "high < low" },
  { code: "high_below_open_close", cond: "high < greatest(open, close)" },
  { code: "low_above_open_close", cond: "low > least(open, close)" },
  { code: "negative_volume", cond: "(volume < 0 OR quote_volume < 0 OR taker_buy_base_volume < 0 OR taker_buy_quote_volume < 0 OR n_trades < 0)" },
];

/**
 * One ungrouped aggregate that is true exactly when some row fails one of VALUE_CHECKS, so clean
 * data skips the per-bar scan (the eight conditions row by row took 1.2 CPU-s of 12.6 M minute
 * bars). It is one conjunction of plain comparisons that DuckDB evaluates with selection vectors
 * (each comparison sees only the rows the previous ones kept): 0.05 CPU-s per 2.1 M bars, against
 * 0.18 for the former sums and minima of derived expressions (bench/ingest/README.md).
 * Why a row that passes it passes every check (DuckDB orders NaN above +inf, and NaN = NaN):
 * low > 0 rules out a NaN-free non-positive or -inf low; high < +inf rules out a NaN or +inf high;
 * then high >= open, high >= close make open and close neither NaN nor +inf, and low <= open,
 * low <= close make them positive and low not NaN; so all four prices are finite, positive and
 * ordered (high >= low follows). volume >= 0 and volume < +inf leave a finite non-negative
 * volume. A NULL anywhere in the conjunction makes it NULL, counted as failing. The extras fail
 * only on a negative value, as in VALUE_CHECKS (a NULL or NaN extra is not an error).
 * Conversely every failing check breaks one comparison, so data is never suspected for nothing.
 */
export const SUSPECT_SQL = `SELECT coalesce(NOT bool_and(coalesce(ts IS NOT NULL AND low > 0 AND high < 'inf'::DOUBLE
    AND low <= open AND low <= close AND high >= open AND high >= close AND volume >= 0 AND volume < 'inf'::DOUBLE
    AND NOT coalesce(quote_volume < 0 OR taker_buy_base_volume < 0 OR taker_buy_quote_volume < 0 OR n_trades < 0, false), false)), false) AS suspect
FROM ohlcv_raw`;

export async function checkOhlcvTable(duck: Duck, input: CheckInput): Promise<CheckResult> {
  const { sources, symbolNames } = input;
  const errors: InputError[] = [];
  const warnings: Warning[] = [];
  const bySrc = new Map(sources.map((s) => [s.id, s]));
  const symName = (id: number) => symbolNames[id - 1];

  // One grouped scan for the per-file facts and one plain one that clears every bar of the
  // per-bar checks; clean data needs no other.
  const anyBad = VALUE_CHECKS.map((c) => c.cond).join(" OR ");
  const stats = (await duck.rows<Omit<GroupStat, "src" | "sym">>(`SELECT part, count(*) AS n, min(rid) AS first_rowid,
      epoch_us(min(ts)) AS min_us, epoch_us(max(ts)) AS max_us, min(tu) AS tu_min, max(tu) AS tu_max,
      count(*) FILTER (WHERE volume = 0) AS zero_vol, epoch_us(min(ts) FILTER (WHERE volume = 0)) AS first_zero_vol_us,
      epoch_us(arg_max(close_time, ts)) AS last_close_us
    FROM ohlcv_raw GROUP BY part ORDER BY min(rid)`)).map((g): GroupStat => ({ ...g, ...input.parts[g.part] }));
  const rowsPerSource = new Map<number, number>();
  const firstRowid = new Map<number, number>();
  for (const g of stats) {
    rowsPerSource.set(g.src, (rowsPerSource.get(g.src) ?? 0) + g.n);
    firstRowid.set(g.src, Math.min(firstRowid.get(g.src) ?? Infinity, g.first_rowid));
  }
  for (const s of sources) {
    if (!rowsPerSource.has(s.id) && !s.hasSymbolColumn && !s.unreadable) errors.push(new InputError("empty_file", "no data rows", { file: s.label }, s.layout.header ? "rows after the header" : "Binance kline rows"));
  }

  /** Where a row of the table came from: its file's line and text. */
  const where = (src: CsvSource, rid: number, rn: number | null) => input.locate(src).locate(rn ?? rid - firstRowid.get(src.id)!);

  // --- Per-bar value checks ---------------------------------------------------------------
  type Flagged = { src: number; code: string; n: number; at: { rid: number; rn: number | null }[] };
  const flagged = !(await duck.value<boolean>(SUSPECT_SQL))
    ? []
    : await duck.rows<Flagged>(`WITH f AS (
      SELECT src, rid, rn, unnest(list_filter([${VALUE_CHECKS.map((c) => `CASE WHEN ${c.cond} THEN '${c.code}' END`).join(", ")}], x -> x IS NOT NULL)) AS code
      FROM ohlcv_raw WHERE ${anyBad})
    SELECT src, code, count(*) AS n, list({'rid': rid, 'rn': rn} ORDER BY rid)[1:${LIST_LIMIT}] AS at FROM f GROUP BY ALL ORDER BY src, code`);
  for (const f of flagged) {
    const src = bySrc.get(f.src)!;
    for (const a of f.at) errors.push(valueError(f.code, src, where(src, Number(a.rid), a.rn === null ? null : Number(a.rn))));
    if (f.n > f.at.length) errors.push(new InputError(f.code, `… and ${f.n - f.at.length} more rows with the same problem (${VALUE_MESSAGES[f.code]?.message ?? f.code})`, { file: src.label }));
  }

  // Mixed epoch units inside one file are read correctly (each value says its unit) but are
  // unusual enough to mention.
  for (const g of stats) {
    if (g.tu_min !== null && g.tu_max !== null && g.tu_min !== g.tu_max) {
      const src = bySrc.get(g.src)!;
      warnings.push({ code: "mixed_time_units", file: src.label, symbol: symName(g.sym), message: `${src.label}: open times switch from ${TIME_UNITS[g.tu_min]} to ${TIME_UNITS[g.tu_max]} within the file (each value converted by its magnitude)` });
    }
  }

  // --- Intervals --------------------------------------------------------------------------
  const ivUs = new Map<number, number>();
  const symIds = [...new Set(stats.map((g) => g.sym))].sort((a, b) => a - b);
  const steps = `SELECT part, rid, rn, epoch_us(ts) AS t_us,
      CASE WHEN lag(part) OVER () = part THEN epoch_us(ts) - lag(epoch_us(ts)) OVER () END AS dt
    FROM ohlcv_raw`;
  const partList = (f: (p: { src: number; sym: number }) => number, type?: string) => partLookupSql(input.parts, f, "part", type);
  if (input.interval) for (const s of symIds) ivUs.set(s, intervalMs(input.interval) * 1000);
  else if (symIds.length) {
    // The most common spacing of each symbol (the smaller on a tie), counted per part.
    const spacings = await duck.rows<{ part: number; dt: number; n: number }>(`SELECT part, dt, count(*) AS n FROM (${steps}) WHERE dt > 0 GROUP BY ALL`);
    const perSym = new Map<number, Map<number, number>>();
    for (const { part, dt, n } of spacings) {
      const m = perSym.get(input.parts[part].sym) ?? new Map<number, number>();
      perSym.set(input.parts[part].sym, m.set(dt, (m.get(dt) ?? 0) + n));
    }
    for (const [sym, m] of perSym) {
      const [dt] = [...m].reduce((best, x) => (x[1] > best[1] || (x[1] === best[1] && x[0] < best[0]) ? x : best));
      ivUs.set(sym, dt);
    }
    for (const s of symIds) {
      if (ivUs.has(s)) continue;
      // A single bar per file gives no spacing: fall back to the interval in the file names.
      const named = sources.find((x) => x.symbol === symName(s) && x.file.interval)?.file.interval;
      ivUs.set(s, named ? safeIntervalUs(named) ?? 3_600_000_000 : 3_600_000_000);
    }
    const distinct = [...new Set(ivUs.values())];
    if (distinct.length > 1) {
      const list = symIds.map((s) => `${symName(s)} ${intervalName(ivUs.get(s)!)}`).join(", ");
      errors.push(new InputError("mixed_interval", `symbols have different bar intervals: ${list}`, {}, "one interval for every symbol (or pass the sweep's interval)"));
    }
  }
  // One interval for every symbol (the usual case) needs no lookup per bar.
  const ivs = new Set(stats.map((g) => ivUs.get(g.sym) ?? 0));
  const ivOfPart = ivs.size === 1 ? String([...ivs][0]) : partList((p) => ivUs.get(p.sym) ?? 0, "BIGINT");
  const weekly = (s: number) => (ivUs.get(s) ?? 0) % 604_800_000_000 === 0;

  // One streaming scan keeps the bars that are not exactly one interval after the previous bar
  // of their file (or are off the grid): few in real data, and everything below reads only them.
  await duck.run(`CREATE OR REPLACE TEMP TABLE ohlcv_steps AS
    SELECT ${partList((p) => p.src)} AS src, ${partList((p) => p.sym)} AS sym, rid, rn, t_us, dt, iv, CASE WHEN dt < 0 THEN 'non_monotonic' WHEN dt = 0 THEN 'duplicate_ts' WHEN dt % iv <> 0 THEN 'mixed_interval' WHEN dt > iv THEN 'gap' ELSE 'off_grid' END AS class
    FROM (SELECT *, ${ivOfPart} AS iv FROM (${steps}))
    WHERE (dt IS NOT NULL AND dt <> iv) OR (t_us % iv <> 0 AND iv % 604800000000 <> 0)`);
  type StepCounts = { src: number; sym: number; n_back: number; n_dup: number; n_odd: number; n_off: number; n_gaps: number; n_missing: number | null };
  const counts = await duck.rows<StepCounts>(`SELECT src, sym, count(*) FILTER (WHERE dt < 0) AS n_back, count(*) FILTER (WHERE dt = 0) AS n_dup,
      count(*) FILTER (WHERE dt > 0 AND dt % iv <> 0) AS n_odd, count(*) FILTER (WHERE t_us % iv <> 0) AS n_off,
      count(*) FILTER (WHERE dt > iv AND dt % iv = 0) AS n_gaps, sum(dt // iv - 1) FILTER (WHERE dt > iv AND dt % iv = 0) AS n_missing
    FROM ohlcv_steps GROUP BY src, sym`);
  const missingBySym = new Map<number, { bars: number; outages: number; longest: { bars: number; after_us: number } | null }>();
  const addGap = (sym: number, bars: number, after_us: number) => {
    const m = missingBySym.get(sym) ?? { bars: 0, outages: 0, longest: null };
    m.bars += bars;
    m.outages += 1;
    if (!m.longest || bars > m.longest.bars) m.longest = { bars, after_us };
    missingBySym.set(sym, m);
  };
  const problems = counts.some((c) => c.n_back || c.n_dup || c.n_odd || (c.n_off && !weekly(c.sym)));
  if (problems || counts.some((c) => c.n_gaps)) {
    type Step = { src: number; sym: number; rid: number; rn: number | null; t_us: number; dt: number; class: string };
    const details = await duck.rows<Step>(`SELECT src, sym, rid, rn, t_us, dt, class FROM ohlcv_steps
      QUALIFY (class = 'gap' AND row_number() OVER (PARTITION BY sym, class ORDER BY dt DESC, rid) = 1)
           OR (class <> 'gap' AND row_number() OVER (PARTITION BY src, sym, class ORDER BY rid) <= ${LIST_LIMIT})
      ORDER BY src, rid`);
    for (const d of details) {
      const src = bySrc.get(d.src)!;
      const iv = ivUs.get(d.sym)!;
      if (d.class === "gap") continue;
      const at = where(src, d.rid, d.rn);
      const timeCol = src.layout.columns.find((c) => c.role === "time")!.name;
      const shown = formatUtc(d.t_us / 1000);
      const loc = { file: src.label, row: at.line, unit: "line" as const, column: timeCol, value: shown };
      if (d.class === "non_monotonic") errors.push(new InputError("non_monotonic", `bars out of time order: this bar opens ${intervalName(-d.dt)} before the previous one`, loc, "open times increasing down the file"));
      else if (d.class === "duplicate_ts") errors.push(new InputError("duplicate_ts", "duplicated timestamp (same open time as the previous bar)", loc, "one bar per open time"));
      else if (d.class === "mixed_interval") errors.push(new InputError("mixed_interval", `mixed intervals: this bar opens ${fmtSpan(d.dt)} after the previous one, not a multiple of ${intervalName(iv)}`, loc, `bars ${intervalName(iv)} apart`));
      else if (!weekly(d.sym)) errors.push(new InputError("off_grid", `bar open not on the ${intervalName(iv)} grid`, loc, `open times at whole multiples of ${intervalName(iv)} from 00:00 UTC`));
    }
    for (const c of counts) {
      const src = bySrc.get(c.src)!;
      const more = (n: number, code: string, what: string) => {
        if (n > LIST_LIMIT) errors.push(new InputError(code, `… and ${n - LIST_LIMIT} more ${what}`, { file: src.label }));
      };
      more(c.n_back, "non_monotonic", "bars out of time order");
      more(c.n_dup, "duplicate_ts", "duplicated timestamps");
      more(c.n_odd, "mixed_interval", "bars at a spacing that is not the interval");
      if (!weekly(c.sym)) more(c.n_off, "off_grid", "bars off the interval grid");
    }
    // Within-file gaps: counts from the totals, the longest one located.
    for (const c of counts) {
      if (!c.n_gaps) continue;
      const m = missingBySym.get(c.sym) ?? { bars: 0, outages: 0, longest: null };
      m.bars += c.n_missing ?? 0;
      m.outages += c.n_gaps;
      missingBySym.set(c.sym, m);
    }
    for (const d of details.filter((x) => x.class === "gap")) {
      const m = missingBySym.get(d.sym)!;
      const bars = d.dt / ivUs.get(d.sym)! - 1;
      if (!m.longest || bars > m.longest.bars) m.longest = { bars, after_us: d.t_us - d.dt };
    }
  }

  // --- Across files of one symbol: order, overlap, gaps at the seams ------------------------
  let sorted = !problems && !sources.some((s) => s.hasSymbolColumn && rowsPerSource.has(s.id));
  for (const sym of symIds) {
    const groups = stats.filter((g) => g.sym === sym && g.min_us !== null);
    const iv = ivUs.get(sym)!;
    const byTime = [...groups].sort((a, b) => a.min_us! - b.min_us!);
    if (byTime.some((g, i) => g !== groups[i])) sorted = false;
    for (let i = 1; i < byTime.length; i++) {
      const [a, b] = [byTime[i - 1], byTime[i]];
      const [sa, sb] = [bySrc.get(a.src)!, bySrc.get(b.src)!];
      if (b.min_us! <= a.max_us!) {
        sorted = false;
        await reportOverlap(duck, a, b, sa, sb, symName(sym), where, errors);
        continue;
      }
      const dt = b.min_us! - a.max_us!;
      if (dt % iv !== 0) {
        const at = where(sb, b.first_rowid, null);
        errors.push(new InputError("mixed_interval", `mixed intervals: the first bar opens ${fmtSpan(dt)} after the last bar of ${sa.label}, not a multiple of ${intervalName(iv)}`, { file: sb.label, row: at.line, unit: "line", value: formatUtc(b.min_us! / 1000) }, `bars ${intervalName(iv)} apart`));
      } else if (dt > iv) addGap(sym, dt / iv - 1, a.max_us!);
    }
    // A file whose name states an interval must hold bars at that interval.
    for (const g of groups) {
      const src = bySrc.get(g.src)!;
      const named = src.file.interval ? safeIntervalUs(src.file.interval) : null;
      if (named && named !== iv) errors.push(new InputError("mixed_interval", `mixed intervals: the file name says ${src.file.interval} but the bars are ${intervalName(iv)} apart`, { file: src.label }, `${src.file.interval} bars`));
    }
  }
  if (errors.some((e) => e.code === "bad_time")) sorted = false;
  await duck.run("DROP TABLE IF EXISTS ohlcv_steps");

  // --- Warnings and per-symbol summary -----------------------------------------------------
  const summaries: OhlcvSymbolSummary[] = [];
  for (const sym of symIds) {
    const groups = stats.filter((g) => g.sym === sym);
    const name = symName(sym);
    const iv = ivUs.get(sym)!;
    const rows = groups.reduce((n, g) => n + g.n, 0);
    const mins = groups.map((g) => g.min_us).filter((x): x is number => x !== null);
    const maxs = groups.map((g) => g.max_us).filter((x): x is number => x !== null);
    const zero = groups.reduce((n, g) => n + g.zero_vol, 0);
    const missing = missingBySym.get(sym);
    if (missing?.bars) {
      const l = missing.longest;
      warnings.push({
        code: "missing_bars", symbol: name, count: missing.bars,
        message: `${name}: ${missing.bars} missing bar${missing.bars === 1 ? "" : "s"} in ${missing.outages} outage${missing.outages === 1 ? "" : "s"}` + (l ? ` (longest: ${l.bars} bar${l.bars === 1 ? "" : "s"} from ${formatUtc((l.after_us + iv) / 1000)})` : ""),
      });
    }
    if (zero) {
      const first = Math.min(...groups.map((g) => g.first_zero_vol_us ?? Infinity));
      warnings.push({ code: "zero_volume", symbol: name, count: zero, message: `${name}: ${zero} zero-volume bar${zero === 1 ? "" : "s"} (trading halts?), first at ${formatUtc(first / 1000)}` });
    }
    const last = groups.filter((g) => g.max_us !== null).sort((a, b) => b.max_us! - a.max_us!)[0];
    if (last && last.last_close_us !== null && last.last_close_us - last.max_us! < iv - 1000) {
      const open = last.max_us!;
      warnings.push({ code: "unfinished_candle", symbol: name, count: 1, message: `${name}: the last candle (${formatUtc(open / 1000)}) is unfinished: it closes ${fmtSpan(last.last_close_us - open + 1000)} after opening, not ${intervalName(iv)}` });
    }
    if (!mins.length) continue;
    summaries.push({ symbol: name, rows, first_ts: formatUtc(Math.min(...mins) / 1000), last_ts: formatUtc(Math.max(...maxs) / 1000), interval: intervalName(iv), missing_bars: missing?.bars ?? 0, zero_volume_bars: zero });
  }
  summaries.sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
  return { errors, warnings, summaries, rowsPerSource, insertionOrderIsSorted: sorted };
}

function safeIntervalUs(name: string): number | null {
  try {
    return intervalMs(name) * 1000;
  } catch {
    return null;
  }
}

function fmtSpan(us: number): string {
  const s = us / 1e6;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

async function reportOverlap(duck: Duck, a: GroupStat, b: GroupStat, sa: CsvSource, sb: CsvSource, symbol: string, where: (s: CsvSource, rid: number, rn: number | null) => { line: number }, errors: InputError[]): Promise<void> {
  const dups = await duck.rows<{ ra: number; rna: number | null; rb: number; rnb: number | null; t_us: number; n: number }>(`SELECT a.rid AS ra, a.rn AS rna, b.rid AS rb, b.rn AS rnb, epoch_us(a.ts) AS t_us, count(*) OVER () AS n
    FROM ohlcv_raw a JOIN ohlcv_raw b ON a.ts = b.ts
    WHERE a.part = ${a.part} AND b.part = ${b.part} ORDER BY a.ts LIMIT 5`);
  if (!dups.length) {
    errors.push(new InputError("non_monotonic", `${symbol}: files interleave in time: ${sa.label} runs to ${formatUtc(a.max_us! / 1000)} but ${sb.label} starts at ${formatUtc(b.min_us! / 1000)}`, { file: sb.label }, "files of one symbol covering disjoint periods"));
    return;
  }
  for (const d of dups) {
    const la = where(sa, d.ra, d.rna).line;
    const lb = where(sb, d.rb, d.rnb).line;
    errors.push(new InputError("duplicate_ts", `duplicated timestamp: ${symbol} bar ${formatUtc(d.t_us / 1000)} is also in ${sa.label} line ${la}`, { file: sb.label, row: lb, unit: "line", value: formatUtc(d.t_us / 1000) }, "each bar in one file only"));
  }
  if (dups[0].n > dups.length) errors.push(new InputError("duplicate_ts", `… and ${dups[0].n - dups.length} more bars present in both ${sa.label} and ${sb.label}`, { file: sb.label }));
}

const VALUE_MESSAGES: Record<string, { message: string; expected: string; roles: Role[] }> = {
  bad_time: { message: "missing or unparseable open time", expected: "an epoch time in s, ms or µs, or ISO-8601 text", roles: ["time"] },
  missing_value: { message: "missing value", expected: "a number", roles: ["open", "high", "low", "close", "volume"] },
  not_finite: { message: "value is NaN or infinite", expected: "a finite number", roles: ["open", "high", "low", "close", "volume"] },
  non_positive_price: { message: "price is zero or negative", expected: "a price > 0", roles: ["open", "high", "low", "close"] },
  high_below_low: { message: "high < low", expected: "high >= low", roles: ["high", "low"] },
  high_below_open_close: { message: "high < max(open, close)", expected: "high >= open and high >= close", roles: ["high", "open", "close"] },
  low_above_open_close: { message: "low > min(open, close)", expected: "low <= open and low <= close", roles: ["low", "open", "close"] },
  negative_volume: { message: "negative volume", expected: "a volume >= 0", roles: ["volume", "quote_volume", "taker_buy_base_volume", "taker_buy_quote_volume", "n_trades"] },
};

/** An error for one bad bar, naming the offending column and quoting the file's own text. */
function valueError(code: string, src: CsvSource, at: { line: number; text: string }): InputError {
  const spec = VALUE_MESSAGES[code];
  const fields = at.text.split(src.layout.delim).map((f) => f.trim().replace(/^"(.*)"$/, "$1"));
  const idx = (r: Role) => src.layout.columns.findIndex((c) => c.role === r);
  const val = (r: Role) => fields[idx(r)];
  let column: string | undefined;
  let value: unknown;
  const bad = (r: Role): boolean => {
    const v = val(r);
    if (v === undefined) return false;
    const x = Number(v);
    if (code === "missing_value") return v === "";
    if (code === "not_finite") return v !== "" && !Number.isFinite(x);
    if (code === "non_positive_price") return x <= 0;
    if (code === "negative_volume") return x < 0;
    return false;
  };
  if (["high_below_low", "high_below_open_close", "low_above_open_close"].includes(code)) {
    column = code === "low_above_open_close" ? "low" : "high";
    value = spec.roles.map((r) => `${r}=${val(r)}`).join(", ");
  } else {
    const r = code === "bad_time" ? "time" : spec.roles.find(bad);
    if (r) {
      column = src.layout.columns[idx(r)]?.name;
      value = val(r);
    }
  }
  return new InputError(code, spec.message, { file: src.label, row: at.line, unit: "line", column, value }, spec.expected);
}
