import { emitDriftFile } from "../../../../loaders/drift/emit.ts";

await emitDriftFile("quality_flags.parquet");
