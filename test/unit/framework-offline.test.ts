// The version pins that keep Framework off the registry (loaders/site/framework-offline.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { frameworkClientNpmPackages, installedVersion, NOT_INSTALLED_VERSION, pinFrameworkNpmVersions } from "../../loaders/site/framework-offline.ts";

test("the packages Framework's client names are read from its sources", () => {
  const names = frameworkClientNpmPackages();
  // main.js (JSX), recommendedLibraries.js (implicit globals), fileAttachment.js (readers)
  for (const n of ["react-dom", "lodash", "d3", "d3-dsv", "apache-arrow", "parquet-wasm", "@duckdb/duckdb-wasm"]) assert.ok(names.includes(n), `${n} in ${names.join(", ")}`);
  for (const n of names) assert.match(n, /^(@[\w.-]+\/)?[\w.-]+$/, "a bare package name, no path or range");
});

test("each package is pinned to its node_modules version, or to the not-installed marker", () => {
  const dir = mkdtempSync(join(tmpdir(), "ftf-fw-pins-"));
  try {
    const pinned = pinFrameworkNpmVersions(dir);
    const again = pinFrameworkNpmVersions(dir);
    assert.deepEqual(again, pinned, "idempotent");
    const byName = new Map(pinned.map((p) => [p.name, p]));
    assert.equal(byName.get("d3")?.version, installedVersion("d3"));
    assert.equal(byName.get("react-dom")?.version, NOT_INSTALLED_VERSION);
    for (const p of pinned) {
      const folder = join(dir, ".observablehq", "cache", "_npm", `${p.name}@${p.version}`);
      assert.ok(existsSync(folder), folder);
      assert.deepEqual(readdirSync(folder), [], "a version folder only, nothing downloaded");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
