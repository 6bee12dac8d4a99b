// The README's two commands are the newcomer's contract, and .ci/run must run exactly them, so a
// green CI means the README is true. Also: the package check behind `npm test`'s self-install.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { missingPackages } from "../prepare.mjs";

/** Shell commands of a script or code block: comments, blank lines and shell set-up removed. */
function commands(text: string): string[] {
  return text.split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => line && !/^(set|cd|export)\b/.test(line));
}

function readmeCommands(): string[] {
  const readme = readFileSync("README.md", "utf8");
  const firstBlock = /^```(?:sh|bash)\n([\s\S]*?)\n```/m.exec(readme);
  assert.ok(firstBlock, "README.md has no ```sh block");
  assert.ok(readme.indexOf(firstBlock[0]) < readme.indexOf("\n## "), "the commands come before the first section");
  return commands(firstBlock[1]);
}

test("README starts with two commands: install-and-open, then the tests", () => {
  const [open, tests, ...rest] = readmeCommands();
  assert.deepEqual(rest, [], "exactly two commands");
  assert.match(open, /^npm ci && npm run dev$/);
  assert.equal(tests, "npm test");
});

test(".ci/run runs the README's install step and test command, and nothing else", () => {
  const [open, tests] = readmeCommands();
  const install = open.split("&&")[0].trim();
  const ci = commands(readFileSync(".ci/run", "utf8"));
  assert.equal(ci.length, 2, `.ci/run commands: ${JSON.stringify(ci)}`);
  assert.equal(ci[0].split(/\s+--/)[0].trim(), install, "first the README's install step (flags allowed)");
  assert.equal(ci[1], tests, "then the README's test command, verbatim");
});

test("the test command's package check names what is missing", () => {
  const none = () => false;
  const all = () => true;
  assert.deepEqual(missingPackages("/usr/bin/chromium", none), ["chromium", "util-linux"]);
  assert.deepEqual(missingPackages("/usr/bin/chromium", all), []);
  assert.deepEqual(missingPackages("/opt/chrome", (p: string) => p !== "/opt/chrome"), ["chromium"]);
});

test("every screenshot the README shows or links is committed, the committee's among them, and they stay small", () => {
  const readme = readFileSync("README.md", "utf8");
  const shown = [...readme.matchAll(/\((docs\/screenshots\/[\w.-]+\.png)\)/g)].map((m) => m[1]);
  for (const f of ["dossier-1024.png", "dossier-print-a4.png", "uplift-1024.png"]) assert.ok(shown.includes(`docs/screenshots/${f}`), `README does not show ${f}`);
  let bytes = 0;
  for (const f of new Set(shown)) {
    assert.ok(existsSync(f), `${f} is in the README but not in the repository (npm run build && npx tsx scripts/screenshots.ts)`);
    bytes += statSync(f).size;
  }
  assert.ok(bytes < 1.5e6, `README screenshots weigh ${(bytes / 1e6).toFixed(2)} MB`);
  // below the two commands, never between them and the first section
  assert.ok(readme.indexOf("docs/screenshots/") > readme.indexOf("\n## "));
});
