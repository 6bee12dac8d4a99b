/**
 * The Monitoring page's parts: the status board, the stage gates, the metrics table and the four
 * charts, all drawn from the precomputed report (`ftf monitor --json`). No rule or threshold lives
 * here: every value, status and threshold comes from the JSON.
 */
import * as Plot from "@observablehq/plot";
import { html } from "htl";
import { num, pval, signed } from "../lib/format.js";
import { HOUR_MS } from "../lib/time.js";
import type { MetricOut, MonitorReport, StageOut, Status, TriggerOut } from "../lib/monitor/evaluate.js";

const LABEL: Record<Status | "error", string> = { ok: "OK", warn: "WARN", critical: "CRITICAL", not_assessable: "N/A", error: "ERROR" };
const CLASS: Record<Status | "error", string> = { ok: "ftf-pass", warn: "ftf-warn", critical: "ftf-fail", not_assessable: "ftf-muted", error: "ftf-fail" };

export function statusBadge(s: Status | "error", testid?: string): HTMLElement {
  const el = html`<span class=${`ftf-status ${CLASS[s]}`} data-status=${s}>${LABEL[s]}</span>` as HTMLElement;
  if (testid) el.dataset.testid = testid;
  return el;
}

const value = (x: number | null) => (x !== null && Number.isInteger(x) ? String(x) : num(x, 4));
const when = (iso: string | null) => (iso ? iso.replace("T", " ").replace(/:00Z$/, "Z") : "—");

/** The overall banner: status, as of, and the fired triggers by name. */
export function statusBanner(r: MonitorReport): HTMLElement {
  const fired = r.triggers.filter((t) => t.status === "warn" || t.status === "critical");
  return html`<div class=${`ftf-monitor-banner ftf-monitor-${r.status}`} data-testid="monitor-status" data-status=${r.status}>
    <div class="ftf-monitor-big">${statusBadge(r.status)}</div>
    <div><strong>${fired.length ? `${fired.length} rollback trigger${fired.length === 1 ? "" : "s"} fired: ${fired.map((t) => t.id).join(", ")}` : "Every rollback trigger is within its threshold"}</strong>
    <div class="ftf-muted">as of ${when(r.at)} · ${r.variant} of ${r.sweep_id} on ${r.cryptos.join(", ")} · stage ${r.stage} · live since ${when(r.live_start)}</div>
    ${fired.length ? html`<div>First action: ${fired.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1))[0].action}</div>` : ""}</div>
  </div>` as HTMLElement;
}

/** The status board: one row per rollback trigger (spec §5, §1 alerts, §4 stage 4). */
export function triggerBoard(r: MonitorReport): HTMLElement {
  const row = (t: TriggerOut) => html`<tr data-trigger=${t.id} data-status=${t.status}>
    <td>${statusBadge(t.status)}</td>
    <td><strong>${t.title}</strong><div class="ftf-muted"><code>${t.id}</code> · ${t.priority} · ${t.source}</div></td>
    <td class="num" data-field="value">${value(t.value)}</td>
    <td class="num" data-field="threshold">${value(t.threshold)}</td>
    <td data-field="fired_at">${when(t.fired_at)}${t.fired_at ? html`<div class="ftf-muted">${t.active ? "still holds" : "no longer holds"}</div>` : ""}</td>
    <td><div>${t.message}</div><details><summary class="ftf-muted">rule</summary>${t.rule}</details></td>
    <td>${t.status === "warn" || t.status === "critical" ? html`<strong>${t.action}</strong>` : html`<span class="ftf-muted">${t.action}</span>`}<div class="ftf-muted">reversal: ${t.reversal_latency}</div></td>
  </tr>`;
  return html`<div class="ftf-wide"><table class="ftf-table ftf-monitor-board" data-testid="trigger-board">
    <thead><tr><th>status</th><th>trigger</th><th>value</th><th>threshold</th><th>since</th><th>what the rule saw</th><th>runbook action</th></tr></thead>
    <tbody>${r.triggers.map(row)}</tbody></table></div>` as HTMLElement;
}

export function stageTable(stages: readonly StageOut[]): HTMLElement {
  return html`<table class="ftf-table" data-testid="stage-gates"><thead><tr><th>stage</th><th>gate (spec §4)</th><th>status</th><th>what was found</th></tr></thead>
    <tbody>${stages.map((s) => html`<tr data-stage=${s.stage} data-status=${s.status} class=${s.current ? "ftf-current" : ""}>
      <td>${s.current ? "▶ " : ""}${s.stage} · ${s.name}</td><td>${s.gate}</td><td>${statusBadge(s.status)}</td><td>${s.message}</td></tr>`)}</tbody></table>` as HTMLElement;
}

export function metricsTable(metrics: readonly MetricOut[]): HTMLElement {
  const detail = (m: MetricOut) => {
    const d = m.detail;
    if (m.id.startsWith("feature.") || m.id === "buy_proba")
      return `std ${num(d.live_std as number | null, 4)} vs ${num((d.training_std ?? d.reference_std) as number | null, 4)}; last window KS D ${num(d.ks_statistic as number | null, 3)}, p ${pval(d.ks_pvalue as number | null)}`;
    if (m.id.startsWith("f1_buy")) return `regression ${signed(d.regression as number | null, 4)} (worst ${signed(d.worst_regression as number | null, 4)}); baseline from ${d.baseline_source ?? "—"}`;
    if (m.id === "correlation_720h") return `limits [${num(d.lcl as number | null, 3)}, ${num(d.ucl as number | null, 3)}], ${d.bars_outside} bars outside`;
    return Object.entries(d).map(([k, v]) => `${k} ${v}`).join(", ");
  };
  return html`<div class="ftf-wide"><table class="ftf-table" data-testid="metrics-table"><thead><tr><th>metric</th><th>crypto</th><th>live</th><th>training / baseline</th><th>threshold</th><th>status</th><th>detail</th></tr></thead>
    <tbody>${metrics.map((m) => html`<tr data-metric=${m.id} data-status=${m.status}><td>${m.name}<div class="ftf-muted"><code>${m.id}</code></div></td><td>${m.crypto ?? "—"}</td>
      <td class="num">${value(m.value)}</td><td class="num">${value(m.reference)}</td><td>${m.threshold_text}</td><td>${statusBadge(m.status)}${m.reason ? html`<div class="ftf-muted">${m.reason}</div>` : ""}</td><td class="ftf-muted">${detail(m)}</td></tr>`)}</tbody></table></div>` as HTMLElement;
}

/** Rolling f1_buy of the live model and the baseline, with baseline + uplift and baseline − regression lines. */
export function f1Chart(r: MonitorReport, crypto: string, width: number): HTMLElement | SVGSVGElement {
  const up = r.thresholds.monitor.stage4_min_uplift;
  const down = r.thresholds.monitor.f1_regression_max;
  const pts = r.series.f1.filter((p) => p.crypto === crypto).map((p) => ({ ...p, date: new Date(p.t) }));
  if (!pts.length) return html`<p class="ftf-muted">No rolling ${r.thresholds.monitor.f1_window_days}-day window yet (live for less than ${r.thresholds.monitor.f1_window_days} days, or no outcomes).</p>` as HTMLElement;
  const long = pts.flatMap((p) => [
    { date: p.date, series: "live", f1: p.live },
    { date: p.date, series: "baseline", f1: p.baseline },
    { date: p.date, series: `baseline + ${up}`, f1: p.baseline === null ? null : p.baseline + up },
    { date: p.date, series: `baseline − ${down}`, f1: p.baseline === null ? null : p.baseline - down },
  ]);
  const fired = r.triggers.find((t) => t.id === "f1_regression_7d")?.subjects.find((s) => s.crypto === crypto)?.fired_at ?? null;
  return Plot.plot({
    width,
    height: 300,
    x: { type: "utc", label: "window end" },
    y: { label: `f1_buy over the last ${r.thresholds.monitor.f1_window_days} days`, grid: true },
    color: { legend: true, domain: ["live", "baseline", `baseline + ${up}`, `baseline − ${down}`], range: ["#1f77b4", "#555", "#2ca02c", "#d62728"] },
    marks: [
      Plot.line(long.filter((d) => d.f1 !== null && (d.series === "live" || d.series === "baseline")), { x: "date", y: "f1", stroke: "series", tip: true }),
      Plot.line(long.filter((d) => d.f1 !== null && d.series !== "live" && d.series !== "baseline"), { x: "date", y: "f1", stroke: "series", strokeDasharray: "4,3" }),
      ...(fired ? [Plot.ruleX([new Date(fired)], { stroke: "#d62728", strokeOpacity: 0.6 }), Plot.text([{ x: new Date(fired) }], { x: "x", frameAnchor: "top", text: () => "f1_regression_7d fired", dx: 4, textAnchor: "start", fill: "#d62728" })] : []),
    ],
  }) as SVGSVGElement;
}

/** A distribution of the live values against its reference, on shared bins (densities). */
export function distributionChart(d: MonitorReport["series"]["distributions"][number], width: number, referenceLabel: string): SVGSVGElement {
  const rows = d.reference.flatMap((ref, k) => [
    { x1: d.edges[k], x2: d.edges[k + 1], share: ref, sample: referenceLabel },
    { x1: d.edges[k], x2: d.edges[k + 1], share: d.live[k], sample: "live" },
  ]);
  return Plot.plot({
    width,
    height: 170,
    x: { label: d.name },
    y: { label: "share of bars", grid: true },
    color: { legend: true, domain: [referenceLabel, "live"], range: ["#999", "#1f77b4"] },
    marks: [
      Plot.rectY(rows.filter((r) => r.sample !== "live"), { x1: "x1", x2: "x2", y: "share", fill: "sample", fillOpacity: 0.45 }),
      Plot.lineY(rows.filter((r) => r.sample === "live"), { x: (r: { x1: number; x2: number }) => (r.x1 + r.x2) / 2, y: "share", stroke: "sample", curve: "step" }),
      Plot.ruleY([0]),
    ],
  }) as SVGSVGElement;
}

/** Events per clock hour (quality alerts by reason), with the per-hour alert line. */
export function eventsChart(r: MonitorReport, width: number): HTMLElement | SVGSVGElement {
  const limit = r.thresholds.drift.quality_alert_per_hour;
  const rows = r.series.events_per_hour.map((h) => ({ hour: new Date(h.hour_start), count: h.count, kind: h.reason ? `${h.event} (${h.reason})` : h.event }));
  if (!rows.length) return html`<p class="ftf-muted">No events in the events file up to ${when(r.at)}.</p>` as HTMLElement;
  return Plot.plot({
    width,
    height: 260,
    x: { type: "utc", label: "clock hour" },
    y: { label: "events in the hour", grid: true, domain: [0, Math.max(limit + 1, ...rows.map((d) => d.count))] },
    color: { legend: true },
    marks: [
      Plot.rectY(rows, { x1: "hour", x2: (d: { hour: Date }) => new Date(d.hour.getTime() + HOUR_MS), y: "count", fill: "kind", tip: true }),
      Plot.ruleY([limit], { stroke: "#d62728", strokeDasharray: "4,3" }),
      Plot.text([{ y: limit }], { y: "y", frameAnchor: "right", text: () => `> ${limit} of one reason per hour = alert`, dy: -6, fill: "#d62728" }),
    ],
  }) as SVGSVGElement;
}

/** NaN share of the BTC features per production fold. */
export function nanFoldTable(r: MonitorReport): HTMLElement {
  const max = r.thresholds.monitor.btc_nan_max_share;
  return html`<table class="ftf-table" data-testid="nan-folds"><thead><tr><th>crypto</th><th>fold</th><th>window</th><th>rows</th><th>rows with a NaN BTC feature</th><th>share</th></tr></thead>
    <tbody>${r.series.nan_folds.map((f) => html`<tr><td>${f.crypto}</td><td>${f.fold}${f.complete ? "" : " (running)"}</td><td>${when(f.start)} → ${when(f.end)}</td><td class="num">${f.rows}</td><td class="num">${f.nan_rows}</td>
      <td class="num ${(f.nan_share ?? 0) > max || f.nan_rows > max * f.expected ? "ftf-fail" : ""}">${f.nan_share === null ? "—" : `${(100 * f.nan_share).toFixed(2)}%`}</td></tr>`)}</tbody></table>` as HTMLElement;
}

export function ensureMonitorStyles(): void {
  if (document.getElementById("ftf-monitor-styles")) return;
  const style = document.createElement("style");
  style.id = "ftf-monitor-styles";
  style.textContent = `
.ftf-status { font-weight: 700; font-size: 0.8rem; letter-spacing: 0.02em; white-space: nowrap; }
.ftf-monitor-banner { display: flex; gap: 1rem; align-items: center; border: 1px solid var(--theme-foreground-faint); border-left-width: 6px; border-radius: 6px; padding: 0.7rem 1rem; margin: 1rem 0; }
.ftf-monitor-banner.ftf-monitor-ok { border-left-color: #2ca02c; }
.ftf-monitor-banner.ftf-monitor-warn { border-left-color: #e6a100; }
.ftf-monitor-banner.ftf-monitor-critical { border-left-color: #d62728; }
.ftf-monitor-big .ftf-status { font-size: 1.4rem; }
table.ftf-monitor-board td { vertical-align: top; font-size: 0.85rem; }
table.ftf-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.ftf-current td { background: var(--theme-background-alt); }`;
  document.head.append(style);
}
