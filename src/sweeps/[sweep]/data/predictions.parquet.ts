import { emitSweepFile } from "../../../../loaders/site/emit.ts";

await emitSweepFile("predictions.parquet");
