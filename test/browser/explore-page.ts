/**
 * Driving the Explore page from Playwright (browser tests and bench/explore): its status line
 * carries the run number and state (running, done, error, cancelled) and the page's own timings.
 */
import type { Page } from "playwright-core";

export const STATUS = '[data-testid="explore-status"]';

export interface ExploreStatus {
  state: string;
  text: string;
  run: number;
  /** Page-measured milliseconds of the last finished run (NaN before one). */
  execMs: number;
  loadMs: number;
  startMs: number;
}

export async function exploreStatus(page: Page): Promise<ExploreStatus> {
  return page.$eval(STATUS, (e) => {
    const d = (e as HTMLElement).dataset;
    return { state: d.state ?? "", text: e.textContent ?? "", run: Number(d.run), execMs: Number(d.execMs), loadMs: Number(d.loadMs), startMs: Number(d.startMs) };
  });
}

/** Wait until a run numbered above `after` has ended (done, error or cancelled). */
export async function runFinished(page: Page, after: number, timeout = 180_000): Promise<ExploreStatus> {
  await page.waitForFunction(
    ([sel, n]) => {
      const s = document.querySelector(sel as string) as HTMLElement | null;
      return !!s && Number(s.dataset.run) > (n as number) && ["done", "error", "cancelled"].includes(s.dataset.state ?? "");
    },
    [STATUS, after] as const,
    { timeout },
  );
  return exploreStatus(page);
}

/** Type `sql` into the editor, run it with Ctrl+Enter and wait for the end. */
export async function runSql(page: Page, sql: string): Promise<ExploreStatus> {
  const { run } = await exploreStatus(page);
  await page.fill('[data-testid="explore-sql"]', sql);
  await page.press('[data-testid="explore-sql"]', "Control+Enter");
  return runFinished(page, run);
}

/** The result table's body as cell texts (without the row-number column). */
export async function tableCells(page: Page): Promise<string[][]> {
  return page.$$eval('[data-testid="explore-table"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(1).map((td) => td.textContent ?? "")));
}

/** The result table's body as exact values: a cell's title where the cell rounds its number, else its text. */
export async function tableValues(page: Page): Promise<string[][]> {
  return page.$$eval('[data-testid="explore-table"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(1).map((td) => td.getAttribute("title") ?? td.textContent ?? "")));
}
