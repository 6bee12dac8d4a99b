/**
 * Small DOM helpers shared by the pages: plain functions returning elements, Framework style.
 */
import { html } from "htl";
import { SWEEP_PAGES } from "../lib/pages.js";

/** A per-sweep navigation bar (pages of the same sweep, in the sidebar's order). */
export function sweepNav(sweepId: string, current: string, pages: { file: string; name: string }[] = SWEEP_PAGES): HTMLElement {
  const links = pages.map((p) => {
    const a = html`<a href=${`./${p.file}.html`}>${p.name}</a>` as HTMLAnchorElement;
    if (p.file === current) a.setAttribute("aria-current", "page");
    return a;
  });
  return html`<nav class="ftf-sweep-nav ftf-no-print" aria-label=${`Pages of sweep ${sweepId}`}>${links}</nav>` as HTMLElement;
}

/** An error block that keeps DuckDB's (or the loader's) message visible on the page. */
export function errorBox(error: unknown, context?: string): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  // The line break is an interpolated string: a "\\n" written in htl's template stays a backslash
  // and an n on the page.
  return html`<div class="ftf-error" role="alert">${context ? html`<strong>${context}</strong>` : ""}${context ? "\n" : ""}${message}</div>` as HTMLElement;
}

export function warningBox(content: unknown): HTMLElement {
  return html`<div class="ftf-warning">${content}</div>` as HTMLElement;
}

/** A labelled figure for the KPI row. */
export function kpi(label: string, value: unknown, attrs: Record<string, string> = {}): HTMLElement {
  const el = html`<div class="ftf-kpi"><div class="label">${label}</div><div class="value">${value}</div></div>` as HTMLElement;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

export function kpis(...items: HTMLElement[]): HTMLElement {
  return html`<div class="ftf-kpis">${items}</div>` as HTMLElement;
}

/**
 * "Show SQL": the query behind a chart, with a link that opens it in the sweep's Explore page.
 */
export function showSql(sql: string, explorePath = "./explore.html"): HTMLElement {
  const href = `${explorePath}#sql=${encodeURIComponent(sql.trim())}`;
  return html`<details class="ftf-sql"><summary>Show SQL</summary><pre><code>${sql.trim()}</code></pre><a href=${href}>Open in Explore →</a></details>` as HTMLElement;
}
