/**
 * `ftf drift <sweep-dir> --ohlcv DIR [--json] [--out DIR] [--rule calibrated|spec] [--warn-p bh|raw] [--set key=value]...`
 *
 * Drift and data-quality report of a sweep against its training window (DESIGN §4): the alert
 * summary on the terminal, or the whole report as JSON (times ISO-8601 UTC, windows half-open
 * [start, end)). `--out` also writes the site's tables (features/drift/correlation/quality_flags
 * Parquet and drift.json). `--rule` picks whose status drives the alerts and the exit code: the
 * calibrated rule (default; issue 11) or the readiness dossier's rule; both statuses are always in
 * the JSON. Exit code: 1 when, under that rule, a feature is in warn or critical in its latest
 * tested window (drifting now), 2 on bad usage, else 0; past episodes are findings, not failures.
 */
import { parseArgs } from "node:util";
import { analyzeDrift, type DriftReport } from "../drift/analyze.ts";
import { loadDriftInputs } from "../drift/inputs.ts";
import { writeDriftTables } from "../drift/write.ts";
import { UsageError } from "../errors.ts";
import { DRIFT_RULES, rowsForRule, type DriftRule, type WarnPValue } from "../../src/lib/drift/index.ts";
import { BTC_FEATURES } from "../../src/lib/sweep.ts";
import { parseSetFlags, thresholdHelp, ThresholdError } from "../../src/lib/thresholds.ts";

const HELP = `usage: ftf drift <sweep-dir> --ohlcv DIR [--json] [--out DIR] [--rule calibrated|spec]
                 [--warn-p bh|raw] [--set key=value]...

Feature drift against the training window under two rules — the calibrated rule (weekly KS
against an empirical null of leave-block-out reference weeks, valid for autocorrelated rolling
features; Fisher-z chart for btc_alt_corr_720h) and the readiness dossier's rule (weekly KS/PSI,
14-day warn, 3σ critical) — each with its false-alarm rate replayed over the reference; BTC–target
correlation drift, OHLCV quality flags, missing bars per fold and class balance.

options:
  --ohlcv DIR       folder of OHLCV files (Binance klines or plain CSV), must hold the BTC symbol
  --json            print the full report as JSON instead of the summary
  --out DIR         also write features.parquet, drift.parquet, correlation.parquet,
                    quality_flags.parquet and drift.json into DIR
  --rule R          calibrated (default) or spec: whose status drives the alerts and the exit code
                    (exit 1 when a feature is in warn/critical in its latest tested window)
  --warn-p bh|raw   p-value the 14-day warn rule reads (default bh: BH-adjusted across the six features)
  --set key=value   override a drift threshold (repeatable; sweep.json: thresholds.drift):
${thresholdHelp("drift")}`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ohlcv: { type: "string" },
        json: { type: "boolean", default: false },
        out: { type: "string" },
        "warn-p": { type: "string" },
        rule: { type: "string" },
        set: { type: "string", multiple: true },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one sweep folder, got ${positionals.length}\n\n${HELP}`);
  if (!values.ohlcv) throw new UsageError(`--ohlcv DIR is required\n\n${HELP}`);
  const warn = values["warn-p"] ?? "bh";
  if (warn !== "bh" && warn !== "raw") throw new UsageError(`--warn-p must be "bh" or "raw", got "${warn}"`);
  const rule = values.rule ?? "calibrated";
  if (!(DRIFT_RULES as readonly string[]).includes(rule)) throw new UsageError(`--rule must be "calibrated" or "spec", got "${rule}"`);
  let overrides: Record<string, number>;
  try {
    overrides = parseSetFlags(values.set ?? [], "drift");
  } catch (e) {
    if (e instanceof ThresholdError) throw new UsageError(`${e.message}\n(ftf drift --help lists the thresholds with their ranges)`);
    throw e;
  }

  const inputs = await loadDriftInputs(positionals[0], values.ohlcv);
  try {
    const { report } = await analyzeDrift({ ...inputs, thresholds: overrides, warnPValue: warn as WarnPValue, rule: rule as DriftRule });
    if (values.out) await writeDriftTables(inputs.duck, report, values.out);
    await print(values.json ? JSON.stringify(report, null, 1) + "\n" : formatSummary(report));
    return driftingNow(report).length ? 1 : 0;
  } finally {
    inputs.duck.close();
    inputs.cleanup();
  }
}

/** (symbol, feature) pairs whose latest tested window is in warn or critical under the report's rule. */
export function driftingNow(r: DriftReport): { symbol: string; feature: string; status: string; window_start: string }[] {
  const latest = new Map<string, { symbol: string; feature: string; status: string; window_start: string }>();
  for (const d of rowsForRule(r.drift, r.rule)) {
    if (d.status === "no_data") continue;
    const key = `${d.symbol}\u0000${d.feature}`;
    const cur = latest.get(key);
    if (!cur || cur.window_start < d.window_start) latest.set(key, { symbol: d.symbol, feature: d.feature, status: d.status, window_start: d.window_start });
  }
  return [...latest.values()].filter((x) => x.status === "warn" || x.status === "critical");
}

/** Write and wait until flushed: cli.ts calls process.exit, which would cut a large --json short on a pipe. */
function print(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The terminal summary: what fired, where, how often. */
export function formatSummary(r: DriftReport): string {
  const out: string[] = [];
  const line = (s = "") => out.push(s);
  const windows = new Set(r.drift.map((d) => d.window_start)).size;
  line(`drift report: sweep ${r.sweep_id}, ${r.interval} bars, BTC = ${r.btc_symbol}, targets ${r.targets.join(", ")}`);
  line(`reference (training window): [${r.reference.start}, ${r.reference.end}); ${windows} monitoring windows of ${r.thresholds.window_days} days after it`);
  line(`dossier's rule (spec): warn = KS p < ${r.thresholds.ks_alpha} (${r.warn_pvalue === "bh" ? "BH-adjusted across the six features" : "raw"}) in ${r.thresholds.warn_consecutive} consecutive windows; critical = window mean outside ${r.thresholds.control_sigma}σ of the reference's weekly means`);
  line(`calibrated rule: the same alpha, BH and persistence on p = (1 + #{D_b ≥ D_t})/(B + 1) from leave-block-out reference weeks (stride 1 day, guard = the feature's window); critical = mean outside ${r.thresholds.control_sigma}σ of those weeks' means; btc_alt_corr_720h: Fisher z every 720 bars vs block-bootstrap limits`);
  line(`alerts and exit code follow the ${r.rule === "spec" ? "dossier's rule (--rule spec)" : "calibrated rule (--rule spec for the dossier's)"}`);
  line();
  line("Feature drift — false-alarm rate replayed over the reference (weeks where, by construction, nothing drifted), and the calibration");
  line(`  ${"symbol".padEnd(10)} ${"feature".padEnd(20)} ${"τ̂".padStart(7)} ${"n_eff/wk".padStart(8)} ${"B".padStart(5)} ${"FA spec".padStart(8)} ${"FA calib".padStart(8)}  method`);
  const fa = (x: number | null) => (x === null ? "—" : pct(x));
  for (const c of r.calibration)
    line(
      `  ${c.symbol.padEnd(10)} ${c.feature.padEnd(20)} ${(c.tau === null ? "—" : c.tau.toFixed(1)).padStart(7)} ${(c.n_eff_window === null ? "—" : c.n_eff_window.toFixed(1)).padStart(8)} ${String(c.null_blocks).padStart(5)} ${fa(c.false_alarm_spec).padStart(8)} ${fa(c.false_alarm_calibrated).padStart(8)}  ${c.method}${c.note && c.method !== "fisher_z_chart" ? ` (${c.note})` : ""}`,
    );
  line();
  line("Feature drift — windows per calibrated status (all targets)");
  line(`  ${"feature".padEnd(20)} ${"ok".padStart(6)} ${"warn".padStart(6)} ${"crit".padStart(6)} ${"not tested".padStart(11)}`);
  for (const f of BTC_FEATURES) {
    const rows = r.drift.filter((d) => d.feature === f);
    const c = (s: string) => rows.filter((d) => d.status_calibrated === s).length;
    line(`  ${f.padEnd(20)} ${String(c("ok")).padStart(6)} ${String(c("warn")).padStart(6)} ${String(c("critical")).padStart(6)} ${String(c("not_tested")).padStart(11)}`);
  }
  const now = driftingNow(r);
  line(`  drifting now (latest tested window in warn/critical, ${r.rule} rule): ${now.length ? now.map((x) => `${x.symbol} ${x.feature} ${x.status}`).join(", ") : "none"}`);
  line();
  line("Feature drift — windows per status under the dossier's rule (all targets)");
  line(`  ${"feature".padEnd(20)} ${"ok".padStart(6)} ${"warn".padStart(6)} ${"crit".padStart(6)} ${"no data".padStart(8)} ${"KS rej.".padStart(8)} ${"PSI>" + r.thresholds.psi_flag}`);
  for (const f of BTC_FEATURES) {
    const rows = r.drift.filter((d) => d.feature === f);
    const c = (s: string) => rows.filter((d) => d.status === s).length;
    line(
      `  ${f.padEnd(20)} ${String(c("ok")).padStart(6)} ${String(c("warn")).padStart(6)} ${String(c("critical")).padStart(6)} ${String(c("no_data")).padStart(8)} ${pct(rows.filter((d) => d.ks_reject).length / Math.max(1, rows.length)).padStart(8)} ${String(rows.filter((d) => d.psi_flag).length).padStart(5)}`,
    );
  }
  line();
  line("Correlation drift — rolling correlation with BTC vs training control limits");
  for (const l of r.correlation_limits) {
    const rows = r.correlation.filter((c) => c.symbol === l.symbol);
    const alerted = rows.filter((c) => c.status === "alert").length;
    line(
      l.lcl === null
        ? `  ${l.symbol.padEnd(10)} no limits: ${l.note}`
        : `  ${l.symbol.padEnd(10)} center ${l.center!.toFixed(3)}, limits [${l.lcl.toFixed(3)}, ${l.ucl!.toFixed(3)}]; ${alerted}/${rows.length} windows with bars outside`,
    );
  }
  line();
  line("OHLCV quality — flagged bars per symbol and reason");
  const symbols = [...new Set(r.quality_counts.map((q) => q.symbol))];
  if (!symbols.length) line("  none");
  for (const s of symbols) {
    const parts = r.quality_counts.filter((q) => q.symbol === s).map((q) => `${q.reason} ${q.count}`);
    line(`  ${s.padEnd(10)} ${parts.join(", ")}`);
  }
  line(`  clock-hour rule: ${r.quality_hourly.applicable ? `${r.quality_hourly.alerts.length} alert hour(s)` : "not applicable"} — ${r.quality_hourly.note}`);
  const revert = r.missing_bars.filter((m) => m.revert);
  const worst = [...r.missing_bars].sort((a, b) => b.missing_share - a.missing_share)[0];
  line(
    `  missing bars per window (fold 0 = training): ${r.missing_bars.length} (symbol, window) rows, ${revert.length} above ${pct(r.thresholds.missing_bar_revert_share)} (revert flag)` +
      (worst ? `; worst ${worst.symbol} fold ${worst.fold}: ${worst.missing}/${worst.expected} (${pct(worst.missing_share)})` : ""),
  );
  const gapBars = r.gaps.reduce((a, g) => a + g.bars, 0);
  line(`  gaps: ${r.gaps.length} run(s) of missing bars, ${gapBars} bars in all${r.gaps.length ? ":" : ""}`);
  for (const g of r.gaps.slice(0, 10)) line(`    ${g.symbol.padEnd(10)} [${g.start}, ${g.end}) ${g.bars} bar${g.bars === 1 ? "" : "s"}`);
  if (r.gaps.length > 10) line(`    … ${r.gaps.length - 10} more`);
  line();
  const flagged = r.class_balance.filter((c) => c.flag);
  line(`Class balance — BUY share per fold vs training: ${r.class_balance.length} folds, ${flagged.length} with PSI > ${r.thresholds.class_psi_flag}`);
  for (const c of flagged) line(`  ${c.crypto} fold ${c.fold}: ${pct(c.buy_share)} vs ${pct(c.reference_share)} (PSI ${c.psi.toFixed(3)})`);
  line();
  line(`Alerts: ${r.alerts.length} episode(s)`);
  for (const s of r.alert_summary) line(`  ${s.kind.padEnd(18)} ${s.severity.padEnd(8)} ${String(s.episodes).padStart(4)}  first ${s.first}, last until ${s.last}`);
  const show = r.alerts.slice(0, 25);
  if (show.length) line();
  for (const a of show) line(`  [${a.start}, ${a.end}) ${a.severity.padEnd(8)} ${a.kind} ${a.symbol} ${a.subject}: ${a.message}`);
  if (r.alerts.length > show.length) line(`  … ${r.alerts.length - show.length} more (--json lists all)`);
  if (r.notes.length) {
    line();
    line("Notes");
    for (const n of r.notes) line(`  - ${n}`);
  }
  return out.join("\n") + "\n";
}
