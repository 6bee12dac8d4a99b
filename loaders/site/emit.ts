/**
 * The one pattern every Framework data loader under src/sweeps/[sweep]/data/ follows: read
 * `--sweep`, make sure that sweep is ingested (cached, shared by all loaders), print one file.
 * Keeping loaders this thin means the site and the CLI run the same code and cannot disagree.
 */
import { createReadStream, existsSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { pipeline } from "node:stream/promises";
import { isValidSweepId } from "../../src/lib/sweep.ts";
import { SITE_TABLES } from "../../src/lib/tables.ts";
import { UsageError, userErrorText } from "../errors.ts";
import { emptyTableParquet } from "./empty-table.ts";

/**
 * Make this process a data loader's: an error that reaches the top (a loader's top-level await)
 * prints as one message on stderr, no stack trace (FTF_DEBUG=1 prints it), and exits 1, which
 * fails that page's build. Without this Node prints the stack, which tells a researcher nothing.
 */
export function reportLoaderErrors(): void {
  if (process.listenerCount("uncaughtException") > 0) return;
  process.on("uncaughtException", (e) => {
    console.error(userErrorText(e, `data loader ${basename(process.argv[1] ?? "")}`));
    process.exit(1);
  });
}

/** The --sweep of a data loader. Read from the process's own arguments (no `argv`), it also sets up `reportLoaderErrors`. */
export function sweepArg(argv?: string[]): string {
  if (argv === undefined) reportLoaderErrors();
  const { values } = parseArgs({ args: argv ?? process.argv.slice(2), options: { sweep: { type: "string" } }, strict: false });
  const id = values.sweep;
  if (typeof id !== "string" || !isValidSweepId(id)) throw new UsageError(`--sweep must match [A-Za-z0-9._-]{1,100}, got ${JSON.stringify(id)}`);
  return id;
}

/** Print the ingested file `name` of the sweep named by --sweep to stdout. */
export async function emitSweepFile(name: string): Promise<void> {
  const id = sweepArg();
  const { ensureIngested } = await import("../ingest/site-cache.ts");
  const dir = await ensureIngested(id);
  const path = join(dir, name);
  if (existsSync(path)) {
    await pipeline(createReadStream(path), process.stdout);
    return;
  }
  // Optional tables (predictions, ohlcv) print empty, so a page can always register them.
  const table = SITE_TABLES.find((t) => t.file === name && (t.name === "predictions" || t.name === "ohlcv"));
  if (!table) throw new Error(`sweep ${id}: the ingest output has no ${name}`);
  process.stdout.write(await emptyTableParquet(table));
}
