/** Which code produced an output: the package version and, when known, the git commit. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export function toolVersion(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

let commit: string | null | undefined;

/** FTF_GIT_COMMIT (for builds from an archive) or `git rev-parse HEAD`; null when neither works. */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit;
  const env = process.env.FTF_GIT_COMMIT?.trim();
  if (env) return (commit = env);
  try {
    const out = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).toString().trim();
    commit = /^[0-9a-f]{40}$/.test(out) ? out : null;
  } catch {
    commit = null;
  }
  return commit;
}
