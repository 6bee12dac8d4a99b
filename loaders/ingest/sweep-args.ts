/**
 * The command line shared by `ftf validate` and `ftf ingest`: one sweep folder, `--ohlcv DIR`,
 * `--help`, plus each command's own flags. Wrong use is a UsageError (exit 2) with the help text.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parsed flags and the sweep folder, or null when --help was printed. */
export function parseSweepCommand(argv: string[], options: Options, help: string): { sweepDir: string; values: Record<string, string | boolean | undefined> } | null {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...options, ohlcv: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${help}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    console.log(help);
    return null;
  }
  if (parsed.positionals.length !== 1) throw new UsageError(`expected one sweep folder\n\n${help}`);
  return { sweepDir: parsed.positionals[0], values };
}
