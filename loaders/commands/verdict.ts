/**
 * `ftf verdict <sweep-dir> [--ohlcv DIR] [--json]`: the committee's verdict on a sweep.
 * A readable table on a terminal (leakage first, then one line per variant, then why each
 * variant is not a LOCK CANDIDATE); with --json the dossier JSON of loaders/verdict.ts, exactly.
 * Exit 0 when the verdict was computed (even ABANDON), 1 on invalid input, 2 on wrong usage.
 */
import { parseArgs } from "node:util";
import { GATE_IDS, gateBelongsTo, type GateResult, type VariantRole } from "../../src/lib/gates/index.ts";
import { UsageError } from "../errors.ts";
import { computeDossier, type Dossier } from "../verdict.ts";
import { num, pval, signed } from "../../src/lib/format.ts";

const HELP = `usage: ftf verdict <sweep-dir> [--ohlcv DIR] [--json]

Runs the gates of DESIGN §5 (G1 sample size, G2 uplift, G3 stability, G4 significance,
G5 drawdown, G6 leakage) on a sweep folder and prints the verdict per variant.

  --ohlcv DIR  OHLCV folder; with the sweep's predictions, gate 3 also checks per-regime f1
  --json       print the dossier JSON (track_verdict, leakage, variants with every gate)

Exit status: 0 verdict computed (whatever it is), 1 invalid input, 2 usage error.`;

interface Style {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

function style(color: boolean): Style {
  const wrap = (code: string) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { bold: wrap("1"), red: wrap("31"), green: wrap("32"), yellow: wrap("33"), dim: wrap("2") };
}


/** Columns padded to their widest cell (ANSI codes excluded from the width). */
function table(rows: string[][], right: ReadonlySet<number> = new Set()): string[] {
  // eslint-disable-next-line no-control-regex
  const width = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "").length;
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ""))));
  return rows.map((r) =>
    r
      .map((cell, c) => {
        const pad = " ".repeat(widths[c] - width(cell));
        return right.has(c) ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd(),
  );
}

function verdictColor(s: Style, v: string): string {
  if (v === "ABANDON") return s.red(s.bold(v));
  if (v === "LOCK CANDIDATE") return s.green(s.bold(v));
  if (v === "INSUFFICIENT EVIDENCE") return s.yellow(v);
  if (v === "BASELINE" || v === "CONTROL") return s.dim(v);
  return v;
}

function gateCell(s: Style, g: GateResult, role: VariantRole): string {
  if (!gateBelongsTo(role, g)) return s.dim("–");
  if (g.pass) return s.green("pass");
  return g.assessed ? s.red("FAIL") : s.yellow("n/a");
}

export function formatDossier(d: Dossier, color = false): string {
  const s = style(color);
  const out: string[] = [];
  const nVariants = d.variants.length;
  out.push(
    s.bold(`Sweep ${d.sweep_id}`) +
      ` — ${[d.track, d.universe, d.interval].filter(Boolean).join(", ")}; ${d.cryptos.length} cryptos × ${d.folds.length} folds × ${nVariants} variants`,
  );
  out.push("");
  const tv = d.track_verdict === "ABANDON" ? s.red(s.bold("ABANDON")) : s.green(s.bold("PROCEED"));
  out.push(`${s.bold("TRACK VERDICT:")} ${tv}  ${d.track_reason}`);
  out.push("");

  const L = d.leakage;
  out.push(`${s.bold("LEAKAGE (G6, mandatory)")}: ${L.leaky} vs ${L.reference} — ${L.suspected ? s.red(s.bold("SUSPECTED")) : s.green("not detected")}`);
  out.push(`  ${L.reason}`);
  const lrows = [["scope", "n", "mean diff", "t", "p", "p (BH)", `α = ${L.alpha}`]];
  for (const t of L.tests) {
    lrows.push([t.scope, String(t.n), signed(t.mean_diff), num(t.statistic, 3), pval(t.pvalue), pval(t.pvalue_adj), t.suspected ? s.red("suspected") : "ok"]);
  }
  out.push(...table(lrows, new Set([1, 2, 3, 4, 5])).map((l) => "  " + l));
  const perCrypto = L.power.per_crypto_mde.map((x) => x.mde).filter((x): x is number => x !== null);
  if (L.power.pooled_mde !== null) {
    const range = perCrypto.length ? `; per crypto ${signed(Math.min(...perCrypto))} to ${signed(Math.max(...perCrypto))}` : "";
    out.push(`  power: detects a pooled leak of ${signed(L.power.pooled_mde)} f1 with ${L.power.target * 100}% power at α = ${L.alpha}${range}`);
  }
  out.push("");

  out.push(`${s.bold("VARIANTS")} (baseline ${d.baseline_variant}; G1 sample size, G2 uplift, G3 stability, G4 significance, G5 drawdown, G6 leakage)`);
  const vrows = [["variant", "verdict", ...GATE_IDS, "mean uplift", `${Math.round((d.variants.find((v) => v.uplift)?.uplift?.ci.level ?? 0.95) * 100)}% CI`, "p (BH)"]];
  for (const v of d.variants) {
    const u = v.uplift;
    vrows.push([
      v.variant,
      verdictColor(s, v.verdict),
      ...GATE_IDS.map((id) => gateCell(s, v.gates[id], v.role)),
      u ? signed(u.mean_uplift) : "",
      u && u.ci.low !== null ? `[${signed(u.ci.low)}, ${signed(u.ci.high)}]` : "",
      v.gates.G4.applicable ? pval(v.gates.G4.pvalue_adj) : "",
    ]);
  }
  out.push(...table(vrows, new Set([8, 10])).map((l) => "  " + l));
  out.push("");

  const why: string[] = [];
  for (const v of d.variants) {
    if (v.verdict === "BASELINE" || v.verdict === "LOCK CANDIDATE") continue;
    const failing = GATE_IDS.filter((id) => v.gates[id].pass === false && !(id === "G6" && L.suspected));
    why.push(`  ${s.bold(v.variant)} — ${verdictColor(s, v.verdict)}${L.suspected ? " (leakage, above)" : ""}`);
    if (v.verdict === "CONTROL") why.push(`    ${v.verdict_reason}`);
    for (const id of failing) why.push(`    ${id} ${v.gates[id].name}: ${v.gates[id].reason}`);
  }
  if (why.length) {
    out.push(s.bold("WHY NOT LOCK"));
    out.push(...why);
    out.push("");
  }

  const over = Object.keys(d.threshold_overrides);
  out.push(
    `${s.bold("THRESHOLDS")} ` +
      Object.entries(d.thresholds)
        .map(([k, v]) => (over.includes(k) ? s.yellow(`${k}=${v}*`) : `${k}=${v}`))
        .join(" ") +
      (over.length ? "  (* from sweep.json)" : ""),
  );
  out.push(`${s.bold("GATE 3 REGIMES")} ${d.regimes.assessed ? `assessed from predictions + ${d.regimes.rule?.btc_symbol} (${[...new Set(d.regimes.rows.map((r) => r.regime))].join(", ")})` : `not assessed: ${d.regimes.reason}`}`);
  if (d.warnings.length) {
    const counts = new Map<string, number>();
    for (const w of d.warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + (w.count ?? 1));
    out.push(`${s.bold("WARNINGS")} ${[...counts].map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  }
  out.push(`${s.bold("INPUTS")} ${d.inputs.filter((f) => f.root === "sweep").map((f) => `${f.path} ${f.sha256.slice(0, 12)}…`).join(", ")}${d.inputs.some((f) => f.root === "ohlcv") ? `; ${d.inputs.filter((f) => f.root === "ohlcv").length} OHLCV files` : ""}`);
  if (d.mlflow) out.push(`${s.bold("MLFLOW")} ${d.mlflow.rows.length} runs of ${d.mlflow.experiments.map((e) => `experiment ${e.experiment_id} "${e.name}"`).join(", ")} in ${d.mlflow.store.path} (source.json ${d.mlflow.sha256.slice(0, 12)}…)`);
  out.push(s.dim(`${d.tool.name} ${d.tool.version}${d.tool.git_commit ? ` @ ${d.tool.git_commit.slice(0, 12)}` : ""}`));
  return out.join("\n");
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ohlcv: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
  if (parsed.values.help) {
    console.log(HELP);
    return 0;
  }
  const [sweepDir, ...extra] = parsed.positionals;
  if (!sweepDir) throw new UsageError(`missing <sweep-dir>\n\n${HELP}`);
  if (extra.length) throw new UsageError(`unexpected argument${extra.length > 1 ? "s" : ""}: ${extra.join(" ")}\n\n${HELP}`);
  if (parsed.values.ohlcv === "") throw new UsageError("--ohlcv needs a folder");
  const dossier = await computeDossier(sweepDir, { ohlcvDir: parsed.values.ohlcv ?? null });
  if (parsed.values.json) {
    process.stdout.write(JSON.stringify(dossier, null, 2) + "\n");
  } else {
    const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    console.log(formatDossier(dossier, color));
  }
  return 0;
}
