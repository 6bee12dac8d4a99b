/**
 * DOM pieces of the committee pages (Dossier, Leakage, Uplift, Stability): the track banner, the
 * verdict table, gate chips, the sign-off checklist, provenance. Plain functions over the
 * dossier JSON (loaders/verdict.ts) or a live GateReport (src/lib/gates) — they only render;
 * every number comes from the gate engine.
 */
import { html } from "htl";
import { installTableFit } from "./fit.js";
import { term } from "./glossary.js";
import { FEATURE_SETS } from "../lib/sweep.js";
import { GATE_IDS, gateBelongsTo, type GateReport, type GateResult, type VariantRole, type VariantVerdict } from "../lib/gates/index.js";
import { MISSING, num, pval, signed } from "../lib/format.js";
import { formatUtc, parseUtc } from "../lib/time.js";
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
.ftf-chip.mini { min-width: 0; padding: 0 0.2rem; font-size: 0.72rem; }
.ftf-gates { display: grid; grid-template-columns: repeat(3, max-content); gap: 0.1rem 0.15rem; }
td.ftf-verdict-cell { min-width: 7.5rem; max-width: 10rem; }
td.ftf-verdict-cell .ftf-verdict { white-space: normal; }
td.ftf-verdict-cell .ftf-muted, table.ftf-table .ftf-ci { display: block; font-size: 0.75rem; font-weight: 400; }
table.ftf-table .ftf-ci { color: var(--ftf-muted); }
dl.ftf-glossary { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.8rem; font-size: 0.85rem; margin: 0.5rem 0; }
dl.ftf-glossary dt { font-weight: 700; }
dl.ftf-glossary dd { margin: 0; }
abbr.ftf-term { text-decoration: underline dotted; cursor: help; }
.ftf-footnote { font-size: 0.78rem; color: var(--ftf-muted); }
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
  dl.ftf-glossary { font-size: 0.75rem; }
  a[href]::after { content: none; }
}`;

/** Add the pages' stylesheet once (there is no per-page CSS file to import offline). */
export function ensureVerdictStyles(): void {
  if (typeof document === "undefined" || document.getElementById(STYLE_ID)) return;
  const el = document.createElement("style");
  el.id = STYLE_ID;
  el.textContent = CSS;
  document.head.appendChild(el);
  installTableFit();
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

/** A gate as a small chip for the one-cell gate summary: "G2 ✗" (symbol as well as colour, for paper). */
export function miniGateChip(g: GateResult, role: VariantRole = "candidate"): HTMLElement {
  const mine = gateBelongsTo(role, g);
  const [cls, mark, word] = !mine ? ["na", "–", "not this variant's gate"] : g.pass ? ["pass", "✓", "pass"] : g.assessed ? ["fail", "✗", "FAIL"] : ["unassessed", "?", "could not be assessed"];
  const why = !mine && g.applicable ? `${g.gate} ${g.name} is a track-level gate: see the track verdict above.` : `${g.gate} ${g.name} — ${word}: ${g.reason}`;
  return html`<span class=${`ftf-chip mini ${cls}`} title=${why} data-gate=${g.gate} data-outcome=${cls}>${g.gate} ${mark}</span>` as HTMLElement;
}

/**
 * One row per variant: verdict (with the failing gates under it), the six gates in one cell,
 * mean uplift with its CI under it, the G4 adjusted p. Five columns: fits a 1024 px screen and
 * an A4 page, so the reason and the p-value never hide behind a scrollbar.
 */
export function verdictTable(d: GateReport): HTMLElement {
  const level = d.variants.find((v) => v.uplift)?.uplift?.ci.level ?? 0.95;
  return html`<div class="ftf-wide"><table class="ftf-table" data-testid="verdict-table">
    <thead><tr><th>variant</th><th>verdict</th><th title="G1 sample size · G2 uplift · G3 stability · G4 significance · G5 drawdown · G6 leakage (track)">gates G1–G6</th>
      <th class="num">mean uplift<span class="ftf-ci">${Math.round(level * 100)}% CI</span></th><th class="num">G4 p (BH)</th></tr></thead>
    <tbody>${d.variants.map((v) => {
      const role = roleOf(d, v);
      const failing = v.failing_gates.filter((id) => role !== "baseline" && !(id === "G6" && d.leakage.suspected));
      return html`<tr data-variant=${v.variant}>
        <td><strong>${v.variant}</strong></td>
        <td class="ftf-verdict-cell">${verdictBadge(v.verdict, `verdict-${v.variant}`)}${
          v.verdict === "CONTROL" && v.gates_verdict ? html`<span class="ftf-muted" data-testid="gates-verdict">gates alone: ${v.gates_verdict}</span>` : ""}${
          failing.length ? html`<span class="ftf-muted" data-testid=${`failing-${v.variant}`}>failing: ${failing.join(", ")}</span>` : ""}${
          v.verdict === "ABANDON" && d.leakage.suspected ? html`<span class="ftf-muted">leakage: the whole track</span>` : ""}</td>
        <td><span class="ftf-gates">${GATE_IDS.map((id) => miniGateChip(v.gates[id], role))}</span></td>
        <td class="num"><span data-testid=${`uplift-${v.variant}`}>${v.uplift ? signed(v.uplift.mean_uplift) : ""}</span>${
          v.uplift && v.uplift.ci.low !== null ? html`<span class="ftf-ci">[${signed(v.uplift.ci.low)}, ${signed(v.uplift.ci.high)}]</span>` : ""}</td>
        <td class="num" data-testid=${`g4-padj-${v.variant}`}>${v.gates.G4.applicable ? pval(v.gates.G4.pvalue_adj) : ""}</td>
      </tr>`;
    })}</tbody>
  </table></div>` as HTMLElement;
}

/**
 * What each verdict means and which gate leads to it (the rule of src/lib/gates/verdict.ts, in
 * words, with the thresholds in force).
 */
export function verdictGlossary(t: GateReport["thresholds"], baseline: string, leaky: string): HTMLElement {
  return html`<dl class="ftf-glossary" data-testid="verdict-glossary">
    <dt>${verdictBadge("LOCK CANDIDATE")}</dt><dd>Every gate passes (G1–G6). May be proposed for LOCK — freezing the feature set for live promotion — once the pre-LOCK checks of the sign-off list are done.</dd>
    <dt>${verdictBadge("KEEP AVAILABLE")}</dt><dd>Sample size and stability hold, but G2 (mean uplift ≥ ${signed(t.min_uplift, 3)}), G4 (significant at BH-adjusted p &lt; ${t.alpha_significance}) or G5 (drawdown no worse than the baseline's + ${t.drawdown_tolerance}) fails: kept in the code for later, not promoted.</dd>
    <dt>${verdictBadge("INSUFFICIENT EVIDENCE")}</dt><dd>G1 fails (a fold has fewer than ${t.min_buy_trades} BUY trades), or G3 could not be assessed: the sweep cannot decide; rerun with more data.</dd>
    <dt>${verdictBadge("ABANDON")}</dt><dd>G3 fails (f1_buy varies more than ${t.max_fold_variance} across folds, or across market regimes), or G6 fails — leakage suspected — which abandons every variant of the track.</dd>
    <dt>${verdictBadge("CONTROL")}</dt><dd><code>${leaky}</code> is the leakage control: trained without purging the bars between train and test, its f1 is contaminated by construction. It exists to test for leakage (G6) and is never promotable; its gates are shown for reference.</dd>
    <dt>${verdictBadge("BASELINE")}</dt><dd><code>${baseline}</code>, the yardstick every uplift is measured against; it is not a candidate.</dd>
  </dl>` as HTMLElement;
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
    ${item("manual", html`champion_btc_blind rollback model registered + 24h ${term("shadow dry run")} passed`, html`at ${term("LOCK")} time, post-FTF`)}
    ${item("manual", html`Expert Committee pr_review PASSED (${term("ADR-68")})`)}
    ${lock ? item("manual", html`Pre-${term("LOCK")} gate: the cache-key extension (${term("Track 12")}: the ${term("L2 cache")} key gains the BTC identity) lands before live promotion`, "required because a variant clears all 6 gates") : ""}
  </ul>` as HTMLElement;
}

function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * The build instant in the Dossier's one timestamp format: ISO to the second, as its data warnings
 * (written by the loaders with formatUtc) print theirs.
 */
function builtAt(text: string): string {
  return formatUtc(Math.floor(parseUtc(text, "built_at") / 1000) * 1000);
}

/** Input files with their SHA-256, and the code that computed the dossier. */
export function provenance(d: DossierJson): HTMLElement {
  const sweepFiles = d.inputs.filter((f) => f.root === "sweep");
  const ohlcv = d.inputs.filter((f) => f.root === "ohlcv");
  const rows = (files: DossierJson["inputs"]) =>
    files.map((f) => html`<tr><td>${f.root}/${f.path}</td><td>${f.kind}</td><td class="num">${kib(f.size)}</td><td class="num">${f.rows ?? ""}</td><td class="ftf-hash">${f.sha256}</td></tr>`);
  return html`<div data-testid="provenance">
    <p>Computed by <strong>${d.tool.name} ${d.tool.version}</strong>, git commit <code>${d.tool.git_commit ?? "unknown"}</code>${d.tool.duckdb ? `, DuckDB ${d.tool.duckdb}` : ""}${d.build ? html`; page built ${builtAt(d.build.built_at)}` : ""}.</p>
    <table class="ftf-table">
      <thead><tr><th>input file</th><th>kind</th><th class="num">size</th><th class="num">rows</th><th>SHA-256</th></tr></thead>
      <tbody>${rows(sweepFiles)}</tbody>
    </table>
    ${d.mlflow ? mlflowSource(d.mlflow) : ""}
    ${ohlcv.length ? html`<details><summary>${ohlcv.length} OHLCV files (${kib(ohlcv.reduce((s, f) => s + f.size, 0))})</summary><table class="ftf-table"><tbody>${rows(ohlcv)}</tbody></table></details>` : ""}
  </div>` as HTMLElement;
}

/** "none (no BTC features)": the baseline named with what it is, for titles. */
export function baselineLabel(variant: string): string {
  const set = FEATURE_SETS[variant];
  return set === undefined ? variant : `${variant} (${set.length ? `${set.length} BTC features` : "no BTC features"})`;
}

/**
 * The Methods section for a reader: what each test asks, what it assumes, what it can detect in
 * this sweep; the implementation references (d.method) as footnotes, not as the text.
 */
export function methodsSection(d: DossierJson): HTMLElement {
  const t = d.thresholds;
  const n = d.cryptos.length * d.folds.length;
  const level = Math.round((d.variants.find((v) => v.uplift)?.uplift?.ci.level ?? 0.95) * 100);
  const L = d.leakage;
  const g4mde = d.variants.map((v) => (v.gates.G4.inputs as { power?: { min_detectable_mean_diff?: number | null } }).power?.min_detectable_mean_diff).filter((x): x is number => typeof x === "number");
  const notes = Object.entries(d.method);
  const ref = (k: string) => {
    const i = notes.findIndex(([key]) => key === k);
    return i < 0 ? "" : html`<sup><a href=${`#method-${k}`}>${i + 1}</a></sup>`;
  };
  return html`<div data-testid="methods">
    <p><strong>The unit of evidence</strong> is a (crypto, fold) cell: ${d.cryptos.length} cryptos × ${d.folds.length} walk-forward folds = ${n} cells per variant. Each variant is compared with the baseline <code>${baselineLabel(d.baseline_variant)}</code> on the same cells, so market conditions cancel out in the difference.</p>
    <p><strong>Is the uplift real? (G2, G4).</strong> G2 asks whether the mean f1_buy difference reaches ${signed(t.min_uplift, 3)}; its ${level}% interval is a bootstrap of the cells${ref("bootstrap")}. G4 is a one-sided paired t-test (variant better than baseline)${ref("paired_test")}. It assumes the ${n} differences are independent and roughly normal; folds of one crypto share a market, so treat p-values near α as borderline. The p-values are adjusted with ${term("BH")} over the ${d.variants.length - 1} variants tested at once${ref("multiple_testing")}, and G4 requires the adjusted p below ${t.alpha_significance}. With this design a mean uplift of about ${g4mde.length ? `${signed(Math.min(...g4mde), 3)} to ${signed(Math.max(...g4mde), 3)}` : "—"} would be detected 4 times in 5 (80% power)${ref("power")}; a smaller true uplift may go unseen.</p>
    <p><strong>Is it stable? (G3).</strong> Per crypto, the variance of f1_buy across folds${ref("variance")} must stay within ${t.max_fold_variance}${d.regimes.assessed ? html`, and across BTC market regimes (bull, bear, range) within ${t.max_regime_variance}${ref("regimes")}` : ""}. An unstable variant is abandoned even if its mean is high.</p>
    <p><strong>Is it leaking? (G6).</strong> <code>${L.leaky}</code> is trained without a ${term("purge")}, so it can see across the train/test boundary. If it beats <code>${L.reference}</code> (one-sided paired t-test, pooled and per crypto, BH-adjusted, α = ${L.alpha}), the features leak future information and the whole track is abandoned. This design would detect a pooled leak of ${signed(L.power.pooled_mde, 4)} f1 with ${Math.round(L.power.target * 100)}% power: a smaller leak could pass unseen.</p>
    <p><strong>Is it safe? (G1, G5).</strong> G1 requires at least ${t.min_buy_trades} BUY trades in every fold, so f1 is not decided by a handful of trades. G5 allows each crypto's mean max drawdown to exceed the baseline's by at most ${t.drawdown_tolerance}.</p>
    <ol class="ftf-footnote">${notes.map(([k, v]) => html`<li id=${`method-${k}`}><strong>${k}</strong>: ${v}</li>`)}</ol>
  </div>` as HTMLElement;
}
