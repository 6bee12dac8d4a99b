/**
 * The Compare page in Chromium, against the built site (FTF_DIST, default dist/): picking two
 * sweeps shows the verdict and gate changes per variant, the uplift deltas and the leakage
 * p-values of both — the numbers the build's sweeps-summary.json holds — and picking others
 * visibly changes them; a #a=…&b=… link preselects the pair.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { compareSweeps, describeGateChange, type SweepSummary } from "../../src/lib/compare.ts";
import { settle, visit, inlineErrors, useBuiltSite, DIST } from "../helpers/browser.ts";


function builtSummary(): SweepSummary[] {
  const dir = join(DIST, "_file", "data");
  const f = existsSync(dir) ? readdirSync(dir).find((n) => /^sweeps-summary\.[0-9a-f]+\.json$/.test(n)) : undefined;
  assert.ok(f, `no sweeps-summary.json in ${dir}: build the site first (npm test does)`);
  return JSON.parse(readFileSync(join(dir, f), "utf8"));
}

const signed = (x: number | null) => (x === null ? "—" : (x >= 0 ? "+" : "−") + Math.abs(x).toFixed(4));

async function pick(page: Page, a: string, b: string): Promise<void> {
  const selects = page.locator("form select");
  await selects.nth(0).selectOption(a);
  await selects.nth(1).selectOption(b);
  await settle(page);
}

describe("Compare sweeps", () => {
  let summary: SweepSummary[];
  let ok: SweepSummary[];
  const site = useBuiltSite();
  before(async () => {
    summary = builtSummary();
    ok = summary.filter((s) => s.status === "ok");
  });

  test("two sweeps side by side: gate changes, uplift deltas and leakage p-values as the summary computes them", async (t) => {
    if (ok.length < 2) return t.skip("the build has fewer than two readable sweeps");
    // the most contrasting pair available: a PROCEED and an ABANDON sweep when there are both
    const a = ok.find((s) => s.track_verdict === "PROCEED") ?? ok[0];
    const b = ok.find((s) => s.track_verdict === "ABANDON" && s !== a) ?? ok.find((s) => s !== a)!;
    const expected = compareSweeps(a, b);
    const v = await visit(site.browser, `${site.server.url}/compare.html`, site.server.url);
    try {
      await pick(v.page, a.sweep_id, b.sweep_id);
      assert.deepEqual([v.consoleErrors, v.pageErrors, v.outsideRequests, v.failedRequests, await inlineErrors(v.page)], [[], [], [], [], []]);
      assert.equal((await v.page.textContent('[data-testid="n-changed"] .value'))?.trim(), String(expected.n_changed));
      assert.equal((await v.page.textContent('[data-testid="track-change"] .value'))?.replace(/\s+/g, " ").trim(), `${a.track_verdict} → ${b.track_verdict}`);
      for (const c of expected.variants) {
        const gates = (await v.page.textContent(`[data-testid="gate-changes-${c.variant}"]`))?.trim();
        assert.equal(gates, c.gate_changes.length ? c.gate_changes.map(describeGateChange).join(", ") : "none", c.variant);
        assert.equal((await v.page.textContent(`[data-testid="uplift-delta-${c.variant}"]`))?.trim(), signed(c.uplift_delta), c.variant);
      }
      const pooled = expected.leakage.find((l) => l.scope === "pooled")!;
      const shownP = (await v.page.textContent('[data-testid="leak-padj-b-pooled"]'))?.trim();
      assert.ok(pooled.b && shownP && Math.abs(Number(shownP) - pooled.b.pvalue_adj!) <= Math.max(5e-5, pooled.b.pvalue_adj! * 0.01), `${shownP} vs ${pooled.b?.pvalue_adj}`);
      if (a.track_verdict === "PROCEED" && b.track_verdict === "ABANDON" && b.leakage?.suspected) {
        assert.ok(expected.variants.some((c) => c.gate_changes.some((g) => g.gate === "G6" && g.from === true && g.to === false)), "leakage flips G6");
      }
    } finally {
      await v.page.close();
    }
  });

  test("choosing another pair visibly changes the comparison; a #a=…&b=… link preselects it", async (t) => {
    if (ok.length < 2) return t.skip("the build has fewer than two readable sweeps");
    const [x, y] = [ok[0], ok[1]];
    const v = await visit(site.browser, `${site.server.url}/compare.html#a=${x.sweep_id}&b=${x.sweep_id}`, site.server.url);
    try {
      const selects = v.page.locator("form select");
      // Inputs.select's option values are indices: read the labels
      const label = (i: number) => selects.nth(i).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent);
      assert.deepEqual([await label(0), await label(1)], [x.sweep_id, x.sweep_id]);
      assert.equal((await v.page.textContent('[data-testid="n-changed"] .value'))?.trim(), "0", "a sweep against itself changes nothing");
      await pick(v.page, x.sweep_id, y.sweep_id);
      assert.equal((await v.page.textContent('[data-testid="n-changed"] .value'))?.trim(), String(compareSweeps(x, y).n_changed));
      assert.match(v.page.url(), new RegExp(`#a=${x.sweep_id}&b=${y.sweep_id}$`), "the pair is kept in the address, to share");
    } finally {
      await v.page.close();
    }
  });
});
