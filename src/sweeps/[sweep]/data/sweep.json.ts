import { emitSweepFile } from "../../../../loaders/site/emit.ts";

await emitSweepFile("sweep.json");
