/**
 * src/lib/drift on synthetic feature tables: alerts fire on shifted windows and stay quiet on
 * windows drawn from the reference; KS values equal ks2samp on the same arrays; BH, PSI, control
 * limits, windows and the alert timeline behave as documented.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { bhAdjust, ks2samp, mean, sampleVariance } from "../../src/lib/stats/index.ts";
import {
  alertTimeline,
  applyDriftRules,
  classBalance,
  consecutiveWindows,
  correlationDrift,
  featureDrift,
  featureDriftAlerts,
  resolveDriftThresholds,
  weeklyMeanLimits,
  windowsBefore,
  DEFAULT_DRIFT_THRESHOLDS,
  P_SCORE_CAP,
  pScore,
  type FeatureTable,
} from "../../src/lib/drift/index.ts";
import { DAY_MS } from "../../src/lib/time.ts";
import { normal, rng } from "../../loaders/features/synthetic.ts";
import { formatUtc as isoUtc } from "../../src/lib/time.ts";

const H = 3_600_000;
const T0 = Date.UTC(2022, 0, 1);
const REF_END = T0 + 52 * 7 * DAY_MS; // one year of reference
const WEEKS_AFTER = 8;

/** Hourly table: one year of reference then 8 weeks; `shape(week, z)` maps a N(0,1) draw per feature. */
function table(seed: number, shapes: Record<string, (week: number, z: number) => number>): FeatureTable & { ts: Float64Array; columns: Record<string, Float64Array> } {
  const n = (52 + WEEKS_AFTER) * 7 * 24;
  const z = normal(rng(seed));
  const ts = new Float64Array(n);
  const columns: Record<string, Float64Array> = {};
  for (const f of Object.keys(shapes)) columns[f] = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = T0 + i * H;
    const week = ts[i] >= REF_END ? Math.floor((ts[i] - REF_END) / (7 * DAY_MS)) : -1;
    for (const [f, shape] of Object.entries(shapes)) columns[f][i] = shape(week, z());
  }
  return { symbol: "ETHUSDC", ts, columns };
}

const same = (_w: number, z: number) => z;
const th = resolveDriftThresholds();

test("a change of shape (same mean and variance) warns on its 2nd consecutive week, a mean shift is critical, reference draws stay ok", () => {
  const t = table(42, {
    f_same1: same,
    f_same2: same,
    f_same3: same,
    f_same4: same,
    // weeks 3.. (0-based): ±1 coin flips instead of N(0, 1): same mean and variance, so the weekly
    // mean stays inside its limits, but the distribution is another one
    f_var: (w, z) => (w >= 3 ? Math.sign(z) : z),
    // weeks 5.. shifted by 0.6 sd: weekly means move ~7 standard errors
    f_mean: (w, z) => (w >= 5 ? z + 0.6 : z),
  });
  const { rows } = featureDrift(t, { reference: { start: T0, end: REF_END }, thresholds: th, warnPValue: "bh" });
  assert.equal(rows.length, 6 * WEEKS_AFTER);
  const status = (f: string) => rows.filter((r) => r.feature === f).map((r) => r.status);
  for (const f of ["f_same1", "f_same2", "f_same3", "f_same4"]) assert.deepEqual(status(f), Array(WEEKS_AFTER).fill("ok"), f);
  assert.deepEqual(status("f_var"), ["ok", "ok", "ok", "ok", "warn", "warn", "warn", "warn"]);
  assert.deepEqual(status("f_mean"), ["ok", "ok", "ok", "ok", "ok", "critical", "critical", "critical"]);
  const varRows = rows.filter((r) => r.feature === "f_var");
  assert.ok(varRows[3].ks_reject && varRows[3].status === "ok", "one rejecting week alone does not warn");
  assert.ok(rows.filter((r) => r.feature === "f_mean" && r.status === "critical").every((r) => (r.psi ?? 0) > 0.1));

  const alerts = featureDriftAlerts(rows);
  assert.deepEqual(
    alerts.map((a) => [a.subject, a.severity, a.start, a.count]),
    [
      ["f_var", "warn", isoUtc(REF_END + 4 * 7 * DAY_MS), 4],
      ["f_mean", "critical", isoUtc(REF_END + 5 * 7 * DAY_MS), 3],
    ],
  );
  const { summary } = alertTimeline(alerts);
  assert.deepEqual(summary.map((s) => [s.kind, s.severity, s.episodes]), [["feature_drift", "critical", 1], ["feature_drift", "warn", 1]]);
});

test("applyDriftRules re-applies thresholds to precomputed rows (page what-if) exactly as featureDrift does", () => {
  const t = table(42, { a: same, b: (w, z) => (w >= 3 ? Math.sign(z) : z), c: (w, z) => (w >= 5 ? z + 0.6 : z) });
  const opts = { reference: { start: T0, end: REF_END }, warnPValue: "bh" as const };
  const base = featureDrift(t, { ...opts, thresholds: th });
  const loose = resolveDriftThresholds({ ks_alpha: 1e-300, control_sigma: 50, warn_consecutive: 3 });
  const direct = featureDrift(t, { ...opts, thresholds: loose }).rows;
  const again = applyDriftRules(structuredClone(base.rows), base.references, loose, "bh");
  assert.deepEqual(again, direct);
  assert.ok(direct.every((r) => r.status === "ok"));
  assert.deepEqual(applyDriftRules(structuredClone(base.rows), base.references, th, "bh"), base.rows);
});

test("the warn rule reads raw or BH-adjusted p as asked", () => {
  // a small variance shift: raw p < 0.01 but some BH-adjusted p above it
  const t = table(7, { a: (w, z) => (w >= 0 ? 1.35 * z : z), b: same, c: same, d: same, e: same, f: same });
  const opts = { reference: { start: T0, end: REF_END }, thresholds: th };
  const raw = featureDrift(t, { ...opts, warnPValue: "raw" }).rows.filter((r) => r.feature === "a");
  const bh = featureDrift(t, { ...opts, warnPValue: "bh" }).rows.filter((r) => r.feature === "a");
  for (let i = 0; i < raw.length; i++) {
    assert.equal(raw[i].ks_reject, (raw[i].ks_pvalue as number) < 0.01);
    assert.equal(bh[i].ks_reject, (bh[i].ks_pvalue_adj as number) < 0.01);
    assert.ok((bh[i].ks_pvalue_adj as number) >= (bh[i].ks_pvalue as number));
  }
  assert.ok(raw.filter((r) => r.status === "warn").length >= bh.filter((r) => r.status === "warn").length);
});

test("KS statistic and p of a week equal ks2samp on the same arrays; BH equals bhAdjust", () => {
  const t = table(3, { a: same, b: (w, z) => (w >= 2 ? z * 1.5 : z), c: (w, z) => Math.exp(z), d: same, e: same, f: same });
  // a few NULLs (NaN) must be left out of both samples
  for (let i = 0; i < 500; i += 7) t.columns.a[i] = NaN;
  t.columns.a[Math.floor((REF_END - T0) / H) + 30] = NaN;
  const { rows } = featureDrift(t, { reference: { start: T0, end: REF_END }, thresholds: th, warnPValue: "bh" });
  const refEnd = Math.floor((REF_END - T0) / H);
  for (const week of [0, 2, 7]) {
    const lo = refEnd + week * 168;
    const ps: number[] = [];
    for (const f of Object.keys(t.columns)) {
      const col = t.columns[f];
      const ref = Array.from(col.slice(0, refEnd)).filter(Number.isFinite);
      const cur = Array.from(col.slice(lo, lo + 168)).filter(Number.isFinite);
      const want = ks2samp(ref, cur);
      const row = rows.find((r) => r.feature === f && r.window_start === isoUtc(REF_END + week * 7 * DAY_MS))!;
      assert.equal(row.n, cur.length);
      assert.equal(row.ks_statistic, want.statistic, `${f} week ${week} D`);
      assert.equal(row.ks_pvalue, want.pvalue, `${f} week ${week} p`);
      ps.push(want.pvalue);
    }
    const adj = bhAdjust(ps);
    Object.keys(t.columns).forEach((f, j) => {
      const row = rows.find((r) => r.feature === f && r.window_start === isoUtc(REF_END + week * 7 * DAY_MS))!;
      assert.equal(row.ks_pvalue_adj, adj[j]);
    });
  }
});

test("control limits are mean ± 3·sd of the reference's weekly means, laid back from its end", () => {
  const ts: number[] = [];
  const v: number[] = [];
  // 10 days before 3 whole weeks: the leading partial week is not used
  const start = T0;
  const end = T0 + 24 * DAY_MS;
  for (let t = start; t < end; t += H) {
    ts.push(t);
    v.push(Math.floor((end - 1 - t) / (7 * DAY_MS))); // week index counted back from the end: 0,1,2,3
  }
  const lim = weeklyMeanLimits(ts, v, { start, end }, 7, 3)!;
  assert.deepEqual(lim.weekly_means, [2, 1, 0]);
  assert.equal(lim.center, mean([2, 1, 0]));
  assert.equal(lim.sigma, Math.sqrt(sampleVariance([2, 1, 0])));
  assert.equal(lim.upper, lim.center + 3 * lim.sigma);
  assert.deepEqual(windowsBefore(start, end, 7).map((w) => (end - w.start) / DAY_MS), [21, 14, 7]);
});

test("monitoring windows are half-open 7-day windows from train_end, the last one partial", () => {
  const w = consecutiveWindows(REF_END, REF_END + 15 * DAY_MS, 7);
  assert.deepEqual(
    w.map((x) => [isoUtc(x.start), isoUtc(x.end)]),
    [0, 7, 14].map((d) => [isoUtc(REF_END + d * DAY_MS), isoUtc(REF_END + (d + 7) * DAY_MS)]),
  );
  assert.match(isoUtc(REF_END), /^\d{4}-\d\d-\d\dT00:00:00Z$/);
  const t = table(1, { a: same });
  const { rows } = featureDrift({ ...t, ts: t.ts.slice(0, t.ts.length - 100), columns: { a: t.columns.a.slice(0, t.ts.length - 100) } }, { reference: { start: T0, end: REF_END }, thresholds: th, warnPValue: "bh" });
  assert.equal(rows[rows.length - 1].n, 68, "partial last week");
});

test("a week without values is no_data and breaks the warn streak", () => {
  const t = table(5, { a: (w, z) => (w >= 0 ? 3 * z : z) });
  const refEnd = Math.floor((REF_END - T0) / H);
  for (let i = refEnd + 168; i < refEnd + 2 * 168; i++) t.columns.a[i] = NaN;
  const s = featureDrift(t, { reference: { start: T0, end: REF_END }, thresholds: th, warnPValue: "raw" }).rows.map((r) => r.status);
  assert.deepEqual(s.slice(0, 4), ["ok", "no_data", "ok", "warn"]);
});

test("correlation drift: limits from the training window, alerts only after it", () => {
  const n = 400 * 24;
  const ts = Array.from({ length: n }, (_, i) => T0 + i * H);
  const z = normal(rng(9));
  const refEnd = T0 + 300 * DAY_MS;
  const corr = ts.map((t) => (t < refEnd ? 0.7 + 0.02 * z() : t < refEnd + 30 * DAY_MS ? 0.7 + 0.02 * z() : 0.3));
  const cd = correlationDrift("SOLUSDC", ts, corr, { reference: { start: T0, end: refEnd }, thresholds: th, barMs: H });
  assert.ok(cd.limits && Math.abs(cd.limits.center - 0.7) < 0.01 && cd.limits.sigma > 0.015 && cd.limits.sigma < 0.025);
  assert.ok(cd.episodes.length >= 1);
  const last = cd.episodes[cd.episodes.length - 1];
  assert.equal(last.start, refEnd + 30 * DAY_MS);
  assert.equal(last.end, ts[n - 1] + H);
  assert.equal(last.side, "below");
  // reference-like noise after train_end: at most a few stray bars out of 720 at 3σ
  const quiet = cd.episodes.filter((e) => e.start < refEnd + 30 * DAY_MS).reduce((a, e) => a + e.bars, 0);
  assert.ok(quiet <= 10, `${quiet} bars outside while drawn from the reference`);
  const weeks = cd.rows.map((r) => r.status);
  assert.equal(weeks[weeks.length - 1], "alert");
  const constant = correlationDrift("BTCUSDC", ts, ts.map(() => 1), { reference: { start: T0, end: refEnd }, thresholds: th, barMs: H });
  assert.equal(constant.limits, null);
  assert.match(constant.note!, /constant/);
});

test("correlation limits are clipped to [−1, 1]: a target near 1 has no upper limit above 1", () => {
  const n = 200 * 24;
  const ts = Array.from({ length: n }, (_, i) => T0 + i * H);
  const z = normal(rng(11));
  const refEnd = T0 + 150 * DAY_MS;
  // centre 0.95, σ 0.04: 3σ above is 1.07, a correlation no bar can reach
  const corr = ts.map(() => Math.min(1, 0.95 + 0.04 * z()));
  const cd = correlationDrift("ETHUSDC", ts, corr, { reference: { start: T0, end: refEnd }, thresholds: th, barMs: H });
  assert.ok(cd.limits && cd.limits.center + th.corr_control_sigma * cd.limits.sigma > 1, "the test needs a band that pokes past 1");
  assert.equal(cd.limits.upper, 1);
  assert.ok(cd.limits.lower > -1 && cd.limits.lower < cd.limits.center);
  assert.ok(cd.rows.every((r) => r.ucl === null || (r.ucl <= 1 && r.lcl! >= -1)));
});

test("class balance: 2-bin PSI of the BUY share, flag above 0.2", () => {
  const rows = classBalance(
    [
      { crypto: "ETHUSDC", fold: 1, n_samples: 1000, n_buy: 300, source: "results" },
      { crypto: "ETHUSDC", fold: 2, n_samples: 1000, n_buy: 100, source: "results" },
    ],
    [{ crypto: "ETHUSDC", share: 0.3, n_samples: 5000, source: "test" }],
    0.2,
  );
  assert.equal(rows[0].psi, 0);
  const want = (0.1 - 0.3) * Math.log(0.1 / 0.3) + (0.9 - 0.7) * Math.log(0.9 / 0.7);
  assert.ok(Math.abs(rows[1].psi - want) < 1e-12, `${rows[1].psi} vs ${want}`);
  assert.equal(rows[1].flag, want > 0.2);
});

test("thresholds: defaults, overrides from sweep.json keys, validation", () => {
  assert.equal(resolveDriftThresholds().ks_alpha, 0.01);
  const t = resolveDriftThresholds({ ks_alpha: 0.05, g2_min_uplift: 0.03 }, { window_days: 14 });
  assert.equal(t.ks_alpha, 0.05);
  assert.equal(t.window_days, 14);
  assert.equal(DEFAULT_DRIFT_THRESHOLDS.ks_alpha, 0.01, "defaults are not mutated");
  assert.throws(() => resolveDriftThresholds({ psi_bins: 1 }), /psi_bins/);
  assert.throws(() => resolveDriftThresholds({ ks_alpha: Number.NaN }), /ks_alpha/);
});

test("pScore: −log10 p, capped at P_SCORE_CAP; p = 0 gets the cap", () => {
  assert.ok(pScore(1) === 0, "p = 1 scores 0");
  assert.ok(Math.abs(pScore(0.01) - 2) < 1e-12);
  assert.equal(pScore(1e-12), P_SCORE_CAP);
  assert.equal(pScore(1e-20), P_SCORE_CAP);
  assert.equal(pScore(0), P_SCORE_CAP);
});
