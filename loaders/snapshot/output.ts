/**
 * What is done to Framework's output before it becomes a snapshot, and what is checked.
 *
 * Determinism: Framework's content hashes are over file contents (same inputs → same names),
 * but each page registers its attachments with `"lastModified": <mtime of the cached loader
 * output>` — the wall-clock time the loader ran. Pages are not content-hashed, so that value is
 * rewritten to the snapshot's source date. Any other wall-clock value would show up in the
 * determinism test (test/integration/snapshot.test.ts), which builds twice and compares bytes.
 *
 * Self-containment: a snapshot is opened from any static host, in a subfolder, so every
 * reference in a page must be relative — no "/…" (site root) and no "http(s)://…".
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";

export interface SnapshotFile {
  path: string;
  size: number;
  sha256: string;
}

/** Every file under `dir`, relative paths with "/", sorted by code point. */
export function listFiles(dir: string, rel = ""): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .flatMap((e) => {
      const p = rel ? `${rel}/${e.name}` : e.name;
      return e.isDirectory() ? listFiles(dir, p) : e.isFile() ? [p] : [];
    })
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const LAST_MODIFIED = /"lastModified":\d+/g;

/** Rewrite the attachments' lastModified in every page; returns how many values were rewritten. */
export function normaliseLastModified(dir: string, sourceDateMs: number): number {
  let n = 0;
  for (const f of listFiles(dir).filter((p) => p.endsWith(".html"))) {
    const path = join(dir, f);
    const text = readFileSync(path, "utf8");
    const out = text.replace(LAST_MODIFIED, () => (n++, `"lastModified":${sourceDateMs}`));
    if (out !== text) writeFileSync(path, out);
  }
  return n;
}

/** Modules that embed a lastModified: their content-hashed names would change from build to build. */
export function modulesWithLastModified(dir: string): string[] {
  return listFiles(dir).filter((p) => p.endsWith(".js") && p.startsWith("_import/") && /"lastModified":\d+/.test(readFileSync(join(dir, p), "utf8")));
}

// <tag … href="/x">, src='/x', url(/x), import "/x", import("/x"), and the same with http(s)://
const HTML_REF = /<([a-z][a-z0-9-]*)\b[^>]*?\b(?:href|src)\s*=\s*["']((?:\/|https?:)[^"']*)["']/gi;
const CSS_REF = /url\(\s*["']?((?:\/|https?:)[^"')]*)/gi;
const JS_REF = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']((?:\/|https?:)[^"']*)["']/g;

/**
 * References that would leave the snapshot's folder: root-absolute or absolute URLs in page
 * attributes, stylesheets and module imports. (Strings inside bundled libraries, such as the SVG
 * namespace URL, are not requests and are not looked at.)
 */
export function outsideReferences(dir: string): string[] {
  const found: string[] = [];
  for (const f of listFiles(dir)) {
    const re = f.endsWith(".html") ? HTML_REF : f.endsWith(".css") ? CSS_REF : f.endsWith(".js") && f.startsWith("_import/") ? JS_REF : null;
    if (!re) continue;
    const text = readFileSync(join(dir, f), "utf8");
    for (const m of text.matchAll(re)) {
      // An <a href="https://…"> is a link the reader may follow, not a request the page makes;
      // a root-absolute one ("/…") would still break in a subfolder.
      const isHtml = re === HTML_REF;
      const ref = isHtml ? m[2] : m[1];
      if (isHtml && m[1].toLowerCase() === "a" && /^https?:/i.test(ref)) continue;
      if (/^\/\//.test(ref) || /^\/[^/]/.test(ref) || ref === "/" || /^https?:/i.test(ref)) found.push(`${f}: ${ref}`);
    }
  }
  return found;
}

/** Size and SHA-256 of every file (snapshot.json's inventory, so a reader can verify the copy they got). */
export function inventory(dir: string, skip: readonly string[] = []): SnapshotFile[] {
  return listFiles(dir)
    .filter((p) => !skip.includes(p))
    .map((p) => {
      const path = join(dir, p);
      return { path: p.split(sep).join("/"), size: statSync(path).size, sha256: createHash("sha256").update(readFileSync(path)).digest("hex") };
    });
}
