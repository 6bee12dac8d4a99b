/**
 * Keeps Observable Framework off the network: `observable build` and `observable preview` must
 * contact nothing but the local machine once `npm ci` is done.
 *
 * Why Framework goes online at all (1.13.4, read from node_modules/@observablehq/framework/dist):
 * its client bundle (`/_observablehq/client.js`, `/_observablehq/stdlib.js`) names libraries as
 * `npm:` specifiers — `import("npm:react-dom")` for JSX cells in main.js, the implicit globals of
 * stdlib/recommendedLibraries.js (`npm:lodash`, `npm:d3`, `npm:echarts`, …), the
 * FileAttachment readers (`npm:d3-dsv`, `npm:apache-arrow`, `npm:parquet-wasm`, …). Rollup
 * rewrites each into a path `/_npm/<name>@<version>/…`, and to pick `<version>` npm.js
 * `resolveNpmVersion` first looks for a folder `<root>/.observablehq/cache/_npm/<name>@<version>`
 * and, when there is none, asks registry.npmjs.org for the `latest` dist-tag. So a fresh clone
 * asks the registry for ~20 packages on every build (fatal in a network namespace with no
 * network), and two builds months apart name different versions.
 *
 * The fix, by Framework's own rule: before Framework starts (the config imports this), every
 * package its client names gets a version folder in that cache —
 *  - the version installed in node_modules (pinned by package-lock.json) when the package is
 *    installed (d3, d3-dsv, apache-arrow, arquero, parquet-wasm, htl, @duckdb/duckdb-wasm, …);
 *  - {@link NOT_INSTALLED_VERSION} otherwise (react, react-dom, lodash, echarts, leaflet, …): the
 *    site never loads them (no JSX, no implicit globals, no FileAttachment readers that need them,
 *    see DESIGN.md §1), so the path only has to be deterministic; should a page ever use one,
 *    Framework's build tries to download its bundle and the offline build test fails loudly.
 * Only folders are created, never bundles: what a page imports from node_modules is bundled by
 * Framework itself into `_node/`. The list is read from Framework's client sources, so a
 * Framework upgrade that names a new package is covered without editing this file.
 *
 * Telemetry: Framework sends usage events to events.observablehq.com unless
 * OBSERVABLE_TELEMETRY_DISABLE is set; {@link disableFrameworkTelemetry} sets it for every way of
 * starting Framework that reads the config (the npm scripts set it too).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./paths.ts";

/** A valid semver prerelease, lower than any release, that says why the folder is empty. */
export const NOT_INSTALLED_VERSION = "0.0.0-not-installed";

const FRAMEWORK_CLIENT = join(PROJECT_ROOT, "node_modules", "@observablehq", "framework", "dist", "client");

function jsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return jsFiles(p);
    return name.endsWith(".js") ? [p] : [];
  });
}

/** The package names Framework's client refers to as `npm:<name>[/path]`, sorted. */
export function frameworkClientNpmPackages(clientDir = FRAMEWORK_CLIENT): string[] {
  const names = new Set<string>();
  const specifier = /["'`]npm:((?:@[\w.-]+\/)?[\w.-]+)/g;
  for (const file of jsFiles(clientDir)) {
    // (the character class stops at "@", so `npm:name@range/path` gives the bare name)
    for (const m of readFileSync(file, "utf8").matchAll(specifier)) names.add(m[1]!);
  }
  return [...names].sort();
}

/** The version of a package installed at the project's top level, or null. */
export function installedVersion(name: string, root = PROJECT_ROOT): string | null {
  const pkg = join(root, "node_modules", name, "package.json");
  if (!existsSync(pkg)) return null;
  const version = (JSON.parse(readFileSync(pkg, "utf8")) as { version?: unknown }).version;
  return typeof version === "string" ? version : null;
}

export interface PinnedPackage {
  name: string;
  version: string;
  installed: boolean;
}

/**
 * Give every package Framework's client names a version folder under
 * `<sourceRoot>/.observablehq/cache/_npm/`, so Framework resolves its version without asking
 * the registry. Idempotent; returns what it pinned.
 */
export function pinFrameworkNpmVersions(sourceRoot: string): PinnedPackage[] {
  const npmCache = join(sourceRoot, ".observablehq", "cache", "_npm");
  const pinned: PinnedPackage[] = [];
  for (const name of frameworkClientNpmPackages()) {
    const installed = installedVersion(name);
    const version = installed ?? NOT_INSTALLED_VERSION;
    mkdirSync(join(npmCache, `${name}@${version}`), { recursive: true });
    pinned.push({ name, version, installed: installed !== null });
  }
  return pinned;
}

/** Framework reads this when its telemetry starts, after the config is loaded. */
export function disableFrameworkTelemetry(): void {
  process.env.OBSERVABLE_TELEMETRY_DISABLE ||= "true";
}
