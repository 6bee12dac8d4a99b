/**
 * `deployment.json` of a deployment folder (data/README.md "The deployment folder"): which model
 * of which sweep runs where, since when, at which rollout stage, checked like sweep.json — every
 * problem reported, each with its key.
 */
import { DRIFT_THRESHOLD_KEYS } from "../drift/thresholds.js";
import { didYouMean, intervalMs, isValidSweepId, SYMBOL_PATTERN, type InputIssue } from "../sweep.js";
import { formatUtc, tryParseUtc } from "../time.js";
import { MONITOR_THRESHOLD_KEYS, resolveMonitorThresholds } from "./thresholds.js";

export interface DeploymentConfig {
  deployment_id: string;
  /** The sweep the model came from: training reference, run config and thresholds. */
  sweep_id: string;
  variant: string;
  cryptos: string[];
  model_run_id: string;
  /** The champion_btc_blind fallback; its shadow rows in the log are the live baseline. */
  baseline_model_run_id: string;
  /** Rollout stage of spec §4, 1–5. */
  stage: number;
  /** First bar scored live (ISO-8601 UTC). */
  live_start: string;
  /** Bar interval of the inference log; null = the sweep's interval. */
  interval: string | null;
  /** Overrides of monitor and drift thresholds. */
  thresholds: Record<string, number>;
}

export const DEPLOYMENT_KEYS = [
  "deployment_id", "sweep_id", "variant", "crypto", "cryptos", "model_run_id", "baseline_model_run_id", "stage", "live_start", "interval", "thresholds",
] as const;
const METADATA_KEYS = ["description", "notes", "generator", "created_at"];
const INTERVAL_PATTERN = /^(\d+)(m|h|d|w)$/;

export function checkDeploymentConfig(raw: unknown): { config: DeploymentConfig | null; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const err = (code: string, column: string, message: string, value?: unknown, expected?: string) => issues.push({ severity: "error", code, column, message, value, expected });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    issues.push({ severity: "error", code: "wrong_type", message: "deployment.json must hold a JSON object", value: raw === null ? null : Array.isArray(raw) ? "array" : typeof raw, expected: "an object such as {\"deployment_id\": ...}" });
    return { config: null, issues };
  }
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(DEPLOYMENT_KEYS as readonly string[]).includes(key) && !METADATA_KEYS.includes(key)) {
      issues.push({ severity: "warning", code: "unknown_key", column: key, message: `unknown key, ignored${didYouMean(key, DEPLOYMENT_KEYS)}` });
    }
  }
  const str = (key: string, expected: string, test: (s: string) => boolean = (s) => s.trim() !== ""): string => {
    const v = o[key];
    if (v === undefined || v === null) err("missing_key", key, `${key} is missing`, undefined, expected);
    else if (typeof v !== "string" || !test(v)) err(typeof v === "string" ? "invalid_value" : "wrong_type", key, `invalid ${key}`, v, expected);
    else return v;
    return "";
  };
  const id = "a string matching [A-Za-z0-9._-]{1,100}";
  const deploymentId = str("deployment_id", id, isValidSweepId);
  const sweepId = str("sweep_id", id, isValidSweepId);
  const variant = str("variant", "a variant id of the sweep, e.g. \"btc_full\"");
  const modelRunId = str("model_run_id", "the registry run id of the deployed model");
  const baselineRunId = str("baseline_model_run_id", "the registry run id of the champion_btc_blind fallback");
  if (modelRunId && baselineRunId && modelRunId === baselineRunId) err("invalid_value", "baseline_model_run_id", "the baseline model is the deployed model", baselineRunId, "the run id of a different (BTC-blind) model");

  let cryptos: string[] = [];
  const one = o.crypto;
  const many = o.cryptos;
  if (one !== undefined && many !== undefined) err("ambiguous_key", "cryptos", "both crypto and cryptos are given", undefined, "one of them");
  const list = many !== undefined ? many : one !== undefined ? [one] : undefined;
  const key = many !== undefined ? "cryptos" : "crypto";
  if (list === undefined) err("missing_key", "cryptos", "cryptos (or crypto) is missing", undefined, "the symbol(s) the model scores, e.g. [\"BTCUSDC\"]");
  else if (!Array.isArray(list) || !list.length || !list.every((s) => typeof s === "string" && SYMBOL_PATTERN.test(s))) err("wrong_type", key, "wrong type", list, "a symbol or a non-empty array of symbols such as \"ETHUSDC\"");
  else {
    cryptos = (list as string[]).map((s) => s.toUpperCase());
    const dup = cryptos.find((s, i) => cryptos.indexOf(s) !== i);
    if (dup) err("invalid_value", key, `symbol "${dup}" is listed twice`, dup);
  }

  let stage = 0;
  if (o.stage === undefined || o.stage === null) err("missing_key", "stage", "stage is missing", undefined, "the rollout stage of spec §4, an integer 1–5");
  else if (typeof o.stage !== "number" || !Number.isInteger(o.stage) || o.stage < 1 || o.stage > 5) err("invalid_value", "stage", "invalid stage", o.stage, "an integer 1–5");
  else stage = o.stage;

  let liveStart = "";
  const ls = str("live_start", "an ISO-8601 date-time, e.g. \"2025-06-01T00:00:00Z\"");
  if (ls) {
    const ms = tryParseUtc(ls);
    if (ms === null) err("wrong_type", "live_start", "not an ISO-8601 date or date-time", ls, "e.g. \"2025-06-01T00:00:00Z\"");
    else liveStart = formatUtc(ms);
  }

  let interval: string | null = null;
  if (o.interval !== undefined && o.interval !== null) {
    if (typeof o.interval !== "string" || !INTERVAL_PATTERN.test(o.interval) || intervalMs(o.interval) <= 0) err("invalid_value", "interval", "invalid interval", o.interval, "<n>m, <n>h, <n>d or <n>w, e.g. \"1m\"");
    else interval = o.interval;
  }

  const thresholds: Record<string, number> = {};
  if (o.thresholds !== undefined && o.thresholds !== null) {
    if (typeof o.thresholds !== "object" || Array.isArray(o.thresholds)) err("wrong_type", "thresholds", "wrong type", o.thresholds, "an object of threshold name → number");
    else {
      const known = [...MONITOR_THRESHOLD_KEYS, ...DRIFT_THRESHOLD_KEYS] as string[];
      for (const [k, v] of Object.entries(o.thresholds as Record<string, unknown>)) {
        if (!known.includes(k)) {
          err("unknown_threshold", `thresholds.${k}`, `unknown threshold${didYouMean(k, known)}`, k, `one of ${known.join(", ")}`);
          continue;
        }
        if (typeof v !== "number" || !Number.isFinite(v)) {
          err("wrong_type", `thresholds.${k}`, "not a finite number", v, "a number");
          continue;
        }
        try {
          if ((MONITOR_THRESHOLD_KEYS as string[]).includes(k)) resolveMonitorThresholds({ [k]: v });
          thresholds[k] = v;
        } catch (e) {
          err("invalid_value", `thresholds.${k}`, (e as Error).message, v);
        }
      }
    }
  }
  if (issues.some((i) => i.severity === "error")) return { config: null, issues };
  return {
    config: { deployment_id: deploymentId, sweep_id: sweepId, variant, cryptos, model_run_id: modelRunId, baseline_model_run_id: baselineRunId, stage, live_start: liveStart, interval, thresholds },
    issues,
  };
}
