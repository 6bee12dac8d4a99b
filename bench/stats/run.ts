/**
 * Drift KS benchmark: 10,000 two-sample KS tests of a 168-value weekly window against a
 * 20,000-value training reference, src/lib/stats (makeKsReference: sort once, then
 * O(168 log 20000) per window) side by side with scipy.stats.ks_2samp in one Python process on
 * the same data (bench/stats/ks_bench.py; data from test/golden/synthetic.*, bit-identical in
 * both languages). Also checks that all 10,000 p-values agree with scipy.
 *
 *   npx tsx bench/stats/run.ts [--n 10000] [--no-python]
 *
 * Window k is stream[168k, 168k+168) + 0.002·(k mod 100), so the p-values sweep from ~1 down to
 * ~1e-30 and the asymptotic p-value visits every kstwo branch scipy uses at n = 167.
 */
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ks2samp, makeKsReference } from "../../src/lib/stats/index.ts";
import { sample } from "../../test/golden/synthetic.ts";

const WINDOW = 168;
const REFERENCE = 20000;

const { values } = parseArgs({ options: { n: { type: "string", default: "10000" }, "no-python": { type: "boolean", default: false } } });
const nTests = Number(values.n);

function data(n: number): { reference: Float64Array; windows: Float64Array[] } {
  const reference = sample({ gen: "normal4", seed: 1, n: REFERENCE, loc: 0, scale: 1 });
  const stream = sample({ gen: "normal4", seed: 2, n: n * WINDOW, loc: 0, scale: 1 });
  const windows = Array.from({ length: n }, (_, k) => stream.slice(k * WINDOW, (k + 1) * WINDOW).map((v) => v + 0.002 * (k % 100)));
  return { reference, windows };
}

const { reference, windows } = data(nTests);

// warm-up (JIT), not timed
const warm = makeKsReference(reference);
for (let k = 0; k < Math.min(200, nTests); k++) warm.test(windows[k]);

let t0 = performance.now();
const ref = makeKsReference(reference);
const ours = windows.map((w) => ref.test(w));
const fastMs = performance.now() - t0;

// the general entry point, which sorts both samples every call, on a tenth of the windows
const nGeneral = Math.max(1, Math.floor(nTests / 10));
t0 = performance.now();
for (let k = 0; k < nGeneral; k++) ks2samp(windows[k], reference);
const generalMsPerTest = (performance.now() - t0) / nGeneral;

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const exact = ours.filter((r) => r.method === "exact").length;
console.log(`KS drift benchmark: ${nTests} tests, window ${WINDOW} vs reference ${REFERENCE} (${exact} exact, ${nTests - exact} asymptotic p-values)`);
console.log(`  load average before: ${loadavg().map((v) => v.toFixed(1)).join(" ")} (shared machine: compare ratios, not absolute times)`);
console.log(`  src/lib/stats makeKsReference().test   ${fmt(fastMs).padStart(10)}   ${((fastMs * 1000) / nTests).toFixed(1).padStart(7)} µs/test`);
console.log(`  src/lib/stats ks2samp (sorts each call) ${fmt(generalMsPerTest * nTests).padStart(9)}*  ${(generalMsPerTest * 1000).toFixed(1).padStart(7)} µs/test   (*${nGeneral} tests timed, scaled)`);

if (!values["no-python"]) {
  const script = fileURLToPath(new URL("./ks_bench.py", import.meta.url));
  const out = execFileSync("/usr/bin/python3", [script, String(nTests)], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const py = JSON.parse(out) as { scipy: string; seconds: number; pvalues: number[]; statistics: number[] };
  const scipyMs = py.seconds * 1000;
  console.log(`  scipy ${py.scipy} ks_2samp (one process)   ${fmt(scipyMs).padStart(9)}   ${((scipyMs * 1000) / nTests).toFixed(1).padStart(7)} µs/test`);
  console.log(`  ratio scipy / makeKsReference: ${(scipyMs / fastMs).toFixed(1)}×   scipy / ks2samp: ${(scipyMs / (generalMsPerTest * nTests)).toFixed(1)}×`);
  let maxRel = 0;
  let dMismatch = 0;
  for (let k = 0; k < nTests; k++) {
    if (ours[k].statistic !== py.statistics[k]) dMismatch++;
    const e = py.pvalues[k];
    const rel = e === 0 ? Math.abs(ours[k].pvalue) : Math.abs(ours[k].pvalue - e) / e;
    if (e >= 1e-300 && rel > maxRel) maxRel = rel;
  }
  const pmin = Math.min(...py.pvalues);
  console.log(`  agreement: D identical in ${nTests - dMismatch}/${nTests}; max relative p-value difference ${maxRel.toExponential(2)} (p from ${pmin.toExponential(1)} to 1)`);
}
