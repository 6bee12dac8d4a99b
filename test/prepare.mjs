// What `npm test` needs beyond `npm ci`: Debian's Chromium (browser tests) and util-linux's
// `unshare` (the offline-build test). A newcomer's first `npm test` should pass with no other step,
// so when they are missing and this user may install Debian packages (root, or passwordless sudo),
// install them with one visible line; otherwise stop before the build with the exact command.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian package → the file that shows it is installed. */
export function missingPackages(chromium, exists = existsSync) {
  const wanted = [];
  if (!exists(chromium)) wanted.push("chromium");
  if (!exists("/usr/bin/unshare")) wanted.push("util-linux");
  return wanted;
}

function succeeds(cmd, args) {
  return spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
}

/** How this user can run apt-get: directly as root, through passwordless sudo, or not at all. */
function aptPrefix() {
  if (!existsSync("/usr/bin/apt-get")) return null;
  if (typeof process.getuid === "function" && process.getuid() === 0) return [];
  if (existsSync("/usr/bin/sudo") && succeeds("sudo", ["-n", "true"])) return ["sudo", "-n"];
  return null;
}

/**
 * Makes sure the browser tests can run. `chromium` is the binary the tests will launch
 * (CHROMIUM_PATH or /usr/bin/chromium); a custom CHROMIUM_PATH that does not exist is the user's to
 * fix, so nothing is installed for it. When nothing can be installed it exits the process at once,
 * before any slow step. Otherwise it returns at once with a promise of the install's outcome
 * (`{ ok, message }`; `ok` with no message when nothing was missing), so the apt-get run (mostly
 * download time) overlaps the type-check and the build instead of preceding them.
 */
export function ensureTestPackages(chromium, customPath) {
  const wanted = missingPackages(chromium);
  if (!wanted.length) return Promise.resolve({ ok: true, message: "" });
  const command = `sudo apt-get install -y ${wanted.join(" ")}`;
  const prefix = customPath ? null : aptPrefix();
  if (!prefix) {
    const what = customPath && wanted.includes("chromium") ? `CHROMIUM_PATH=${chromium} does not exist` :
      `missing: ${wanted.join(", ")}`;
    console.error(`npm test: the browser and offline-build tests need Chromium and util-linux (${what}).\n` +
      `Install with:  ${command}\n` +
      `or point CHROMIUM_PATH at a Chromium binary. Unit tests alone: npm run test:unit`);
    process.exit(1);
  }
  console.log(`npm test: installing Debian packages ${wanted.join(" ")} (needed by the browser tests; about a minute, while the rest starts)…`);
  return installPackages(prefix, wanted, command, chromium);
}

/** Output of a child, kept for the error message. */
function runQuiet(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", (e) => resolve({ status: 1, out: `${out}${e.message}` }));
    child.on("close", (status) => resolve({ status, out }));
  });
}

async function installPackages(prefix, wanted, command, chromium) {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", ...wanted]]) {
    const [cmd, ...rest] = [...prefix, ...args];
    const r = await runQuiet(cmd, rest, env);
    if (r.status !== 0) {
      const out = r.out.trim().split("\n").slice(-15).join("\n");
      return { ok: false, message: `npm test: \`${args.join(" ")}\` failed (exit ${r.status}):\n${out}\nInstall by hand with:  ${command}` };
    }
  }
  const still = missingPackages(chromium);
  if (still.length) return { ok: false, message: `npm test: installed, but ${still.join(", ")} is still missing. Install by hand with:  ${command}` };
  return { ok: true, message: `npm test: installed ${wanted.join(" ")}` };
}
