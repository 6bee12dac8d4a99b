/**
 * `ftf monitor --format openmetrics`: the report as OpenMetrics text for a Prometheus textfile
 * collector (names and labels in data/README.md). Status codes: 0 ok, 1 warn, 2 critical,
 * −1 not assessable. Every sample carries `deployment_id`.
 */
import type { MonitorReport, Status } from "./evaluate.js";
import { parseUtc } from "../time.js";

export const STATUS_CODE: Record<Status, number> = { ok: 0, warn: 1, critical: 2, not_assessable: -1 };

function label(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labels(o: Record<string, string | null>): string {
  return `{${Object.entries(o).filter(([, v]) => v !== null).map(([k, v]) => `${k}="${label(v as string)}"`).join(",")}}`;
}

function sample(x: number): string {
  return Number.isNaN(x) ? "NaN" : x === Infinity ? "+Inf" : x === -Infinity ? "-Inf" : String(x);
}

export function toOpenMetrics(r: MonitorReport): string {
  const out: string[] = [];
  const family = (name: string, help: string, unit?: string) => {
    out.push(`# TYPE ${name} gauge`, `# HELP ${name} ${help}`);
    if (unit) out.push(`# UNIT ${name} ${unit}`);
  };
  const dep = { deployment_id: r.deployment_id };
  family("ftf_monitor_status", "Overall deployment status (0 ok, 1 warn, 2 critical)");
  out.push(`ftf_monitor_status${labels({ ...dep, sweep_id: r.sweep_id, variant: r.variant, stage: String(r.stage) })} ${STATUS_CODE[r.status]}`);
  family("ftf_monitor_trigger_status", "Rollback trigger status (0 ok, 1 warn, 2 critical, -1 not assessable)");
  for (const t of r.triggers) out.push(`ftf_monitor_trigger_status${labels({ ...dep, trigger: t.id, severity: t.severity })} ${STATUS_CODE[t.status]}`);
  family("ftf_monitor_trigger_active", "1 when the trigger's rule still holds as of the evaluation time");
  for (const t of r.triggers) out.push(`ftf_monitor_trigger_active${labels({ ...dep, trigger: t.id })} ${t.active ? 1 : 0}`);
  family("ftf_monitor_trigger_value", "The trigger's statistic (see the trigger's rule)");
  for (const t of r.triggers) if (t.value !== null) out.push(`ftf_monitor_trigger_value${labels({ ...dep, trigger: t.id })} ${sample(t.value)}`);
  family("ftf_monitor_trigger_threshold", "The trigger's threshold");
  for (const t of r.triggers) if (t.threshold !== null) out.push(`ftf_monitor_trigger_threshold${labels({ ...dep, trigger: t.id })} ${sample(t.threshold)}`);
  family("ftf_monitor_trigger_fired_timestamp_seconds", "When the trigger first fired (Unix time)", "seconds");
  for (const t of r.triggers) if (t.fired_at) out.push(`ftf_monitor_trigger_fired_timestamp_seconds${labels({ ...dep, trigger: t.id })} ${parseUtc(t.fired_at) / 1000}`);
  family("ftf_monitor_metric_value", "A monitored metric's live value");
  for (const m of r.metrics) if (m.value !== null) out.push(`ftf_monitor_metric_value${labels({ ...dep, metric: m.id, crypto: m.crypto })} ${sample(m.value)}`);
  family("ftf_monitor_metric_reference", "The training / baseline value the metric is compared with");
  for (const m of r.metrics) if (m.reference !== null) out.push(`ftf_monitor_metric_reference${labels({ ...dep, metric: m.id, crypto: m.crypto })} ${sample(m.reference)}`);
  family("ftf_monitor_metric_status", "A metric's status (0 ok, 1 warn, 2 critical, -1 not assessable)");
  for (const m of r.metrics) out.push(`ftf_monitor_metric_status${labels({ ...dep, metric: m.id, crypto: m.crypto })} ${STATUS_CODE[m.status]}`);
  family("ftf_monitor_stage_status", "Rollout stage gate status (0 ok, 1 warn, 2 critical, -1 not assessable)");
  for (const s of r.stages) out.push(`ftf_monitor_stage_status${labels({ ...dep, stage: String(s.stage), current: s.current ? "true" : "false" })} ${STATUS_CODE[s.status]}`);
  family("ftf_monitor_evaluated_timestamp_seconds", "The as-of time of the evaluation (Unix time)", "seconds");
  out.push(`ftf_monitor_evaluated_timestamp_seconds${labels(dep)} ${parseUtc(r.at) / 1000}`);
  out.push("# EOF");
  return out.join("\n") + "\n";
}
