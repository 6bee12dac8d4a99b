// ftf publish's shared runtime (loaders/snapshot/shared-runtime.ts) on two made-up snapshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pointAtSharedRuntime, shareRuntime } from "../../loaders/snapshot/shared-runtime.ts";

function put(path: string, text: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function snapshot(out: string, id: string, wasm = "WASM") {
  const s = join(out, id);
  put(join(s, "_node", "duckdb@1.0.0", "x.wasm"), wasm);
  put(join(s, "_observablehq", "client.abcd1234.js"), `import "./runtime.js";`);
  put(join(s, "sweeps", id, "index.html"), `<link rel="modulepreload" href="../../_observablehq/client.abcd1234.js"><script>import("../../_node/duckdb@1.0.0/x.wasm")</script>`);
  put(join(s, "index.html"), `<a href="./sweeps/${id}/index.html">x</a><link href="./_observablehq/client.abcd1234.js">`);
  put(join(s, "_import", "db.js"), `const u = import.meta.resolve("../_node/duckdb@1.0.0/x.wasm");`);
  put(join(s, "snapshot.json"), JSON.stringify({ files: { list: [{ path: "_node/duckdb@1.0.0/x.wasm", size: 4, sha256: "" }, { path: "index.html", size: 0, sha256: "" }] } }));
}

test("references into the snapshot's runtime point one folder up, and only those", () => {
  assert.equal(pointAtSharedRuntime(`href="../../_node/a@1/b.js"`, 2), `href="../../../_node/a@1/b.js"`);
  assert.equal(pointAtSharedRuntime(`from "./_observablehq/c.js"`, 0), `from "../_observablehq/c.js"`);
  assert.equal(pointAtSharedRuntime(`from "_npm/c.js"`, 0), `from "../_npm/c.js"`);
  const once = pointAtSharedRuntime(`href="../../_node/a.js"`, 2);
  assert.equal(pointAtSharedRuntime(once, 2), once, "idempotent");
  assert.equal(pointAtSharedRuntime(`href="../_file/data.json" src="../../x/_node/y"`, 1), `href="../_file/data.json" src="../../x/_node/y"`);
});

test("two snapshots share one runtime at the site's root; a differing one stays self-contained", () => {
  const out = mkdtempSync(join(tmpdir(), "ftf-shared-"));
  try {
    snapshot(out, "a");
    snapshot(out, "b");
    snapshot(out, "c", "OTHER WASM");
    const r = shareRuntime(out, ["a", "b", "c"]);
    assert.deepEqual(r.shared, ["a", "b"]);
    assert.equal(r.selfContained[0]?.sweep_id, "c");
    assert.equal(r.savedBytes, 4 + `import "./runtime.js";`.length);
    assert.equal(readFileSync(join(out, "_node", "duckdb@1.0.0", "x.wasm"), "utf8"), "WASM");
    assert.ok(!existsSync(join(out, "a", "_node")) && !existsSync(join(out, "b", "_observablehq")));
    assert.match(readFileSync(join(out, "a", "sweeps", "a", "index.html"), "utf8"), /"\.\.\/\.\.\/\.\.\/_node\/duckdb@1\.0\.0\/x\.wasm"/);
    assert.match(readFileSync(join(out, "a", "_import", "db.js"), "utf8"), /"\.\.\/\.\.\/_node\//);
    assert.match(readFileSync(join(out, "b", "index.html"), "utf8"), /href="\.\.\/_observablehq\//);
    assert.ok(existsSync(join(out, "c", "_node", "duckdb@1.0.0", "x.wasm")), "c keeps its own");
    const m = JSON.parse(readFileSync(join(out, "a", "snapshot.json"), "utf8"));
    assert.equal(m.shared_runtime, "..");
    assert.equal(m.files.list[0].path, "../_node/duckdb@1.0.0/x.wasm");
    assert.equal(m.files.list[1].size, readFileSync(join(out, "a", "index.html")).length);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
