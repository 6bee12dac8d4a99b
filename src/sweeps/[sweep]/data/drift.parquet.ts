import { emitDriftFile } from "../../../../loaders/drift/emit.ts";
import { sweepArg } from "../../../../loaders/site/emit.ts";

await emitDriftFile("drift.parquet", sweepArg());
