/**
 * One rule, one place: the shared helpers have a single home each, and a scan of the product code
 * (loaders/, src/, bin/, scripts/, observablehq.config.ts) fails when one is written again
 * elsewhere. Each check names the pattern, the one file allowed to hold it, and what to use instead.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOTS = ["loaders", "src", "bin", "scripts", "observablehq.config.ts"];
const CODE = /\.(ts|js|mjs|md)$/;

function walk(p: string): string[] {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return CODE.test(p) ? [p] : [];
  return readdirSync(p).flatMap((n) => (n === ".observablehq" || n === "node_modules" ? [] : walk(join(p, n))));
}

const FILES = ROOTS.flatMap(walk).map((f) => f.split("\\").join("/"));
const text = new Map(FILES.map((f) => [f, readFileSync(f, "utf8")]));

interface Rule {
  what: string;
  pattern: RegExp;
  /** Files allowed to contain the pattern (the helper's home). */
  home: readonly string[];
  use: string;
}

const RULES: Rule[] = [
  { what: "Date.parse (reads offset-less text as local time)", pattern: /\bDate\.parse\(/, home: ["src/lib/time.ts"], use: "parseUtc / tryParseUtc from src/lib/time.ts" },
  { what: "toISOString (hand-made ISO formatting)", pattern: /\.toISOString\(/, home: ["src/lib/time.ts"], use: "formatUtc / formatUtcMillis / formatUtcMinutes from src/lib/time.ts" },
  { what: "an ISO-8601 parser", pattern: /function\s+(parseUtc|parseUtcTimestamp|isoToMs|parseIso)\b/, home: ["src/lib/time.ts"], use: "src/lib/time.ts" },
  { what: "an ISO-8601 formatter", pattern: /function\s+(formatUtc|isoUtc|isoZ|iso)\s*\(/, home: ["src/lib/time.ts"], use: "formatUtc from src/lib/time.ts" },
  { what: "SQL string-literal quoting", pattern: /replace(All)?\(\s*(\/'\/g|"'")\s*,\s*"''"\s*\)/, home: ["src/lib/sql/quote.ts"], use: "quoteLiteral from src/lib/sql/quote.ts" },
  { what: "SQL identifier quoting", pattern: /function\s+(quoteIdent|quoteIdentifier|ident|sqlIdent)\s*\(/, home: ["src/lib/sql/quote.ts", "src/lib/sql/regime-f1.ts"], use: "quoteIdent from src/lib/sql/quote.ts" },
  { what: "SQL literal helpers", pattern: /function\s+(quoteLiteral|sqlStr|sqlString|sqlList|sqlTimestamp|str)\s*\(/, home: ["src/lib/sql/quote.ts"], use: "src/lib/sql/quote.ts" },
  { what: "a number formatter", pattern: /(function|const)\s+(num|fmt|fmtP|pval|pfmt|signed|fixed)\s*(\(|=)/, home: ["src/lib/format.ts"], use: "num / signed / pval from src/lib/format.ts" },
  { what: "scientific p-value text", pattern: /\.toExponential\(/, home: ["src/lib/format.ts", "src/lib/sql/quote.ts"], use: "pval from src/lib/format.ts (quoteDouble for SQL)" },
  { what: "the epoch-unit magnitudes (s < 1e11 ≤ ms < 1e14 ≤ µs < 1e17 ≤ ns)", pattern: /\b(1e11|1e14|1e17|100000000000|100000000000000)\b/, home: ["src/lib/epoch.ts"], use: "epochToMs / epochToTimestampSql from src/lib/epoch.ts" },
  { what: "a duration constant (minute, hour, day, week in ms)", pattern: /\b(3_?600_?000|86_?400_?000|604_?800_?000)\b|\b(MINUTE|HOUR|DAY|WEEK)_MS\s*=[^=]/, home: ["src/lib/time.ts"], use: "MINUTE_MS / HOUR_MS / DAY_MS / WEEK_MS from src/lib/time.ts" },
  { what: "the dossier JSON type", pattern: /interface\s+(Dossier|DossierJson|SiteDossier|RegimeSection)\b/, home: ["src/lib/dossier.ts"], use: "the types of src/lib/dossier.ts" },
];

for (const rule of RULES) {
  test(`one place: ${rule.what} only in ${rule.home.join(", ")}`, () => {
    const hits: string[] = [];
    for (const [f, src] of text) {
      if (rule.home.includes(f)) continue;
      src.split("\n").forEach((line, i) => {
        if (rule.pattern.test(line)) hits.push(`${f}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    assert.deepEqual(hits, [], `use ${rule.use}`);
  });
}

test("the scan itself finds what it looks for (each rule matches its home or a sample)", () => {
  const samples: Record<string, string> = {
    "Date.parse (reads offset-less text as local time)": "const t = Date.parse(s);",
    "toISOString (hand-made ISO formatting)": "d.toISOString().slice(0, 10)",
    "SQL string-literal quoting": "`'${s.replace(/'/g, \"''\")}'`",
    "a number formatter": "const fmt = (x) => x.toFixed(3);",
    "a duration constant (minute, hour, day, week in ms)": "const day = 86_400_000; // not 3_600_000_000 µs",
  };
  for (const rule of RULES) {
    const sample = samples[rule.what];
    const home = rule.home.map((h) => text.get(h) ?? "").join("\n");
    assert.ok((sample !== undefined && rule.pattern.test(sample)) || rule.pattern.test(home), `rule "${rule.what}" matches nothing: it could never fail`);
  }
});

/** A specifier that lands in src/components/ (from loaders/, bin/, scripts/ or a data loader). */
const INTO_COMPONENTS = /(^|\/)src\/components\/|^(\.\.\/)+components\//;

/** Relative import specifiers of a file (static, dynamic and re-exports). */
function imports(src: string): string[] {
  return [...src.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]);
}

test("Node code (loaders/, bin/, scripts/, the config, src/data loaders) never imports src/components/", () => {
  const bad: string[] = [];
  const node = FILES.filter((f) => f.startsWith("loaders/") || f.startsWith("bin/") || f.startsWith("scripts/") || f === "observablehq.config.ts" || /^src\/(.+\/)?data\/.+\.(ts|js)$/.test(f));
  for (const f of node) {
    for (const spec of imports(text.get(f)!)) {
      // Any suffix: Framework-style ".js", tsx-style ".ts" and bare specifiers name the same module.
      if (INTO_COMPONENTS.test(spec)) bad.push(`${f}: ${spec}`);
    }
  }
  assert.deepEqual(bad, [], "move what Node needs to src/lib/");
  // the pattern itself: refused with either suffix, from any depth; src/lib is not components
  for (const spec of ["../../src/components/pages.js", "../src/components/verdict.ts", "../../components/x.js", "../../../src/components/db"]) assert.ok(INTO_COMPONENTS.test(spec), spec);
  for (const spec of ["../../src/lib/pages.js", "../site/components.ts", "./components-list.ts"]) assert.ok(!INTO_COMPONENTS.test(spec), spec);
});

test("src/lib never imports src/components/ (isomorphic code does not depend on the DOM layer)", () => {
  const bad: string[] = [];
  for (const f of FILES.filter((f) => f.startsWith("src/lib/"))) {
    for (const spec of imports(text.get(f)!)) if (/(^|\/)components\//.test(spec)) bad.push(`${f}: ${spec}`);
  }
  assert.deepEqual(bad, []);
});

test("pages import project modules with a .js suffix (a .ts specifier is left dangling by Framework)", () => {
  const bad: string[] = [];
  for (const f of FILES.filter((f) => f.endsWith(".md"))) {
    for (const spec of imports(text.get(f)!)) if (spec.startsWith(".") && !spec.endsWith(".js")) bad.push(`${f}: ${spec}`);
  }
  assert.deepEqual(bad, []);
});

test("pages write no SQL of their own: every query comes from a builder in src/lib/sql/", () => {
  const bad: string[] = [];
  for (const f of FILES.filter((f) => f.endsWith(".md"))) {
    let inJs = false;
    text.get(f)!.split("\n").forEach((line, i) => {
      if (/^```js\b/.test(line)) inJs = true;
      else if (/^```/.test(line)) inJs = false;
      else if (inJs && /\b(SELECT|INSERT|CREATE|WITH)\s+\S/.test(line) && /[`"']/.test(line)) bad.push(`${f}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  assert.deepEqual(bad, []);
});

/** Math functions that make a formula (Math.min/max/round for layout and display are not one). */
const PAGE_FORMULA = /\bMath\.(sqrt|cbrt|pow|exp|expm1|log|log10|log2|log1p|hypot|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh)\s*\(/;

test("pages compute no formula of their own: Math.sqrt, Math.log, Math.pow … live in the src/lib module that owns the rule", () => {
  // The whole page: its js blocks and the ${…} expressions of its text alike.
  const bad: string[] = [];
  for (const f of FILES.filter((f) => f.endsWith(".md"))) {
    text.get(f)!.split("\n").forEach((line, i) => {
      if (PAGE_FORMULA.test(line)) bad.push(`${f}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  assert.deepEqual(bad, []);
  for (const line of ["const sd = Math.sqrt(limit);", "${Math.log10(p).toFixed(1)}", "Math.pow (x, 2)"]) assert.ok(PAGE_FORMULA.test(line), line);
  for (const line of ["width: Math.min(width, 900)", "Math.round(level * 100)", "Math.max(...xs)"]) assert.ok(!PAGE_FORMULA.test(line), line);
});

test("pages and browser modules never interpolate raw text into a SQL string literal", () => {
  // `'${x}'` inside a query: use quoteLiteral(x) (src/lib/sql/quote.ts) or a builder in src/lib/sql/.
  const bad: string[] = [];
  for (const f of FILES.filter((f) => f.endsWith(".md") || f.startsWith("src/components/"))) {
    text.get(f)!.split("\n").forEach((line, i) => {
      if (/'\$\{/.test(line)) bad.push(`${f}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  assert.deepEqual(bad, []);
});
