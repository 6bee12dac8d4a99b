/**
 * README screenshots from the built site: `npm run build && npx tsx scripts/screenshots.ts`.
 * Viewport-sized PNGs (not full pages) keep the committed images small.
 */
import { mkdirSync } from "node:fs";
import { launchBrowser, settle } from "../test/helpers/browser.ts";
import { serveStatic } from "../test/helpers/static-server.ts";

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
await browser.close();
await server.close();
