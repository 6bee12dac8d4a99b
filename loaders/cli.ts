/**
 * `ftf` command-line entry. Each sub-command lives in loaders/commands/<name>.ts and exports
 * `run(argv): Promise<number>` (the exit code); this file only dispatches, so commands can be
 * added without touching each other.
 * Exit codes: 0 success, 1 invalid input or failed check, 2 usage error.
 */
import { BuildError, InputError, UsageError, ValidationError, userErrorText } from "./errors.ts";
import { StatsError } from "../src/lib/stats/errors.ts";
import { ThresholdError } from "../src/lib/threshold-range.ts";
import { TimeParseError } from "../src/lib/time.ts";

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  demo: { summary: "generate the deterministic demo sweep and OHLCV", load: () => import("./commands/demo.ts") },
  drift: { summary: "feature drift, correlation drift, OHLCV quality and class balance vs the training window", load: () => import("./commands/drift.ts") },
  validate: { summary: "check a sweep folder (and its OHLCV) against the data contracts", load: () => import("./commands/validate.ts") },
  ingest: { summary: "validate and write the normalised Parquet files + manifest", load: () => import("./commands/ingest.ts") },
  verdict: { summary: "the committee verdict: gates G1-G6, leakage, per-variant verdicts (--json: dossier JSON)", load: () => import("./commands/verdict.ts") },
  monitor: { summary: "a deployment's metrics, rollback triggers and stage gates from its inference log (exit 1 on any alert)", load: () => import("./commands/monitor.ts") },
  preflight: { summary: "stage 2 pre-flight: >= 50 BUY trades in one fold of btc_full on BTCUSDC", load: () => import("./commands/preflight.ts") },
  snapshot: { summary: "one sweep's self-contained static dossier (+ snapshot.json) for any static host", load: () => import("./commands/snapshot.ts") },
  publish: { summary: "a snapshot per sweep + an index page (what CI publishes to GitHub Pages)", load: () => import("./commands/publish.ts") },
  mlflow: { summary: "list the experiments and runs of an MLflow file store (runs | experiments)", load: () => import("./commands/mlflow.ts") },
  import: { summary: "turn MLflow runs into a sweep folder (import mlflow <store> --map ... --sweep-id ID --out DIR)", load: () => import("./commands/import.ts") },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: ftf <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'ftf <command> --help' for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`ftf: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await cmd.load();
    return await mod.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`ftf ${name}: ${e.message}`);
      return 2;
    }
    if (e instanceof ThresholdError) {
      // A threshold given on the command line (sweep.json ones arrive as ValidationError).
      console.error(`ftf ${name}: ${e.message}`);
      return 2;
    }
    if (e instanceof ValidationError || e instanceof InputError || e instanceof BuildError || e instanceof TimeParseError || e instanceof StatsError) {
      console.error(`ftf ${name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop()!);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      // No stack trace for a user: the message, and how to get the trace when reporting a bug.
      console.error(userErrorText(e, "ftf"));
      process.exit(1);
    },
  );
}
