/**
 * DOM pieces of the artefact contract (the report of src/lib/artefacts, printed by the data loader
 * src/sweeps/[sweep]/data/artefacts.json.ts): the red banner the Dossier shows on a mismatch, the
 * checklist, and the tables of the Artefact contract page. They only render.
 */
import { html } from "htl";
import type { ArtefactReport, CacheKeyEntry, CheckStatus, ContractCheck, NamesDiff } from "../lib/artefacts/index.js";
import { contractStanding, describeDiff, shortSha } from "../lib/artefacts/index.js";
import { ensureVerdictStyles } from "./verdict.js";

const STATUS_TEXT: Record<CheckStatus, [string, string]> = {
  pass: ["pass", "pass"],
  fail: ["fail", "FAIL"],
  debt: ["unassessed", "known debt"],
  not_checked: ["na", "not checked"],
};

export function statusChip(status: CheckStatus, title = ""): HTMLElement {
  const [cls, text] = STATUS_TEXT[status];
  return html`<span class=${`ftf-chip ${cls}`} title=${title} data-status=${status}>${text}</span>` as HTMLElement;
}

/**
 * The artefact contract's banner: red when a check fails (tampered or partially uploaded
 * enrichment config, runs under another config, schema mismatch, failed dry run), amber when it
 * holds only with known debts or checks not run (the v1 cache-key collision, no shadow dry run),
 * null when every check ran and passed (`withOk`: a green banner instead of null).
 * Usage on a page: `const b = artefactBanner(artefacts); if (b) display(b);`.
 */
export function artefactBanner(report: Pick<ArtefactReport, "status" | "checks">, link = "./artefacts.html", withOk = false): HTMLElement | null {
  ensureVerdictStyles();
  const st = contractStanding(report);
  const more = link ? html`<p><a href=${link}>Artefact contract details →</a></p>` : "";
  if (st.level === "holds") {
    return withOk ? (html`<div class="ftf-banner ok" data-testid="artefact-ok" data-level="holds"><h2>Artefact contract holds</h2><p>Every check ran and passed.</p>${more}</div>` as HTMLElement) : null;
  }
  if (st.level === "debts") {
    return html`<div class="ftf-banner warn" data-testid="artefact-debts" data-level="debts">
      <h2>Artefact contract <span data-testid="artefact-standing">${st.summary}</span></h2>
      <p>No check failed, but the contract is not fully verified. Each item below must be settled before LOCK:</p>
      <ul>${[...st.debts, ...st.not_run].map((c) => html`<li><strong>${c.title}</strong> (${c.status === "debt" ? "known debt" : "not run"}) — ${c.detail}</li>`)}</ul>
      ${more}
    </div>` as HTMLElement;
  }
  const failed = st.failed;
  return html`<div class="ftf-banner bad" role="alert" data-testid="artefact-banner" data-level="mismatch">
    <h2>Artefact contract: MISMATCH</h2>
    <p><strong>Do not promote.</strong> ${failed.length} check${failed.length === 1 ? "" : "s"} of the artefact contract failed (spec §3: strict equality, ADR-25 fail-fast):</p>
    <ul>${failed.map((c) => html`<li><strong>${c.title}</strong> — ${c.detail}</li>`)}</ul>
    ${more}
  </div>` as HTMLElement;
}

/** The contract's checks, in the spec's order. */
export function checksTable(checks: ContractCheck[]): HTMLElement {
  ensureVerdictStyles();
  return html`<table class="ftf-table" data-testid="artefact-checks">
    <thead><tr><th>check</th><th>outcome</th><th>detail</th></tr></thead>
    <tbody>${checks.map((c) => html`<tr data-check=${c.id}><td>${c.title}</td><td>${statusChip(c.status)}</td><td class="reason">${c.detail}</td></tr>`)}</tbody>
  </table>` as HTMLElement;
}

const hash = (s: string | null) => html`<span class="ftf-hash">${s ?? "—"}</span>`;

export function enrichmentTable(report: ArtefactReport): HTMLElement {
  const e = report.enrichment;
  return html`<div class="ftf-wide"><table class="ftf-table" data-testid="enrichment-sha">
    <tbody>
      <tr><th>file</th><td><code>${e.file}</code></td></tr>
      <tr><th>SHA-256 recomputed on load</th><td data-testid="sha-actual">${hash(e.actual)}</td></tr>
      <tr><th>registry tag (sweep.json)</th><td data-testid="sha-expected">${hash(e.expected)}</td></tr>
      <tr><th>outcome</th><td data-testid="sha-status">${statusChip(e.status === "match" ? "pass" : e.status === "mismatch" ? "fail" : "not_checked")} ${e.status.replace("_", " ")}</td></tr>
    </tbody>
  </table></div>` as HTMLElement;
}

export function runShaTable(report: ArtefactReport): HTMLElement {
  return html`<div class="ftf-wide"><table class="ftf-table" data-testid="run-sha">
    <thead><tr><th>variant</th><th>SHA-256 in force</th><th>source</th><th>recorded by the runs</th><th>outcome</th></tr></thead>
    <tbody>${report.enrichment.variants.map(
      (v) => html`<tr data-variant=${v.variant}><td><strong>${v.variant}</strong></td><td>${hash(shortSha(v.expected))}</td><td>${v.expected_source ?? "—"}</td>
        <td>${v.recorded.map((r) => html`<div>${hash(shortSha(r.sha256))} × ${r.rows}</div>`)}</td>
        <td>${statusChip(v.status === "match" ? "pass" : v.status === "mismatch" ? "fail" : "not_checked", v.status)}${v.n_mismatched ? ` ${v.n_mismatched} run${v.n_mismatched === 1 ? "" : "s"}` : ""}</td></tr>`,
    )}</tbody>
  </table></div>` as HTMLElement;
}

function diffText(d: NamesDiff | null): string {
  return d ? describeDiff(d) : "identical";
}

export function schemaTable(report: ArtefactReport): HTMLElement {
  return html`<div class="ftf-wide"><table class="ftf-table" data-testid="schema-table">
    <thead><tr><th>variant</th><th class="num">registry features</th><th>BTC features (registry)</th><th>ADR-30</th><th class="num">runs with names</th><th>runs vs registry</th><th>outcome</th></tr></thead>
    <tbody>${report.schema.map(
      (s) => html`<tr data-variant=${s.variant}><td><strong>${s.variant}</strong></td>
        <td class="num">${s.registry ? s.registry.length : "—"}</td>
        <td>${s.registry_btc ? (s.registry_btc.length ? s.registry_btc.join(", ") : "none") : "—"}</td>
        <td>${statusChip(s.btc_status === "match" ? "pass" : s.btc_status === "mismatch" ? "fail" : "not_checked", s.btc_status)}</td>
        <td class="num">${s.rows_with_names} / ${s.rows}</td>
        <td class="reason">${s.problems.length ? s.problems.join("; ") : s.recorded.map((r) => `${r.rows} × ${diffText(r.diff)}`).join("; ") || "—"}</td>
        <td>${statusChip(s.status === "match" ? "pass" : s.status === "mismatch" ? "fail" : "not_checked", s.status)}</td></tr>`,
    )}</tbody>
  </table></div>` as HTMLElement;
}

/** The keys of the chosen entries under one scheme; keys shared by different BTC feature sets are marked. */
export function cacheKeyTable(entries: CacheKeyEntry[], scheme: "v1" | "extended"): HTMLElement {
  const key = (e: CacheKeyEntry) => (scheme === "v1" ? e.v1_key : e.extended_key);
  const sets = new Map<string, Set<string>>();
  for (const e of entries) {
    const s = sets.get(key(e)) ?? new Set<string>();
    s.add(e.btc_features_set.join(","));
    sets.set(key(e), s);
  }
  const collides = (e: CacheKeyEntry) => (sets.get(key(e))?.size ?? 0) > 1;
  return html`<div class="ftf-wide"><table class="ftf-table" data-testid="cache-key-table">
    <thead><tr><th>target</th><th class="num">fold</th><th>window</th><th>variant</th><th>BTC features</th><th>${scheme} key</th><th>collision</th></tr></thead>
    <tbody>${entries.map(
      (e) => html`<tr data-variant=${e.variant} data-collides=${collides(e) ? "yes" : "no"}><td>${e.crypto}</td><td class="num">${e.fold}</td>
        <td>${e.window_start && e.window_end ? `${e.window_start.slice(0, 10)} → ${e.window_end.slice(0, 10)}` : `fold ${e.fold}`}</td>
        <td>${e.variant}</td><td>${e.btc_features_set.length ? e.btc_features_set.length + " (" + e.btc_features_source + ")" : "none (BTC-blind)"}</td>
        <td title=${scheme === "v1" ? e.v1_material : e.extended_material}>${hash(shortSha(key(e)))}</td>
        <td>${collides(e) ? html`<span class="ftf-fail">shared with another feature set</span>` : html`<span class="ftf-muted">—</span>`}</td></tr>`,
    )}</tbody>
  </table></div>` as HTMLElement;
}

export function shadowTable(report: ArtefactReport): HTMLElement {
  const s = report.shadow;
  if (!s.present) return html`<p data-testid="shadow-absent">${statusChip("not_checked")} ${s.reason}.</p>` as HTMLElement;
  return html`<div>
    ${s.issues.length ? html`<div class="ftf-error" role="alert">${s.issues.map((i) => `${s.file}${i.line ? `, line ${i.line}` : ""}${i.column ? `, column "${i.column}"` : ""}: ${i.message}${i.value !== undefined ? ` (got ${JSON.stringify(i.value)})` : ""}${i.expected ? `; expected ${i.expected}` : ""}`).join("\n")}</div>` : ""}
    <div class="ftf-wide"><table class="ftf-table" data-testid="shadow-table">
      <thead><tr><th>crypto</th><th>variant</th><th class="num">shadow f1_buy</th><th class="num">baseline f1_buy</th><th class="num">floor (− ${s.tolerance})</th><th>schema</th><th>outcome</th><th>reason</th></tr></thead>
      <tbody>${s.rows.map(
        (r) => html`<tr data-crypto=${r.crypto}><td>${r.crypto}</td><td>${r.variant}</td><td class="num">${r.f1_buy.toFixed(4)}</td>
          <td class="num">${r.baseline_f1 === null ? "—" : r.baseline_f1.toFixed(4)}</td><td class="num">${r.floor === null ? "—" : r.floor.toFixed(4)}</td>
          <td>${r.schema_pass === null ? "—" : r.schema_pass ? "match" : diffText(r.schema)}</td>
          <td>${statusChip(r.pass ? "pass" : "fail")}</td><td class="reason">${r.reason}</td></tr>`,
      )}</tbody>
    </table></div>
    ${s.missing_cryptos.length ? html`<p class="ftf-fail">No shadow row for ${s.missing_cryptos.join(", ")}.</p>` : ""}
  </div>` as HTMLElement;
}
