import { emitDriftFile } from "../../../../loaders/drift/emit.ts";

await emitDriftFile("features.parquet");
