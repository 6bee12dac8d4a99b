/**
 * The short drift summary the Dossier shows: per feature, under each rule, how many targets are
 * in warn or critical in their latest tested week and how many feature-weeks alarmed in all, with
 * both rules' false-alarm rates replayed over the reference (the mean over targets, which for the
 * BTC-only features are one and the same number). Small on purpose: the Dossier must paint
 * without loading the full drift tables.
 */
import type { CalibratedDriftRow, CalibrationEntry, DriftRule } from "./calibrated.js";
import { rowsForRule } from "./calibrated.js";

export interface DriftSummaryFeature {
  feature: string;
  method: string;
  /** Targets whose latest tested week is in warn/critical. */
  now_calibrated: number;
  now_spec: number;
  /** Feature-weeks in warn or critical after training, over all targets. */
  weeks_calibrated: number;
  weeks_spec: number;
  weeks_tested: number;
  false_alarm_calibrated: number | null;
  false_alarm_spec: number | null;
}

export interface DriftSummary {
  available: true;
  rule: DriftRule;
  reference: { start: string; end: string };
  targets: number;
  features: DriftSummaryFeature[];
}

function latestAlarmed(rows: readonly { symbol: string; window_start: string; status: string }[]): number {
  const latest = new Map<string, { window_start: string; status: string }>();
  for (const r of rows) {
    if (r.status === "no_data") continue;
    const cur = latest.get(r.symbol);
    if (!cur || cur.window_start < r.window_start) latest.set(r.symbol, r);
  }
  return [...latest.values()].filter((r) => r.status === "warn" || r.status === "critical").length;
}

const meanOf = (v: (number | null)[]) => {
  const x = v.filter((a): a is number => a !== null);
  return x.length ? x.reduce((a, b) => a + b, 0) / x.length : null;
};

export function driftSummary(report: { rule: DriftRule; reference: { start: string; end: string }; targets: string[]; drift: readonly CalibratedDriftRow[]; calibration: readonly CalibrationEntry[]; features: readonly string[] }): DriftSummary {
  const spec = rowsForRule(report.drift, "spec");
  const cal = rowsForRule(report.drift, "calibrated");
  const alarm = (s: string) => s === "warn" || s === "critical";
  return {
    available: true,
    rule: report.rule,
    reference: report.reference,
    targets: report.targets.length,
    features: report.features.map((feature) => {
      const s = spec.filter((r) => r.feature === feature);
      const c = cal.filter((r) => r.feature === feature);
      const entries = report.calibration.filter((e) => e.feature === feature);
      return {
        feature,
        method: entries[0]?.method ?? "none",
        now_calibrated: latestAlarmed(c),
        now_spec: latestAlarmed(s),
        weeks_calibrated: c.filter((r) => alarm(r.status)).length,
        weeks_spec: s.filter((r) => alarm(r.status)).length,
        weeks_tested: c.filter((r) => r.status !== "no_data").length,
        false_alarm_calibrated: meanOf(entries.map((e) => e.false_alarm_calibrated)),
        false_alarm_spec: meanOf(entries.map((e) => e.false_alarm_spec)),
      };
    }),
  };
}
