/**
 * README screenshots from the built site: `npm run build && npx tsx scripts/screenshots.ts`.
 * Viewport-sized PNGs (not full pages) keep the committed images small.
 */
import { mkdirSync } from "node:fs";
import { launchBrowser, settle } from "../test/helpers/browser.ts";
import { serveStatic } from "../test/helpers/static-server.ts";

/**
 * [file, path, viewport width, print emulation, element whose bottom is scrolled into view]: the
 * committee reads at 1024 px and on A4. The Uplift shot shows the end of its interval chart on the
 * unstable demo, whose one wide variant (the last) is cut at the axis with arrowheads.
 */
const COMMITTEE: [string, string, number, boolean, string?][] = [
  ["dossier-1024", "/sweeps/demo-clean/index.html", 1024, false],
  ["uplift-1024", "/sweeps/demo-unstable/uplift.html", 1024, false, '[data-testid="uplift-forest"]'],
  // A4 portrait minus the print stylesheet's 12 mm margins, at 96 px per inch: 703 × 1040.
  ["dossier-print-a4", "/sweeps/demo-clean/index.html", 703, true],
];

const SHOTS: [string, string][] = [
  ["dossier", "/sweeps/demo-leaky/index.html"],
  ["leakage", "/sweeps/demo-leaky/leakage.html"],
  ["stability", "/sweeps/demo-unstable/stability.html"],
  ["feature-drift", "/sweeps/demo-clean/feature-drift.html"],
  ["explore", "/sweeps/demo-clean/explore.html"],
];

const dist = process.env.FTF_DIST ?? "dist";
mkdirSync("docs/screenshots", { recursive: true });
const server = await serveStatic(dist);
const browser = await launchBrowser();
for (const [name, path] of SHOTS) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(server.url + path);
  await settle(page, 90_000);
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
  await page.close();
  console.log(`docs/screenshots/${name}.png ← ${path}`);
}
for (const [name, path, width, print, bottom] of COMMITTEE) {
  const page = await browser.newPage({ viewport: { width, height: print ? 1040 : 800 } });
  await page.goto(server.url + path);
  await settle(page, 90_000);
  if (bottom) await page.evaluate(`document.querySelector(${JSON.stringify(bottom)}).scrollIntoView({ block: "end" })`);
  if (print) {
    await page.emulateMedia({ media: "print" });
    await settle(page, 30_000, 500);
  }
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
  await page.close();
  console.log(`docs/screenshots/${name}.png ← ${path} at ${width} px${print ? ", printed (A4)" : ""}`);
}
await browser.close();
await server.close();
