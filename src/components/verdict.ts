/**
 * DOM pieces of the committee pages (Dossier, Leakage, Uplift, Stability): the track banner, the
 * verdict table, gate chips, the sign-off checklist, provenance. Plain functions over the
 * dossier JSON (loaders/verdict.ts) or a live GateReport (src/lib/gates) — they only render;
 * every number comes from the gate engine.
 */
import { html } from "htl";
import { GATE_IDS, gateBelongsTo, type GateReport, type GateResult, type VariantRole, type VariantVerdict } from "../lib/gates/index.js";
import { MISSING, num, pval, signed } from "../lib/format.js";
import type { BuildInfo, Dossier } from "../lib/dossier.js";
import { mlflowSource } from "./mlflow-provenance.js";

/** The dossier JSON as the pages receive it (the build stamp is absent in `ftf verdict --json`). */
export type DossierJson = Dossier & { build?: BuildInfo };

const STYLE_ID = "ftf-verdict-style";
const CSS = `
.ftf-banner { border: 2px solid; border-radius: 8px; padding: 0.8rem 1rem; margin: 0.8rem 0; break-inside: avoid; }
.ftf-banner h2 { margin: 0 0 0.3rem; font-size: 1.5rem; }
.ftf-banner p { margin: 0.2rem 0; max-width: none; }
.ftf-banner.ok { border-color: var(--ftf-pass); background: color-mix(in srgb, var(--ftf-pass) 7%, transparent); }
.ftf-banner.warn { border-color: var(--ftf-warn); background: color-mix(in srgb, var(--ftf-warn) 8%, transparent); }
.ftf-banner.bad { border-color: var(--ftf-fail); background: color-mix(in srgb, var(--ftf-fail) 9%, transparent); }
.ftf-verdict { font-weight: 700; white-space: nowrap; }
.ftf-verdict.v-lock { color: var(--ftf-pass); }
.ftf-verdict.v-abandon { color: var(--ftf-fail); }
.ftf-verdict.v-insufficient { color: var(--ftf-warn); }
.ftf-verdict.v-keep { color: inherit; }
.ftf-verdict.v-baseline { color: var(--ftf-muted); font-weight: 400; }
.ftf-verdict.v-control { color: var(--ftf-muted); font-weight: 600; border: 1px dashed currentColor; border-radius: 4px; padding: 0 0.25rem; }
.ftf-chip { display: inline-block; min-width: 2.6rem; text-align: center; border-radius: 4px; font-size: 0.78rem; font-weight: 600; padding: 0 0.25rem; }
.ftf-chip.pass { background: color-mix(in srgb, var(--ftf-pass) 16%, transparent); color: var(--ftf-pass); }
.ftf-chip.fail { background: color-mix(in srgb, var(--ftf-fail) 16%, transparent); color: var(--ftf-fail); }
.ftf-chip.na { color: var(--ftf-muted); }
.ftf-chip.unassessed { background: color-mix(in srgb, var(--ftf-warn) 16%, transparent); color: var(--ftf-warn); }
.ftf-wide { overflow-x: auto; max-width: 100%; }
table.ftf-table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.88rem; max-width: none; }
table.ftf-table th, table.ftf-table td { padding: 0.2rem 0.5rem; border-bottom: 1px solid var(--theme-foreground-faint); vertical-align: top; text-align: left; }
table.ftf-table td.num, table.ftf-table th.num { text-align: right; white-space: nowrap; }
table.ftf-table td.reason { max-width: 36rem; font-size: 0.82rem; }
.ftf-hash { font-family: var(--monospace); font-size: 0.75rem; word-break: break-all; }
ul.ftf-checklist { list-style: none; padding-left: 0; }
ul.ftf-checklist li { margin: 0.25rem 0; }
ul.ftf-checklist .box { display: inline-block; width: 1.4rem; font-weight: 700; }
.ftf-why dt { font-weight: 700; margin-top: 0.5rem; }
.ftf-why dd { margin-left: 1.2rem; }
@media print {
  .ftf-banner, table.ftf-table, ul.ftf-checklist { break-inside: avoid; }
  table.ftf-table { font-size: 0.75rem; }
  .ftf-wide { overflow: visible; }
  a[href]::after { content: none; }
}`;

/** Add the pages' stylesheet once (there is no per-page CSS file to import offline). */
export function ensureVerdictStyles(): void {
  if (typeof document === "undefined" || document.getElementById(STYLE_ID)) return;
  const el = document.createElement("style");
  el.id = STYLE_ID;
  el.textContent = CSS;
  document.head.appendChild(el);
}

const VERDICT_CLASS: Record<VariantVerdict, string> = {
  "LOCK CANDIDATE": "v-lock",
  "KEEP AVAILABLE": "v-keep",
  ABANDON: "v-abandon",
  "INSUFFICIENT EVIDENCE": "v-insufficient",
  BASELINE: "v-baseline",
  CONTROL: "v-control",
};

export function verdictBadge(v: VariantVerdict, testid?: string): HTMLElement {
  const el = html`<span class=${`ftf-verdict ${VERDICT_CLASS[v]}`}>${v}</span>` as HTMLElement;
  if (testid) el.setAttribute("data-testid", testid);
  return el;
}

/**
 * One gate's outcome. `role` hides what a variant cannot fail: the baseline's G6 is the track's
 * leakage gate (shown in the banner), not the baseline's.
 */
export function gateChip(g: GateResult, role: VariantRole = "candidate"): HTMLElement {
  if (!gateBelongsTo(role, g)) {
    const why = g.applicable ? `${g.gate} ${g.name} is a track-level gate: see the track verdict above.` : `${g.gate} ${g.name}: ${g.reason}`;
    return html`<span class="ftf-chip na" title=${why}>–</span>` as HTMLElement;
  }
  const [cls, text] = g.pass ? ["pass", "pass"] : g.assessed ? ["fail", "FAIL"] : ["unassessed", "n/a"];
  return html`<span class=${`ftf-chip ${cls}`} title=${`${g.gate} ${g.name}: ${g.reason}`}>${text}</span>` as HTMLElement;
}

/** The role of a variant in a dossier (older dossier JSON has no `role`: derive it). */
export function roleOf(d: Pick<GateReport, "baseline_variant" | "leakage_pair">, v: { variant: string; role?: VariantRole }): VariantRole {
  return v.role ?? (v.variant === d.baseline_variant ? "baseline" : v.variant === d.leakage_pair.leaky ? "control" : "candidate");
}

/** The track verdict and the leakage outcome: the first thing a reader sees. */
export function trackBanner(d: GateReport, links = true): HTMLElement {
  const L = d.leakage;
  const deciding = L.tests.find((t) => t.scope === L.deciding_scope);
  const ok = d.track_verdict === "PROCEED";
  return html`<div class=${`ftf-banner ${ok ? "ok" : "bad"}`} data-testid="track-banner">
    <h2>Track verdict: <span data-testid="track-verdict">${d.track_verdict}</span></h2>
    <p><strong>Mandatory leakage check (G6): <span data-testid="leakage-outcome">${L.suspected ? "LEAKAGE SUSPECTED" : "no leakage detected"}</span></strong>
    — ${L.leaky} vs ${L.reference}, smallest BH-adjusted p = <span data-testid="leakage-min-padj">${pval(deciding?.pvalue_adj)}</span>
    (${deciding?.scope ?? MISSING}) against α = ${L.alpha}.${links ? html` <a href="./leakage.html">Leakage details →</a>` : ""}</p>
    <p>${d.track_reason}</p>
  </div>` as HTMLElement;
}

/** One row per variant: verdict, the six gates, uplift with its CI, the reason. */
export function verdictTable(d: GateReport): HTMLElement {
  const level = d.variants.find((v) => v.uplift)?.uplift?.ci.level ?? 0.95;
  return html`<div class="ftf-wide"><table class="ftf-table" data-testid="verdict-table">
    <thead><tr><th>variant</th><th>verdict</th>${GATE_IDS.map((id) => html`<th title=${d.variants[0]?.gates[id].name}>${id}</th>`)}
      <th class="num">mean uplift</th><th class="num">${Math.round(level * 100)}% CI</th><th class="num">G4 p (BH)</th><th>failing</th></tr></thead>
    <tbody>${d.variants.map(
      (v) => html`<tr data-variant=${v.variant}>
        <td><strong>${v.variant}</strong></td>
        <td>${verdictBadge(v.verdict, `verdict-${v.variant}`)}${v.verdict === "CONTROL" && v.gates_verdict ? html`<div class="ftf-muted" data-testid="gates-verdict">gates alone: ${v.gates_verdict}</div>` : ""}</td>
        ${GATE_IDS.map((id) => html`<td>${gateChip(v.gates[id], roleOf(d, v))}</td>`)}
        <td class="num" data-testid=${`uplift-${v.variant}`}>${v.uplift ? signed(v.uplift.mean_uplift) : ""}</td>
        <td class="num">${v.uplift && v.uplift.ci.low !== null ? `[${signed(v.uplift.ci.low)}, ${signed(v.uplift.ci.high)}]` : ""}</td>
        <td class="num" data-testid=${`g4-padj-${v.variant}`}>${v.gates.G4.applicable ? pval(v.gates.G4.pvalue_adj) : ""}</td>
        <td>${v.failing_gates.join(", ")}</td>
      </tr>`,
    )}</tbody>
  </table></div>` as HTMLElement;
}

/** For each variant that is not a LOCK CANDIDATE: the failing gates and their reasons. */
export function whyNotLock(d: GateReport): HTMLElement {
  const items = d.variants
    .filter((v) => v.verdict !== "BASELINE" && v.verdict !== "LOCK CANDIDATE")
    .map((v) => {
      const failing = GATE_IDS.filter((id) => v.gates[id].pass === false && !(id === "G6" && d.leakage.suspected));
      if (v.verdict === "CONTROL") return html`<dt>${v.variant}: ${verdictBadge(v.verdict)}</dt><dd>${v.verdict_reason}</dd>
        ${failing.map((id) => html`<dd><strong>${id} ${v.gates[id].name}</strong> — ${v.gates[id].reason}</dd>`)}`;
      return html`<dt>${v.variant}: ${verdictBadge(v.verdict)}${d.leakage.suspected ? " (leakage: the whole track)" : ""}</dt>
        ${failing.map((id) => html`<dd><strong>${id} ${v.gates[id].name}</strong> — ${v.gates[id].reason}</dd>`)}`;
    });
  const lock = d.variants.filter((v) => v.verdict === "LOCK CANDIDATE").map((v) => v.variant);
  return html`<div>
    ${lock.length ? html`<p>LOCK CANDIDATE${lock.length > 1 ? "S" : ""}: <strong>${lock.join(", ")}</strong> — every gate passes.</p>` : html`<p>No variant is a LOCK CANDIDATE.</p>`}
    ${items.length ? html`<dl class="ftf-why">${items}</dl>` : ""}
  </div>` as HTMLElement;
}

/** Every gate of one variant: rule, statistic, p, threshold, outcome and reason. */
export function gateDetailTable(gates: Record<string, GateResult>, ids: readonly string[] = GATE_IDS): HTMLElement {
  return html`<table class="ftf-table">
    <thead><tr><th>gate</th><th>rule</th><th class="num">statistic</th><th class="num">p</th><th class="num">p (BH)</th><th class="num">threshold</th><th>outcome</th><th>reason</th></tr></thead>
    <tbody>${ids.map((id) => {
      const g = gates[id];
      return html`<tr><td>${id} ${g.name}</td><td class="reason">${g.rule}</td>
        <td class="num">${g.statistic === null ? MISSING : Number.isInteger(g.statistic) ? String(g.statistic) : num(g.statistic)}</td>
        <td class="num">${pval(g.pvalue)}</td><td class="num">${pval(g.pvalue_adj)}</td><td class="num">${g.threshold}</td>
        <td>${gateChip(g)}</td><td class="reason">${g.reason}</td></tr>`;
    })}</tbody>
  </table>` as HTMLElement;
}

/** The thresholds in force, overrides from sweep.json marked. */
export function thresholdsTable(thresholds: Record<string, number>, overrides: Record<string, number> = {}): HTMLElement {
  return html`<table class="ftf-table" data-testid="thresholds">
    <thead><tr><th>threshold</th><th class="num">value</th><th>source</th></tr></thead>
    <tbody>${Object.entries(thresholds).map(
      ([k, v]) => html`<tr><td><code>${k}</code></td><td class="num">${v}</td><td>${k in overrides ? "sweep.json" : "default (DESIGN §5)"}</td></tr>`,
    )}</tbody>
  </table>` as HTMLElement;
}

/**
 * The spec's sign-off checklist (gate before PR merge). Items the sweep decides are ticked or
 * crossed from the dossier; the others are for the committee to tick by hand.
 */
export function signOffChecklist(d: DossierJson): HTMLElement {
  const decided = d.variants.every((v) => v.verdict !== "INSUFFICIENT EVIDENCE");
  const lock = d.variants.some((v) => v.verdict === "LOCK CANDIDATE");
  const L = d.leakage;
  const item = (state: "yes" | "no" | "manual", text: unknown, note?: unknown) =>
    html`<li data-state=${state}><span class="box" aria-hidden="true">${state === "yes" ? "☑" : state === "no" ? "☒" : "☐"}</span>${text}${note ? html` <span class="ftf-muted">— ${note}</span>` : ""}</li>`;
  return html`<ul class="ftf-checklist" data-testid="signoff">
    ${item("manual", "§1–§6 of the readiness dossier all complete")}
    ${item("manual", "Plan dossier v2 PASSED committee plan_review")}
    ${item("manual", "Runbook runbook_btc_features_drift.md lands in this PR")}
    ${item(
      decided ? "yes" : "no",
      "All 6 official gates met OR an explicit keep available / abandon verdict for every variant",
      decided ? `computed: ${d.variants.filter((v) => v.verdict !== "BASELINE" && v.verdict !== "CONTROL").map((v) => `${v.variant} ${v.verdict}`).join(", ")}` : "some variant has INSUFFICIENT EVIDENCE",
    )}
    ${item(
      L.suspected ? "no" : "yes",
      html`Mandatory leakage check: <code>${L.leaky}</code> does NOT outperform <code>${L.reference}</code> (paired t-test, BH p ≥ ${L.alpha})`,
      `computed: ${L.suspected ? "leakage suspected — ABANDON Track" : "passed"}`,
    )}
    ${item("manual", "champion_btc_blind rollback model registered + 24h shadow dry run passed", "at LOCK time, post-FTF")}
    ${item("manual", "Expert Committee pr_review PASSED (ADR-68)")}
    ${lock ? item("manual", "Pre-LOCK gate: the cache-key extension (Track 12) lands before live promotion", "required because a variant clears all 6 gates") : ""}
  </ul>` as HTMLElement;
}

function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Input files with their SHA-256, and the code that computed the dossier. */
export function provenance(d: DossierJson): HTMLElement {
  const sweepFiles = d.inputs.filter((f) => f.root === "sweep");
  const ohlcv = d.inputs.filter((f) => f.root === "ohlcv");
  const rows = (files: DossierJson["inputs"]) =>
    files.map((f) => html`<tr><td>${f.root}/${f.path}</td><td>${f.kind}</td><td class="num">${kib(f.size)}</td><td class="num">${f.rows ?? ""}</td><td class="ftf-hash">${f.sha256}</td></tr>`);
  return html`<div data-testid="provenance">
    <p>Computed by <strong>${d.tool.name} ${d.tool.version}</strong>, git commit <code>${d.tool.git_commit ?? "unknown"}</code>${d.tool.duckdb ? `, DuckDB ${d.tool.duckdb}` : ""}${d.build ? html`; page built ${d.build.built_at.replace("T", " ").replace(/\.\d+Z$/, " UTC")}` : ""}.</p>
    <table class="ftf-table">
      <thead><tr><th>input file</th><th>kind</th><th class="num">size</th><th class="num">rows</th><th>SHA-256</th></tr></thead>
      <tbody>${rows(sweepFiles)}</tbody>
    </table>
    ${d.mlflow ? mlflowSource(d.mlflow) : ""}
    ${ohlcv.length ? html`<details><summary>${ohlcv.length} OHLCV files (${kib(ohlcv.reduce((s, f) => s + f.size, 0))})</summary><table class="ftf-table"><tbody>${rows(ohlcv)}</tbody></table></details>` : ""}
    <details><summary>Methods</summary><ul>${Object.entries(d.method).map(([k, v]) => html`<li><strong>${k}</strong>: ${v}</li>`)}</ul></details>
  </div>` as HTMLElement;
}
