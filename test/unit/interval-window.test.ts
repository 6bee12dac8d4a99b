/** The uplift CI chart's window (src/lib/interval-window.ts): set by the points, intervals cut and flagged. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { clipInterval, intervalWindow } from "../../src/lib/interval-window.ts";

test("every interval fits: the window is the intervals' extent, nothing is cut", () => {
  const rows = [{ mean: 0.011, low: 0.007, high: 0.015 }, { mean: 0.037, low: 0.032, high: 0.042 }];
  const w = intervalWindow(rows, [0, 0.02]);
  assert.deepEqual(w, [0, 0.042]);
  for (const r of rows) assert.deepEqual(clipInterval(r, w), { x1: r.low, x2: r.high, cutLow: false, cutHigh: false });
});

test("one wide interval (±0.2 beside 0.05) is cut at half the points' span past them, and says which end", () => {
  const wide = { mean: 0.048, low: -0.18, high: 0.28 };
  const rows = [{ mean: 0.011, low: 0.007, high: 0.015 }, { mean: 0.037, low: 0.032, high: 0.042 }, wide];
  const [lo, hi] = intervalWindow(rows, [0, 0.02]);
  // points span [0, 0.048]: half of 0.048 on each side
  assert.ok(Math.abs(lo + 0.024) < 1e-12 && Math.abs(hi - 0.072) < 1e-12, `window ${lo}..${hi}`);
  assert.deepEqual(clipInterval(wide, [lo, hi]), { x1: lo, x2: hi, cutLow: true, cutHigh: true });
  assert.deepEqual(clipInterval(rows[0], [lo, hi]).cutLow || clipInterval(rows[0], [lo, hi]).cutHigh, false);
  // the references are always inside: a threshold far out widens the window to reach it
  assert.ok(intervalWindow(rows, [0, 0.5])[1] >= 0.5);
});

test("no finite point: a unit window, not NaN", () => {
  assert.deepEqual(intervalWindow([]), [0, 1]);
});
