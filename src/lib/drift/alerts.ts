/**
 * The alert timeline: every rule's firings merged into episodes (consecutive windows of the same
 * rule, symbol and subject), in time order, so a researcher sees when — and how often — the
 * monitoring plan would have paged someone on this history.
 */
import type { ClassBalanceRow } from "./class-balance.js";
import type { CorrelationEpisode } from "./correlation.js";
import type { DriftRow } from "./feature-drift.js";
import type { HourlyAlert, MissingBarsRow } from "./quality.js";
import { formatUtc, HOUR_MS } from "../time.js";


export type AlertKind = "feature_drift" | "correlation_drift" | "ohlcv_quality" | "missing_bars" | "class_balance";
export type Severity = "warn" | "critical";

export interface Alert {
  kind: AlertKind;
  severity: Severity;
  symbol: string;
  /** Feature, quality reason, or "fold N". */
  subject: string;
  /** Half-open [start, end), ISO-8601 UTC. */
  start: string;
  end: string;
  /** Windows (or bars, clock hours) merged into this episode. */
  count: number;
  message: string;
}

/** Feature-drift rows → one alert per run of consecutive windows with the same non-ok status. */
export function featureDriftAlerts(rows: readonly DriftRow[]): Alert[] {
  const by = new Map<string, DriftRow[]>();
  for (const r of rows) {
    const key = `${r.symbol}\u0000${r.feature}`;
    (by.get(key) ?? by.set(key, []).get(key)!).push(r);
  }
  const out: Alert[] = [];
  for (const list of by.values()) {
    list.sort((a, b) => a.window_start.localeCompare(b.window_start));
    let cur: Alert | null = null;
    for (const r of list) {
      const sev = r.status === "warn" || r.status === "critical" ? r.status : null;
      if (sev && cur && cur.severity === sev && cur.end === r.window_start) {
        cur.end = r.window_end;
        cur.count++;
        continue;
      }
      if (cur) out.push(cur);
      cur = sev
        ? {
            kind: "feature_drift",
            severity: sev,
            symbol: r.symbol,
            subject: r.feature,
            start: r.window_start,
            end: r.window_end,
            count: 1,
            message: "",
          }
        : null;
    }
    if (cur) out.push(cur);
  }
  for (const a of out)
    a.message =
      a.severity === "critical"
        ? `${a.subject} weekly mean outside the 3σ control limits of the reference for ${a.count} window${a.count === 1 ? "" : "s"}`
        : `${a.subject} KS p below alpha in consecutive weekly windows (warn held for ${a.count} window${a.count === 1 ? "" : "s"})`;
  return out;
}

export function correlationAlerts(episodes: readonly CorrelationEpisode[]): Alert[] {
  return episodes.map((e) => ({
    kind: "correlation_drift",
    severity: "critical",
    symbol: e.symbol,
    subject: "btc_alt_corr_720h",
    start: formatUtc(e.start),
    end: formatUtc(e.end),
    count: e.bars,
    message: `rolling correlation with BTC ${e.side} its training control limits for ${e.bars} bar${e.bars === 1 ? "" : "s"} (extreme ${e.extreme.toFixed(3)})`,
  }));
}

export function qualityAlerts(hourly: readonly HourlyAlert[]): Alert[] {
  const out: Alert[] = [];
  for (const h of hourly) {
    const prev = out[out.length - 1];
    const start = formatUtc(h.hour_start);
    if (prev && prev.symbol === h.symbol && prev.subject === h.reason && prev.end === start) {
      prev.end = formatUtc(h.hour_start + HOUR_MS);
      prev.count++;
      continue;
    }
    out.push({
      kind: "ohlcv_quality",
      severity: "warn",
      symbol: h.symbol,
      subject: h.reason,
      start,
      end: formatUtc(h.hour_start + HOUR_MS),
      count: 1,
      message: `${h.reason} fired ${h.count} times within one clock hour`,
    });
  }
  return out;
}

export function missingBarAlerts(rows: readonly MissingBarsRow[]): Alert[] {
  return rows
    .filter((r) => r.revert)
    .map((r) => ({
      kind: "missing_bars" as const,
      severity: "critical" as const,
      symbol: r.symbol,
      subject: r.fold === 0 ? "training window" : `fold ${r.fold}`,
      start: r.window_start,
      end: r.window_end,
      count: r.missing,
      message: `${(100 * r.missing_share).toFixed(1)}% of the fold's bars missing (${r.missing}/${r.expected}): revert flag`,
    }));
}

export function classBalanceAlerts(rows: readonly ClassBalanceRow[], foldWindows: ReadonlyMap<string, { start: string; end: string }>): Alert[] {
  return rows
    .filter((r) => r.flag)
    .map((r) => {
      const w = foldWindows.get(`${r.crypto}\u0000${r.fold}`);
      return {
        kind: "class_balance" as const,
        severity: "warn" as const,
        symbol: r.crypto,
        subject: `fold ${r.fold}`,
        start: w?.start ?? "",
        end: w?.end ?? "",
        count: 1,
        message: `BUY share ${(100 * r.buy_share).toFixed(1)}% vs training ${(100 * r.reference_share).toFixed(1)}%: PSI ${r.psi.toFixed(3)} > flag`,
      };
    });
}

/** All alerts in time order (then kind, symbol, subject), and counts per kind and severity. */
export function alertTimeline(...groups: Alert[][]): { alerts: Alert[]; summary: { kind: AlertKind; severity: Severity; episodes: number; first: string; last: string }[] } {
  const alerts = groups.flat().sort((a, b) => a.start.localeCompare(b.start) || a.kind.localeCompare(b.kind) || a.symbol.localeCompare(b.symbol) || a.subject.localeCompare(b.subject));
  const m = new Map<string, { kind: AlertKind; severity: Severity; episodes: number; first: string; last: string }>();
  for (const a of alerts) {
    const key = `${a.kind}\u0000${a.severity}`;
    const s = m.get(key) ?? { kind: a.kind, severity: a.severity, episodes: 0, first: a.start, last: a.end };
    s.episodes++;
    if (a.start < s.first) s.first = a.start;
    if (a.end > s.last) s.last = a.end;
    m.set(key, s);
  }
  return { alerts, summary: [...m.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.severity.localeCompare(b.severity)) };
}
