/**
 * What the site contains: the sweeps found under FTF_SWEEPS with a few facts from each sweep.json,
 * and which per-sweep pages exist. Printed as JSON by src/data/site.json.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SWEEP_PAGES, type PageDef } from "../../src/components/pages.ts";
import { listSweepIds, PROJECT_ROOT, sweepsRoot } from "./paths.ts";

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
