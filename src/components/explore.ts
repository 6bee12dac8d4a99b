/**
 * The Explore page's SQL notebook, put together from small modules: the editor
 * (explore/editor.ts), the table list (explore/schema.ts), the query runner
 * (src/lib/explore/runner.ts, tested in Node against native DuckDB), the result table
 * (explore/result-table.ts), the quick chart (explore/chart.ts) and the downloads
 * (explore/download.ts), over the page's data layer (db.ts), which owns the connection and its
 * queue.
 *
 * Design choices, and why:
 * - Tables load lazily: a Parquet file is fetched and registered only when a query names it or
 *   the reader opens it in the table list (a sweep's files add up to many MB).
 * - A query's rows stay in DuckDB's worker: the last statement is stored with
 *   `CREATE OR REPLACE TEMP TABLE __explore_result AS …` and the page fetches one page at a time,
 *   the chart's first rows, or — for a download — batch by batch.
 * - A script runs while it holds the connection (db.ts `withConnection`), so nothing else on the
 *   page can slip a statement between two of its statements; Cancel (db.ts `cancelQuery`)
 *   interrupts the running one.
 * - An error replaces the previous result: a table left under an error reads as the failed
 *   query's answer.
 */
import { arrowToRows, cancelQuery, startDuckDb, withConnection, type Table } from "./db.js";
import { errorBox } from "./ui.js";
import { hashForSql, referencedTables, sqlFromHash } from "../lib/explore/sql-text.js";
import type { ExampleQuery } from "../lib/explore/examples.js";
import { ExploreQueryError, RESULT_TABLE, runScript, statementsOf, type StatementEngine } from "../lib/explore/runner.js";
import { formatDuration } from "../lib/explore/result-view.js";
import { bytes as formatBytes } from "../lib/format.js";
import { sqlEditor } from "./explore/editor.js";
import { tableList, type ExploreTable } from "./explore/schema.js";
import { arrowColumns, inMemoryResult, storedResult, type ResultSet } from "./explore/result-set.js";
import { resultTable } from "./explore/result-table.js";
import { quickChart } from "./explore/chart.js";
import { resultBlob, saveBlob, type DownloadFormat } from "./explore/download.js";
import { button, count, el } from "./explore/dom.js";

export type { ExploreTable } from "./explore/schema.js";
export { RESULT_TABLE } from "../lib/explore/runner.js";
export { CHART_ROW_LIMIT } from "./explore/chart.js";

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

/** One statement at a time on the held connection, as the runner wants it. */
function wasmEngine(query: (sql: string) => Promise<Table>): StatementEngine<Table> {
  return { run: query, rows: (t) => arrowToRows(t), columns: arrowColumns };
}

/** One run of the editor's script: its status, from start to end. */
interface Run {
  id: number;
  cancelled: boolean;
  /** Resolves when the reader presses Cancel. */
  onCancel: Promise<"cancelled">;
  cancel(): void;
}

function newRun(id: number): Run {
  let cancel!: () => void;
  const onCancel = new Promise<"cancelled">((resolve) => (cancel = () => resolve("cancelled")));
  const run: Run = {
    id,
    cancelled: false,
    onCancel,
    cancel() {
      run.cancelled = true;
      cancel();
    },
  };
  return run;
}

/** Build the whole notebook; `display()` the returned element. */
export function explorer(opts: ExploreOptions): HTMLElement {
  const known = opts.tables.map((t) => t.name);
  const prefix = opts.filePrefix ?? "explore";
  let current: Run | null = null;
  let runs = 0;
  let duckdbStarted = false;
  let result: ResultSet | null = null;

  const editor = sqlEditor(() => void run());
  const runButton = button("Run ▸", "explore-run", () => void run(), "Ctrl+Enter / ⌘+Enter");
  const cancelButton = button("Cancel", "explore-cancel", () => void cancel());
  cancelButton.disabled = true;
  const status = el("div", { class: "explore-status", "data-testid": "explore-status", "aria-live": "polite", "data-state": "idle", "data-run": "0" }, "Ready. Tables load when a query names them.");
  const errorSlot = el("div", { "data-testid": "explore-error" });
  const resultSlot = el("div", { class: "explore-result", "data-testid": "explore-result" });
  const tablesView = tableList(opts.tables, { insert: (t) => editor.insert(t), run: (sql) => (editor.set(sql), void run()) });

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

  function setStatus(state: string, text: string, data: Record<string, string | number> = {}): void {
    status.dataset.state = state;
    for (const [k, v] of Object.entries(data)) status.dataset[k] = String(v);
    status.textContent = text;
  }

  async function cancel(): Promise<void> {
    if (!current) return;
    current.cancel();
    setStatus("cancelling", "Cancelling…");
    await cancelQuery().catch(() => false);
  }

  async function run(): Promise<void> {
    if (current) return;
    const sql = editor.value();
    const r = (current = newRun(++runs));
    runButton.disabled = true;
    cancelButton.disabled = false;
    errorSlot.replaceChildren();
    if (sqlFromHash(location.hash) !== sql) history.replaceState(history.state, "", hashForSql(sql));
    const t0 = performance.now();
    let loadMs = 0;
    let startMs = 0;
    const loads: string[] = [];
    setStatus("running", "Running…", { run: r.id });
    try {
      statementsOf(sql);
      // 0. The first run starts DuckDB-WASM (fetch + compile the wasm, open the database).
      if (!duckdbStarted) {
        setStatus("loading", "Starting DuckDB…");
        const ts = performance.now();
        await startDuckDb();
        duckdbStarted = true;
        startMs = performance.now() - ts;
      }
      // 1. Load the tables the script names (the download and decode happen here, once).
      const needed = tablesView.unloaded(referencedTables(sql, known));
      if (needed.length) {
        setStatus("loading", `Loading ${needed.map(tablesView.label).join(", ")}…`);
        const tl = performance.now();
        const loaded = tablesView.load(needed);
        // A load cannot be interrupted; a cancel skips the query and waits for the load to end.
        if ((await Promise.race([loaded, r.onCancel])) === "cancelled") await loaded.catch(() => undefined);
        loadMs = performance.now() - tl;
        loads.push(...needed.map((t) => t.name));
      }
      // 2. The statements, holding the connection from the first to the last.
      setStatus("running", "Running…");
      const tx = performance.now();
      const outcome = r.cancelled ? ({ kind: "cancelled" } as const) : await withConnection((s) => runScript(wasmEngine(s.query), sql, { cancelled: () => r.cancelled }));
      const execMs = performance.now() - tx;
      const totalMs = performance.now() - t0;
      if (outcome.kind === "cancelled") {
        setStatus("cancelled", `Cancelled after ${formatDuration(totalMs)}.`, { totalMs: Math.round(totalMs) });
        return;
      }
      result = outcome.kind === "stored" ? storedResult(RESULT_TABLE, outcome.columns, outcome.rowCount) : inMemoryResult(outcome.result);
      await tablesView.refreshSession().catch(() => undefined);
      await renderResult(result);
      const n = result.rowCount;
      const notes = [...(startMs ? [`starting DuckDB: ${formatDuration(startMs)}`] : []), ...(loads.length ? [`loading ${loads.join(", ")}: ${formatDuration(loadMs)}`] : [])];
      const loadNote = notes.length ? ` (+ ${notes.join("; ")})` : "";
      setStatus("done", `${count(n)} row${n === 1 ? "" : "s"} in ${formatDuration(execMs)}${loadNote}.`, {
        rows: n,
        execMs: execMs.toFixed(1),
        loadMs: loadMs.toFixed(1),
        startMs: startMs.toFixed(1),
        totalMs: totalMs.toFixed(1),
      });
    } catch (e) {
      if (e instanceof ExploreQueryError && e.position !== null) editor.caret(e.position);
      result = null;
      resultSlot.replaceChildren();
      setStatus("error", "The query failed.");
      errorSlot.replaceChildren(errorBox(e, "DuckDB could not run the query"));
    } finally {
      current = null;
      runButton.disabled = false;
      cancelButton.disabled = true;
    }
  }

  async function renderResult(r: ResultSet): Promise<void> {
    const width = () => resultSlot.clientWidth || 900;
    const [table, chart] = await Promise.all([resultTable(r), quickChart(r, width)]);
    resultSlot.replaceChildren(
      el(
        "div",
        { class: "explore-result-head" },
        el("span", { "data-testid": "explore-row-count" }, `${count(r.rowCount)} rows × ${r.columns.length} columns`),
        button("Download CSV", "explore-download-csv", () => void download(r, "csv")),
        button("Download Parquet", "explore-download-parquet", () => void download(r, "parquet")),
      ),
      table,
      el("details", { class: "explore-chart-box", open: "" }, el("summary", {}, "Chart"), chart),
    );
  }

  async function download(r: ResultSet, format: DownloadFormat): Promise<void> {
    if (current) return;
    const t0 = performance.now();
    const name = format.toUpperCase();
    setStatus("downloading", `Writing ${name}…`);
    try {
      const blob = await resultBlob(r, format, (done) => (status.textContent = `Writing ${name}… ${count(done)} of ${count(r.rowCount)} rows`));
      saveBlob(blob, `${prefix}.${format}`);
      setStatus("done", `Downloaded ${count(r.rowCount)} rows as ${name} (${formatBytes(blob.size)}) in ${formatDuration(performance.now() - t0)}.`);
    } catch (e) {
      setStatus("error", `The ${name} download failed.`);
      errorSlot.replaceChildren(errorBox(e, `Could not write the ${name} file`));
    }
  }

  // --- URL hash ---------------------------------------------------------------------------------
  const onHash = () => {
    const sql = sqlFromHash(location.hash);
    if (sql !== null && sql !== editor.value()) {
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
    tablesView.element,
  );
}
