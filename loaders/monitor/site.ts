/**
 * The Monitoring pages' data: each deployment under FTF_DEPLOYMENTS monitored through the same
 * `monitorDeployment` as `ftf monitor`, on the site's cached ingest of its sweep (and that sweep's
 * cached feature table), so the page and the CLI cannot disagree. The result is cached per
 * deployment next to the ingest cache (a stage of loaders/site/pipeline.ts). A deployment that
 * cannot be read gets `status: "error"` and the message.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isValidSweepId } from "../../src/lib/sweep.ts";
import { UsageError } from "../errors.ts";
import { reportLoaderErrors } from "../site/emit.ts";
import { deploymentsRoot, listDeploymentIds, siteCacheRoot } from "../site/paths.ts";
import { cachedJson, fileHash, folderStamp, stageKey } from "../site/pipeline.ts";
import { monitorDeployment, type MonitorResult } from "./index.ts";

export type SiteMonitor = (MonitorResult & { available: true; deployment_folder: string }) | { available: false; deployment_id: string; status: "error"; error: string };

export interface DeploymentSummary {
  deployment_id: string;
  sweep_id: string | null;
  variant: string | null;
  cryptos: string[];
  stage: number | null;
  live_start: string | null;
  at: string | null;
  status: "ok" | "warn" | "critical" | "error";
  error: string | null;
  fired: { id: string; status: string; fired_at: string | null }[];
}

export async function siteMonitor(id: string): Promise<SiteMonitor> {
  const dir = join(deploymentsRoot(), id);
  try {
    const raw = JSON.parse(readFileSync(join(dir, "deployment.json"), "utf8")) as { sweep_id?: unknown };
    if (typeof raw.sweep_id !== "string") throw new Error("deployment.json has no sweep_id");
    const { ensureIngested } = await import("../ingest/site-cache.ts");
    const ingestDir = await ensureIngested(raw.sweep_id);
    let featuresParquet: string | null = null;
    if (existsSync(join(ingestDir, "ohlcv.parquet"))) {
      const { ensureDriftTables } = await import("../drift/cache.ts");
      featuresParquet = join(await ensureDriftTables(ingestDir), "features.parquet");
    }
    // Keyed by the deployment's files, the sweep's manifest and the code (loaders/site/pipeline.ts).
    const key = stageKey("monitor", { deployment: folderStamp({ deployment: dir }), manifest_sha256: fileHash(join(ingestDir, "manifest.json")) });
    return await cachedJson(
      "monitor",
      key,
      async (): Promise<SiteMonitor> => ({ available: true, deployment_folder: id, ...(await monitorDeployment(dir, { ingestDir, featuresParquet })) }),
      { dir: join(siteCacheRoot(), "deployments", id) },
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { available: false, deployment_id: id, status: "error", error: message.split("\n").slice(0, 12).join("\n") };
  }
}

/** Every deployment with its status and fired triggers, for the home page. */
export async function deploymentsSummary(): Promise<DeploymentSummary[]> {
  const out: DeploymentSummary[] = [];
  for (const id of listDeploymentIds()) {
    const r = await siteMonitor(id);
    if (!r.available) {
      out.push({ deployment_id: id, sweep_id: null, variant: null, cryptos: [], stage: null, live_start: null, at: null, status: "error", error: r.error, fired: [] });
      continue;
    }
    out.push({
      deployment_id: id,
      sweep_id: r.sweep_id,
      variant: r.variant,
      cryptos: r.cryptos,
      stage: r.stage,
      live_start: r.live_start,
      at: r.at,
      status: r.status,
      error: null,
      fired: r.triggers.filter((t) => t.status === "warn" || t.status === "critical").map((t) => ({ id: t.id, status: t.status, fired_at: t.fired_at })),
    });
  }
  return out;
}

/** `--deployment <id>` of a Framework data loader. */
export function deploymentArg(argv?: string[]): string {
  if (argv === undefined) reportLoaderErrors();
  argv ??= process.argv.slice(2);
  const i = argv.indexOf("--deployment");
  const v = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--deployment="))?.slice("--deployment=".length);
  if (!v || !isValidSweepId(v)) throw new UsageError(`--deployment must match [A-Za-z0-9._-]{1,100}, got ${JSON.stringify(v)}`);
  return v;
}
