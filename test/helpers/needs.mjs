// What a test file needs before it can start, in one place for test/run.mjs (which makes those
// things) and test/helpers/await-needs.mjs (which holds a test file back until they are made).
//   "site":     the built site in FTF_DIST (test/site, test/browser)
//   "packages": Debian's Chromium and util-linux (test/browser; the offline build's `unshare -n`)
// The offline-build test builds its own fresh copy, so it needs the packages but not the site.

const OWN_BUILD = /test[\\/]site[\\/]offline-build\.test\.[mc]?[jt]s$/;

/** @param {string} file a test file's path @returns {Array<"site" | "packages">} */
export function needsOf(file) {
  if (OWN_BUILD.test(file)) return ["packages"];
  if (/test[\\/]browser[\\/]/.test(file)) return ["site", "packages"];
  if (/test[\\/]site[\\/]/.test(file)) return ["site"];
  return [];
}
