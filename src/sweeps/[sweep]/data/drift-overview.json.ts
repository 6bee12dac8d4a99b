// drift.json without Feature drift's per-window rows (loaders/site/drift-overview.ts).
import { siteDriftOverview } from "../../../../loaders/site/drift-overview.ts";
import { sweepArg } from "../../../../loaders/site/emit.ts";

process.stdout.write(JSON.stringify(await siteDriftOverview(sweepArg())));
