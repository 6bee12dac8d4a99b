// loaders/site/shrink-modules.ts on a small made-up build: a d3-like index over three modules, one
// of which nothing imports (and a fourth only that one imports).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { minifyLocalModules, pruneD3Index } from "../../loaders/site/shrink-modules.ts";

function write(dist: string, rel: string, text: string): void {
  mkdirSync(dirname(join(dist, rel)), { recursive: true });
  writeFileSync(join(dist, rel), text);
}

const PAGE_PRELOADS = ["_node/d3@7.9.2/index.aaaa1111.js", "_node/d3-array@3.2.5/index.bbbb2222.js", "_node/d3-shape@3.2.1/index.cccc3333.js", "_node/d3-zoom@3.0.1/index.dddd4444.js", "_node/d3-drag@3.0.1/index.eeee5555.js", "_node/plot@1/index.ffff6666.js"];

function fakeBuild(plotImport = `import{max as a,line as b}from"../../d3@7.9.2/index.aaaa1111.js";`): string {
  const dist = mkdtempSync(join(tmpdir(), "ftf-shrink-"));
  write(dist, "_node/d3@7.9.2/index.aaaa1111.js", `export*from"../d3-array@3.2.5/index.bbbb2222.js";export*from"../d3-shape@3.2.1/index.cccc3333.js";export*from"../d3-zoom@3.0.1/index.dddd4444.js";var r="7.9.2";export{r as version};`);
  write(dist, "_node/d3-array@3.2.5/index.bbbb2222.js", `function m(){}function n(){}export{m as max,n as min};`);
  write(dist, "_node/d3-shape@3.2.1/index.cccc3333.js", `import{max as m}from"../d3-array@3.2.5/index.bbbb2222.js";function l(){return m}export{l as line};`);
  write(dist, "_node/d3-zoom@3.0.1/index.dddd4444.js", `import{drag as d}from"../d3-drag@3.0.1/index.eeee5555.js";function z(){return d}export{z as zoom};`);
  write(dist, "_node/d3-drag@3.0.1/index.eeee5555.js", `function d(){}export{d as drag};`);
  write(dist, "_node/plot@1/index.ffff6666.js", `${plotImport}export const plot=()=>[a,b];`);
  write(dist, "page.html", `<head>\n${PAGE_PRELOADS.map((p) => `<link rel="modulepreload" href="./${p}">`).join("\n")}\n</head><script type="module">import("./_node/plot@1/index.ffff6666.js")</script>\n`);
  return dist;
}

test("the d3 index keeps the modules whose names are imported; the rest and their preloads go", () => {
  const dist = fakeBuild();
  try {
    const r = pruneD3Index(dist);
    assert.equal(r.skipped, undefined);
    assert.deepEqual(r.removed, ["_node/d3-drag@3.0.1/index.eeee5555.js", "_node/d3-zoom@3.0.1/index.dddd4444.js"]);
    const index = readFileSync(join(dist, "_node/d3@7.9.2/index.aaaa1111.js"), "utf8");
    assert.ok(index.includes("d3-array") && index.includes("d3-shape") && !index.includes("d3-zoom"), index);
    assert.ok(index.endsWith(`var r="7.9.2";export{r as version};`), "the index's own export stays");
    assert.ok(!existsSync(join(dist, "_node/d3-zoom@3.0.1")) && !existsSync(join(dist, "_node/d3-drag@3.0.1")));
    const html = readFileSync(join(dist, "page.html"), "utf8");
    assert.ok(!html.includes("d3-zoom") && !html.includes("d3-drag"), html);
    for (const kept of ["d3@7.9.2", "d3-array", "d3-shape", "plot@1"]) assert.ok(html.includes(kept), kept);
    assert.deepEqual(pruneD3Index(dist).removed, [], "idempotent");
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
});

test("a namespace import of the d3 index leaves it whole: its names are not known", () => {
  const dist = fakeBuild(`import*as d3 from"../../d3@7.9.2/index.aaaa1111.js";const a=d3.max,b=d3.zoom;`);
  try {
    const r = pruneD3Index(dist);
    assert.match(r.skipped ?? "", /other than by a named import/);
    assert.deepEqual(r.removed, []);
    assert.ok(existsSync(join(dist, "_node/d3-zoom@3.0.1/index.dddd4444.js")));
    assert.ok(readFileSync(join(dist, "page.html"), "utf8").includes("d3-zoom"));
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
});

test("a name no d3 module exports leaves the index whole", () => {
  const dist = fakeBuild(`import{max as a,nothing as b}from"../../d3@7.9.2/index.aaaa1111.js";`);
  try {
    assert.match(pruneD3Index(dist).skipped ?? "", /nothing/);
    assert.ok(existsSync(join(dist, "_node/d3-zoom@3.0.1/index.dddd4444.js")));
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
});

test("local modules are minified and still export the same values", async () => {
  const dist = mkdtempSync(join(tmpdir(), "ftf-shrink-"));
  try {
    const source = `export class ExampleError extends Error {\n  constructor(message) {\n    super(message);\n  }\n}\nexport function longFunctionName(firstArgument, secondArgument) {\n  const intermediateValue = firstArgument * secondArgument;\n  const anotherIntermediateValue = intermediateValue - firstArgument + firstArgument;\n  const yetAnotherIntermediateValue = anotherIntermediateValue * 1;\n  return yetAnotherIntermediateValue + 1;\n}\nexport const CSS = \`\n.a { color: red; }\n\`;\n`;
    write(dist, "_import/lib/x.12345678.js", source);
    const r = minifyLocalModules(dist);
    assert.equal(r.files, 1);
    assert.ok(r.after < r.before, `${r.after} < ${r.before}`);
    const m = await import(join(dist, "_import/lib/x.12345678.js"));
    assert.equal(m.longFunctionName(3, 4), 13);
    assert.equal(new m.ExampleError("x").constructor.name, "ExampleError", "names are kept");
    assert.equal(m.CSS, "\n.a { color: red; }\n", "string contents untouched");
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
});
