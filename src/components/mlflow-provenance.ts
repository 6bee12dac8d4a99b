/**
 * The Dossier's provenance of a sweep made by `ftf import mlflow`: the tracking store, the
 * experiments and selection, the column map, the registry versions used, and the run id behind
 * every results cell (from source.json, whose SHA-256 is shown so the file can be checked).
 */
import { html } from "htl";
import type { MlflowProvenance } from "../lib/dossier.js";

export function mlflowSource(m: MlflowProvenance): HTMLElement {
  const exps = m.experiments.map((e) => `${e.experiment_id} "${e.name}"`).join(", ");
  const sel = [`status ${m.selection.statuses.join(", ")}`, m.selection.include_deleted ? "deleted runs included" : "active runs", m.selection.parent_run_id ? `under parent run ${m.selection.parent_run_id}` : ""].filter(Boolean).join("; ");
  return html`<div data-testid="mlflow-provenance">
    <p>Results imported from the MLflow store <code>${m.store.path}</code>, experiment ${exps} (${sel}): ${m.rows.length} runs, one per results row${m.skipped.length ? `, ${m.skipped.length} not imported` : ""}. <code>${m.file}</code> SHA-256 <span class="ftf-hash">${m.sha256}</span>.</p>
    <details><summary>Column map</summary><table class="ftf-table"><tbody>${Object.entries(m.map).map(([c, s]) => html`<tr><td>${c}</td><td><code>${s}</code></td></tr>`)}</tbody></table></details>
    ${m.registry ? html`<details><summary>Registry: model ${m.registry.model}, ${m.registry.versions.length} versions from imported runs</summary><table class="ftf-table"><thead><tr><th>version</th><th>variant</th><th>run_id</th><th>stage</th><th>aliases</th><th>tags used</th></tr></thead><tbody>${m.registry.versions.map((v) => html`<tr><td class="num">${v.version}</td><td>${v.variant}</td><td class="ftf-hash">${v.run_id ?? ""}</td><td>${v.current_stage ?? ""}</td><td>${v.aliases.join(", ")}</td><td>${Object.keys(v.tags_used).join(", ")}</td></tr>`)}</tbody></table></details>` : ""}
    <details><summary>Run id of every results row (${m.rows.length})</summary><table class="ftf-table"><thead><tr><th>crypto</th><th class="num">fold</th><th>variant</th><th>run_id</th><th>run name</th></tr></thead><tbody>${m.rows.map((r) => html`<tr><td>${r.crypto}</td><td class="num">${r.fold}</td><td>${r.variant}</td><td class="ftf-hash">${r.run_id}</td><td>${r.run_name ?? ""}</td></tr>`)}</tbody></table></details>
    ${m.skipped.length ? html`<details><summary>Runs not imported (${m.skipped.length})</summary><table class="ftf-table"><tbody>${m.skipped.map((s) => html`<tr><td class="ftf-hash">${s.run_id}</td><td>${s.run_name ?? ""}</td><td>${s.reason}</td></tr>`)}</tbody></table></details>` : ""}
  </div>` as HTMLElement;
}
