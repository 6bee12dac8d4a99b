/**
 * Browser-bound modules (src/lib, src/components) must import siblings with a ".js" extension:
 * Framework only transpiles a .ts module that is imported as .js, and leaves a ".ts" specifier
 * dangling (the page then fails at run time, not at build time). They must not use node: APIs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : n.endsWith(".ts") ? [p] : [];
  });
}

test("src/lib and src/components import siblings as .js and use no node: module", () => {
  const bad: string[] = [];
  for (const f of [...tsFiles("src/lib"), ...tsFiles("src/components")]) {
    const src = readFileSync(f, "utf8");
    for (const m of src.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const spec = m[1];
      if (spec.startsWith(".") && spec.endsWith(".ts")) bad.push(`${f}: "${spec}" (use .js)`);
      if (spec.startsWith("node:")) bad.push(`${f}: "${spec}" (browser code)`);
    }
  }
  assert.deepEqual(bad, []);
});
