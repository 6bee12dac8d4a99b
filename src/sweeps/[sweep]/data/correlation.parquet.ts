import { emitDriftFile } from "../../../../loaders/drift/emit.ts";

await emitDriftFile("correlation.parquet");
