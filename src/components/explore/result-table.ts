/**
 * Explore's result table: one page of rows at a time with a pager. Numbers are printed by
 * src/lib/format.ts (`cellText`), the exact value is the cell's title when the text rounds it.
 */
import { cellText, columnKind, exactText, isNumeric, pageWindow } from "../../lib/explore/result-view.js";
import type { ResultSet } from "./result-set.js";
import { button, count, el, select } from "./dom.js";

const PAGE_SIZES = [25, 100, 500, 1000];

/** The table and its pager for `r`; resolves once the first page is drawn. */
export async function resultTable(r: ResultSet, initialPageSize = 100): Promise<HTMLElement> {
  let page = 0;
  let pageSize = initialPageSize;
  const tableWrap = el("div", { class: "explore-table-wrap" });
  const pager = el("div", { class: "explore-pager" });
  const kinds = r.columns.map((c) => columnKind(c.type));
  const numeric = (j: number) => (isNumeric(kinds[j]) ? "num" : "");

  async function draw(): Promise<void> {
    const w = pageWindow(r.rowCount, pageSize, page);
    page = w.page;
    const rows = w.limit ? await r.rows(w.offset, w.limit) : [];
    const head = el("tr", {}, el("th", { class: "num explore-rownum" }, "#"), ...r.columns.map((c, j) => el("th", { class: numeric(j), title: c.type }, c.name, el("div", { class: "explore-type" }, c.type))));
    const body = el("tbody");
    rows.forEach((row, i) => {
      const tr = el("tr", {}, el("td", { class: "num explore-rownum" }, String(w.offset + i + 1)));
      r.columns.forEach((c, j) => {
        const v = row[c.name];
        const exact = exactText(v);
        tr.append(el("td", { class: `${numeric(j)}${v === null || v === undefined ? " null" : ""}`, ...(exact ? { title: exact } : {}) }, cellText(v)));
      });
      body.append(tr);
    });
    tableWrap.replaceChildren(el("table", { class: "explore-table", "data-testid": "explore-table" }, el("thead", {}, head), body));
    const go = (p: number) => () => {
      page = p;
      void draw();
    };
    const nav = (label: string, testid: string, p: number, disabled: boolean) => {
      const b = button(label, testid, go(p));
      b.disabled = disabled;
      return b;
    };
    pager.replaceChildren(
      nav("« First", "page-first", 0, w.page === 0),
      nav("‹ Previous", "page-prev", w.page - 1, w.page === 0),
      el("span", { "data-testid": "page-info" }, `rows ${count(w.from)}–${count(w.to)} of ${count(r.rowCount)} · page ${w.page + 1} of ${count(w.pages)}`),
      nav("Next ›", "page-next", w.page + 1, w.page >= w.pages - 1),
      nav("Last »", "page-last", w.pages - 1, w.page >= w.pages - 1),
      select("rows per page", "page-size", PAGE_SIZES.map((s) => [String(s), String(s)] as const), String(pageSize), (v) => {
        pageSize = Number(v);
        page = 0;
        void draw();
      }),
    );
  }
  await draw();
  return el("div", { class: "explore-result-table" }, tableWrap, pager);
}
