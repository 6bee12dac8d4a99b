// Preloaded (`--import`) into every test process by test/run.mjs when it builds the site or
// installs Chromium while the tests already run: a file that needs one of those (see needs.mjs)
// waits here, before it loads, until test/run.mjs writes `<FTF_TEST_READY_DIR>/<need>.json`
// ({ ok, message }). If that step failed, the file fails with its message instead of running.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { needsOf } from "./needs.mjs";

const dir = process.env.FTF_TEST_READY_DIR;
const file = process.argv[1] ?? "";
if (dir) {
  for (const need of needsOf(file)) {
    const marker = join(dir, `${need}.json`);
    while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 250));
    const { ok, message } = JSON.parse(readFileSync(marker, "utf8"));
    if (!ok) throw new Error(`${file} needs ${need === "site" ? "the site build" : "the Debian packages"}, which failed: ${message}`);
  }
}
