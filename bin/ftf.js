#!/usr/bin/env node
// Thin launcher: runs the TypeScript CLI through tsx so `npx ftf ...` works without a build step.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "loaders/cli.ts"), ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(r.status ?? 1);
