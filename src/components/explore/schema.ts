/**
 * Explore's table list: every table the page can load, with its file size, loaded on demand
 * (when a query names it or the reader opens it), its columns to insert into the query, and the
 * tables the reader created in the session.
 *
 * Sizes: Framework's `FileAttachment.size` is the built file's size in a build, but in the dev
 * server it is the data loader script's; once a table is downloaded the list shows the bytes that
 * actually arrived.
 */
import { arrowToRows, query, registerParquet, registeredBytes, type BytesSource } from "../db.js";
import { describeSql, RESULT_TABLE, sessionTablesSql } from "../../lib/explore/runner.js";
import { formatDuration, type ResultColumn } from "../../lib/explore/result-view.js";
import { bytes as formatBytes } from "../../lib/format.js";
import { quoteIdentIfNeeded } from "../../lib/sql/quote.js";
import { errorBox } from "../ui.js";
import { button, count, el } from "./dom.js";

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

export interface TableList {
  element: HTMLElement;
  /** The tables among `names` that are not loaded yet. */
  unloaded(names: readonly string[]): ExploreTable[];
  /** Load tables (each once); resolves when all are in DuckDB. */
  load(tables: readonly ExploreTable[]): Promise<void>;
  /** Re-read the tables and views the reader created. */
  refreshSession(): Promise<void>;
  /** "results (12 kB)": a table as a status line names it. */
  label(t: ExploreTable): string;
}

interface TableState {
  table: ExploreTable;
  rows: number | null;
  loadMs: number | null;
  columns: ResultColumn[] | null;
  details: HTMLDetailsElement;
  meta: HTMLElement;
  body: HTMLElement;
}

export function tableList(tables: readonly ExploreTable[], actions: { insert(text: string): void; run(sql: string): void }): TableList {
  const states = new Map<string, TableState>();
  const known = tables.map((t) => t.name);
  const size = (t: ExploreTable) => formatBytes(registeredBytes(t.name) ?? t.size ?? Number.NaN);
  const list = el("div", { class: "explore-schema-list" });
  for (const table of tables) {
    const meta = el("span", { class: "explore-meta", "data-testid": `schema-size-${table.name}` }, `${size(table)} · not loaded`);
    const body = el("div", { class: "explore-schema-body" }, el("p", { class: "explore-desc" }, table.description));
    const details = el("details", { "data-testid": `schema-${table.name}`, "data-loaded": "false" }, el("summary", {}, el("code", {}, table.name), " ", meta), body);
    const state: TableState = { table, rows: null, loadMs: null, columns: null, details, meta, body };
    details.addEventListener("toggle", () => {
      if (details.open) void showColumns(state);
    });
    states.set(table.name, state);
    list.append(details);
  }
  const session = el("div", { class: "explore-schema-list", "data-testid": "schema-session" });
  const totalBytes = tables.reduce((s, t) => s + (t.size ?? 0), 0);

  async function loadOne(state: TableState): Promise<void> {
    if (state.rows !== null) return;
    state.meta.textContent = `${size(state.table)} · loading…`;
    const t0 = performance.now();
    try {
      state.rows = await registerParquet(state.table.name, state.table.source);
      state.loadMs ??= performance.now() - t0;
      state.details.dataset.loaded = "true";
      state.meta.textContent = `${count(state.rows)} rows · ${size(state.table)} · loaded in ${formatDuration(state.loadMs)}`;
    } catch (e) {
      state.meta.textContent = `${size(state.table)} · failed to load`;
      throw e;
    }
  }

  function columnList(columns: readonly ResultColumn[]): HTMLElement {
    const ul = el("ul", { class: "explore-columns" });
    for (const c of columns) {
      const name = el("button", { type: "button", class: "explore-col", title: "Insert into the query" }, c.name);
      name.addEventListener("click", () => actions.insert(quoteIdentIfNeeded(c.name)));
      ul.append(el("li", {}, name, " ", el("span", { class: "explore-type" }, c.type)));
    }
    return ul;
  }

  async function showColumns(state: TableState): Promise<void> {
    if (state.columns) return;
    try {
      await loadOne(state);
      const rows = arrowToRows<{ column_name: string; column_type: string }>(await query(describeSql(state.table.name)));
      const columns = (state.columns = rows.map((r) => ({ name: r.column_name, type: r.column_type })));
      const sql = `SELECT *\nFROM ${state.table.name}\nLIMIT 100`;
      const peek = button(`SELECT * FROM ${state.table.name} LIMIT 100`, `peek-${state.table.name}`, () => actions.run(sql));
      peek.classList.add("explore-peek");
      state.body.append(columnList(columns), peek);
    } catch (e) {
      state.body.append(errorBox(e, `Could not load ${state.table.name}`));
    }
  }

  return {
    element: el(
      "aside",
      { class: "explore-schema", "data-testid": "explore-schema" },
      el("h3", {}, "Tables"),
      el("p", { class: "explore-note" }, `Each table is downloaded and loaded into DuckDB only when a query names it or you open it here (${formatBytes(totalBytes)} for all of them).`),
      list,
      session,
    ),
    unloaded: (names) => names.map((n) => states.get(n)).filter((s): s is TableState => !!s && s.rows === null).map((s) => s.table),
    load: async (ts) => {
      await Promise.all(ts.map((t) => loadOne(states.get(t.name)!)));
    },
    async refreshSession() {
      const names = arrowToRows<{ name: string; type: string }>(await query(sessionTablesSql([RESULT_TABLE, ...known])));
      session.replaceChildren(
        ...(names.length ? [el("h4", {}, "Created in this session")] : []),
        ...names.map((r) => el("div", { class: "explore-session-table" }, el("code", {}, r.name), " ", el("span", { class: "explore-meta" }, r.type === "VIEW" ? "view" : "table"))),
      );
    },
    label: (t) => `${t.name} (${size(t)})`,
  };
}
