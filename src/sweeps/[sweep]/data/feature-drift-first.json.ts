// Feature drift's first view: drift.json with the first target's rows only (loaders/site/drift-overview.ts).
import { siteFeatureDriftFirst } from "../../../../loaders/site/drift-overview.ts";
import { sweepArg } from "../../../../loaders/site/emit.ts";

process.stdout.write(JSON.stringify(await siteFeatureDriftFirst(sweepArg())));
