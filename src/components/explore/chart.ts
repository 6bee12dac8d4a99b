/**
 * Explore's quick chart: a first x/y/colour/mark choice from the result's columns
 * (result-view.ts `defaultChart`), which the reader changes with four selects. Rows are read with
 * every numeric column cast to DOUBLE (BIGINT and HUGEINT counts chart like any number), the left
 * margin grows with the tick labels, and the scales are inset so the extreme points are drawn
 * whole inside the frame.
 */
import * as Plot from "@observablehq/plot";
import { columnKind, defaultChart, type ChartMark } from "../../lib/explore/result-view.js";
import { marginFor } from "../axis.js";
import { errorBox } from "../ui.js";
import type { ResultSet, Row } from "./result-set.js";
import { count, el, select } from "./dom.js";

/** Rows the quick chart draws at most (the reader aggregates in SQL for more). */
export const CHART_ROW_LIMIT = 10_000;
/** Pixels between the frame and the extreme points. */
const INSET = 8;

export async function quickChart(r: ResultSet, width: () => number): Promise<HTMLElement> {
  const slot = el("div", { class: "explore-chart", "data-testid": "explore-chart" });
  const choice = defaultChart(r.columns, await r.rows(0, Math.min(200, r.rowCount)));
  if (!choice.x || !choice.y) {
    slot.append(el("p", { class: "explore-note" }, "Nothing to chart: the result has no numeric column."));
    return slot;
  }
  const names = r.columns.map((c) => [c.name, c.name] as const);
  const plotSlot = el("div", { "data-testid": "explore-plot" });
  const redraw = () => void draw(plotSlot, r, choice.x!, choice.y!, choice.color, choice.mark, width());
  slot.append(
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
  await draw(plotSlot, r, choice.x, choice.y, choice.color, choice.mark, width());
  return slot;
}

async function draw(slot: HTMLElement, r: ResultSet, x: string, y: string, color: string | null, mark: ChartMark, width: number): Promise<void> {
  const cols = [...new Set([x, y, ...(color ? [color] : [])])];
  try {
    let rows = await r.rows(0, Math.min(CHART_ROW_LIMIT, r.rowCount), "chart", cols);
    if (mark === "line") rows = [...rows].sort((a, b) => compare(a[x], b[x]));
    const marks =
      mark === "bar"
        ? [Plot.barY(rows, { x, y, ...(color ? { fill: color } : {}), tip: true }), Plot.ruleY([0])]
        : mark === "line"
          ? [Plot.line(rows, { x, y, ...(color ? { stroke: color, z: color } : {}), tip: true })]
          : [Plot.dot(rows, { x, y, ...(color ? { fill: color } : { fill: "currentColor" }), r: 2.5, tip: true })];
    const kindOf = (name: string) => columnKind(r.columns.find((c) => c.name === name)?.type ?? "");
    const categorical = kindOf(x) === "text" || kindOf(x) === "boolean" || mark === "bar";
    const yNumeric = rows.map((d: Row) => d[y]).filter((v): v is number => typeof v === "number");
    const chart = Plot.plot({
      width: Math.max(480, Math.min(1200, width || 900)),
      height: 360,
      marginLeft: marginFor(yNumeric, { min: 50 }),
      marginBottom: categorical ? 70 : 40,
      grid: true,
      clip: false,
      color: { legend: Boolean(color) },
      x: { label: x, ...(categorical ? { tickRotate: -30 } : { inset: INSET }) },
      y: { label: y, ...(mark === "bar" ? {} : { inset: INSET }) },
      marks,
    });
    const note = r.rowCount > CHART_ROW_LIMIT ? el("p", { class: "explore-note" }, `The chart draws the first ${count(CHART_ROW_LIMIT)} of ${count(r.rowCount)} rows; aggregate in SQL to see all of them.`) : "";
    slot.replaceChildren(chart, note);
  } catch (e) {
    slot.replaceChildren(errorBox(e, "Could not draw the chart"));
  }
}

function compare(a: unknown, b: unknown): number {
  const va = a instanceof Date ? a.getTime() : a;
  const vb = b instanceof Date ? b.getTime() : b;
  if (va === vb) return 0;
  if (va === null || va === undefined) return 1;
  if (vb === null || vb === undefined) return -1;
  return (va as number) < (vb as number) ? -1 : 1;
}
