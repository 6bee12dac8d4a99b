/**
 * What the site contains: the sweeps found under FTF_SWEEPS with a few facts from each sweep.json,
 * and which per-sweep pages exist; and each sweep's verdicts
 * and artefact status (`sweepsSummary`, printed by src/data/sweeps-summary.json.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SWEEP_PAGES, type PageDef } from "../../src/lib/pages.ts";
import { SUMMARY_GATES, type SweepSummary, type VariantSummary } from "../../src/lib/compare.ts";
import { gateBelongsTo } from "../../src/lib/gates/verdict.ts";
import { listSweepIds, PROJECT_ROOT, sweepsRoot } from "./paths.ts";
import { cachedJson, fileHash, stageKey } from "./pipeline.ts";

export interface SiteSweep {
  sweep_id: string;
  created_at: string | null;
  track: string | null;
  universe: string | null;
  interval: string | null;
}

export interface SiteIndex {
  sweeps: SiteSweep[];
  pages: PageDef[];
}

export function siteIndex(): SiteIndex {
  const root = sweepsRoot();
  const sweeps = listSweepIds(root).map((id): SiteSweep => {
    let raw: Record<string, unknown> = {};
    try {
      raw = JSON.parse(readFileSync(join(root, id, "sweep.json"), "utf8"));
    } catch {
      // An unreadable sweep.json is reported by that sweep's own pages (ingest errors), not here.
    }
    const str = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : null);
    return { sweep_id: id, created_at: str("created_at"), track: str("track"), universe: str("universe"), interval: str("interval") };
  });
  const pages = SWEEP_PAGES.filter((p) => existsSync(join(PROJECT_ROOT, "src/sweeps/[sweep]", `${p.file}.md`)));
  return { sweeps, pages };
}

// ---------------------------------------------------------------------------------------------
// The sweeps summary: verdicts and artefact status of every sweep (home page, Compare page).

/**
 * Each sweep's summary, newest first: the dossier the sweep's own pages show (same ingest cache,
 * same `dossierFromIngested`, so the index cannot disagree with the Dossier) reduced to what the
 * index and the comparison need, plus the artefact contract's outcome. A sweep that cannot be
 * read gets `status: "error"` and its message instead of a verdict.
 */
export async function sweepsSummary(): Promise<SweepSummary[]> {
  const base = siteIndex().sweeps;
  const out: SweepSummary[] = [];
  for (const s of base) out.push(await summaryOf(s));
  return out.sort((a, b) => (b.created_at ?? "").localeCompare(a.created_at ?? "") || a.sweep_id.localeCompare(b.sweep_id));
}

async function summaryOf(s: SiteSweep): Promise<SweepSummary> {
  const { ensureIngested } = await import("../ingest/site-cache.ts");
  let dir: string;
  try {
    dir = await ensureIngested(s.sweep_id);
  } catch (e) {
    return errorSummary(s, e);
  }
  // Cached next to the ingest output (replaced with it when an input changes), keyed by the
  // manifest (inputs, tool, commit), shadow.csv (read from the sweep folder by the artefact
  // contract) and the code (loaders/site/pipeline.ts).
  const key = stageKey("summary", { manifest_sha256: fileHash(join(dir, "manifest.json")), shadow_sha256: fileHash(join(sweepsRoot(), s.sweep_id, "shadow.csv")) });
  try {
    return await cachedJson("summary", key, () => computeSummary(s, dir), { dir: join(dir, "summary") });
  } catch (e) {
    return errorSummary(s, e);
  }
}

function errorSummary(s: SiteSweep, e: unknown): SweepSummary {
  const message = e instanceof Error ? e.message : String(e);
  return {
    ...s, status: "error", error: message.split("\n").slice(0, 6).join("\n"), track_verdict: null, track_reason: null, baseline_variant: null,
    n_cryptos: 0, n_folds: 0, variants: [], leakage: null, artefacts: null, n_warnings: 0,
  };
}

async function computeSummary(s: SiteSweep, dir: string): Promise<SweepSummary> {
  const { dossierFromIngested } = await import("../verdict.ts");
  const { artefactsFromIngested } = await import("../artefacts.ts");
  const d = await dossierFromIngested(dir);
  const art = await artefactsFromIngested(dir, join(sweepsRoot(), s.sweep_id), s.sweep_id);
  return {
    ...s,
    status: "ok",
    error: null,
    track_verdict: d.track_verdict,
    track_reason: d.track_reason,
    baseline_variant: d.baseline_variant,
    n_cryptos: d.cryptos.length,
    n_folds: d.folds.length,
    variants: d.variants.map((v) => ({
      variant: v.variant,
      verdict: v.verdict,
      verdict_reason: v.verdict_reason,
      failing_gates: v.failing_gates,
      gates: Object.fromEntries(SUMMARY_GATES.map((g) => [g, gateBelongsTo(v.role, v.gates[g]) ? v.gates[g].pass : null])) as VariantSummary["gates"],
      mean_uplift: v.uplift?.mean_uplift ?? null,
      ci_low: v.uplift?.ci.low ?? null,
      ci_high: v.uplift?.ci.high ?? null,
      ci_level: v.uplift?.ci.level ?? null,
      g4_padj: v.gates.G4.applicable ? v.gates.G4.pvalue_adj : null,
    })),
    leakage: {
      suspected: d.leakage.suspected,
      leaky: d.leakage.leaky,
      reference: d.leakage.reference,
      alpha: d.leakage.alpha,
      tests: d.leakage.tests.map((t) => ({ scope: t.scope, n: t.n, mean_diff: t.mean_diff, pvalue: t.pvalue, pvalue_adj: t.pvalue_adj, suspected: t.suspected })),
    },
    artefacts: {
      status: art.status,
      failed: art.checks.filter((c) => c.status === "fail").map((c) => c.title),
      debts: art.checks.filter((c) => c.status === "debt").map((c) => c.title),
      not_run: art.checks.filter((c) => c.status === "not_checked").map((c) => c.title),
    },
    n_warnings: d.warnings.length,
  };
}
