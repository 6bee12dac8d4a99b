/**
 * The landing page of a published folder of snapshots: one static HTML file (inline style, no
 * script, no request), a row per sweep with its track verdict, the verdict of each variant, the
 * artefact contract and a link into its snapshot.
 */
import type { SnapshotManifest } from "./index.ts";

export interface PublishedEntry {
  sweep_id: string;
  ok: boolean;
  error: string | null;
  manifest: SnapshotManifest | null;
  seconds: number;
  bytes: number;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const VERDICT_CLASS: Record<string, string> = { "LOCK CANDIDATE": "pass", ABANDON: "fail", "INSUFFICIENT EVIDENCE": "warn", PROCEED: "pass" };

function row(e: PublishedEntry): string {
  const id = escapeHtml(e.sweep_id);
  const href = `./${encodeURIComponent(e.sweep_id)}/index.html`;
  if (!e.ok || !e.manifest) {
    return `<tr data-sweep="${id}"><td><strong>${id}</strong></td><td colspan="5" class="fail"><pre>${escapeHtml(e.error ?? "failed")}</pre></td></tr>`;
  }
  const m = e.manifest;
  const variants = m.verdict.variants
    .filter((v) => v.verdict !== "BASELINE")
    .map((v) => `<div><code>${escapeHtml(v.variant)}</code> <span class="${VERDICT_CLASS[v.verdict] ?? ""}">${escapeHtml(v.verdict)}</span></div>`)
    .join("");
  const art = m.artefact_contract.status === "ok" ? `<span class="pass">ok</span>` : `<span class="fail" title="${escapeHtml(m.artefact_contract.failed.join("; "))}">MISMATCH</span>`;
  return `<tr data-sweep="${id}">
  <td><a href="${href}"><strong>${id}</strong></a><div class="muted">${escapeHtml([m.track, m.universe].filter(Boolean).join(" · "))}</div></td>
  <td>${escapeHtml(m.created_at?.slice(0, 10) ?? "—")}</td>
  <td><span class="${VERDICT_CLASS[m.verdict.track_verdict] ?? "fail"}" data-testid="track-verdict">${escapeHtml(m.verdict.track_verdict)}</span>${m.verdict.leakage_suspected ? `<div class="muted">leakage suspected</div>` : ""}</td>
  <td class="variants">${variants}</td>
  <td>${art}</td>
  <td class="muted">built ${escapeHtml(m.built_at.slice(0, 16).replace("T", " "))} UTC<br>commit ${escapeHtml(m.tool.git_commit?.slice(0, 10) ?? "unknown")}<br>${(e.bytes / 1e6).toFixed(1)} MB · <a href="./${encodeURIComponent(e.sweep_id)}/snapshot.json">snapshot.json</a></td>
</tr>`;
}

export function publishIndexHtml(entries: PublishedEntry[]): string {
  const ok = entries.filter((e) => e.ok).length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>FTF Workbench — sweep dossiers</title>
<style>
:root { color-scheme: light dark; --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --muted: #656d76; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.4; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.6rem; border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent); }
.pass { color: var(--pass); font-weight: 600; } .fail { color: var(--fail); font-weight: 600; } .warn { color: var(--warn); font-weight: 600; }
.muted { color: var(--muted); font-size: 0.8rem; } .variants { font-size: 0.82rem; } .variants code { display: inline-block; min-width: 9rem; }
pre { white-space: pre-wrap; margin: 0; font-size: 0.8rem; }
</style>
</head>
<body>
<h1>Sweep dossiers</h1>
<p>${ok} of ${entries.length} sweep${entries.length === 1 ? "" : "s"} published. Each dossier is a self-contained static snapshot (open it from any static host or folder; it makes no request outside its own folder); its <code>snapshot.json</code> lists the SHA-256 of every input and every file, the tool version and git commit, the build time and the verdict.</p>
<table data-testid="snapshots">
<thead><tr><th>sweep</th><th>date</th><th>track verdict</th><th>variant verdicts</th><th>artefacts</th><th>snapshot</th></tr></thead>
<tbody>
${entries.map(row).join("\n")}
</tbody>
</table>
</body>
</html>
`;
}
