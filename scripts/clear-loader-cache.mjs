#!/usr/bin/env node
// Framework re-runs a data loader only when the loader FILE changes, not when its inputs do, so a
// changed sweep would be served stale. Drop the cached loader outputs before every dev/build;
// keep Framework's own bundles (entries starting with "_": _npm, _node, _observablehq), which
// depend only on the lock file. Our ingest cache (data/out, keyed by input hashes) keeps reruns cheap.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const cache = "src/.observablehq/cache";
if (existsSync(cache)) {
  for (const name of readdirSync(cache)) {
    if (!name.startsWith("_")) rmSync(join(cache, name), { recursive: true, force: true });
  }
}
