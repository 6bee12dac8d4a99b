/**
 * The artefact contract's rules (src/lib/artefacts): SHA-256 against the registry tag, the
 * feature schema per variant, the cache-key model (v1 collides for none vs btc_full, the
 * extended key does not), the shadow dry run and its CSV contract.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  assessArtefacts,
  checkEnrichmentSha,
  checkFeatureSchema,
  checkShadow,
  compareEnrichmentSha,
  diffNames,
  contractStanding,
  failedChecks,
  parseCsv,
  planCacheKeys,
  readShadowCsv,
  SHADOW_F1_TOLERANCE,
  type ArtefactInput,
} from "../../src/lib/artefacts/index.ts";
import type { ResultRow } from "../../src/lib/results.ts";
import { DEFAULT_LEAKAGE_PAIR, DEFAULT_VARIANTS, FEATURE_SETS, type SweepConfig } from "../../src/lib/sweep.ts";

const OWN = ["ret_1h", "ret_4h", "ret_24h"];
const namesOf = (v: string) => [...OWN, ...(FEATURE_SETS[v] ?? [])];
const SHA = "a".repeat(64);
const OTHER = "b".repeat(64);
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function config(over: Partial<SweepConfig> = {}): SweepConfig {
  return {
    sweep_id: "t",
    created_at: null,
    track: null,
    universe: null,
    baseline_variant: "none",
    variants: [...DEFAULT_VARIANTS],
    leakage_pair: { ...DEFAULT_LEAKAGE_PAIR },
    interval: "1h",
    train_start: null,
    train_end: null,
    registry: { enrichment_config_sha256: SHA, variants: Object.fromEntries(DEFAULT_VARIANTS.map((v) => [v, { feature_names: namesOf(v) }])) },
    thresholds: {},
    cryptos: ["ETHUSDC", "SOLUSDC"],
    btc_symbol: "BTCUSDC",
    ...over,
  };
}

function rows(f1: (crypto: string, fold: number, variant: string) => number = () => 0.4, edit: (r: ResultRow) => ResultRow = (r) => r): ResultRow[] {
  const out: ResultRow[] = [];
  for (const crypto of ["ETHUSDC", "SOLUSDC"])
    for (const fold of [1, 2])
      for (const variant of DEFAULT_VARIANTS) {
        const names = namesOf(variant);
        out.push(edit({
          crypto, fold, variant, f1_buy: f1(crypto, fold, variant), n_buy_trades: 100, precision_buy: null, recall_buy: null, max_drawdown: null, purge_bars: null,
          n_features: names.length, feature_set: variant, fold_start: `2024-0${fold}-01T00:00:00Z`, fold_end: `2024-0${fold + 1}-01T00:00:00Z`, model_run_id: null,
          enrichment_config_sha256: SHA, n_samples: null, n_true_buy: null, feature_names: names,
        }));
      }
  return out;
}

describe("enrichment SHA-256", () => {
  test("the file against the registry tag: strict equality, case-insensitive hex", () => {
    assert.equal(compareEnrichmentSha(SHA, SHA), "match");
    assert.equal(compareEnrichmentSha(SHA, SHA.toUpperCase()), "match");
    assert.equal(compareEnrichmentSha(SHA, OTHER), "mismatch");
    assert.equal(compareEnrichmentSha(null, SHA), "no_file");
    assert.equal(compareEnrichmentSha(SHA, null), "no_tag");
    assert.equal(compareEnrichmentSha(null, null), "not_present");
  });

  test("runs are held to their variant's own tag, else the sweep's tag; mismatching rows are listed", () => {
    const c = config();
    c.registry!.variants!.btc_min.enrichment_config_sha256 = OTHER;
    const r = checkEnrichmentSha(c, rows(undefined, (x) => (x.variant === "btc_full" && x.crypto === "SOLUSDC" ? { ...x, enrichment_config_sha256: OTHER } : x)), SHA);
    const by = Object.fromEntries(r.variants.map((v) => [v.variant, v]));
    assert.equal(r.status, "match");
    assert.equal(by.none.status, "match");
    assert.equal(by.none.expected_source, "registry tag");
    assert.equal(by.btc_min.expected_source, "variant tag");
    assert.equal(by.btc_min.status, "mismatch", "btc_min runs recorded the sweep tag, not their own");
    assert.equal(by.btc_min.n_mismatched, 4);
    assert.equal(by.btc_full.status, "mismatch");
    assert.deepEqual(by.btc_full.mismatched.map((m) => `${m.crypto}/${m.fold}`), ["SOLUSDC/1", "SOLUSDC/2"]);
  });

  test("without any tag the file's digest is the reference; without the column nothing is claimed", () => {
    const c = config({ registry: null });
    const r = checkEnrichmentSha(c, rows(), SHA);
    assert.equal(r.status, "no_tag");
    assert.ok(r.variants.every((v) => v.status === "match" && v.expected_source === "enrichment_config.json"));
    const blank = checkEnrichmentSha(c, rows(undefined, (x) => ({ ...x, enrichment_config_sha256: null })), null);
    assert.ok(blank.variants.every((v) => v.status === "not_recorded"));
  });
});

describe("feature schema", () => {
  test("identical lists match; missing, extra and reordered names are told apart", () => {
    assert.equal(diffNames(["a", "b"], ["a", "b"]), null);
    assert.deepEqual(diffNames(["a", "b", "c"], ["a", "c", "d"]), { missing: ["b"], extra: ["d"], order_differs: false });
    assert.deepEqual(diffNames(["a", "b"], ["b", "a"]), { missing: [], extra: [], order_differs: true });
  });

  test("a run with a dropped feature, and a wrong n_features, fail their variant only", () => {
    const r = checkFeatureSchema(config(), rows(undefined, (x) => {
      if (x.variant === "btc_full" && x.crypto === "ETHUSDC" && x.fold === 2) return { ...x, feature_names: x.feature_names!.filter((n) => n !== "btc_rv_24h"), n_features: x.n_features! - 1 };
      if (x.variant === "btc_min" && x.fold === 1) return { ...x, n_features: 99 };
      return x;
    }));
    const by = Object.fromEntries(r.map((s) => [s.variant, s]));
    assert.equal(by.none.status, "match");
    assert.equal(by.btc_full.status, "mismatch");
    assert.match(by.btc_full.problems.join(" "), /1 run with feature_names that differ from the registry schema: missing btc_rv_24h/);
    assert.equal(by.btc_min.status, "mismatch");
    assert.equal(by.btc_min.n_features_mismatch.length, 2);
    assert.equal(by.btc_min.n_features_mismatch[0].against, "feature_names");
  });

  test("the registry's BTC features must be ADR-30's set for a known variant id", () => {
    const c = config();
    c.registry!.variants!.btc_vol_only.feature_names = [...OWN, "btc_rv_24h", "btc_ret_1h"];
    const r = checkFeatureSchema(c, []);
    const by = Object.fromEntries(r.map((s) => [s.variant, s]));
    assert.equal(by.btc_vol_only.btc_status, "mismatch");
    assert.equal(by.btc_full.btc_status, "match");
    assert.equal(by.none.btc_status, "match", "none has no BTC feature, as ADR-30 says");
    const custom = checkFeatureSchema(config({ variants: ["none", "my_variant"], registry: { variants: { my_variant: { feature_names: ["x"] } } } }), []);
    assert.equal(custom[1].btc_status, "unknown_variant");
    assert.equal(custom[0].btc_status, "no_registry");
  });
});

describe("cache keys (spec §7)", () => {
  test("under v1, none and btc_full share a key on every target window; the extended key separates them", () => {
    const r = planCacheKeys({ config: config(), results: rows(), btc: { symbol: "BTCUSDC", first_ts: "2022-01-01T00:00:00Z", last_ts: "2025-06-30T23:00:00Z" }, hash: sha256 });
    assert.equal(r.entries.length, 2 * 2 * 6);
    assert.deepEqual(r.pair, { blind: "none", enabled: "btc_full" });
    assert.deepEqual(r.pair_collisions, { v1: 4, extended: 0, windows: 4 });
    assert.equal(r.v1_collisions.length, 4, "one v1 collision per (crypto, fold) window");
    assert.deepEqual(r.v1_collisions[0].variants, [...DEFAULT_VARIANTS]);
    assert.equal(r.extended_collisions.length, 0);
    assert.equal(r.status, "debt");
    const e = (v: string) => r.entries.find((x) => x.crypto === "ETHUSDC" && x.fold === 1 && x.variant === v)!;
    assert.equal(e("none").v1_key, e("btc_full").v1_key);
    assert.notEqual(e("none").extended_key, e("btc_full").extended_key);
    // purging acts on labels: btc_full and its purge twins share an enrichment, which is no collision
    assert.equal(e("btc_full").extended_key, e("btc_full_purge0").extended_key);
    assert.equal(e("none").v1_key, sha256(JSON.stringify(["ETHUSDC", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"])));
    assert.equal(e("btc_min").extended_material, JSON.stringify(["ETHUSDC", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2022-01-01T00:00:00Z", "2025-06-30T23:00:00Z", "btc_ret_1h,btc_ret_24h"]));
    // a BTC-blind enrichment does not depend on the BTC extract
    assert.equal(e("none").extended_material, JSON.stringify(["ETHUSDC", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", null, null, ""]));
  });

  test("the BTC feature set comes from the runs, else the registry, else ADR-30", () => {
    const noNames = rows(undefined, (x) => ({ ...x, feature_names: null }));
    const fromRegistry = planCacheKeys({ config: config(), results: noNames, btc: null });
    assert.equal(fromRegistry.entries.find((x) => x.variant === "btc_min")!.btc_features_source, "registry schema");
    const fromAdr = planCacheKeys({ config: config({ registry: null }), results: noNames, btc: null });
    assert.deepEqual(fromAdr.entries.find((x) => x.variant === "btc_vol_only")!.btc_features_set, ["btc_range_1h", "btc_rv_24h", "btc_volume_z_168h"]);
    assert.equal(fromAdr.entries.find((x) => x.variant === "btc_vol_only")!.btc_features_source, "ADR-30");
  });

  test("a key shared by different feature sets under the extended scheme fails the check", () => {
    const r = planCacheKeys({ config: config(), results: rows(), btc: null, hash: () => "same" });
    assert.equal(r.status, "fail");
    assert.ok(r.extended_collisions.length > 0);
  });

  test("a sweep with no BTC-enabled variant has nothing to collide", () => {
    const c = config({ variants: ["none", "other"], leakage_pair: { leaky: "other", reference: "none" } });
    const r = planCacheKeys({ config: c, results: rows().filter((x) => x.variant === "none").flatMap((x) => [x, { ...x, variant: "other" }]), btc: null });
    assert.equal(r.status, "pass");
  });
});

describe("shadow.csv", () => {
  test("RFC 4180: quotes, doubled quotes, embedded newlines and CRLF, with the line each record starts on", () => {
    const recs = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\n');
    assert.deepEqual(recs, [
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["x, y", 'say "hi"'] },
      { line: 4, cells: ["multi\nline", "z"] },
    ]);
  });

  test("problems are reported with line and column; good rows are kept", () => {
    const { rows: ok, issues } = readShadowCsv(
      "crypto,variant,f1_buy,feature_names,extra\n" +
        "ethusdc,none,0.41,a;b,\n" +
        "SOLUSDC,none,1.5,a;b,\n" +
        "ETHUSDC,none,0.4,a;b,\n" +
        "LINKUSDC,none,0.4,,\n",
    );
    assert.deepEqual(ok.map((r) => [r.crypto, r.line, r.feature_names]), [["ETHUSDC", 2, ["a", "b"]]]);
    assert.deepEqual(issues.map((i) => [i.line, i.column]), [[1, "extra"], [3, "f1_buy"], [4, "variant"], [5, "feature_names"]]);
    assert.match(readShadowCsv("crypto,f1_buy\nX,0.1\n").issues.map((i) => i.column).join(), /variant,feature_names/);
    assert.equal(readShadowCsv("").issues[0].message, "empty file");
  });

  const shadowOf = (text: string) => readShadowCsv(text);
  const names = namesOf("none").join(";");

  test("passes at exactly baseline − 0.01, fails just below, and fails on a schema mismatch or a missing crypto", () => {
    const c = config();
    const res = rows((crypto, fold, v) => (v === "none" ? (fold === 1 ? 0.4 : 0.5) : 0.5)); // baseline mean 0.45
    const at = checkShadow(c, res, shadowOf(`crypto,variant,f1_buy,feature_names\nETHUSDC,none,0.44,${names}\nSOLUSDC,none,0.45,${names}\n`));
    assert.equal(at.status, "pass", at.reason);
    assert.ok(Math.abs(at.rows[0].floor! - (0.45 - SHADOW_F1_TOLERANCE)) < 1e-12);
    const below = checkShadow(c, res, shadowOf(`crypto,variant,f1_buy,feature_names\nETHUSDC,none,0.4399,${names}\nSOLUSDC,none,0.45,${names}\n`));
    assert.equal(below.status, "fail");
    assert.equal(below.rows[0].f1_pass, false);
    assert.match(below.reason, /ETHUSDC\/none/);
    const schema = checkShadow(c, res, shadowOf(`crypto,variant,f1_buy,feature_names\nETHUSDC,none,0.5,ret_1h;ret_24h;ret_4h\nSOLUSDC,none,0.5,${names}\n`));
    assert.equal(schema.status, "fail");
    assert.equal(schema.rows[0].schema!.order_differs, true);
    const missing = checkShadow(c, res, shadowOf(`crypto,variant,f1_buy,feature_names\nETHUSDC,none,0.5,${names}\n`));
    assert.equal(missing.status, "fail");
    assert.deepEqual(missing.missing_cryptos, ["SOLUSDC"]);
  });

  test("no shadow file: not checked (the LOCK still needs it)", () => {
    const r = checkShadow(config(), rows(), null);
    assert.equal(r.status, "not_checked");
    assert.equal(r.present, false);
  });
});

describe("the contract as a whole", () => {
  const input = (over: Partial<ArtefactInput> = {}): ArtefactInput => ({ sweep_id: "t", config: config(), results: rows(), enrichment_sha256: SHA, btc: null, shadow: null, hash: sha256, ...over });

  test("a clean sweep holds: nothing fails, the v1 cache key is the known debt, the dry run is not run", () => {
    const r = assessArtefacts(input());
    assert.equal(r.status, "ok");
    assert.deepEqual(Object.fromEntries(r.checks.map((c) => [c.id, c.status])), {
      enrichment_sha: "pass", results_sha: "pass", feature_schema: "pass", btc_feature_sets: "pass", cache_key: "debt", shadow_dry_run: "not_checked",
    });
  });

  test("a tampered enrichment config is a mismatch whose message names both digests", () => {
    const r = assessArtefacts(input({ enrichment_sha256: OTHER }));
    assert.equal(r.status, "mismatch");
    const [f] = failedChecks(r);
    assert.equal(f.id, "enrichment_sha");
    assert.ok(f.detail.includes(OTHER) && f.detail.includes(SHA), f.detail);
  });

  test("a schema mismatch alone also makes the contract fail", () => {
    const r = assessArtefacts(input({ results: rows(undefined, (x) => (x.variant === "btc_min" ? { ...x, feature_names: [...x.feature_names!].reverse() } : x)) }));
    assert.equal(r.status, "mismatch");
    assert.deepEqual(failedChecks(r).map((c) => c.id), ["feature_schema"]);
  });
});

test("contract standing: red on a failed check, amber on a debt or a check not run, green only when all ran and passed", () => {
  const c = (id: string, status: string) => ({ id, title: id, status, detail: "" }) as never;
  assert.equal(contractStanding({ checks: [c("enrichment_sha", "pass"), c("cache_key", "debt"), c("shadow_dry_run", "fail")] }).level, "mismatch");
  const amber = contractStanding({ checks: [c("enrichment_sha", "pass"), c("cache_key", "debt"), c("shadow_dry_run", "not_checked")] });
  assert.equal(amber.level, "debts");
  assert.equal(amber.summary, "holds, with 1 known debt and 1 check not run");
  assert.equal(contractStanding({ checks: [c("shadow_dry_run", "not_checked"), c("results_sha", "not_checked")] }).summary, "holds, with 0 known debts and 2 checks not run");
  assert.equal(contractStanding({ checks: [c("enrichment_sha", "pass")] }).level, "holds");
});
