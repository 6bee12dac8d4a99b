// The post-build steps of loaders/site/postbuild.ts on a small made-up build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { installedVersion } from "../../loaders/site/framework-offline.ts";
import { precompress, PRECOMPRESS_MIN_BYTES, versionPackageFolders } from "../../loaders/site/postbuild.ts";

function fakeBuild(): string {
  const dist = mkdtempSync(join(tmpdir(), "ftf-postbuild-"));
  mkdirSync(join(dist, "_node", "parquet-wasm@undefined", "esm"), { recursive: true });
  writeFileSync(join(dist, "_node", "parquet-wasm@undefined", "esm", "parquet_wasm.1234abcd.js"), "export const x = 1;\n");
  mkdirSync(join(dist, "_import"), { recursive: true });
  writeFileSync(join(dist, "_import", "db.js"), `import x from "../_node/parquet-wasm@undefined/esm/parquet_wasm.1234abcd.js";\n`);
  writeFileSync(join(dist, "page.html"), `<link rel="modulepreload" href="./_node/parquet-wasm@undefined/esm/parquet_wasm.1234abcd.js">\n`);
  return dist;
}

test("a package folder named @undefined gets its installed version, and every reference follows", () => {
  const dist = fakeBuild();
  try {
    const v = installedVersion("parquet-wasm");
    assert.ok(v, "parquet-wasm is installed");
    assert.deepEqual(versionPackageFolders(dist), [{ name: "parquet-wasm", version: v }]);
    assert.ok(existsSync(join(dist, "_node", `parquet-wasm@${v}`, "esm", "parquet_wasm.1234abcd.js")));
    assert.ok(!existsSync(join(dist, "_node", "parquet-wasm@undefined")));
    for (const f of ["_import/db.js", "page.html"]) {
      const text = readFileSync(join(dist, f), "utf8");
      assert.ok(!text.includes("@undefined"), f);
      assert.ok(text.includes(`parquet-wasm@${v}/esm/`), f);
    }
    assert.deepEqual(versionPackageFolders(dist), [], "idempotent");
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
});

test("large compressible files get .br and .gz siblings that decompress to the same bytes", () => {
  const dist = fakeBuild();
  const cache = mkdtempSync(join(tmpdir(), "ftf-precompress-cache-"));
  try {
    const big = Buffer.from("the same line again and again\n".repeat(Math.ceil((2 * PRECOMPRESS_MIN_BYTES) / 30)));
    writeFileSync(join(dist, "big.wasm"), big);
    writeFileSync(join(dist, "big.parquet"), big); // Parquet is compressed already: left alone
    const r = precompress(dist, cache);
    assert.equal(r.files, 1);
    assert.deepEqual(brotliDecompressSync(readFileSync(join(dist, "big.wasm.br"))), big);
    assert.deepEqual(gunzipSync(readFileSync(join(dist, "big.wasm.gz"))), big);
    assert.ok(!existsSync(join(dist, "big.parquet.br")));
    assert.ok(!existsSync(join(dist, "page.html.br")), "small files are left alone");
    // A second build takes the compressed bytes from the cache: same output.
    const again = precompress(dist, cache);
    assert.deepEqual(again, r);
  } finally {
    rmSync(dist, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
});
