/**
 * Names and places of the demo deployments (cheap to import: no DuckDB), for layout.ts and
 * ensure-demo.ts; the generator is deployments.ts.
 */
import { type DemoSpan } from "./calendar.ts";
import { DAY_MS, HOUR_MS } from "../../src/lib/time.ts";

export const LIVE_SCENARIOS = ["live-ok", "live-regress", "live-mismatch"] as const;
export type LiveScenario = (typeof LIVE_SCENARIOS)[number];
export function isLiveScenario(s: string): s is LiveScenario {
  return (LIVE_SCENARIOS as readonly string[]).includes(s);
}

/** The sweep every demo deployment comes from. */
export const DEPLOYMENT_SWEEP = "demo-clean";
export const DEPLOYMENT_CRYPTO = "ETHUSDC";
export const DEPLOYMENT_VARIANT = "btc_full";
export const LIVE_DAYS = 30;
export const SHADOW_HOURS = 24;

export const DEPLOYMENT_FILES: Record<LiveScenario, readonly string[]> = {
  "live-ok": ["deployment.json", "inference_log.parquet", "events.jsonl"],
  "live-regress": ["deployment.json", "inference_log.parquet", "events.log"],
  "live-mismatch": ["deployment.json", "inference_log.parquet", "events.jsonl"],
};

export function deploymentId(s: LiveScenario): string {
  return `demo-${s}`;
}

/** The live window of a span: the last LIVE_DAYS whole days. */
export function liveWindow(span: DemoSpan): { liveStart: number; end: number } {
  const end = span.end;
  return { liveStart: Math.floor((end - LIVE_DAYS * DAY_MS) / DAY_MS) * DAY_MS, end };
}

export function liveSpanProblem(span: DemoSpan): string | null {
  const { liveStart } = liveWindow(span);
  return liveStart - SHADOW_HOURS * HOUR_MS < span.trainEnd ? `the demo deployments need ${LIVE_DAYS} days of live plus ${SHADOW_HOURS} h of shadow after the training window` : null;
}

