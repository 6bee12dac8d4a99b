/**
 * The Explore page's SQL notebook: an editor, a schema browser, example queries, a paged result
 * table, a quick chart and CSV/Parquet downloads, over the page's DuckDB-WASM instance (db.ts).
 *
 * Design choices, and why:
 * - Tables load lazily: a Parquet file is fetched and registered only when a query names it or
 *   the reader opens it in the schema browser (a sweep's files add up to many MB).
 * - A query's rows stay in DuckDB's worker: the last statement is stored with
 *   `CREATE OR REPLACE TEMP TABLE __explore_result AS …` and the page fetches one page at a time
 *   (LIMIT/OFFSET), the chart's first rows, or — for a download — batch by batch. Millions of rows
 *   never cross to the main thread at once.
 * - Statements run with `conn.send` (DuckDB's pending-query API), which the worker executes in
 *   slices between messages: that is what lets Cancel (db.ts `cancelQuery`) interrupt it. Every
 *   use of the connection goes through one queue, because a second statement on the same
 *   connection would abort the pending one.
 * - Parquet downloads are written by parquet-wasm's streaming writer from the result's Arrow
 *   batches: DuckDB-WASM's `COPY … (FORMAT parquet)` needs the parquet extension, which it would
 *   fetch from outside the site (DESIGN §1 fact 3; autoloading is off, so it fails offline).
 */
import * as Plot from "@observablehq/plot";
import * as arrow from "apache-arrow";
import { html } from "htl";
import initParquet, { Compression, Table as ParquetTable, WriterPropertiesBuilder, transformParquetStream, writeParquet } from "parquet-wasm/esm/parquet_wasm.js";
import { arrowToRows, cancelQuery, getConnection, registerParquet, type BytesSource, type Table } from "./db.js";
import { errorBox } from "./ui.js";
import { CSV_EOL, csvChunks, csvRow } from "../lib/csv.js";
import {
  errorLineDelta,
  hashForSql,
  materialiseSql,
  parseDuckDbError,
  referencedTables,
  shiftErrorLines,
  splitStatements,
  sqlFromHash,
  tokenizeSql,
} from "../lib/explore/sql-text.js";
import type { ExampleQuery } from "../lib/explore/examples.js";
import { quoteIdent, quoteIdentIfNeeded, quoteLiteral } from "../lib/sql/quote.js";
import { cellText, columnKind, defaultChart, formatBytes, formatDuration, isNumeric, pageWindow, type ChartMark, type ResultColumn } from "../lib/explore/result-view.js";

/** A table the page can load on demand. */
export interface ExploreTable {
  /** SQL name of the table. */
  name: string;
  description: string;
  /** URL of the Parquet file (FileAttachment(...).href) or anything with arrayBuffer(). */
  source: string | BytesSource;
  /** File size in bytes, when known (FileAttachment(...).size). */
  size?: number;
}

export interface ExploreOptions {
  tables: readonly ExploreTable[];
  examples: readonly ExampleQuery[];
  /** The editor's text when the URL has no `#sql=`. */
  initialSql: string;
  /** Run `initialSql` on load (a `#sql=` query always runs). */
  runInitial?: boolean;
  /** Base name of downloaded files. */
  filePrefix?: string;
  /** Framework's `invalidation` promise: listeners are removed when it resolves. */
  invalidation?: Promise<unknown>;
}

/** The temp table holding the last result (connection-local, replaced by every run). */
export const RESULT_TABLE = "__explore_result";
/** Rows the quick chart draws at most (the reader aggregates in SQL for more). */
export const CHART_ROW_LIMIT = 10_000;
const PAGE_SIZES = [25, 100, 500, 1000];

type Row = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// The connection queue and statement execution.

let queue: Promise<unknown> = Promise.resolve();

/** Run `task` once every earlier task on the shared connection has finished. */
function serial<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

/** Execute one statement through DuckDB's cancellable pending-query path; all rows as a Table. */
async function execute(sql: string): Promise<Table> {
  const conn = await getConnection();
  const reader = await conn.send(sql);
  // The reader's own `schema` is not set on this async path: take it from the batches (DuckDB
  // sends one, possibly empty, batch even for an empty result).
  const batches = await reader.readAll();
  return (batches.length ? new arrow.Table(batches) : new arrow.Table()) as unknown as Table;
}

/** Rows of a statement's result, batch by batch, without holding them all; at least one (maybe empty) batch. */
async function* stream(sql: string): AsyncGenerator<Table> {
  const conn = await getConnection();
  const reader = await conn.send(sql, true);
  let any = false;
  for await (const batch of reader) {
    any = true;
    yield new arrow.Table([batch]) as unknown as Table;
  }
  // A streamed empty result may have no batch at all; the columns still matter (CSV header, Parquet schema).
  if (!any) yield execute(`SELECT * FROM (${sql}) LIMIT 0`);
}

/** A query's result as the page shows it. */
interface ResultSet {
  columns: ResultColumn[];
  rowCount: number;
  /** Rows [offset, offset + limit) as objects (only `columns` when given). */
  rows(offset: number, limit: number, columns?: readonly string[]): Promise<Row[]>;
  /** Every row, a batch at a time (downloads). */
  batches(): AsyncIterable<Table>;
}

/** A result stored in RESULT_TABLE. */
async function storedResult(): Promise<ResultSet> {
  const t = quoteIdent(RESULT_TABLE);
  // One statement at a time: a second send on the connection would abort the first.
  const describe = await execute(`SELECT column_name, column_type FROM (DESCRIBE ${t})`);
  const count = await execute(`SELECT count(*)::DOUBLE AS n FROM ${t}`);
  const columns = arrowToRows<{ column_name: string; column_type: string }>(describe).map((r) => ({ name: r.column_name, type: r.column_type }));
  const select = (cols?: readonly string[]) => (cols ? cols.map(quoteIdent).join(", ") : "*");
  return {
    columns,
    rowCount: Number(arrowToRows<{ n: number }>(count)[0]?.n ?? 0),
    rows: (offset, limit, cols) => serial(async () => arrowToRows(await execute(`SELECT ${select(cols)} FROM ${t} LIMIT ${limit} OFFSET ${offset}`))),
    batches: () => stream(`SELECT * FROM ${t}`),
  };
}

/** A command's (usually small) result, kept in the page. */
function inMemoryResult(table: Table): ResultSet {
  const columns = table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
  return {
    columns,
    rowCount: table.numRows,
    rows: async (offset, limit) => arrowToRows(table.slice(offset, offset + limit)),
    batches: async function* () {
      yield table;
    },
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Rows per Parquet row group in downloads (DuckDB's own default): one encode step between yields. */
const PARQUET_ROW_GROUP = 122_880;

/**
 * A result as a Parquet file, streamed: DuckDB's batches go one by one through parquet-wasm's
 * streaming writer, which encodes a row group at a time, so the main thread is never blocked for
 * the whole file and the result is never held twice in memory.
 */
async function parquetBlob(r: ResultSet, progress: (rows: number) => void): Promise<Blob> {
  await initParquet({ module_or_path: import.meta.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm") });
  const props = () => new WriterPropertiesBuilder().setCompression(Compression.ZSTD).setMaxRowGroupSize(PARQUET_ROW_GROUP).build();
  if (r.rowCount === 0) {
    // The streaming writer needs a batch to learn the schema; an empty file is written in one go.
    for await (const t of r.batches()) return new Blob([writeParquet(ParquetTable.fromIPCStream(arrow.tableToIPC(t as unknown as arrow.Table, "stream")), props()) as Uint8Array<ArrayBuffer>]);
  }
  const batches = r.batches()[Symbol.asyncIterator]();
  let done = 0;
  const input = new ReadableStream({
    async pull(controller) {
      const next = await batches.next();
      if (next.done) return controller.close();
      const t = next.value as unknown as arrow.Table;
      for (const b of ParquetTable.fromIPCStream(arrow.tableToIPC(t, "stream")).recordBatches()) controller.enqueue(b);
      progress((done += t.numRows));
    },
  });
  const bytes = await transformParquetStream(input, props());
  return new Response(bytes, { headers: { "content-type": "application/vnd.apache.parquet" } }).blob();
}

// ---------------------------------------------------------------------------------------------
// Small DOM pieces.

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function button(label: string, testid: string, onClick: () => void, title = ""): HTMLButtonElement {
  const b = el("button", { type: "button", "data-testid": testid, ...(title ? { title } : {}) }, label);
  b.addEventListener("click", onClick);
  return b;
}

function select(label: string, testid: string, options: readonly (readonly [string, string])[], value: string, onChange: (v: string) => void): HTMLLabelElement {
  const s = el("select", { "data-testid": testid });
  for (const [v, text] of options) {
    const o = el("option", { value: v }, text);
    if (v === value) o.selected = true;
    s.append(o);
  }
  s.addEventListener("change", () => onChange(s.value));
  return el("label", {}, `${label} `, s);
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The editor: a textarea over a highlighted copy of its text (the copy is only decoration). */
function sqlEditor(onRun: () => void): { element: HTMLElement; textarea: HTMLTextAreaElement; set(sql: string): void; insert(text: string): void } {
  const code = el("code");
  const pre = el("pre", { class: "explore-highlight", "aria-hidden": "true" }, code);
  const textarea = el("textarea", {
    class: "explore-input",
    "data-testid": "explore-sql",
    "aria-label": "SQL query (Ctrl+Enter or ⌘+Enter runs it)",
    spellcheck: "false",
    autocapitalize: "off",
    autocomplete: "off",
    wrap: "off",
    rows: "10",
  });
  const paint = () => {
    const frag = document.createDocumentFragment();
    for (const t of tokenizeSql(textarea.value)) frag.append(t.kind === "space" || t.kind === "operator" || t.kind === "semicolon" ? t.text : el("span", { class: `tok-${t.kind}` }, t.text));
    frag.append("\n "); // keeps the last line's height when the text ends in a newline
    code.replaceChildren(frag);
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  };
  textarea.addEventListener("input", paint);
  textarea.addEventListener("scroll", () => {
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  });
  textarea.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onRun();
    }
  });
  return {
    element: el("div", { class: "explore-editor" }, pre, textarea),
    textarea,
    set(sql) {
      textarea.value = sql;
      paint();
    },
    insert(text) {
      textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
      paint();
      textarea.focus();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The notebook.

interface TableState {
  table: ExploreTable;
  rows: number | null;
  loadMs: number | null;
  columns: ResultColumn[] | null;
  details: HTMLDetailsElement;
  meta: HTMLElement;
  body: HTMLElement;
}

/** Build the whole notebook; `display()` the returned element. */
export function explorer(opts: ExploreOptions): HTMLElement {
  const known = opts.tables.map((t) => t.name);
  const prefix = opts.filePrefix ?? "explore";
  let running = false;
  let duckdbStarted = false;
  let runId = 0;
  let cancelled = false;
  let cancelSignal: () => void = () => undefined;
  let result: ResultSet | null = null;
  let page = 0;
  let pageSize = 100;

  const editor = sqlEditor(() => void run());
  const runButton = button("Run ▸", "explore-run", () => void run(), "Ctrl+Enter / ⌘+Enter");
  const cancelButton = button("Cancel", "explore-cancel", () => void cancel());
  cancelButton.disabled = true;
  const status = el("div", { class: "explore-status", "data-testid": "explore-status", "aria-live": "polite", "data-state": "idle", "data-run": "0" }, "Ready. Tables load when a query names them.");
  const errorSlot = el("div", { "data-testid": "explore-error" });
  const resultSlot = el("div", { class: "explore-result", "data-testid": "explore-result" });

  // --- schema browser ---------------------------------------------------------------------
  const states = new Map<string, TableState>();
  const totalBytes = opts.tables.reduce((s, t) => s + (t.size ?? 0), 0);
  const schemaList = el("div", { class: "explore-schema-list" });
  for (const table of opts.tables) {
    const meta = el("span", { class: "explore-meta" }, `${formatBytes(table.size ?? NaN)} · not loaded`);
    const body = el("div", { class: "explore-schema-body" }, el("p", { class: "explore-desc" }, table.description));
    const details = el("details", { "data-testid": `schema-${table.name}`, "data-loaded": "false" }, el("summary", {}, el("code", {}, table.name), " ", meta), body);
    const state: TableState = { table, rows: null, loadMs: null, columns: null, details, meta, body };
    details.addEventListener("toggle", () => {
      if (details.open) void showColumns(state);
    });
    states.set(table.name, state);
    schemaList.append(details);
  }
  const sessionList = el("div", { class: "explore-schema-list", "data-testid": "schema-session" });
  const schema = el(
    "aside",
    { class: "explore-schema", "data-testid": "explore-schema" },
    el("h3", {}, "Tables"),
    el("p", { class: "explore-note" }, `Each table is downloaded and loaded into DuckDB only when a query names it or you open it here (${formatBytes(totalBytes)} for all of them).`),
    schemaList,
    sessionList,
  );

  function markLoaded(state: TableState, rows: number, ms: number | null): void {
    state.rows = rows;
    if (ms !== null) state.loadMs = ms;
    state.details.dataset.loaded = "true";
    state.meta.textContent = `${rows.toLocaleString("en-US")} rows · ${formatBytes(state.table.size ?? NaN)}${state.loadMs !== null ? ` · loaded in ${formatDuration(state.loadMs)}` : ""}`;
  }

  /** Register a table (once); resolves to its row count and load time (null when it was already there). */
  async function load(state: TableState): Promise<{ rows: number; ms: number | null }> {
    if (state.rows !== null) return { rows: state.rows, ms: null };
    state.meta.textContent = `${formatBytes(state.table.size ?? NaN)} · loading…`;
    const t0 = performance.now();
    try {
      const rows = await registerParquet(state.table.name, state.table.source);
      const ms = performance.now() - t0;
      markLoaded(state, rows, ms);
      return { rows, ms };
    } catch (e) {
      state.meta.textContent = `${formatBytes(state.table.size ?? NaN)} · failed to load`;
      throw e;
    }
  }

  function columnList(columns: readonly ResultColumn[]): HTMLElement {
    const list = el("ul", { class: "explore-columns" });
    for (const c of columns) {
      const name = el("button", { type: "button", class: "explore-col", title: "Insert into the query" }, c.name);
      name.addEventListener("click", () => editor.insert(quoteIdentIfNeeded(c.name)));
      list.append(el("li", {}, name, " ", el("span", { class: "explore-type" }, c.type)));
    }
    return list;
  }

  async function showColumns(state: TableState): Promise<void> {
    if (state.columns) return;
    try {
      const columns = await serial(async () => {
        await load(state);
        const d = await execute(`SELECT column_name, column_type FROM (DESCRIBE ${quoteIdent(state.table.name)})`);
        return arrowToRows<{ column_name: string; column_type: string }>(d).map((r) => ({ name: r.column_name, type: r.column_type }));
      });
      state.columns = columns;
      const peek = button(`SELECT * FROM ${state.table.name} LIMIT 100`, `peek-${state.table.name}`, () => {
        editor.set(`SELECT *\nFROM ${state.table.name}\nLIMIT 100`);
        void run();
      });
      peek.classList.add("explore-peek");
      state.body.append(columnList(columns), peek);
    } catch (e) {
      state.body.append(errorBox(e, `Could not load ${state.table.name}`));
    }
  }

  /** Tables and views the reader created in this session (CREATE TABLE … in the editor). */
  async function refreshSessionTables(): Promise<void> {
    const names = arrowToRows<{ name: string; type: string }>(
      await execute(`SELECT table_name AS name, table_type AS type FROM information_schema.tables WHERE table_schema = 'main' AND table_name <> ${quoteLiteral(RESULT_TABLE)} ORDER BY 1`),
    ).filter((r) => !known.some((k) => k.toLowerCase() === r.name.toLowerCase()));
    sessionList.replaceChildren(
      ...(names.length ? [el("h4", {}, "Created in this session")] : []),
      ...names.map((r) => el("div", { class: "explore-session-table" }, el("code", {}, r.name), " ", el("span", { class: "explore-meta" }, r.type === "VIEW" ? "view" : "table"))),
    );
  }

  // --- examples -----------------------------------------------------------------------------
  const examples = el(
    "div",
    { class: "explore-examples", "data-testid": "explore-examples" },
    el("span", { class: "explore-meta" }, "Examples: "),
    ...opts.examples.map((x, i) =>
      button(x.title, `example-${i}`, () => {
        editor.set(x.sql);
        void run();
      }),
    ),
  );

  // --- running --------------------------------------------------------------------------------
  function setStatus(state: string, text: string, data: Record<string, string | number> = {}): void {
    status.dataset.state = state;
    for (const [k, v] of Object.entries(data)) status.dataset[k] = String(v);
    status.textContent = text;
  }

  async function cancel(): Promise<void> {
    if (!running) return;
    cancelled = true;
    cancelSignal();
    setStatus("cancelling", "Cancelling…");
    await cancelQuery().catch(() => false);
  }

  async function run(): Promise<void> {
    if (running) return;
    const sql = editor.textarea.value;
    running = true;
    cancelled = false;
    const cancelledPromise = new Promise<"cancelled">((resolve) => (cancelSignal = () => resolve("cancelled")));
    const thisRun = ++runId;
    runButton.disabled = true;
    cancelButton.disabled = false;
    errorSlot.replaceChildren();
    if (sqlFromHash(location.hash) !== sql) history.replaceState(history.state, "", hashForSql(sql));
    const t0 = performance.now();
    const loads: string[] = [];
    let loadMs = 0;
    let startMs = 0;
    setStatus("running", "Running…", { run: thisRun });
    try {
      const statements = splitStatements(sql);
      if (!statements.length) throw new Error("Nothing to run: the editor holds no SQL statement.");
      const outcome = await serial(async () => {
        // 0. The first run starts DuckDB-WASM (fetch + compile the wasm, open the database).
        if (!duckdbStarted) {
          setStatus("loading", "Starting DuckDB…");
          const ts = performance.now();
          await getConnection();
          duckdbStarted = true;
          startMs = performance.now() - ts;
        }
        // 1. Load the tables the script names (the download and decode happen here, once).
        const needed = referencedTables(sql, known).map((n) => states.get(n)!).filter((s) => s.rows === null);
        if (needed.length) {
          setStatus("loading", `Loading ${needed.map((s) => `${s.table.name} (${formatBytes(s.table.size ?? NaN)})`).join(", ")}…`);
          const tl = performance.now();
          const loaded = Promise.all(needed.map(load));
          // A load cannot be interrupted; a cancel skips the query and waits for the load to end.
          if ((await Promise.race([loaded, cancelledPromise])) === "cancelled") {
            await loaded.catch(() => undefined);
            return "cancelled" as const;
          }
          loadMs = performance.now() - tl;
          for (const s of needed) loads.push(s.table.name);
        }
        setStatus("running", "Running…");
        // 2. Every statement but the last runs as is; the last one's rows are stored for paging.
        const tx = performance.now();
        for (const [i, st] of statements.entries()) {
          if (cancelled) return "cancelled" as const;
          const last = i === statements.length - 1;
          const wrapped = last ? materialiseSql(st.text, RESULT_TABLE) : null;
          try {
            if (wrapped) {
              await execute(wrapped.sql);
              result = await storedResult();
            } else {
              const table = await execute(st.text);
              if (last) result = inMemoryResult(table);
            }
          } catch (e) {
            // Whatever DuckDB says about an interrupted query, the reader asked for it.
            if (cancelled) return "cancelled" as const;
            const err = parseDuckDbError(messageOf(e));
            const at = err.position === null ? null : st.start + err.position - (wrapped?.offset ?? 0);
            if (at !== null && at >= st.start && at <= st.start + st.text.length) editor.textarea.setSelectionRange(at, at);
            throw new Error(shiftErrorLines(err.message, errorLineDelta(st, wrapped?.lines ?? 0)));
          }
        }
        const execMs = performance.now() - tx;
        await refreshSessionTables().catch(() => undefined);
        return { execMs };
      });
      const totalMs = performance.now() - t0;
      if (outcome === "cancelled") {
        setStatus("cancelled", `Cancelled after ${formatDuration(totalMs)}.`, { totalMs: Math.round(totalMs) });
        return;
      }
      page = 0;
      await renderResult();
      const n = result!.rowCount;
      const notes = [...(startMs ? [`starting DuckDB: ${formatDuration(startMs)}`] : []), ...(loads.length ? [`loading ${loads.join(", ")}: ${formatDuration(loadMs)}`] : [])];
      const loadNote = notes.length ? ` (+ ${notes.join("; ")})` : "";
      setStatus("done", `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"} in ${formatDuration(outcome.execMs)}${loadNote}.`, {
        rows: n,
        execMs: outcome.execMs.toFixed(1),
        loadMs: loadMs.toFixed(1),
        startMs: startMs.toFixed(1),
        totalMs: totalMs.toFixed(1),
      });
    } catch (e) {
      setStatus("error", "The query failed.");
      errorSlot.replaceChildren(errorBox(e, "DuckDB could not run the query"));
    } finally {
      running = false;
      runButton.disabled = false;
      cancelButton.disabled = true;
    }
  }

  // --- result table, pager, chart, downloads -------------------------------------------------
  const tableWrap = el("div", { class: "explore-table-wrap" });
  const pager = el("div", { class: "explore-pager" });
  const chartSlot = el("div", { class: "explore-chart", "data-testid": "explore-chart" });

  async function renderResult(): Promise<void> {
    if (!result) return;
    resultSlot.replaceChildren(
      el(
        "div",
        { class: "explore-result-head" },
        el("span", { "data-testid": "explore-row-count" }, `${result.rowCount.toLocaleString("en-US")} rows × ${result.columns.length} columns`),
        button("Download CSV", "explore-download-csv", () => void download("csv")),
        button("Download Parquet", "explore-download-parquet", () => void download("parquet")),
      ),
      tableWrap,
      pager,
      el("details", { class: "explore-chart-box", open: "" }, el("summary", {}, "Chart"), chartSlot),
    );
    await Promise.all([renderPage(), renderChartControls()]);
  }

  async function renderPage(): Promise<void> {
    const r = result!;
    const w = pageWindow(r.rowCount, pageSize, page);
    page = w.page;
    const rows = w.limit ? await r.rows(w.offset, w.limit) : [];
    const kinds = r.columns.map((c) => columnKind(c.type));
    const head = el("tr", {}, el("th", { class: "num explore-rownum" }, "#"), ...r.columns.map((c, j) => el("th", { class: isNumeric(kinds[j]) ? "num" : "", title: c.type }, c.name, el("div", { class: "explore-type" }, c.type))));
    const body = el("tbody");
    rows.forEach((row, i) => {
      const tr = el("tr", {}, el("td", { class: "num explore-rownum" }, String(w.offset + i + 1)));
      r.columns.forEach((c, j) => {
        const v = row[c.name];
        tr.append(el("td", { class: `${isNumeric(kinds[j]) ? "num" : ""}${v === null || v === undefined ? " null" : ""}` }, cellText(v)));
      });
      body.append(tr);
    });
    tableWrap.replaceChildren(el("table", { class: "explore-table", "data-testid": "explore-table" }, el("thead", {}, head), body));
    const go = (p: number) => () => {
      page = p;
      void renderPage();
    };
    const nav = (label: string, testid: string, p: number, disabled: boolean) => {
      const b = button(label, testid, go(p));
      b.disabled = disabled;
      return b;
    };
    pager.replaceChildren(
      nav("« First", "page-first", 0, w.page === 0),
      nav("‹ Previous", "page-prev", w.page - 1, w.page === 0),
      el("span", { "data-testid": "page-info" }, `rows ${w.from.toLocaleString("en-US")}–${w.to.toLocaleString("en-US")} of ${r.rowCount.toLocaleString("en-US")} · page ${w.page + 1} of ${w.pages.toLocaleString("en-US")}`),
      nav("Next ›", "page-next", w.page + 1, w.page >= w.pages - 1),
      nav("Last »", "page-last", w.pages - 1, w.page >= w.pages - 1),
      select("rows per page", "page-size", PAGE_SIZES.map((s) => [String(s), String(s)] as const), String(pageSize), (v) => {
        pageSize = Number(v);
        page = 0;
        void renderPage();
      }),
    );
  }

  async function renderChartControls(): Promise<void> {
    const r = result!;
    const choice = defaultChart(r.columns, await r.rows(0, Math.min(200, r.rowCount)));
    if (!choice.x || !choice.y) {
      chartSlot.replaceChildren(el("p", { class: "explore-note" }, "Nothing to chart: the result has no numeric column."));
      return;
    }
    const names = r.columns.map((c) => [c.name, c.name] as const);
    const plotSlot = el("div", { "data-testid": "explore-plot" });
    const redraw = () => void drawChart(plotSlot, choice.x!, choice.y!, choice.color, choice.mark);
    chartSlot.replaceChildren(
      el(
        "div",
        { class: "explore-chart-controls" },
        select("x", "chart-x", names, choice.x, (v) => ((choice.x = v), redraw())),
        select("y", "chart-y", names, choice.y, (v) => ((choice.y = v), redraw())),
        select("colour", "chart-color", [["", "none"], ...names], choice.color ?? "", (v) => ((choice.color = v || null), redraw())),
        select("mark", "chart-mark", [["dot", "dots"], ["line", "lines"], ["bar", "bars"]], choice.mark, (v) => ((choice.mark = v as ChartMark), redraw())),
      ),
      plotSlot,
    );
    await drawChart(plotSlot, choice.x, choice.y, choice.color, choice.mark);
  }

  async function drawChart(slot: HTMLElement, x: string, y: string, color: string | null, mark: ChartMark): Promise<void> {
    const r = result!;
    const cols = [...new Set([x, y, ...(color ? [color] : [])])];
    try {
      let rows = await r.rows(0, Math.min(CHART_ROW_LIMIT, r.rowCount), cols);
      if (mark === "line") rows = [...rows].sort((a, b) => compare(a[x], b[x]));
      const marks =
        mark === "bar"
          ? [Plot.barY(rows, { x, y, ...(color ? { fill: color } : {}), tip: true }), Plot.ruleY([0])]
          : mark === "line"
            ? [Plot.line(rows, { x, y, ...(color ? { stroke: color, z: color } : {}), tip: true })]
            : [Plot.dot(rows, { x, y, ...(color ? { fill: color } : { fill: "currentColor" }), r: 2.5, tip: true })];
      const xKind = columnKind(r.columns.find((c) => c.name === x)?.type ?? "");
      const categorical = xKind === "text" || xKind === "boolean" || mark === "bar";
      const width = Math.max(480, Math.min(1200, resultSlot.clientWidth || 900));
      const chart = Plot.plot({
        width,
        height: 360,
        marginLeft: 60,
        marginBottom: categorical ? 70 : 40,
        grid: true,
        color: { legend: Boolean(color) },
        x: { label: x, ...(categorical ? { tickRotate: -30 } : {}) },
        y: { label: y },
        marks,
      });
      const note = r.rowCount > CHART_ROW_LIMIT ? el("p", { class: "explore-note" }, `The chart draws the first ${CHART_ROW_LIMIT.toLocaleString("en-US")} of ${r.rowCount.toLocaleString("en-US")} rows; aggregate in SQL to see all of them.`) : "";
      slot.replaceChildren(chart, note);
    } catch (e) {
      slot.replaceChildren(errorBox(e, "Could not draw the chart"));
    }
  }

  async function download(format: "csv" | "parquet"): Promise<void> {
    if (!result || running) return;
    const r = result;
    const t0 = performance.now();
    setStatus("downloading", `Writing ${format.toUpperCase()}…`);
    try {
      const blob = await serial(async () => {
        if (format === "csv") {
          const names = r.columns.map((c) => c.name);
          const parts: string[] = [csvRow(names) + CSV_EOL];
          let done = 0;
          for await (const batch of r.batches()) {
            for (const chunk of csvChunks(names, arrowToRows(batch))) parts.push(chunk);
            done += batch.numRows;
            status.textContent = `Writing CSV… ${done.toLocaleString("en-US")} of ${r.rowCount.toLocaleString("en-US")} rows`;
          }
          return new Blob(parts, { type: "text/csv" });
        }
        return parquetBlob(r, (done) => (status.textContent = `Writing Parquet… ${done.toLocaleString("en-US")} of ${r.rowCount.toLocaleString("en-US")} rows`));
      });
      saveBlob(blob, `${prefix}.${format}`);
      setStatus("done", `Downloaded ${r.rowCount.toLocaleString("en-US")} rows as ${format.toUpperCase()} (${formatBytes(blob.size)}) in ${formatDuration(performance.now() - t0)}.`);
    } catch (e) {
      setStatus("error", `The ${format.toUpperCase()} download failed.`);
      errorSlot.replaceChildren(errorBox(e, `Could not write the ${format.toUpperCase()} file`));
    }
  }

  // --- URL hash ---------------------------------------------------------------------------------
  const onHash = () => {
    const sql = sqlFromHash(location.hash);
    if (sql !== null && sql !== editor.textarea.value) {
      editor.set(sql);
      void run();
    }
  };
  addEventListener("hashchange", onHash);
  void opts.invalidation?.then(() => removeEventListener("hashchange", onHash));

  const fromHash = sqlFromHash(location.hash);
  editor.set(fromHash ?? opts.initialSql);
  if (fromHash !== null || opts.runInitial) queueMicrotask(() => void run());

  return el(
    "div",
    { class: "explore", "data-testid": "explore" },
    el(
      "div",
      { class: "explore-main" },
      examples,
      editor.element,
      el("div", { class: "explore-actions" }, runButton, cancelButton, el("span", { class: "explore-note" }, "Ctrl+Enter (⌘+Enter) runs · DuckDB runs in a worker: the page stays usable")),
      status,
      errorSlot,
      resultSlot,
    ),
    schema,
  );
}

function compare(a: unknown, b: unknown): number {
  const va = a instanceof Date ? a.getTime() : a;
  const vb = b instanceof Date ? b.getTime() : b;
  if (va === vb) return 0;
  if (va === null || va === undefined) return 1;
  if (vb === null || vb === undefined) return -1;
  return (va as number) < (vb as number) ? -1 : 1;
}
