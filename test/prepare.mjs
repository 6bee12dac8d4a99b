// What `npm test` needs beyond `npm ci`: Debian's Chromium (browser tests) and util-linux's
// `unshare` (the offline-build test). A newcomer's first `npm test` should pass with no other step,
// so when they are missing and this user may install Debian packages (root, or passwordless sudo),
// install them with one visible line; otherwise stop before the build with the exact command.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
 * Makes sure the browser tests can run; exits the process with a message when they cannot.
 * `chromium` is the binary the tests will launch (CHROMIUM_PATH or /usr/bin/chromium); a custom
 * CHROMIUM_PATH that does not exist is the user's to fix, so nothing is installed for it.
 */
export function ensureTestPackages(chromium, customPath) {
  const wanted = missingPackages(chromium);
  if (!wanted.length) return;
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
  console.log(`npm test: installing Debian packages ${wanted.join(" ")} (needed by the browser tests; about a minute)…`);
  const log = join(mkdtempSync(join(tmpdir(), "ftf-apt-")), "apt.log");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", ...wanted]]) {
    const [cmd, ...rest] = [...prefix, ...args];
    const r = spawnSync(cmd, rest, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
      console.error(`npm test: \`${args.join(" ")}\` failed (exit ${r.status}):\n${out}\n` +
        `Install by hand with:  ${command}`);
      process.exit(1);
    }
  }
  const still = missingPackages(chromium);
  if (still.length) {
    console.error(`npm test: installed, but ${still.join(", ")} is still missing. Install by hand with:  ${command}`);
    process.exit(1);
  }
}
