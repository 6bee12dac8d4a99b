import { emitSweepFile } from "../../../../loaders/site/emit.ts";

await emitSweepFile("ohlcv.parquet");
