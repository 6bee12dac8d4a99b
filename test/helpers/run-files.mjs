// node:test over test files in the order given, for test/run.mjs. `node --test a b` sorts its
// arguments by name (they are glob patterns), which would start the browser files first, where
// they wait for the build, and the slowest files last; run() keeps the order (slowest first).
//   node [--import ...] test/helpers/run-files.mjs <concurrency> <file>...
// Test processes get this process's --import flags, as with `node --test`.
import { run } from "node:test";
import { spec } from "node:test/reporters";

const [concurrency, ...files] = process.argv.slice(2);
const stream = run({ files, concurrency: Number(concurrency) });
stream.on("test:fail", () => {
  process.exitCode = 1;
});
// Node 20 exports the spec reporter as a class, later versions as a ready stream
stream.compose(typeof spec === "function" && spec.prototype ? new spec() : spec).pipe(process.stdout);
