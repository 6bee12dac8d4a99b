/**
 * Calibrated drift (issue 11): the statistics against golden vectors and exact identities, and the
 * rule against known truth — stationary AR(1) and a rolling mean of i.i.d. noise (no drift) give
 * calibrated rejection rates inside the binomial 99% interval of the nominal rate while the raw KS
 * rate is far above it; a 1σ mean shift is found within three weekly windows.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  binomialDensity,
  blockBootstrap,
  blockBootstrapMeanSd,
  makeWassersteinReference,
  mean,
  sampleStd,
  wassersteinSorted,
  createRng,
  effectiveSampleSize,
  integratedAutocorrelationTime,
  ks2samp,
  wassersteinDistance,
} from "../../src/lib/stats/index.ts";
import {
  blocksSufficient,
  calibrateFeatureDrift,
  chartWindowStatuses,
  empiricalPvalue,
  featureDrift,
  fisherZChart,
  ksStatisticLeaveOut,
  leaveOutBlockStatistics,
  nullBlocks,
  resolveDriftThresholds,
  type DriftThresholds,
} from "../../src/lib/drift/index.ts";
import { ar1, rollingMean, table, DAY, H, T0 } from "./drift-sim.ts";

const golden = JSON.parse(readFileSync(new URL("../golden/calibration.json", import.meta.url), "utf8"));
const close = (a: number, b: number, rel = 1e-12) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test("wasserstein distance equals scipy.stats.wasserstein_distance", () => {
  for (const c of golden.wasserstein) close(wassersteinDistance(c.u, c.v), c.distance, 1e-12);
});

test("τ̂ (Bartlett weights) equals the numpy reference; AR(1) and white noise have their known τ", () => {
  for (const c of golden.tau) close(integratedAutocorrelationTime(c.x, c.lag).tau, c.tau, 1e-10);
  const phi = 0.5;
  const t = integratedAutocorrelationTime(ar1(3, 40_000, phi), 20).tau;
  assert.ok(Math.abs(t - (1 + phi) / (1 - phi)) < 0.25, `AR(1) τ̂ = ${t}`);
  const w = integratedAutocorrelationTime(ar1(4, 40_000, 0), 20).tau;
  assert.ok(Math.abs(w - 1) < 0.1, `white noise τ̂ = ${w}`);
  assert.ok(Number.isNaN(integratedAutocorrelationTime([2, 2, 2, 2], 1).tau));
  assert.equal(effectiveSampleSize(168, 24), 7);
  assert.equal(effectiveSampleSize(168, 0.5), 168);
});

test("leave-out KS statistic equals ks2samp on the explicitly reduced reference (ties included); the sliding form gives the same bits", () => {
  const rng = createRng(11);
  for (let rep = 0; rep < 30; rep++) {
    const ref = Array.from({ length: 300 }, () => Math.round(rng.nextFloat() * 40) / 4);
    const a = rng.nextInt(200);
    const b = a + 20 + rng.nextInt(60);
    const excluded = ref.slice(a, b);
    const window = ref.slice(a + 5, a + 15);
    const rest = [...ref.slice(0, a), ...ref.slice(b)];
    const d = ksStatisticLeaveOut(Float64Array.from(ref).sort(), Float64Array.from(window).sort(), Float64Array.from(excluded).sort());
    close(d, ks2samp(window, rest).statistic, 1e-15);
    const dAll = ksStatisticLeaveOut(Float64Array.from(ref).sort(), Float64Array.from(window).sort());
    close(dAll, ks2samp(window, ref).statistic, 1e-15);
  }
  const n = 24 * 60;
  const x = Float64Array.from({ length: n }, () => Math.round(rng.nextFloat() * 30));
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * H);
  const sorted = x.slice().sort();
  const blocks = nullBlocks({ start: T0, end: T0 + 60 * DAY }, 7, 1);
  const fast = leaveOutBlockStatistics(ts, x, sorted, blocks, 24 * H);
  blocks.forEach((w, j) => {
    const lo = (w.start - T0) / H;
    const hi = (w.end - T0) / H;
    const elo = Math.max(0, lo - 24);
    const ehi = Math.min(n, hi + 24);
    const d = ksStatisticLeaveOut(sorted, x.slice(lo, hi).sort(), x.slice(elo, ehi).sort());
    assert.equal(fast[j].d, d);
    assert.equal(fast[j].rest, n - (ehi - elo));
  });
  // blocks that jump: spans that overlap a little, not at all, or end at the series' end
  const sparse = blocks.filter((_, j) => j % 3 === 0 || j % 7 === 1);
  for (const guard of [0, 24, 200]) {
    const got = leaveOutBlockStatistics(ts, x, sorted, sparse, guard * H);
    sparse.forEach((w, j) => {
      const lo = (w.start - T0) / H;
      const hi = (w.end - T0) / H;
      const elo = Math.max(0, lo - guard);
      const ehi = Math.min(n, hi + guard);
      assert.equal(got[j].d, ksStatisticLeaveOut(sorted, x.slice(lo, hi).sort(), x.slice(elo, ehi).sort()), `guard ${guard}, block ${j}`);
    });
  }
});

test("empirical p = (1 + #{D_b ≥ D_t})/(B + 1); blocks sufficient for BH at alpha", () => {
  const nul = Float64Array.from([0.1, 0.2, 0.2, 0.3]);
  assert.equal(empiricalPvalue(0.2, nul), (1 + 3) / 5);
  assert.equal(empiricalPvalue(0.35, nul), 1 / 5);
  assert.equal(empiricalPvalue(0.05, nul), 1);
  assert.equal(empiricalPvalue(0.2, new Float64Array(0)), null);
  assert.equal(blocksSufficient(499, 0.01, 5), false); // 5/500 = 0.01 is not < 0.01
  assert.equal(blocksSufficient(540, 0.01, 5), true);
  const blocks = nullBlocks({ start: T0, end: T0 + 30 * DAY }, 7, 1);
  assert.equal(blocks.length, 24);
  assert.equal(blocks[blocks.length - 1].end, T0 + 30 * DAY);
  assert.throws(() => nullBlocks({ start: T0, end: T0 + 30 * DAY }, 7, 2));
});

test("wasserstein against a prepared reference equals the merge pass (ties, overlaps, disjoint supports)", () => {
  const rng = createRng(3);
  for (let r = 0; r < 500; r++) {
    const kind = rng.nextInt(3);
    const draw = () => (kind === 0 ? Math.round(rng.nextFloat() * 10) : kind === 1 ? rng.nextFloat() * 5 - 2 : Math.round(rng.nextFloat() * 100) / 10 + 3 * rng.nextInt(2));
    const v = Float64Array.from({ length: 1 + rng.nextInt(300) }, draw).sort();
    const u = Float64Array.from({ length: 1 + rng.nextInt(40) }, draw).sort();
    close(makeWassersteinReference(v).distance(u), wassersteinSorted(u, v), 1e-11);
  }
});

test("block bootstrap is seeded and keeps blocks intact; the prefix-sum mean/sd replays the same draws", () => {
  const z = Float64Array.from(ar1(9, 500, 0.8));
  const direct = blockBootstrap(z, (r) => sampleStd(r), { blockLength: 30, iterations: 25, seed: 4 });
  const means = blockBootstrap(z, (r) => mean(r), { blockLength: 30, iterations: 25, seed: 4 });
  const fast = blockBootstrapMeanSd(z, { blockLength: 30, iterations: 25, seed: 4 });
  for (let i = 0; i < 25; i++) {
    close(fast.sd[i], direct[i], 1e-10);
    close(fast.mean[i], means[i], 1e-10);
  }
  const x = Float64Array.from({ length: 100 }, (_, i) => i);
  const a = blockBootstrap(x, (r) => r[0] * 1000 + r[1], { blockLength: 10, iterations: 20, seed: 5 });
  const b = blockBootstrap(x, (r) => r[0] * 1000 + r[1], { blockLength: 10, iterations: 20, seed: 5 });
  assert.deepEqual(a, b);
  for (const v of a) assert.equal(v % 1000, (Math.floor(v / 1000) + 1) % 100); // second value follows the first
});

/** Lower and upper bounds of the central 99% binomial(n, p) interval. */
function binomialInterval99(n: number, p: number): [number, number] {
  let cdf = 0;
  let lo = -1;
  let hi = n;
  for (let k = 0; k <= n; k++) {
    cdf += binomialDensity(k, n, p, 1 - p);
    if (lo < 0 && cdf >= 0.005) lo = k;
    if (cdf >= 0.995) {
      hi = k;
      break;
    }
  }
  return [lo, hi];
}

interface SimResult {
  windows: number;
  calibrated: number;
  raw: number;
  detectedWithin3: number;
  replicates: number;
}

function simulate(kind: "ar1" | "rolling", opts: { replicates: number; refDays: number; weeks: number; shift: number; thresholds: DriftThresholds; seed0: number }): SimResult {
  const feature = kind === "ar1" ? "btc_ret_24h" : "btc_rv_24h"; // 24-bar guard band
  const out: SimResult = { windows: 0, calibrated: 0, raw: 0, detectedWithin3: 0, replicates: opts.replicates };
  for (let s = 0; s < opts.replicates; s++) {
    const n = opts.refDays * 24 + opts.weeks * 168;
    const x = kind === "ar1" ? ar1(opts.seed0 + s, n, 0.9) : rollingMean(opts.seed0 + s, n, 24);
    for (let i = opts.refDays * 24; i < n; i++) x[i] += opts.shift; // x has unit marginal σ
    const tb = table(feature, x);
    const reference = { start: T0, end: T0 + opts.refDays * DAY };
    const fd = featureDrift(tb, { reference, thresholds: opts.thresholds, warnPValue: "raw", features: [feature] });
    const { rows } = calibrateFeatureDrift(tb, fd.rows, { reference, thresholds: opts.thresholds, warnPValue: "raw", interval: "1h", barMs: H, features: [feature], replay: false });
    const full = rows.filter((r) => r.n === 168);
    const alarm = (r: (typeof rows)[number]) => r.status_calibrated === "warn" || r.status_calibrated === "critical";
    for (const r of full) {
      out.windows++;
      if (alarm(r)) out.calibrated++;
      if ((r.ks_pvalue as number) < opts.thresholds.ks_alpha) out.raw++;
    }
    if (full.slice(0, 3).some(alarm)) out.detectedWithin3++;
  }
  return out;
}

// Size: one test per window (warn_consecutive 1, critical off) at alpha 0.05, 200 replicated weeks.
const sizeThresholds = resolveDriftThresholds({ ks_alpha: 0.05, warn_consecutive: 1, control_sigma: 1e9 });
for (const kind of ["ar1", "rolling"] as const) {
  test(`no drift, ${kind === "ar1" ? "AR(1) φ = 0.9" : "24-bar rolling mean of i.i.d. noise"}: calibrated rate inside the binomial 99% interval of alpha, raw KS far above`, () => {
    const r = simulate(kind, { replicates: 200, refDays: 120, weeks: 1, shift: 0, thresholds: sizeThresholds, seed0: kind === "ar1" ? 1 : 1001 });
    assert.equal(r.windows, 200);
    const [lo, hi] = binomialInterval99(r.windows, 0.05);
    console.log(`${kind}: calibrated ${r.calibrated}/${r.windows}, 99% interval [${lo}, ${hi}]; raw KS ${r.raw}/${r.windows}`);
    assert.ok(r.calibrated >= lo && r.calibrated <= hi, `calibrated ${r.calibrated} outside [${lo}, ${hi}]`);
    assert.ok(r.raw > hi && r.raw > 5 * 0.05 * r.windows, `raw KS rejects ${r.raw}/${r.windows}: expected far above the nominal rate`);
  });
}

// Power: the dossier's thresholds (alpha 0.01 with persistence 2, 3σ critical), a 1σ shift at the
// start of monitoring, a year of reference.
test("a 1σ mean shift is flagged within three weekly windows in ≥ 90% of replicates (AR(1) φ = 0.5 and φ = 0.9)", () => {
  const t = resolveDriftThresholds({});
  const mild = (() => {
    let hit = 0;
    for (let s = 0; s < 100; s++) {
      const n = 365 * 24 + 3 * 168;
      const x = ar1(5000 + s, n, 0.5);
      for (let i = 365 * 24; i < n; i++) x[i] += 1;
      const tb = table("btc_ret_24h", x);
      const reference = { start: T0, end: T0 + 365 * DAY };
      const fd = featureDrift(tb, { reference, thresholds: t, warnPValue: "raw", features: ["btc_ret_24h"] });
      const { rows } = calibrateFeatureDrift(tb, fd.rows, { reference, thresholds: t, warnPValue: "raw", interval: "1h", barMs: H, features: ["btc_ret_24h"], replay: false });
      if (rows.slice(0, 3).some((r) => r.status_calibrated === "warn" || r.status_calibrated === "critical")) hit++;
    }
    return hit;
  })();
  const strong = simulate("ar1", { replicates: 100, refDays: 365, weeks: 3, shift: 1, thresholds: t, seed0: 7000 });
  console.log(`1σ shift detected within 3 windows: AR(1) φ=0.5 ${mild}/100; AR(1) φ=0.9 ${strong.detectedWithin3}/100`);
  assert.ok(mild >= 90, `AR(1) φ = 0.5: ${mild}/100`);
  assert.ok(strong.detectedWithin3 >= 90, `AR(1) φ = 0.9: ${strong.detectedWithin3}/100`);
});

test("Fisher-z chart: quiet on a stationary correlation, critical after a jump, replay rate reported", () => {
  const w = 720;
  const n = 400 * 24;
  const noise = rollingMean(77, n, w);
  const corr = Float64Array.from(noise, (v, i) => Math.tanh(0.6 + 0.05 * v + (i >= 300 * 24 ? 0.6 : 0)));
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * H);
  const reference = { start: T0, end: T0 + 250 * DAY };
  const chart = fisherZChart(ts, corr, { reference, windowBars: w, barMs: H, sigma: 3 });
  assert.ok(chart);
  assert.ok(chart.lcl <= chart.lcl_point && chart.ucl >= chart.ucl_point);
  assert.ok(chart.false_alarm !== null && chart.false_alarm <= 0.2);
  const before = chart.points.filter((p) => Date.parse(p.ts) < T0 + 300 * DAY);
  const after = chart.points.filter((p) => Date.parse(p.ts) >= T0 + 331 * DAY);
  assert.ok(before.every((p) => !p.outside));
  assert.ok(after.length > 0 && after.every((p) => p.outside));
  const windows = [0, 7, 14, 100].map((d) => ({ window_start: new Date(T0 + (250 + d) * DAY).toISOString(), window_end: new Date(T0 + (257 + d) * DAY).toISOString() }));
  assert.deepEqual(chartWindowStatuses(chart, windows), ["not_tested", "not_tested", "not_tested", "critical"]);
});
