/** The `--map` of `ftf import mlflow`: sources, names with `/`, spaces and commas, and misuse. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../loaders/errors.ts";
import { parseColumnMap } from "../../loaders/mlflow/column-map.ts";
import { parseFeatureNamesTag } from "../../loaders/mlflow/import.ts";

const REQUIRED = "crypto=params.crypto,fold=params.fold,variant=tags.variant,f1_buy=metrics.f1,n_buy_trades=metrics.n";

test("sources: metrics, params, tags, attributes; model_run_id defaults to the run id", () => {
  const m = parseColumnMap([REQUIRED, "fold_start=start_time,feature_set=attributes.run_name"]);
  assert.deepEqual(m.map((x) => [x.column, x.kind, x.key]), [
    ["crypto", "params", "crypto"], ["fold", "params", "fold"], ["variant", "tags", "variant"], ["f1_buy", "metrics", "f1"], ["n_buy_trades", "metrics", "n"],
    ["fold_start", "attributes", "start_time"], ["feature_set", "attributes", "run_name"], ["model_run_id", "attributes", "run_id"],
  ]);
  assert.equal(parseColumnMap([REQUIRED, "model_run_id=tags.mlflow.parentRunId"]).find((x) => x.column === "model_run_id")!.key, "mlflow.parentRunId");
});

test("names with '/', spaces, dots and commas survive; columns are case-insensitive", () => {
  const m = parseColumnMap(["CRYPTO=params.sym,fold=params.fold,variant=tags.v", "f1_buy=metrics.test/f1 buy,n_buy_trades=metrics.n,trades,max_drawdown=metrics.dd (val)"]);
  const by = Object.fromEntries(m.map((x) => [x.column, x.key]));
  assert.equal(by.crypto, "sym");
  assert.equal(by.f1_buy, "test/f1 buy");
  assert.equal(by.n_buy_trades, "n,trades", "a comma not followed by column= belongs to the name");
  assert.equal(by.max_drawdown, "dd (val)");
});

test("misuse is a UsageError that says what is expected", () => {
  const bad = (spec: string[], re: RegExp) => assert.throws(() => parseColumnMap(spec), (e: unknown) => e instanceof UsageError && re.test(e.message));
  bad([REQUIRED, "recall_bye=metrics.x"], /"recall_bye" is not a results column \(did you mean "recall_buy"\?\)/);
  bad([REQUIRED, "crypto=params.other"], /column "crypto" is mapped twice/);
  bad(["crypto=params.c"], /the required columns fold, variant, f1_buy, n_buy_trades are not mapped/);
  bad([REQUIRED, "purge_bars=purge"], /"purge" is not an MLflow value/);
  bad([REQUIRED, "purge_bars=attributes.owner"], /unknown run attribute "owner"/);
  bad([REQUIRED, "purge_bars"], /"purge_bars" is not <column>=<source>/);
});

test("feature_names tags: a JSON list, ';'-separated or ','-separated", () => {
  assert.deepEqual(parseFeatureNamesTag('["a", "b"]'), ["a", "b"]);
  assert.deepEqual(parseFeatureNamesTag("a; b;c\n"), ["a", "b", "c"]);
  assert.deepEqual(parseFeatureNamesTag("a,b"), ["a", "b"]);
});
