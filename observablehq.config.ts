// Observable Framework configuration. Every page of a sweep lives under src/sweeps/[sweep]/ and
// is built once per sweep folder found under FTF_SWEEPS (default data/sweeps).
import { existsSync } from "node:fs";
import { disableFrameworkTelemetry, pinFrameworkNpmVersions } from "./loaders/site/framework-offline.ts";
import { listDeploymentIds, listSweepIds } from "./loaders/site/paths.ts";
import { SWEEP_PAGES, TOP_PAGES } from "./src/lib/pages.ts";

// Hermetic by construction: every library Framework's client names resolves to the version in
// node_modules instead of the registry's "latest", and no telemetry (loaders/site/framework-offline.ts).
// Framework resolves `root` against the working directory, and so does this.
const root = "src";
pinFrameworkNpmVersions(root);
disableFrameworkTelemetry();

const pagesOf = SWEEP_PAGES.filter((p) => existsSync(`src/sweeps/[sweep]/${p.file}.md`));
const sweeps = listSweepIds();
// One Monitoring page per deployment folder under FTF_DEPLOYMENTS (default data/deployments).
const deployments = existsSync("src/deployments/[deployment]/index.md") ? listDeploymentIds() : [];

export default {
  title: "FTF Workbench",
  root,
  // FTF_DIST lets tests and snapshots build elsewhere without touching dist/.
  output: process.env.FTF_DIST ?? "dist",
  // No Google fonts or CDN stylesheets: the committee's build makes no request outside its origin.
  globalStylesheets: [],
  style: "style.css",
  theme: ["air", "near-midnight"],
  search: false,
  linkify: false,
  typographer: false,
  // Links keep ".html" so a snapshot works on any static file host (and from a subfolder).
  preserveExtension: true,
  preserveIndex: true,
  // An inline empty icon: otherwise browsers request /favicon.ico, a 404 on every static host.
  head: `<link rel="icon" href="data:,">`,
  header: `<a class="ftf-brand" href="/index.html">FTF Workbench</a>`,
  footer: "FTF Workbench — every number traced to its inputs (see each sweep's provenance).",
  pages: [
    ...TOP_PAGES.filter((p) => existsSync(`src/${p.file}.md`)).map((p) => ({ name: p.name, path: `/${p.file}` })),
    ...sweeps.map((id, i) => ({
      name: id,
      open: i === 0,
      pages: pagesOf.map((p) => ({ name: p.name, path: `/sweeps/${id}/${p.file}` })),
    })),
    ...(deployments.length ? [{ name: "Deployments", open: false, pages: deployments.map((id) => ({ name: id, path: `/deployments/${id}/index` })) }] : []),
  ],
  dynamicPaths: [...sweeps.flatMap((id) => pagesOf.map((p) => `/sweeps/${id}/${p.file}`)), ...deployments.map((id) => `/deployments/${id}/index`)],
};
