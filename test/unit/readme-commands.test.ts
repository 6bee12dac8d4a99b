// The README's two commands are the newcomer's contract, and .ci/run must run exactly them, so a
// green CI means the README is true. Also: the package check behind `npm test`'s self-install.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
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
