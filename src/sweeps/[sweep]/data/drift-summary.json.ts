// drift.json without Feature drift's per-window rows (loaders/site/drift-summary.ts).
import { siteDriftSummary } from "../../../../loaders/site/drift-summary.ts";
import { sweepArg } from "../../../../loaders/site/emit.ts";

process.stdout.write(JSON.stringify(await siteDriftSummary(sweepArg())));
