/**
 * `ftf drift <sweep-dir> --ohlcv DIR [--json] [--out DIR] [--warn-p bh|raw] [--set key=value]...`
 *
 * Drift and data-quality report of a sweep against its training window (DESIGN §4): the alert
 * summary on the terminal, or the whole report as JSON (times ISO-8601 UTC, windows half-open
 * [start, end)). `--out` also writes the site's tables (features/drift/correlation/quality_flags
 * Parquet and drift.json). Alerts are findings, not failures: the exit code is 0 unless the input
 * is unusable.
 */
import { parseArgs } from "node:util";
import { analyzeDrift, loadDriftInputs, writeDriftTables, type DriftReport } from "../drift.ts";
import { UsageError } from "../errors.ts";
import { DRIFT_THRESHOLD_KEYS, type WarnPValue } from "../../src/lib/drift/index.ts";
import { BTC_FEATURES } from "../../src/lib/sweep.ts";

const HELP = `usage: ftf drift <sweep-dir> --ohlcv DIR [--json] [--out DIR] [--warn-p bh|raw] [--set key=value]...

Feature drift (weekly KS/PSI vs the training window, 14-day warn, 3σ critical), BTC–target
correlation drift, OHLCV quality flags, missing bars per fold and class balance.

options:
  --ohlcv DIR       folder of OHLCV files (Binance klines or plain CSV), must hold the BTC symbol
  --json            print the full report as JSON instead of the summary
  --out DIR         also write features.parquet, drift.parquet, correlation.parquet,
                    quality_flags.parquet and drift.json into DIR
  --warn-p bh|raw   p-value the 14-day warn rule reads (default bh: BH-adjusted across the six features)
  --set key=value   override a threshold (repeatable); keys: ${DRIFT_THRESHOLD_KEYS.join(", ")}`;

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
  const overrides: Record<string, number> = {};
  for (const kv of values.set ?? []) {
    const m = /^([a-z_0-9]+)=(.+)$/.exec(kv);
    if (!m || !(DRIFT_THRESHOLD_KEYS as string[]).includes(m[1])) throw new UsageError(`--set expects key=value with key one of ${DRIFT_THRESHOLD_KEYS.join(", ")}; got "${kv}"`);
    const v = Number(m[2]);
    if (!Number.isFinite(v)) throw new UsageError(`--set ${m[1]}: "${m[2]}" is not a number`);
    overrides[m[1]] = v;
  }

  const inputs = await loadDriftInputs(positionals[0], values.ohlcv);
  try {
    const { report } = await analyzeDrift({ ...inputs, thresholds: overrides, warnPValue: warn as WarnPValue });
    if (values.out) await writeDriftTables(inputs.duck, report, values.out);
    await print(values.json ? JSON.stringify(report, null, 1) + "\n" : formatSummary(report));
  } finally {
    inputs.duck.close();
    inputs.cleanup();
  }
  return 0;
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
  line(`rules: warn = KS p < ${r.thresholds.ks_alpha} (${r.warn_pvalue === "bh" ? "BH-adjusted across the six features" : "raw"}) in ${r.thresholds.warn_consecutive} consecutive windows; critical = window mean outside ${r.thresholds.control_sigma}σ of the reference's weekly means`);
  line();
  line("Feature drift — windows per status (all targets)");
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
