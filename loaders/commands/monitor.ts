/**
 * `ftf monitor <deployment-dir>`: every §1 metric, §4 stage gate and §5 rollback trigger of a
 * deployment as of an instant. Exit 0 when every trigger is ok (or not assessable), 1 when any is
 * warn or critical — or the input is invalid (no status is printed then) —, 2 on wrong usage.
 */
import { parseArgs } from "node:util";
import { toOpenMetrics, type MonitorReport, type Status } from "../../src/lib/monitor/index.ts";
import { num } from "../../src/lib/format.ts";
import { UsageError } from "../errors.ts";
import { monitorDeployment } from "../monitor/index.ts";

const HELP = `usage: ftf monitor <deployment-dir> [--ohlcv DIR] [--sweep DIR] [--at ISO] [--json | --format text|json|openmetrics]

Reads deployment.json, inference_log.parquet|csv|jsonl and events.jsonl|log, finds the sweep the
model came from (--sweep, else <deployment-dir>/../../sweeps/<sweep_id>, else FTF_SWEEPS), and
prints every metric, trigger and stage gate with value, threshold, status, since when and the
runbook action.

  --ohlcv    the sweep's OHLCV folder: the training distribution of the features (without it,
             feature and correlation drift are not assessable)
  --sweep    the sweep folder
  --at       evaluate as of this instant (ISO-8601 UTC)                  [the last bar of the log]
  --json     the JSON report (what the Monitoring page shows)
  --format   text | json | openmetrics (Prometheus textfile collector)   [text]

Exit codes: 0 all triggers ok, 1 any warn or critical (or invalid input), 2 usage.`;

const MARK: Record<Status, string> = { ok: "ok      ", warn: "WARN    ", critical: "CRITICAL", not_assessable: "n/a     " };

/** Counts as integers, everything else with num's four decimals. */
function show(x: number | null): string {
  return x !== null && Number.isInteger(x) ? String(x) : num(x, 4);
}

export function textReport(r: MonitorReport): string {
  const lines: string[] = [];
  lines.push(`deployment ${r.deployment_id} — ${r.variant} of ${r.sweep_id} on ${r.cryptos.join(", ")}, stage ${r.stage}, live since ${r.live_start}`);
  lines.push(`as of ${r.at}: ${r.status.toUpperCase()}`);
  lines.push("", "Rollback triggers");
  for (const t of r.triggers) {
    lines.push(`  ${MARK[t.status]} ${t.id.padEnd(28)} value ${show(t.value).padStart(8)}  threshold ${show(t.threshold).padStart(6)}${t.fired_at ? `  since ${t.fired_at}${t.active ? "" : " (not active now)"}` : ""}`);
    lines.push(`           ${t.message}`);
    if (t.status === "warn" || t.status === "critical") lines.push(`           → ${t.action} (reversal: ${t.reversal_latency})`);
  }
  lines.push("", "Stage gates");
  for (const s of r.stages) lines.push(`  ${MARK[s.status]} ${s.current ? "▶" : " "} ${s.stage} ${s.name}: ${s.message}`);
  lines.push("", "Metrics");
  for (const m of r.metrics) lines.push(`  ${MARK[m.status]} ${(m.crypto ? `${m.id} [${m.crypto}]` : m.id).padEnd(40)} ${show(m.value).padStart(8)}  vs ${show(m.reference).padStart(8)}  (${m.threshold_text})${m.reason ? ` — ${m.reason}` : ""}`);
  if (r.notes.length) lines.push("", "Notes", ...r.notes.map((n) => `  - ${n}`));
  return lines.join("\n");
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        ohlcv: { type: "string" },
        sweep: { type: "string" },
        at: { type: "string" },
        json: { type: "boolean" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one deployment folder\n\n${HELP}`);
  const format = values.format ?? (values.json ? "json" : "text");
  if (!["text", "json", "openmetrics"].includes(format)) throw new UsageError(`--format must be text, json or openmetrics (got "${format}")`);
  if (values.json && values.format && values.format !== "json") throw new UsageError("--json and --format disagree");
  const report = await monitorDeployment(positionals[0], { ohlcvDir: values.ohlcv ?? null, sweepDir: values.sweep, at: values.at });
  if (format === "json") process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else if (format === "openmetrics") process.stdout.write(toOpenMetrics(report));
  else console.log(textReport(report));
  return report.status === "ok" ? 0 : 1;
}
