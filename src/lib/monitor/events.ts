/**
 * The structured log lines of the readiness dossier §1, as exported from Loki: one event per line,
 * either a JSON object (`{"ts": ..., "event": "btc_features_applied", ...}`, or logcli's
 * `{"timestamp": ..., "line": "<logfmt or JSON>", "labels": {...}}`) or logfmt
 * (`ts=2025-06-01T00:00:00Z event=btc_ohlcv_quality_alert reason=outlier_returns`, optionally led
 * by a bare ISO timestamp as logcli prints it). Pure parsing: the loader adds the file name.
 */
import { QUALITY_REASONS } from "../drift/quality.js";
import type { InputIssue } from "../sweep.js";
import { HOUR_MS, tryParseUtc } from "../time.js";
import { epochToMs } from "../epoch.js";

export const KNOWN_EVENTS = ["btc_features_applied", "btc_ohlcv_quality_alert", "enrichment_config_mismatch"] as const;
export type KnownEvent = (typeof KNOWN_EVENTS)[number];

/** Fields each known event must carry (spec §1). */
export const EVENT_FIELDS: Record<KnownEvent, readonly string[]> = {
  btc_features_applied: ["feature_set", "n_features", "purge_bars"],
  btc_ohlcv_quality_alert: ["reason"],
  enrichment_config_mismatch: ["model_run_id", "env_value", "artefact_value"],
};

const TIME_KEYS = ["ts", "time", "timestamp", "t", "@timestamp"];

export interface MonitorEvent {
  /** Epoch ms UTC. */
  ts: number;
  event: string;
  /** Every other key=value of the line, as text. */
  fields: Record<string, string>;
  /** 1-based line in the events file. */
  line: number;
}

/**
 * logfmt → key/value pairs: `key=value`, `key="quoted \" value"`, a bare `key` is `key=""`.
 * Returns null on an unterminated quote (the sign of a line cut off mid-write).
 */
export function parseLogfmt(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === " ") i++;
    if (i >= n) break;
    let k = i;
    while (k < n && text[k] !== "=" && text[k] !== " ") k++;
    const key = text.slice(i, k);
    if (k >= n || text[k] === " ") {
      if (key) out[key] = "";
      i = k;
      continue;
    }
    k++; // '='
    let value = "";
    if (text[k] === '"') {
      k++;
      let closed = false;
      while (k < n) {
        const c = text[k];
        if (c === "\\" && k + 1 < n) {
          const e = text[k + 1];
          value += e === "n" ? "\n" : e === "t" ? "\t" : e;
          k += 2;
          continue;
        }
        if (c === '"') {
          closed = true;
          k++;
          break;
        }
        value += c;
        k++;
      }
      if (!closed) return null;
    } else {
      const s = k;
      while (k < n && text[k] !== " ") k++;
      value = text.slice(s, k);
    }
    if (key) out[key] = value;
    i = k;
  }
  return out;
}

function timeOf(v: unknown): number | null {
  // epoch s / ms / µs / ns by magnitude (Loki exports nanoseconds): the one rule of src/lib/epoch.ts
  if (typeof v === "number") return epochToMs(v);
  if (typeof v !== "string") return null;
  if (/^\d{9,19}$/.test(v.trim())) return timeOf(Number(v.trim()));
  return tryParseUtc(v);
}

function stringify(v: unknown): string {
  return typeof v === "string" ? v : v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** A flat record → an event, or the issue that stops it. */
function toEvent(rec: Record<string, unknown>, line: number, fallbackTs: number | null): { event?: MonitorEvent; issue?: InputIssue } {
  let ts: number | null = null;
  let timeKey: string | null = null;
  for (const k of TIME_KEYS) {
    if (rec[k] !== undefined) {
      ts = timeOf(rec[k]);
      timeKey = k;
      break;
    }
  }
  if (timeKey === null) ts = fallbackTs;
  if (ts === null) {
    return { issue: { severity: "error", code: timeKey ? "bad_time" : "missing_value", message: timeKey ? "unparseable time" : "no time on the line", row: line, column: timeKey ?? "ts", value: timeKey ? rec[timeKey] : undefined, expected: "ts=<ISO-8601 UTC or epoch s/ms/µs/ns>" } };
  }
  const ev = rec.event ?? rec.msg;
  if (typeof ev !== "string" || !ev.trim()) {
    return { issue: { severity: "error", code: "missing_value", message: "no event name on the line", row: line, column: "event", value: ev, expected: "event=<name>, e.g. event=btc_features_applied" } };
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec)) if (k !== "event" && k !== "msg" && k !== timeKey && k !== "labels") fields[k] = stringify(v);
  const event = ev.trim();
  const need = EVENT_FIELDS[event as KnownEvent];
  if (need) {
    const missing = need.filter((f) => fields[f] === undefined || fields[f] === "");
    if (missing.length) return { issue: { severity: "error", code: "missing_value", message: `event ${event} lacks ${missing.join(", ")}`, row: line, column: missing[0], expected: `the fields ${need.join(", ")}` } };
    if (event === "btc_features_applied") {
      for (const f of ["n_features", "purge_bars"]) {
        if (!/^\d+$/.test(fields[f])) return { issue: { severity: "error", code: "wrong_type", message: `${f} is not an integer >= 0`, row: line, column: f, value: fields[f], expected: "an integer >= 0" } };
      }
    }
    if (event === "btc_ohlcv_quality_alert" && !(QUALITY_REASONS as readonly string[]).includes(fields.reason)) {
      return { issue: { severity: "error", code: "invalid_value", message: "unknown quality reason", row: line, column: "reason", value: fields.reason, expected: QUALITY_REASONS.join(" | ") } };
    }
  }
  return { event: { ts, event, fields, line } };
}

/**
 * One line of an events file → an event, nothing (a blank line), or an issue. `lastLine` marks the
 * file's final line when the file does not end with a newline: a line cut off mid-write is then
 * reported as a truncated file rather than as a bad value.
 */
export function parseEventLine(text: string, line: number, lastLine = false): { event?: MonitorEvent; issue?: InputIssue } {
  const s = text.replace(/\r$/, "").trim();
  if (!s) return {};
  const truncated = (why: string): { issue: InputIssue } => ({
    issue: { severity: "error", code: "truncated_file", message: `the file ends in the middle of a line (${why})`, row: line, value: s.length > 80 ? s.slice(0, 77) + "..." : s, expected: "complete lines, each ending with a newline" },
  });
  if (s.startsWith("{")) {
    let rec: unknown;
    try {
      rec = JSON.parse(s);
    } catch (e) {
      if (lastLine) return truncated(`invalid JSON: ${(e as Error).message}`);
      return { issue: { severity: "error", code: "invalid_json", message: `invalid JSON: ${(e as Error).message}`, row: line, value: s.length > 80 ? s.slice(0, 77) + "..." : s, expected: "one JSON object per line" } };
    }
    if (typeof rec !== "object" || rec === null || Array.isArray(rec)) return { issue: { severity: "error", code: "wrong_type", message: "not a JSON object", row: line, expected: "one JSON object per line" } };
    const r = rec as Record<string, unknown>;
    // logcli --output=jsonl: the log line is inside "line"; its timestamp is the entry's.
    if (typeof r.line === "string" && r.event === undefined) {
      const outerTs = TIME_KEYS.map((k) => r[k]).find((v) => v !== undefined);
      const inner = parseEventLine(r.line, line, false);
      if (inner.issue && inner.issue.code === "missing_value" && inner.issue.column === "ts" && outerTs !== undefined) {
        const fields = r.line.trim().startsWith("{") ? (JSON.parse(r.line) as Record<string, unknown>) : parseLogfmt(r.line);
        if (fields) return toEvent(fields, line, timeOf(outerTs));
      }
      return inner;
    }
    return toEvent(r, line, null);
  }
  // logfmt, optionally led by a bare timestamp (logcli's default output)
  let lead: number | null = null;
  let body = s;
  const first = s.split(" ", 1)[0];
  if (!first.includes("=")) {
    const t = timeOf(first);
    if (t !== null) {
      lead = t;
      body = s.slice(first.length).trim();
      if (body.startsWith("{")) body = body.replace(/^\{[^}]*\}\s*/, ""); // logcli's label set
    }
  }
  const rec = parseLogfmt(body);
  if (!rec) return lastLine ? truncated("an unterminated quote") : { issue: { severity: "error", code: "malformed_line", message: "unterminated quote in a logfmt line", row: line, value: s, expected: "key=value pairs, values with spaces in double quotes" } };
  const parsed = toEvent(rec, line, lead);
  if (parsed.issue && lastLine) return truncated(parsed.issue.message);
  return parsed;
}

/** Count of each (event, clock hour); hour_start epoch ms. Events in time order. */
export function eventsPerHour(events: readonly MonitorEvent[]): { hour_start: number; event: string; reason: string | null; count: number }[] {
  const m = new Map<string, { hour_start: number; event: string; reason: string | null; count: number }>();
  for (const e of events) {
    const hour = Math.floor(e.ts / HOUR_MS) * HOUR_MS;
    const reason = e.event === "btc_ohlcv_quality_alert" ? e.fields.reason : null;
    const key = `${hour}\u0000${e.event}\u0000${reason ?? ""}`;
    const cur = m.get(key) ?? { hour_start: hour, event: e.event, reason, count: 0 };
    cur.count++;
    m.set(key, cur);
  }
  return [...m.values()].sort((a, b) => a.hour_start - b.hour_start || a.event.localeCompare(b.event) || (a.reason ?? "").localeCompare(b.reason ?? ""));
}
