/**
 * `ftf publish`'s shared runtime (loaders/snapshot/shared-runtime.ts): pages' references into the
 * runtime folders move one level up into `_runtime/`, other references stay; runtime files move
 * (or, already there with the same bytes, are dropped); a file with other bytes leaves the
 * snapshot whole; unused runtime files are pruned.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { listFiles } from "../../loaders/snapshot/output.ts";
import { pruneRuntime, rewriteRuntimeRefs, shareRuntime } from "../../loaders/snapshot/shared-runtime.ts";

test("rewriteRuntimeRefs: only references that lead back to the snapshot's root", () => {
  const deep = `<link rel="modulepreload" href="../../_node/htl@0.3.1/index.0caf36e7.js"><script type="module">import "../../_observablehq/client.fa1bda4b.js"; import {x} from '../../_import/components/ui.1234.js'; registerFile("a.json", {"path":"../../_file/sweeps/s/a.1.json"});</script><a href="../_node/x.js">`;
  assert.equal(
    rewriteRuntimeRefs(deep, "sweeps/s/index.html"),
    `<link rel="modulepreload" href="../../../_runtime/_node/htl@0.3.1/index.0caf36e7.js"><script type="module">import "../../../_runtime/_observablehq/client.fa1bda4b.js"; import {x} from '../../../_runtime/_import/components/ui.1234.js'; registerFile("a.json", {"path":"../../_file/sweeps/s/a.1.json"});</script><a href="../_node/x.js">`,
  );
  assert.equal(rewriteRuntimeRefs(`<script src="./_observablehq/client.js"></script><p>the _node/ folder</p>`, "index.html"), `<script src="../_runtime/_observablehq/client.js"></script><p>the _node/ folder</p>`);
});

function write(root: string, files: Record<string, string>) {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

test("shareRuntime: two snapshots, one runtime; a differing file keeps a snapshot whole; prune", () => {
  const out = mkdtempSync(join(tmpdir(), "ftf-shared-runtime-"));
  try {
    const runtime = join(out, "_runtime");
    const snap = (id: string, wasm: string) => ({
      "index.html": `<script src="./_observablehq/client.1.js"></script>`,
      [`sweeps/${id}/index.html`]: `<script type="module">import "../../_import/db.2.js";</script>`,
      "_observablehq/client.1.js": "client",
      "_import/db.2.js": `import.meta.resolve("../_node/duck/eh.wasm")`,
      "_node/duck/eh.wasm": wasm,
      [`_file/${id}.json`]: id,
    });
    write(join(out, "a"), snap("a", "wasm"));
    write(join(out, "b"), snap("b", "wasm"));
    write(join(out, "c"), snap("c", "other wasm"));
    const a = shareRuntime(join(out, "a"), runtime);
    assert.deepEqual([a.files.length, a.reused, a.conflicts], [3, 0, []]);
    const b = shareRuntime(join(out, "b"), runtime);
    assert.deepEqual([b.files.length, b.reused, b.conflicts], [3, 3, []]);
    assert.deepEqual(listFiles(join(out, "b")), ["_file/b.json", "index.html", "sweeps/b/index.html"]);
    assert.equal(readFileSync(join(out, "b", "sweeps/b/index.html"), "utf8"), `<script type="module">import "../../../_runtime/_import/db.2.js";</script>`);
    assert.deepEqual(listFiles(runtime), ["_import/db.2.js", "_node/duck/eh.wasm", "_observablehq/client.1.js"]);
    const c = shareRuntime(join(out, "c"), runtime, new Set(a.files));
    assert.deepEqual(c.conflicts, ["_node/duck/eh.wasm"]);
    assert.ok(existsSync(join(out, "c", "_node/duck/eh.wasm")) && readFileSync(join(out, "c", "index.html"), "utf8").includes(`"./_observablehq/`), "c untouched");
    assert.equal(pruneRuntime(runtime, new Set(["_import/db.2.js", "_observablehq/client.1.js"])), 1);
    assert.deepEqual(listFiles(runtime), ["_import/db.2.js", "_observablehq/client.1.js"]);
    assert.ok(!existsSync(join(runtime, "_node")), "empty folders removed");
    // a leftover of an earlier publish (claimed by no snapshot of this one) is replaced
    write(join(out, "d"), snap("d", "new wasm"));
    write(runtime, { "_node/duck/eh.wasm": "old wasm" });
    const d = shareRuntime(join(out, "d"), runtime, new Set());
    assert.deepEqual(d.conflicts, []);
    assert.equal(readFileSync(join(runtime, "_node/duck/eh.wasm"), "utf8"), "new wasm");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
