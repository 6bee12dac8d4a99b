/**
 * The static build (made by `npm test` before this runs): one page per sweep page, no bare module
 * specifiers left for the browser to fail on (DESIGN §1 fact 8), no CDN or Google font reference.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { siteIndex } from "../../loaders/site/site-index.ts";

const DIST = process.env.FTF_DIST ?? "dist";

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(name) ? [p] : [];
  });
}

test("the build has every page of every sweep", () => {
  assert.ok(existsSync(join(DIST, "index.html")), `no build at ${DIST}/ (npm test builds it first)`);
  const { sweeps, pages } = siteIndex();
  assert.ok(sweeps.length >= 3, "the three demo sweeps are built");
  for (const s of sweeps) for (const p of pages) assert.ok(existsSync(join(DIST, "sweeps", s.sweep_id, `${p.file}.html`)), `missing ${s.sweep_id}/${p.file}.html`);
});

test("every module a page imports exists in the build (no bare or dangling specifier)", () => {
  // Framework leaves an import it cannot resolve in the page instead of failing the build; the
  // browser then fails at run time. Every specifier must be relative and name a built file.
  // A specifier never holds white space: that keeps a string ending in "import" (tables.ts's
  // "mlflow import" stage) from reading as an import of the text up to the next quote, nor a comma:
  // minified, that string is followed by `,description:"…` (loaders/site/shrink-modules.ts).
  // Minified code also writes `import{a}from"x"` and `export*from"x"`: no space before `from`.
  const bad: string[] = [];
  for (const f of [...files(DIST, /\.html$/), ...files(join(DIST, "_import"), /\.js$/)]) {
    const src = readFileSync(f, "utf8");
    for (const m of src.matchAll(/\b(?:import|export)\s*(?:[^"';]*?[\s}*]from\s*)?["']([^"'\s,]+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
      const spec = m[1] ?? m[2];
      if (/^(data:|blob:)/.test(spec)) continue;
      if (!spec.startsWith(".")) bad.push(`${f}: bare specifier ${spec}`);
      else if (!existsSync(join(dirname(f), spec))) bad.push(`${f}: ${spec} is not in the build`);
    }
  }
  assert.deepEqual(bad, []);
});

test("no CDN, npm: specifier or web font in the built pages", () => {
  const hits: string[] = [];
  for (const f of files(DIST, /\.(html|css)$/)) {
    const src = readFileSync(f, "utf8");
    for (const bad of ["cdn.jsdelivr.net", "fonts.googleapis.com", "fonts.gstatic.com", "npm:", "unpkg.com"]) if (src.includes(bad)) hits.push(`${f}: ${bad}`);
  }
  assert.deepEqual(hits, []);
});
