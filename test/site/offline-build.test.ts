/**
 * Hermetic build (issue 14): a fresh copy of the project — its tracked files, the installed
 * node_modules, nothing generated — builds with `npm run build` inside a network namespace with
 * no network (`unshare -n`, util-linux; needs root or user namespaces, as in CI), and no process
 * of that build even tries to reach another machine. Failing calls are not enough evidence
 * (Framework swallows a failed telemetry request), so every Node process of the build loads
 * test/helpers/network-guard.mjs, which logs each attempt; the log must stay empty.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "../../loaders/site/paths.ts";
import { NOT_INSTALLED_VERSION } from "../../loaders/site/framework-offline.ts";

/** The files a fresh clone has (tracked, plus new files not yet committed and not ignored). */
function cloneFiles(): string[] {
  const r = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: PROJECT_ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, `git ls-files failed: ${r.stderr}`);
  return r.stdout.split("\0").filter((f) => f && existsSync(join(PROJECT_ROOT, f)) && statSync(join(PROJECT_ROOT, f)).isFile());
}

test("a fresh copy builds in a network namespace with no network, and nothing tries to go online", { timeout: 15 * 60_000 }, () => {
  const probe = spawnSync("unshare", ["-n", "true"], { encoding: "utf8" });
  assert.equal(probe.status, 0, `this test needs \`unshare -n\` (Debian util-linux) and the right to create a network namespace (root, as in CI): ${probe.error?.message ?? probe.stderr}`);

  const dir = mkdtempSync(join(tmpdir(), "ftf-offline-build-"));
  try {
    for (const f of cloneFiles()) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      copyFileSync(join(PROJECT_ROOT, f), join(dir, f));
    }
    symlinkSync(join(PROJECT_ROOT, "node_modules"), join(dir, "node_modules"));
    const netLog = join(dir, "network-attempts.log");
    const guard = pathToFileURL(join(PROJECT_ROOT, "test/helpers/network-guard.mjs")).href;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("FTF_") && k !== "OBSERVABLE_TELEMETRY_DISABLE") env[k] = v;
    Object.assign(env, {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${guard}`.trim(),
      FTF_NETWORK_LOG: netLog,
      // npm's own update check is npm's business, not the build's
      npm_config_update_notifier: "false",
      NO_COLOR: "1",
      // brotli at its best quality takes a minute of CPU; share the project's cache of results
      FTF_PRECOMPRESS_CACHE: join(PROJECT_ROOT, "data", "out", ".precompressed"),
    });
    // OBSERVABLE_TELEMETRY_DISABLE is removed above: the project must turn telemetry off itself.
    const r = spawnSync("unshare", ["-n", "npm", "run", "build", "--silent"], { cwd: dir, env, encoding: "utf8", maxBuffer: 256 * 2 ** 20 });
    const tail = `${r.stdout}\n${r.stderr}`.trim().split("\n").slice(-25).join("\n");
    const attempts = existsSync(netLog) ? readFileSync(netLog, "utf8").trim() : "";
    assert.equal(attempts, "", `the build tried to reach the network:\n${attempts}`);
    assert.equal(r.status, 0, `the offline build failed (exit ${r.status}):\n${tail}`);
    assert.ok(existsSync(join(dir, "dist", "index.html")), "the offline build wrote no dist/index.html");
    assert.ok(readdirSync(join(dir, "dist", "sweeps")).length >= 3, "the offline build has the three demo sweeps");

    // Framework's npm cache holds version folders only (pinned from node_modules), no download.
    const npm = join(dir, "src", ".observablehq", "cache", "_npm");
    const downloaded: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else downloaded.push(p.slice(npm.length + 1));
      }
    };
    if (existsSync(npm)) walk(npm);
    assert.deepEqual(downloaded, [], "files in Framework's _npm cache came from outside node_modules");
    const pinned = existsSync(npm) ? readdirSync(npm).flatMap((n) => (n.startsWith("@") ? readdirSync(join(npm, n)).map((m) => `${n}/${m}`) : [n])) : [];
    assert.ok(pinned.includes("react-dom@" + NOT_INSTALLED_VERSION), `react-dom (named by Framework's client) is pinned locally; pinned: ${pinned.join(", ")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
